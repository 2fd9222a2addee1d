// Number, date and answer formatting shared by every page. Missing values show as an en dash.

const DASH = '–';

export function isNum(x) {
  return typeof x === 'number' && Number.isFinite(x);
}

export function pct(x, digits = 1) {
  return isNum(x) ? `${(x * 100).toFixed(digits)}%` : DASH;
}

export function num(x, digits = 3) {
  return isNum(x) ? x.toFixed(digits) : DASH;
}

export function ms(x) {
  return isNum(x) ? `${x.toFixed(x < 10 ? 1 : 0)} ms` : DASH;
}

export function seconds(x) {
  if (!isNum(x)) return DASH;
  if (x < 60) return `${x.toFixed(x < 10 ? 1 : 0)} s`;
  const m = Math.floor(x / 60);
  if (m < 60) return `${m} min ${Math.round(x % 60)} s`;
  const hours = Math.floor(m / 60);
  if (hours < 48) return `${hours} h ${m % 60} min`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h`;
}

/**
 * A moment within a recording as m:ss.s ("0:04.5", "12:03.0"), h:mm:ss.s from an hour on.
 * digits: decimals of the seconds (0 for axis ticks on whole seconds).
 */
export function clock(x, digits = 1) {
  if (!isNum(x)) return DASH;
  const sign = x < 0 ? '-' : '';
  const scale = 10 ** digits;
  const total = Math.round(Math.abs(x) * scale) / scale;   // round first: 59.96 is 1:00.0, not 0:60.0
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = (total - hours * 3600 - minutes * 60).toFixed(digits).padStart(digits ? digits + 3 : 2, '0');
  return hours ? `${sign}${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${sign}${minutes}:${secs}`;
}

/**
 * How many decimals the times of an analysis need: 1 when its window and hop are whole tenths of a
 * second (every event boundary then is, bar the recording's end), else 2.
 */
export function timeDigits(analysis) {
  const tenths = (x) => !isNum(x) || Math.abs(x * 10 - Math.round(x * 10)) < 1e-6;
  return tenths(analysis?.window_s) && tenths(analysis?.hop_s) ? 1 : 2;
}

/** "1 window", "3 windows". */
export function count(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

export function dateTime(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toLocaleString();
}

export function text(x) {
  return x === null || x === undefined || x === '' ? DASH : String(x);
}

/** The first 8 characters of a job id are enough to tell jobs apart on screen. */
export function shortId(id) {
  return id ? String(id).slice(0, 8) : DASH;
}

/** Time only for today, date and time otherwise: short enough for table cells. */
export function when(iso) {
  if (!iso) return DASH;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** Why a prediction abstained, in plain words; keys are the API's unknown_reason values. */
export const UNKNOWN_REASONS = Object.freeze({
  silent: 'no sound above the noise floor',
  novel: 'unlike anything the model was trained on',
  uncertain: 'not confident enough',
});

/**
 * Why a prediction abstained, or null when it answered. A null class without a reason comes from
 * a server or a logged entry older than open-set answers, when null only ever meant "uncertain".
 */
export function unknownReason(p) {
  if (p?.unknown_reason) return String(p.unknown_reason);
  return p && !p.predicted_class ? 'uncertain' : null;
}

/** A prediction's answer in words: its class, or "unknown: silent" / "novel" / "uncertain". */
export function answer(p) {
  const reason = unknownReason(p);
  return reason ? `unknown: ${reason}` : String(p.predicted_class);
}

/** The plain-words explanation of an abstention ("" for an answer or a reason we do not know). */
export function explainUnknown(p) {
  const reason = unknownReason(p);
  return reason && Object.hasOwn(UNKNOWN_REASONS, reason) ? UNKNOWN_REASONS[reason] : '';
}

/** "novelty 0.42", or '' when the model was trained without a training summary (novelty null). */
export function novelty(p) {
  return isNum(p?.novelty) ? `novelty ${p.novelty.toFixed(2)}` : '';
}

/**
 * A count from model-info's sample_counts: a per-class map ({bird: 48, ...}) summed, or a plain
 * number as it is; null when there is nothing countable.
 */
export function countOf(x) {
  if (isNum(x)) return x;
  if (!x || typeof x !== 'object') return null;
  const values = Object.values(x).filter(isNum);
  return values.length ? values.reduce((a, b) => a + b, 0) : null;
}

/**
 * What a model was trained on, from model-info's sample_counts ({total, train, holdout: {class: n},
 * clips}): "288 clips, 72 held out"; '' when the counts say nothing. The per-class maps count
 * samples, which outnumber the distinct clips when augmented copies were added: then it says so.
 */
export function trainingSize(counts) {
  if (!counts || typeof counts !== 'object') return '';
  const train = countOf(counts.train);
  const held = countOf(counts.holdout ?? counts.validation);
  const total = countOf(counts.total) ?? (train !== null && held !== null ? train + held : null);
  const clips = isNum(counts.clips) ? counts.clips : null;
  const unit = clips === null || total === null || clips === total ? 'clips' : 'samples';
  let said;
  if (train !== null) said = held !== null ? `${train} ${unit}, ${held} held out` : `${train} ${unit}`;
  else if (total !== null) said = `${total} ${unit}`;
  else if (clips !== null) return `${clips} clips`;
  else return '';
  return unit === 'samples' ? `${said} (${total} samples from ${clips} distinct clips)` : said;
}

/** Drift levels of GET /api/v1/drift in words: [what to call it, what it means]. */
export const DRIFT_LEVELS = Object.freeze({
  stable: ['Stable', 'the recent clips look like the training clips in every feature group'],
  moderate: ['Moderate drift', 'some features of the recent clips have moved away from the training clips; worth watching'],
  shift: ['Shift', 'the recent clips differ clearly from the training clips in at least one feature group; '
    + 'answers may be less reliable, consider retraining on newer clips'],
  insufficient_data: ['Not enough clips yet', 'too few recent clips to compare with the training clips'],
  unavailable: ['Unavailable', 'the model carries no training distribution to compare with'],
});

/** What PSI is, in one line. */
export const PSI_MEANS = 'PSI, the population stability index, measures how far a feature’s values in recent '
  + 'clips have moved from their spread over the training clips: below 0.1 stable, 0.1 to 0.25 moderate, '
  + '0.25 or more a shift.';

/** A drift level's name in words ("Shift"), or the level as given when it is one we do not know. */
export function driftLevel(level) {
  return Object.hasOwn(DRIFT_LEVELS, level) ? DRIFT_LEVELS[level][0] : text(level);
}

/** "12 of 200 clips so far", for a drift answer with too few clips to judge. */
export function driftProgress(d) {
  return `${isNum(d?.window) ? d.window : 0} of ${isNum(d?.minimum_window) ? d.minimum_window : DASH} clips so far`;
}

/** A sentence ending in exactly one full stop. */
export function sentence(s) {
  const t = String(s ?? '').trim();
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
