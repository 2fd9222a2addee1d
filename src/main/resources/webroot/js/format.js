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
