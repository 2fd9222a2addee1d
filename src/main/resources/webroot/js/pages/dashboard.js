// Dashboard: service health, the active model and its key metrics, drift of recent clips from the
// training clips, recent predictions (with abstentions in words: unknown: silent, novel or uncertain).
import { getJson, describeError } from '../api.js';
import { h, pageHeading, loadingCard, stats, dataTable, notice } from '../dom.js';
import {
  pct, num, seconds, dateTime, when, text, answer, unknownReason, explainUnknown, UNKNOWN_REASONS,
  isNum, trainingSize, DRIFT_LEVELS, PSI_MEANS, driftLevel, driftProgress, sentence,
} from '../format.js';

export function render(main) {
  const health = loadingCard('Service', loadHealth, describeError);
  const model = loadingCard('Active model', loadModel, describeError);
  const drift = loadingCard('Drift', loadDrift, describeError);
  const recent = loadingCard('Recent predictions', loadRecent, describeError);
  const cards = [health, model, drift, recent];
  const refresh = () => cards.forEach((c) => c.reload());

  main.append(
    pageHeading('Dashboard', h('button', { class: 'secondary', onclick: refresh }, 'Refresh')),
    h('div', { class: 'grid' }, health.card, model.card),
    drift.card,
    recent.card);

  // Drift moves with every prediction, like the recent ones: both refresh with the health.
  const timer = setInterval(() => { health.reload(); drift.reload(); recent.reload(); }, 10000);
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
  const size = trainingSize(i.sample_counts);
  parts.push(h('p', { class: 'muted small', id: 'model-trained' },
    `Trained ${dateTime(i.trained_at)}${size ? ` on ${size}` : ''}.`,
    i.dataset ? h('span', { id: 'model-dataset', title: i.dataset.version },
      ` Dataset version ${i.dataset.version.slice(0, 12)} (${i.dataset.clips} clips).`) : null));
  if (metrics.status === 'rejected') parts.push(h('p', { class: 'muted small' }, `Metrics unavailable: ${describeError(metrics.reason)}`));
  return parts;
}

/** PSI against the training clips per feature group, or why there is none yet. */
async function loadDrift() {
  const d = await getJson('drift');
  const model = `model v${text(d.model_version)}`;
  const psiNote = h('p', { class: 'muted small', id: 'psi-note' }, PSI_MEANS);
  if (d.level === 'unavailable') {
    return notice('', h('span', { id: 'drift-level', 'data-level': d.level },
      levelWord(d.level, driftLevel(d.level)),
      ` for ${model}: ${sentence(d.reason ?? 'the server gave no reason')}`));
  }
  if (d.level === 'insufficient_data') {
    const share = isNum(d.window) && isNum(d.minimum_window) && d.minimum_window > 0
      ? Math.min(1, d.window / d.minimum_window) : 0;
    return [
      h('p', { id: 'drift-level', 'data-level': d.level },
        h('strong', {}, `${driftLevel(d.level)}: `), `${driftProgress(d)}.`),
      h('div', {
        class: 'progress', role: 'progressbar', 'aria-label': 'Clips toward the drift window',
        'aria-valuemin': '0', 'aria-valuemax': String(d.minimum_window ?? 0), 'aria-valuenow': String(d.window ?? 0),
      }, h('div', { class: 'fill', style: { width: `${(share * 100).toFixed(1)}%` } })),
      h('p', { class: 'muted small' },
        `Drift is measured once ${text(d.minimum_window)} non-silent clips have been classified by this `
        + `instance, against the training clips of ${model}; fewer clips would look like drift on their own.`),
      psiNote];
  }
  const groups = Array.isArray(d.groups) ? d.groups : [];
  return [
    overall(d.level),
    h('p', { class: 'muted small', id: 'drift-window' },
      `${text(d.window)} recent clips, from this instance, against the training clips of ${model}.`),
    groups.length === 0 ? h('p', { class: 'muted' }, 'No feature groups to compare.') : dataTable({
      id: 'drift-groups',
      label: 'Drift per feature group',
      columns: [{ title: 'Feature group' }, { title: 'Mean PSI', num: true, cls: 'psi-cell' }, { title: 'Level' },
        { title: 'Worst feature', cls: 'feature-cell' }, { title: 'Max PSI', num: true }],
      rows: groups.map((g) => ({
        attrs: { 'data-group': g.group, 'data-level': g.level },
        cells: [text(g.group), psiBar(g.mean_psi, g.level), levelWord(g.level),
          h('code', {}, text(g.worst_feature)), num(g.max_psi)],
      })),
    }),
    psiNote,
  ];
}

/** The overall level (the worst group's) in words, with what it means. */
function overall(level) {
  const meaning = Object.hasOwn(DRIFT_LEVELS, level) ? DRIFT_LEVELS[level][1] : '';
  return h('p', { id: 'drift-level', 'data-level': level },
    levelWord(level, driftLevel(level)), meaning ? `: ${meaning}.` : '');
}

function levelWord(level, words = text(level)) {
  return h('strong', { class: `drift-word drift-${level}` }, words);
}

/** A PSI as text beside a small bar; the bar is full at 0.5, twice the "shift" line. */
function psiBar(psi, level) {
  const width = isNum(psi) ? Math.max(0, Math.min(100, (psi / 0.5) * 100)) : 0;
  return h('span', { class: 'psi' },
    h('span', { class: 'psi-track', 'aria-hidden': 'true' },
      h('span', { class: `psi-fill drift-${level}`, style: { width: `${width.toFixed(1)}%` } })),
    h('span', { class: 'psi-value' }, num(psi)));
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
