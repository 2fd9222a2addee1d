// Number and date formatting shared by every page. Missing values show as an en dash.

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
