// Settings: the API key, kept in this tab's sessionStorage only and sent as X-API-Key.
import { apiKey, setApiKey } from '../api.js';
import { h, pageHeading, replace, notice, announce } from '../dom.js';

export function render(main) {
  const input = h('input', { type: 'password', id: 'api-key', autocomplete: 'off', spellcheck: 'false', value: apiKey() });
  const show = h('input', { type: 'checkbox', id: 'show-key', onchange: () => { input.type = show.checked ? 'text' : 'password'; } });
  const status = h('div', { role: 'status', 'aria-live': 'polite', id: 'settings-status' });

  function describe() {
    return apiKey()
      ? notice('ok', 'An API key is set for this browser tab. It is sent as X-API-Key on every call.')
      : notice('', 'No API key set. Reading works without one; uploading, retraining, cancelling and activating need it when the server has API_KEY set.');
  }

  function save(event) {
    event.preventDefault();
    setApiKey(input.value.trim());
    replace(status, describe());
    announce(apiKey() ? 'API key saved for this tab.' : 'API key cleared.');
  }

  function clear() {
    input.value = '';
    setApiKey('');
    replace(status, describe());
    announce('API key cleared.');
  }

  replace(status, describe());
  main.append(
    pageHeading('Settings'),
    h('section', { class: 'card', 'aria-label': 'API key' },
      h('h2', {}, 'API key'),
      h('form', { onsubmit: save, id: 'settings-form' },
        h('div', { class: 'field' },
          h('label', { for: 'api-key' }, 'API key',
            h('span', { class: 'hint' }, ' — kept in this tab only (sessionStorage) and forgotten when the tab closes')),
          input),
        h('p', { class: 'check' }, show, h('label', { for: 'show-key' }, 'Show the key')),
        h('div', { class: 'actions' },
          h('button', { type: 'submit' }, 'Save key'),
          h('button', { type: 'button', class: 'secondary', onclick: clear }, 'Clear key'))),
      status));
}
