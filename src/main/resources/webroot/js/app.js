// Hash router: #/dashboard, #/predict, ... Each page module exports render(main) and may return a
// cleanup function (stops timers and sockets) that runs when the user leaves the page.
import { getJson } from './api.js';
import { replace, notice } from './dom.js';

const pages = {
  dashboard: { title: 'Dashboard', load: () => import('./pages/dashboard.js') },
  predict: { title: 'Predict', load: () => import('./pages/predict.js') },
  analyze: { title: 'Analyze', load: () => import('./pages/analyze.js') },
  analytics: { title: 'Analytics', load: () => import('./pages/analytics.js') },
  train: { title: 'Train', load: () => import('./pages/train.js') },
  data: { title: 'Data', load: () => import('./pages/data.js') },
  models: { title: 'Models', load: () => import('./pages/models.js') },
  settings: { title: 'Settings', load: () => import('./pages/settings.js') },
};

const main = document.getElementById('main');
let cleanup = null;
let firstRender = true;

async function route() {
  const hash = location.hash;
  if (hash && !hash.startsWith('#/')) return;        // in-page anchors such as the skip link
  const name = hash.slice(2).split('?')[0] || 'dashboard';
  const page = pages[name] ?? pages.dashboard;
  const key = pages[name] ? name : 'dashboard';

  if (cleanup) { cleanup(); cleanup = null; }
  for (const link of document.querySelectorAll('.nav-list a')) {
    if (link.getAttribute('href') === `#/${key}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${page.title} · Earshot`;
  try {
    const module = await page.load();
    replace(main);
    cleanup = module.render(main) ?? null;
  } catch (err) {
    replace(main, notice('error', `This page could not be loaded: ${err.message}`));
  }
  // Move focus to the new heading so keyboard and screen-reader users land on the new page.
  if (!firstRender) main.querySelector('h1')?.focus();
  firstRender = false;
}

const pill = document.getElementById('health-pill');

async function refreshHealth() {
  try {
    const health = await getJson('health');
    const up = health.status === 'UP';
    pill.className = `health-pill ${up ? 'up' : 'degraded'}`;
    pill.textContent = `${health.status}${health.model_version ? ` · model v${health.model_version}` : ' · no model'}`;
  } catch {
    pill.className = 'health-pill down';
    pill.textContent = 'Unreachable';
  }
}

document.querySelector('[data-skip]').addEventListener('click', (event) => {
  event.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', route);
// Pages fire this after activating a model or finishing a training job.
window.addEventListener('earshot:model-changed', refreshHealth);
route();
refreshHealth();
setInterval(refreshHealth, 15000);
