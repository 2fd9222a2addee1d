// Data: the training clips themselves. Browse them by class, play one, relabel it, delete one or
// many (GET/PATCH/DELETE /api/v1/samples, POST /api/v1/samples/delete), download them all.
import { apiUrl, getJson, sendJson, describeError } from '../api.js';
import { h, pageHeading, replace, notice, announce, uid, dataTable } from '../dom.js';

const PAGE_SIZE = 50;

export function render(main) {
  const state = { label: '', page: 1, selected: new Set() };
  const status = h('div', { role: 'status', 'aria-live': 'polite', id: 'data-status' });
  const classes = h('div', { id: 'data-classes' });
  const clips = h('div', { id: 'data-clips', 'aria-busy': 'true' });
  const player = h('audio', { controls: true, preload: 'none', id: 'data-player', 'aria-label': 'Clip player' });
  const playing = h('p', { class: 'muted small', id: 'data-playing' }, 'Choose Play on a clip to hear it.');
  const deleteSelected = h('button', { type: 'button', class: 'danger', id: 'data-delete-selected', disabled: true, onclick: bulkDelete }, 'Delete selected');

  function say(kind, message) {
    replace(status, notice(kind, message));
    announce(message);
  }

  async function loadClasses() {
    const dataset = await getJson('dataset');
    const counts = Object.entries(dataset.counts ?? {}).sort(([a], [b]) => a.localeCompare(b));
    const button = (label, text) => h('button', {
      type: 'button',
      class: state.label === label ? '' : 'secondary',
      'aria-pressed': String(state.label === label),
      onclick: () => { state.label = label; state.page = 1; refresh(); },
    }, text);
    replace(classes,
      h('ul', { class: 'actions class-filter', 'aria-label': 'Clips per class', role: 'list' },
        h('li', {}, button('', `All classes (${dataset.total ?? 0})`)),
        counts.map(([label, n]) => h('li', { 'data-label': label }, button(label, `${label} (${n})`)))));
  }

  async function loadClips() {
    clips.setAttribute('aria-busy', 'true');
    try {
      const query = new URLSearchParams({ page: state.page, page_size: PAGE_SIZE });
      if (state.label) query.set('label', state.label);
      const page = await getJson(`samples?${query}`);
      state.selected.clear();
      updateSelection();
      replace(clips, page.items.length === 0
        ? h('p', { class: 'muted' }, state.label ? `No clips labelled “${state.label}”.` : 'No training clips yet. Upload labelled clips on the Train page.')
        : [table(page.items), pager(page)]);
    } catch (err) {
      replace(clips, notice('error', describeError(err)));
    } finally {
      clips.setAttribute('aria-busy', 'false');
    }
  }

  function table(items) {
    const all = h('input', {
      type: 'checkbox', id: 'data-select-all', 'aria-label': 'Select every clip on this page',
      onchange: () => {
        for (const box of clips.querySelectorAll('input[data-sha]')) {
          box.checked = all.checked;
          if (all.checked) state.selected.add(box.dataset.sha); else state.selected.delete(box.dataset.sha);
        }
        updateSelection();
      },
    });
    return [
      h('p', { class: 'check' }, all, h('label', { for: 'data-select-all' }, 'Select every clip on this page')),
      dataTable({
        id: 'data-table',
        label: 'Training clips',
        columns: [{ title: 'Clip' }, { title: 'Select' }, { title: 'Class' }, { title: 'Length', num: true },
          { title: 'Uploaded' }, { title: 'Actions' }],
        rows: items.map((clip) => ({ attrs: { 'data-sha': clip.sha256 }, cells: row(clip) })),
      }),
    ];
  }

  function row(clip) {
    const name = clip.filename || clip.sha256.slice(0, 12);
    const box = h('input', {
      type: 'checkbox', 'data-sha': clip.sha256, 'aria-label': `Select ${name}`,
      onchange: () => { if (box.checked) state.selected.add(clip.sha256); else state.selected.delete(clip.sha256); updateSelection(); },
    });
    const inputId = uid('relabel');
    const input = h('input', { id: inputId, name: 'label', value: clip.label, required: true, pattern: '[A-Za-z0-9_-]{1,64}', size: 10 });
    const relabelForm = h('form', { class: 'actions', onsubmit: (event) => { event.preventDefault(); relabel(clip, input.value.trim()); } },
      h('label', { for: inputId, class: 'visually-hidden' }, `New class for ${name}`),
      input,
      h('button', { type: 'submit', class: 'secondary', 'aria-label': `Relabel ${name}` }, 'Relabel'));
    return [
      h('span', { title: clip.sha256 }, name),
      box,
      clip.label,
      clip.duration_s == null ? '—' : `${clip.duration_s.toFixed(1)} s`,
      new Date(clip.uploaded_at).toLocaleString(),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'secondary', 'aria-label': `Play ${name}`, onclick: () => play(clip, name) }, 'Play'),
        relabelForm,
        h('button', { type: 'button', class: 'danger', 'aria-label': `Delete ${name}`, onclick: () => remove([clip.sha256], name) }, 'Delete')),
    ];
  }

  function pager(page) {
    const pages = Math.max(1, Math.ceil(page.total / page.page_size));
    const go = (n) => { state.page = n; loadClips(); };
    return h('nav', { class: 'actions', 'aria-label': 'Pages of clips' },
      h('button', { type: 'button', class: 'secondary', disabled: state.page <= 1, onclick: () => go(state.page - 1) }, 'Previous page'),
      h('span', { class: 'muted' }, `Page ${state.page} of ${pages} · ${page.total} clips`),
      h('button', { type: 'button', class: 'secondary', disabled: state.page >= pages, onclick: () => go(state.page + 1) }, 'Next page'));
  }

  function updateSelection() {
    deleteSelected.disabled = state.selected.size === 0;
    deleteSelected.textContent = state.selected.size ? `Delete selected (${state.selected.size})` : 'Delete selected';
  }

  function play(clip, name) {
    player.src = apiUrl(`samples/${clip.sha256}/audio`);
    replace(playing, `Playing ${name} (${clip.label}).`);
    player.play().catch(() => { /* autoplay refused: the controls are there */ });
  }

  async function relabel(clip, label) {
    try {
      const done = await sendJson(`samples/${clip.sha256}`, 'PATCH', { label });
      say('ok', `Moved ${clip.filename || clip.sha256.slice(0, 12)} from “${done.previous_label}” to “${done.label}”.`);
      await refresh();
    } catch (err) {
      say('error', describeError(err));
    }
  }

  async function remove(sha256s, what) {
    if (!window.confirm(`Delete ${what} from the training data? This cannot be undone.`)) return;
    try {
      const done = await sendJson('samples/delete', 'POST', { sha256: sha256s });
      say('ok', `Deleted ${done.deleted.length} clip${done.deleted.length === 1 ? '' : 's'}.`);
      await refresh();
    } catch (err) {
      say('error', describeError(err));
    }
  }

  function bulkDelete() {
    const chosen = [...state.selected];
    remove(chosen, `${chosen.length} selected clip${chosen.length === 1 ? '' : 's'}`);
  }

  async function refresh() {
    try {
      await loadClasses();
    } catch (err) {
      replace(classes, notice('error', describeError(err)));
    }
    await loadClips();
  }

  main.append(
    pageHeading('Data',
      h('a', { class: 'button secondary', href: apiUrl('datasets/export'), download: '' }, 'Download all clips (tar)')),
    h('section', { class: 'card', 'aria-label': 'Classes' }, h('h2', {}, 'Classes'), classes),
    h('section', { class: 'card', 'aria-label': 'Clips' },
      h('h2', {}, 'Clips'),
      h('div', { class: 'actions' }, player, playing),
      h('div', { class: 'actions' }, deleteSelected),
      status,
      clips));
  refresh();
}
