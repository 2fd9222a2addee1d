// Analytics: the active model's hold-out metrics (confusion matrix, per-class table) and the
// training data's feature distributions per class.
import { getJson, imageUrl, describeError } from '../api.js';
import { h, pageHeading, loadingCard, stats, dataTable } from '../dom.js';
import { heatmap } from '../charts.js';
import { pct, num, text } from '../format.js';

export function render(main) {
  const images = [];
  const summary = loadingCard('Hold-out metrics', loadMetrics, describeError);
  const mfcc = loadingCard('MFCC distributions per class',
    () => loadImage('visualizations/mfcc', 'MFCC coefficient distributions for each class', images), describeError);
  const spectral = loadingCard('Spectral feature distributions per class',
    () => loadImage('visualizations/spectral', 'Spectral feature distributions for each class', images), describeError);
  const glossary = loadingCard('What the features mean', loadGlossary, describeError);

  main.append(pageHeading('Analytics'), summary.card,
    h('div', { class: 'grid' }, mfcc.card, spectral.card), glossary.card);
  return () => images.forEach((src) => URL.revokeObjectURL(src));
}

async function loadMetrics() {
  const m = await getJson('model-metrics');
  const parts = [
    h('p', { class: 'muted' }, `Model v${text(m.model_version)}, measured on its validation split.`),
    stats([
      ['Accuracy', pct(m.accuracy)],
      ['Macro precision', num(m.macro_precision)],
      ['Macro recall', num(m.macro_recall)],
      ['Macro F1', num(m.macro_f1)],
      ['ROC AUC', num(m.roc_auc)],
      ['Calibration error', m.ece_after !== undefined ? `${num(m.ece_before)} → ${num(m.ece_after)}` : '–'],
    ]),
  ];
  const cm = m.confusion_matrix;
  if (cm?.labels?.length) parts.push(h('h3', {}, 'Confusion matrix'), heatmap(cm.labels, cm.matrix));
  const perClass = Object.entries(m.per_class ?? {});
  if (perClass.length) {
    parts.push(h('h3', {}, 'Per class'),
      dataTable({
        id: 'per-class-table',
        label: 'Per-class metrics',
        stack: false,
        columns: [{ title: 'Class' }, ...['Precision', 'Recall', 'F1', 'Support'].map((title) => ({ title, num: true }))],
        rows: perClass.map(([name, c]) => ({ cells: [name, num(c.precision), num(c.recall), num(c.f1), text(c.support)] })),
      }));
  }
  return parts;
}

async function loadImage(path, alt, images) {
  const src = await imageUrl(path);
  images.push(src);
  return h('div', { class: 'viz' },
    h('a', { href: src, target: '_blank', rel: 'noopener' }, h('img', { src, alt })),
    h('p', { class: 'small muted' }, h('a', { href: `api/v1/${path}?format=json` }, 'Numbers as JSON')));
}

async function loadGlossary() {
  const { features = [] } = await getJson('visualizations/feature-info');
  if (features.length === 0) return h('p', { class: 'muted' }, 'No feature descriptions.');
  return [...groupBy(features)].map(([group, list]) => h('details', {},
    h('summary', {}, `${group} (${list.length})`),
    h('dl', { class: 'small' }, list.map((f) => [h('dt', {}, h('code', {}, f.name)), h('dd', {}, f.description)]))));
}

function groupBy(features) {
  const groups = new Map();
  for (const f of features) {
    const key = f.group ?? 'other';
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(f);
  }
  return groups;
}
