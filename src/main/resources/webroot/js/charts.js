// Hand-written charts: HTML bars (numbers stay real text), an SVG line chart and a heat-map table.
import { h, uid } from './dom.js';
import { isNum, clock } from './format.js';

/**
 * Horizontal bars. entries: [[label, value], ...]; max: the value of a full bar;
 * format(value) gives the text shown beside each bar; the largest bar is highlighted.
 */
export function barList(entries, { max, format = String, label } = {}) {
  const top = Math.max(...entries.map(([, v]) => v), 0);
  const full = max ?? (top || 1);
  return h('ul', { class: 'bars', 'aria-label': label },
    entries.map(([name, value]) => {
      const width = Math.max(0, Math.min(100, (value / full) * 100));
      return h('li', { class: value === top && top > 0 ? 'top' : '' },
        h('span', { class: 'label', title: name }, name),
        h('span', { class: 'track', 'aria-hidden': 'true' },
          h('span', { class: 'fill', style: { width: `${width}%` } })),
        h('span', { class: 'value' }, format(value)));
    }));
}

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** Round numbers for axis ticks: 0.1, 0.2, 0.5, 1, 2, 5 ... */
function niceStep(range, ticks) {
  const raw = range / Math.max(1, ticks);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm < 1.5 ? 1 : norm < 3 ? 2 : norm < 7 ? 5 : 10) * mag;
}

/**
 * Line chart. series: [{name, points: [[x, y], ...]}] (at most two are coloured distinctly).
 * Returns a figure with the SVG, a legend and a text summary for screen readers.
 */
export function lineChart(series, { xLabel = '', yLabel = '', title = 'Chart' } = {}) {
  const width = 480, height = 220, pad = { l: 48, r: 12, t: 10, b: 34 };
  const all = series.flatMap((one) => one.points).filter(([x, y]) => isNum(x) && isNum(y));
  const svg = s('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': summarize(series, title) });
  const figure = h('figure', { class: 'chart' }, svg);
  if (all.length === 0) {
    svg.append(s('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle' }, 'No data yet'));
    return figure;
  }
  const xs = all.map(([x]) => x), ys = all.map(([, y]) => y);
  const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1);
  let y0 = Math.min(...ys), y1 = Math.max(...ys);
  if (y1 - y0 < 1e-9) { y0 -= 0.5; y1 += 0.5; }
  const step = niceStep(y1 - y0, 4);
  y0 = Math.floor(y0 / step) * step;
  y1 = Math.ceil(y1 / step) * step;
  const px = (x) => pad.l + ((x - x0) / (x1 - x0)) * (width - pad.l - pad.r);
  const py = (y) => height - pad.b - ((y - y0) / (y1 - y0)) * (height - pad.t - pad.b);

  for (let y = y0; y <= y1 + step / 2; y += step) {
    svg.append(s('line', { class: 'grid-line', x1: pad.l, x2: width - pad.r, y1: py(y), y2: py(y) }));
    svg.append(s('text', { x: pad.l - 6, y: py(y) + 4, 'text-anchor': 'end' }, +y.toFixed(6)));
  }
  const xStep = Math.max(1, niceStep(x1 - x0, 5));
  for (let x = Math.ceil(x0 / xStep) * xStep; x <= x1; x += xStep) {
    svg.append(s('text', { x: px(x), y: height - pad.b + 14, 'text-anchor': 'middle' }, x));
  }
  svg.append(s('line', { class: 'axis', x1: pad.l, x2: pad.l, y1: pad.t, y2: height - pad.b }));
  svg.append(s('line', { class: 'axis', x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b }));
  svg.append(s('text', { x: (width + pad.l) / 2, y: height - 4, 'text-anchor': 'middle' }, xLabel));
  svg.append(s('text', { x: 12, y: pad.t + (height - pad.b) / 2, transform: `rotate(-90 12 ${pad.t + (height - pad.b) / 2})`, 'text-anchor': 'middle' }, yLabel));

  series.forEach((one, i) => {
    const pts = one.points.filter(([x, y]) => isNum(x) && isNum(y));
    if (pts.length === 0) return;
    svg.append(s('polyline', { class: `series-${i}`, points: pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ') }));
  });
  figure.append(h('ul', { class: 'legend', 'aria-hidden': 'true' },
    series.map((one, i) => h('li', { class: `series-${i}` }, one.name))));
  return figure;
}

function summarize(series, title) {
  const parts = series.map((one) => {
    const last = one.points.at(-1);
    return last ? `${one.name} ${(+last[1]).toFixed(4)} at ${last[0]}` : `${one.name} no data`;
  });
  return `${title}: ${parts.join('; ')}`;
}

/**
 * Confusion matrix as a table shaded by each cell's share of its row (its recall).
 * Rows are true classes, columns predicted ones.
 */
export function heatmap(labels, matrix) {
  const noteId = uid('heatmap-note');
  // The explanation sits outside the scrolling box so it stays readable on narrow screens.
  return [h('p', { class: 'small muted', id: noteId }, 'Rows: true class. Columns: predicted class. Shade: share of the row.'),
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': 'Confusion matrix' },
    h('table', { class: 'heatmap', 'aria-describedby': noteId },
      h('thead', {}, h('tr', {}, h('td', {}), labels.map((l) => h('th', { scope: 'col' }, l)))),
      h('tbody', {}, matrix.map((row, i) => {
        const total = row.reduce((a, b) => a + b, 0) || 1;
        return h('tr', {}, h('th', { scope: 'row' }, labels[i] ?? ''),
          row.map((count, j) => {
            const share = count / total;
            return h('td', {
              class: i === j ? 'diag' : '',
              style: {
                background: count === 0 ? '' : `rgba(${i === j ? '31, 111, 191' : '207, 34, 46'}, ${(0.12 + share * 0.8).toFixed(3)})`,
                color: share > 0.55 ? '#fff' : '',
              },
              title: `${labels[i]} predicted as ${labels[j]}: ${count}`,
            }, count);
          }));
      }))))];
}

/** Okabe–Ito colours, as in the server's PNG charts: told apart with the common colour-vision deficiencies. */
const CLASS_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442'];

/** Tick spacing for a time axis: whole seconds, then whole minutes, so m:ss labels stay round. */
const TIME_STEPS = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

function timeTicks(span, count) {
  const raw = span / Math.max(1, count);
  const step = TIME_STEPS.find((x) => x >= raw) ?? niceStep(span, count);
  const ticks = [];
  for (let k = 0; k * step <= span + step * 1e-6; k++) ticks.push(+(k * step).toFixed(6));
  return { ticks, digits: step < 1 ? 1 : 0 };
}

/**
 * Events on a time line: one lane per class (lanes: class names, in order), each event a bar from
 * its start to its end, over a time axis in m:ss. HTML, not SVG, so the lane labels and each bar's
 * description stay real text, and the plot stretches to any width without distorting the text.
 * events: [{label, start_s, end_s}]; describe(event) is each bar's tooltip and spoken text.
 * The bars and axis sit inside .timeline-plot; the caller may pad .timeline to line the plot up
 * with a picture below it.
 */
export function timeline({ lanes, events, duration, label, describe = (e) => e.label, ticks = 6 }) {
  const span = isNum(duration) && duration > 0 ? duration : Math.max(1, ...events.map((e) => e.end_s).filter(isNum));
  const share = (t) => Math.max(0, Math.min(100, (t / span) * 100));
  const axis = timeTicks(span, ticks);
  const lines = h('div', { class: 'timeline-grid', 'aria-hidden': 'true' },
    axis.ticks.map((t) => h('span', { style: { left: `${share(t)}%` } })));
  const list = h('ul', { class: 'timeline-lanes', 'aria-label': label },
    lanes.map((lane, i) => {
      const own = events.filter((e) => e.label === lane);
      const labelId = uid('lane');
      return h('li', { class: 'lane', 'data-lane': lane },
        h('span', { class: 'lane-label', id: labelId }, lane,
          h('span', { class: 'visually-hidden' }, own.length ? `, ${own.length} ${own.length === 1 ? 'event' : 'events'}` : ', no events')),
        h('ul', { class: 'lane-track', 'aria-labelledby': labelId },
          own.map((e) => {
            const text = describe(e);
            return h('li', {
              class: 'event-bar',
              'data-label': e.label,
              'data-start': e.start_s,
              'data-end': e.end_s,
              title: text,
              style: {
                left: `${share(e.start_s)}%`,
                width: `${Math.max(0, share(e.end_s) - share(e.start_s))}%`,
                background: CLASS_COLOURS[i % CLASS_COLOURS.length],
              },
            }, h('span', { class: 'visually-hidden' }, text));
          })));
    }));
  const scale = h('div', { class: 'timeline-axis', 'aria-hidden': 'true' },
    axis.ticks.map((t) => h('span', { class: 'tick', style: { left: `${share(t)}%` } }, clock(t, axis.digits))));
  return h('div', { class: 'timeline' },
    h('div', { class: 'timeline-plot' }, lines, list, scale));
}
