// Models: every registered version with its metrics side by side; activate one to roll back or
// forward.
import { getJson, sendJson, describeError } from '../api.js';
import { h, pageHeading, loadingCard, notice, replace, announce, dataTable } from '../dom.js';
import { barList } from '../charts.js';
import { pct, num, dateTime, text } from '../format.js';

export function render(main) {
  const status = h('div', { role: 'status', 'aria-live': 'polite', id: 'models-status' });
  const list = loadingCard('Registered versions', () => loadVersions(activate), describeError);

  async function activate(version, button) {
    button.disabled = true;
    replace(status, h('p', { class: 'muted' }, `Activating v${version}…`));
    try {
      const { active } = await sendJson(`models/${encodeURIComponent(version)}/activate`, 'POST');
      replace(status, notice('ok', `Version ${active} is now the active model.`));
      announce(`Version ${active} is now the active model.`);
      window.dispatchEvent(new Event('earshot:model-changed'));
      await list.reload();
    } catch (err) {
      replace(status, notice('error', `Could not activate v${version}: ${describeError(err)}`));
      button.disabled = false;
    }
  }

  main.append(pageHeading('Models'), status, list.card);
}

const PARAM_KEYS = ['rounds', 'max_depth', 'eta'];

async function loadVersions(activate) {
  const { versions = [] } = await getJson('models');
  if (versions.length === 0) return h('p', { class: 'muted' }, 'No model versions registered yet.');
  const sorted = [...versions].sort((a, b) => compareVersions(b.version, a.version));
  const table = dataTable({
    id: 'model-versions',
    label: 'Model versions table',
    columns: [{ title: 'Version' }, { title: 'Accuracy', num: true }, { title: 'Macro F1', num: true },
      { title: 'Classes', cls: 'wide' }, { title: 'Parameters', cls: 'small' }, { title: 'Data', cls: 'small' },
      { title: 'Trained' }, { title: 'Action', hidden: true }],
    rows: sorted.map((v) => ({
      attrs: { 'data-version': v.version, 'aria-current': v.active ? 'true' : false },
      cells: [
        [`v${v.version} `, v.active ? h('span', { class: 'badge' }, 'active') : null],
        pct(v.metrics?.accuracy),
        num(v.metrics?.macro_f1),
        v.classes ? `${v.classes.length}: ${v.classes.join(', ')}` : '–',
        paramsText(v.params),
        datasetCell(v),
        dateTime(v.trained_at),
        v.active ? null : h('button', {
          type: 'button', class: 'secondary',
          'aria-label': `Activate version ${v.version}`,
          onclick: (e) => activate(v.version, e.currentTarget),
        }, 'Activate'),
      ],
    })),
  });
  const withMetrics = sorted.filter((v) => v.metrics?.macro_f1 !== undefined).reverse();
  return [
    table,
    withMetrics.length > 1 ? [h('h3', {}, 'Macro F1 by version'),
      barList(withMetrics.map((v) => [`v${v.version}${v.active ? ' (active)' : ''}`, v.metrics.macro_f1]),
        { max: 1, format: (x) => num(x), label: 'Macro F1 by version' })] : null,
  ];
}

/** The dataset version a model learned from, short, and whether the active model saw the same. */
function datasetCell(v) {
  if (!v.dataset) return '–';
  return h('span', { class: 'dataset', title: v.dataset.version, 'data-dataset': v.dataset.version },
    `${v.dataset.version.slice(0, 12)} · ${v.dataset.clips} clips`,
    v.same_data_as_active && !v.active ? h('span', { class: 'muted' }, ' (same data as active)') : null);
}

function paramsText(params) {
  if (!params) return '–';
  const shown = PARAM_KEYS.filter((k) => params[k] !== undefined).map((k) => `${k} ${params[k]}`);
  return shown.length ? shown.join(', ') : text(null);
}

/** Numeric where both are numbers ("10" after "9"), text otherwise. */
function compareVersions(a, b) {
  const na = Number(a), nb = Number(b);
  return Number.isFinite(na) && Number.isFinite(nb) ? na - nb : String(a).localeCompare(String(b));
}
