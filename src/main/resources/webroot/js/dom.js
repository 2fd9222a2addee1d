// Tiny DOM builder. Text always goes in as text nodes, so server data can never inject markup.

/**
 * h('button', {class: 'x', onclick: fn, 'aria-label': 'Close'}, 'text', childNode, [more])
 * Attributes starting with "on" become listeners; false/null attributes are left out.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs ?? {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      el.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      el.className = value;
    } else if (name === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (name in el && typeof value !== 'string') {
      el[name] = value;            // properties such as checked, value, disabled
    } else {
      el.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace everything inside el. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** Say something to screen-reader users through the page-wide live region. */
export function announce(message) {
  const region = document.getElementById('announcer');
  if (!region) return;
  region.textContent = '';
  // A fresh text node after a tick makes repeated identical messages heard again.
  setTimeout(() => { region.textContent = message; }, 50);
}

/** A notice box; kind is 'error', 'ok' or '' (neutral). */
export function notice(kind, ...children) {
  return h('div', { class: `notice ${kind}`.trim() }, h('p', {}, ...children));
}

let idCounter = 0;
/** A unique id for pairing labels with controls. */
export function uid(prefix) {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}

/** A labelled <dl> of key figures: entries is [[term, value, extraClass?], ...]. */
export function stats(entries) {
  return h('dl', { class: 'stats' },
    entries.map(([term, value, cls]) => h('div', {}, h('dt', {}, term), h('dd', { class: cls ?? '' }, value))));
}

/** A page's <h1>, focusable by script so navigation can move focus to it. */
export function pageHeading(title, ...extra) {
  return h('div', { class: 'page-head' }, h('h1', { tabindex: '-1' }, title), ...extra);
}

/**
 * A card that fills itself from an async loader and shows a plain-words error if it fails,
 * so one broken endpoint never blanks the whole page. Returns {card, reload}.
 */
export function loadingCard(title, loader, describe) {
  const body = h('div', { 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const card = h('section', { class: 'card', 'aria-label': title }, h('h2', {}, title), body);
  async function reload() {
    body.setAttribute('aria-busy', 'true');
    try {
      replace(body, await loader());
    } catch (err) {
      replace(body, notice('error', describe(err)));
    } finally {
      body.setAttribute('aria-busy', 'false');
    }
  }
  reload();
  return { card, reload };
}

/**
 * A table that scrolls sideways when wide and, on narrow screens, shows each row as a small card
 * with every cell labelled by its column (CSS: table.stack).
 * columns: [{title, num?, cls?, hidden?}]; rows: [{attrs?, cells: [...]}]; cells[0] is the row header.
 * stack: false keeps a narrow, all-numbers table as a table on small screens too.
 */
export function dataTable({ id, label, columns, rows, stack = true }) {
  return h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': label },
    h('table', { id, class: stack ? 'stack' : '' },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.num ? 'num' : '' },
        c.hidden ? h('span', { class: 'visually-hidden' }, c.title) : c.title)))),
      h('tbody', {}, rows.map(({ attrs, cells }) => h('tr', attrs ?? {}, cells.map((cell, i) => {
        const column = columns[i];
        return h(i === 0 ? 'th' : 'td', {
          scope: i === 0 ? 'row' : false,
          class: [column.num ? 'num' : '', column.cls ?? ''].join(' ').trim(),
          'data-label': column.hidden ? '' : column.title,
        }, h('span', {}, cell));    // one wrapper, so the stacked layout sees one grid item
      }))))));
}
