// Dashboard: service health, the active model and its key metrics, recent predictions (with
// abstentions in words: unknown: silent, novel or uncertain).
import { getJson, describeError } from '../api.js';
import { h, pageHeading, loadingCard, stats, dataTable } from '../dom.js';
import { pct, num, seconds, dateTime, when, text, answer, unknownReason, explainUnknown, UNKNOWN_REASONS } from '../format.js';

export function render(main) {
  const health = loadingCard('Service', loadHealth, describeError);
  const model = loadingCard('Active model', loadModel, describeError);
  const recent = loadingCard('Recent predictions', loadRecent, describeError);
  const cards = [health, model, recent];
  const refresh = () => cards.forEach((c) => c.reload());

  main.append(
    pageHeading('Dashboard', h('button', { class: 'secondary', onclick: refresh }, 'Refresh')),
    h('div', { class: 'grid' }, health.card, model.card),
    recent.card);

  const timer = setInterval(() => { health.reload(); recent.reload(); }, 10000);
  return () => clearInterval(timer);
}

async function loadHealth() {
  const hl = await getJson('health');
  return stats([
    ['Status', hl.status, `status-${String(hl.status).toLowerCase()}`],
    ['Model loaded', hl.model_loaded ? 'Yes' : 'No', hl.model_loaded ? 'status-up' : 'status-down'],
    ['Redis', text(hl.redis), hl.redis === 'DOWN' ? 'status-down' : ''],
    ['Uptime', seconds(hl.uptime_s)],
    ['Instance', text(hl.instance), 'long'],
    ['Version', text(hl.version)],
  ]);
}

async function loadModel() {
  // Info and metrics are separate endpoints; show whichever answers.
  const [info, metrics] = await Promise.allSettled([getJson('model-info'), getJson('model-metrics')]);
  if (info.status === 'rejected' && metrics.status === 'rejected') throw info.reason;
  const i = info.value ?? {};
  const m = metrics.value ?? {};
  const parts = [stats([
    ['Version', text(i.version ?? m.model_version)],
    ['Accuracy', pct(m.accuracy)],
    ['Macro F1', num(m.macro_f1)],
    ['Macro precision', num(m.macro_precision)],
    ['Macro recall', num(m.macro_recall)],
    ['ROC AUC', num(m.roc_auc)],
  ])];
  if (i.classes) {
    parts.push(h('p', {}, h('strong', {}, `${i.classes.length} classes: `), i.classes.join(', ')));
  }
  const counts = i.sample_counts;
  parts.push(h('p', { class: 'muted small' },
    `Trained ${dateTime(i.trained_at)}`,
    counts ? ` on ${text(counts.train)} clips, validated on ${text(counts.validation)}.` : '.'));
  if (metrics.status === 'rejected') parts.push(h('p', { class: 'muted small' }, `Metrics unavailable: ${describeError(metrics.reason)}`));
  return parts;
}

async function loadRecent() {
  const { items = [] } = await getJson('predictions/recent?limit=20');
  if (items.length === 0) return h('p', { class: 'muted' }, 'No predictions yet. Try the Predict page.');
  const table = dataTable({
    id: 'recent-predictions',
    label: 'Recent predictions table',
    columns: [{ title: 'When' }, { title: 'File' }, { title: 'Class' }, { title: 'Confidence', num: true },
      { title: 'Novelty', num: true }, { title: 'Model' }],
    rows: items.map((p) => ({
      attrs: { 'data-unknown-reason': unknownReason(p) },
      cells: [when(p.at), text(p.filename), answerCell(p), pct(p.confidence), num(p.novelty, 2), `v${text(p.model_version)}`],
    })),
  });
  // The tooltips do not show on touch screens: say in words what each "unknown" on screen means.
  const shown = new Set(items.map((p) => unknownReason(p)));
  const reasons = Object.keys(UNKNOWN_REASONS).filter((r) => shown.has(r));
  if (reasons.length === 0) return table;
  return [table, h('p', { class: 'muted small', id: 'unknown-legend' },
    `${reasons.map((r) => `“unknown: ${r}” means ${UNKNOWN_REASONS[r]}`).join('; ')}.`)];
}

/** The class, or "unknown: <reason>" with its explanation as a tooltip. */
function answerCell(p) {
  const why = explainUnknown(p);
  return unknownReason(p) ? h('span', { class: 'unknown-answer', title: why || null }, answer(p)) : answer(p);
}
