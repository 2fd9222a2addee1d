// Analyze: one long recording (→ POST /analyses), cut into overlapping windows that each get an
// answer; runs of windows with the same class become events. Shows the counts, a timeline of the
// events with the spectrogram under it, the events as a table, and saves them as CSV or a Raven
// selection table. A recording longer than the server answers at once comes back as a job (202):
// its progress is followed like a training's, and its result and tables are read from
// GET /analyses/{id} instead of uploading the recording again.
import { request, getJson, imageUrl, describeError } from '../api.js';
import { watchJob } from '../jobs.js';
import { h, pageHeading, replace, notice, uid, stats, dataTable } from '../dom.js';
import { dropzone } from '../dropzone.js';
import { timeline } from '../charts.js';
import {
  pct, seconds, text, clock, count, timeDigits, unknownReason, UNKNOWN_REASONS,
} from '../format.js';

const DEFAULT_WINDOW_S = 3;

// The spectrogram is drawn by /visualizations/spectrogram, which decodes the upload as one clip and
// so refuses anything over the server's clip limit (max_duration_seconds, 600 s by default; the
// dashboard cannot read the setting). Past this length it is not asked for at all, and the 1000 px
// picture would squeeze several seconds into each pixel anyway.
const SPECTROGRAM_MAX_S = 600;

// Where the spectrogram's plot sits inside the server's PNG (io.earshot.http.viz.SpectrogramChart:
// WIDTH 1000, LEFT 86, RIGHT 110): time 0 is 8.6 % from the picture's left edge and the end of the
// recording 11 % from its right edge. The picture is shown at the figure's full width, so padding
// the timeline by the same shares of that width puts its time 0 and end exactly above the
// spectrogram's. (The PNG's axis runs one STFT hop, about 23 ms, past the end of the recording:
// under 0.5 % of the width for recordings of 5 s or more.)
const PLOT_LEFT = 86 / 1000;
const PLOT_RIGHT = 110 / 1000;

/** Abstention reasons in the order the Predict page explains them, then any newer ones. */
const REASON_ORDER = Object.keys(UNKNOWN_REASONS);

export function render(main) {
  const windowId = uid('window');
  const hopId = uid('hop');
  const gapId = uid('gap');
  const windowInput = h('input', {
    type: 'number', id: windowId, name: 'window_s', min: '0.5', max: '60', step: 'any', inputmode: 'decimal',
    required: true, value: String(DEFAULT_WINDOW_S), oninput: () => syncHop(),
  });
  const hopInput = h('input', {
    type: 'number', id: hopId, name: 'hop_s', min: '0.01', max: '60', step: 'any', inputmode: 'decimal',
    placeholder: String(DEFAULT_WINDOW_S / 2),
  });
  const gapInput = h('input', {
    type: 'number', id: gapId, name: 'merge_gap_s', min: '0', step: 'any', inputmode: 'decimal', value: '0',
  });
  const chosen = h('p', { class: 'muted small', id: 'analysis-file', 'aria-live': 'polite' }, 'No recording chosen.');
  const status = h('div', { role: 'status', 'aria-live': 'polite', id: 'analysis-status' });
  const results = h('div', { id: 'analysis-results' });
  const form = h('form', { id: 'analysis-form', onsubmit: (event) => { event.preventDefault(); run(); } },
    h('div', { class: 'form-grid' },
      field(windowId, 'Window (s)', 'Length of each window, 0.5 to 60 s', windowInput),
      field(hopId, 'Hop (s)', 'From one window’s start to the next; empty: half the window', hopInput),
      field(gapId, 'Merge gap (s)', 'Same-class windows up to this far apart make one event', gapInput)),
    dropzone({ title: 'Drop a recording here, or choose a file', hint: 'One recording: WAV, MP3, FLAC or OGG', multiple: false, onFiles: choose }),
    chosen,
    h('div', { class: 'actions', style: { marginTop: '.5rem' } }, h('button', { type: 'submit' }, 'Analyze')));

  let file = null;
  let generation = 0;          // answers to an older run are dropped
  let controller = null;
  const objectUrls = [];

  function syncHop() {
    const w = Number(windowInput.value);
    hopInput.placeholder = Number.isFinite(w) && w > 0 ? String(+(w / 2).toFixed(3)) : '';
  }

  function choose(files) {
    file = files[0];
    chosen.textContent = `Recording: ${file.name} (${megabytes(file.size)})`;
    run();
  }

  /** The query as the user set it; the hop is always sent, half the window when left empty. */
  function parameters() {
    const windowS = windowInput.value.trim();
    const hopS = hopInput.value.trim() || String(+(Number(windowS) / 2).toFixed(6));
    return new URLSearchParams({ window_s: windowS, hop_s: hopS, merge_gap_s: gapInput.value.trim() || '0' });
  }

  async function run() {
    if (!file) {
      replace(status, notice('error', 'Choose or drop a recording first.'));
      return;
    }
    if (!form.reportValidity()) return;
    controller?.abort();
    controller = new AbortController();
    const mine = ++generation;
    const recording = file;
    const query = parameters();
    revokeAll();
    replace(results);
    results.setAttribute('aria-busy', 'true');
    replace(status, h('p', { class: 'muted' }, `Analyzing ${recording.name}…`));
    try {
      const upload = new FormData();
      upload.append('file', recording);
      const response = await request(`analyses?${query}`, { method: 'POST', form: upload, signal: controller.signal });
      const source = { recording, query };
      let analysis;
      if (response.status === 202) {
        source.jobId = (await response.json()).job_id;
        analysis = await followJob(source.jobId, recording.name, mine);
      } else {
        analysis = await response.json();
      }
      if (mine !== generation) return;
      const spectrogram = h('div', { class: 'analysis-spectrogram', id: 'analysis-spectrogram' });
      const short = analysis.duration_s <= SPECTROGRAM_MAX_S;
      replace(results,
        summaryCard(recording, analysis, query),
        timelineCard(analysis, lanesFor(analysis), spectrogram, short),
        eventsCard(source, analysis));
      replace(status, notice('ok', headline(recording.name, analysis)));
      if (short) drawSpectrogram(recording, spectrogram, mine);
      else replace(spectrogram, h('p', { class: 'muted small' }, `No spectrogram: it is drawn for recordings up to ${SPECTROGRAM_MAX_S / 60} minutes.`));
    } catch (err) {
      if (err.name === 'AbortError' || mine !== generation) return;
      replace(status, notice('error', `Could not analyze ${recording.name}: ${describeError(err)}`));
    } finally {
      if (mine === generation) results.setAttribute('aria-busy', 'false');
    }
  }

  async function drawSpectrogram(recording, target, mine) {
    target.setAttribute('aria-busy', 'true');
    replace(target, h('p', { class: 'muted small' }, 'Drawing the spectrogram…'));
    try {
      const upload = new FormData();
      upload.append('file', recording);
      const src = await imageUrl('visualizations/spectrogram', { method: 'POST', form: upload });
      if (mine !== generation) {           // another run, or the user left the page, meanwhile
        URL.revokeObjectURL(src);
        return;
      }
      objectUrls.push(src);
      replace(target, h('img', {
        src, width: 1000, height: 682,
        alt: `Spectrogram and MFCC heat map of ${recording.name}, on the same time scale as the timeline above`,
      }));
    } catch (err) {
      if (mine === generation) replace(target, notice('error', `No spectrogram: ${describeError(err)}`));
    } finally {
      target.setAttribute('aria-busy', 'false');
    }
  }

  // Follows an analysis job until it ends; resolves with its result, rejects with why it ended.
  function followJob(jobId, name, mine) {
    return new Promise((resolve, reject) => {
      const watch = watchJob(jobId, (job) => {
        if (mine !== generation) { watch.stop(); reject(new DOMException('left', 'AbortError')); return; }
        const p = job.progress ?? {};
        if (job.status === 'queued') replace(status, h('p', { class: 'muted', id: 'analysis-progress' }, `${name} is long, so it is analysed as a job; it is queued.`));
        else if (job.status === 'running') {
          const done = p.duration_s ? ` (${seconds(p.analysed_s ?? 0)} of ${seconds(p.duration_s)})` : '';
          replace(status, h('p', { class: 'muted', id: 'analysis-progress' }, `Analyzing ${name} as a job: ${pct((p.percent ?? 0) / 100)}${done}…`));
        } else if (job.status === 'succeeded') {
          getJson(`analyses/${encodeURIComponent(jobId)}`).then(resolve, reject);
        } else {
          reject(new Error(`the analysis job ${job.status}${job.error ? `: ${job.error}` : ''}`));
        }
      });
    });
  }

  function revokeAll() {
    for (const url of objectUrls.splice(0)) URL.revokeObjectURL(url);
  }

  syncHop();
  main.append(
    pageHeading('Analyze'),
    h('section', { class: 'card', 'aria-label': 'Choose a recording' },
      h('p', {}, 'Drop one long recording to find what it holds over time. It is cut into overlapping windows, each answered like a clip; runs of windows with the same class become events.'),
      form),
    status,
    results);

  return () => {
    generation += 1;
    controller?.abort();
    revokeAll();
  };
}

/** A labelled number field with its hint under it, tied to the input by aria-describedby. */
function field(id, title, hint, input) {
  const hintId = `${id}-hint`;
  input.setAttribute('aria-describedby', hintId);
  return h('div', { class: 'field' }, h('label', { for: id }, title), input, h('span', { class: 'hint', id: hintId }, hint));
}

function megabytes(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

/** One lane per class the model that answered knows (the answer lists them), plus any an event names. */
function lanesFor(analysis) {
  const lanes = Array.isArray(analysis.classes) ? analysis.classes.map(String) : [];
  for (const e of analysis.events ?? []) if (!lanes.includes(e.label)) lanes.push(e.label);
  return lanes;
}

/** How many windows abstained, by reason: [[reason, n], ...] in the Predict page's order. */
export function abstentions(segments) {
  const counts = new Map();
  for (const s of segments ?? []) {
    const reason = unknownReason(s);
    if (reason) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  const order = (r) => (REASON_ORDER.includes(r) ? REASON_ORDER.indexOf(r) : REASON_ORDER.length);
  return [...counts].sort((a, b) => order(a[0]) - order(b[0]));
}

function headline(name, a) {
  const windows = a.segments?.length ?? 0;
  const abstained = abstentions(a.segments).reduce((n, [, k]) => n + k, 0);
  return `${name}: ${seconds(a.duration_s)} in ${count(windows, 'window')}, ${count(a.events?.length ?? 0, 'event')}` +
    `${abstained ? `; ${abstained} of ${windows} windows abstained` : ''}.`;
}

function summaryCard(recording, a, query) {
  const windows = a.segments?.length ?? 0;
  const reasons = abstentions(a.segments);
  const abstained = reasons.reduce((n, [, k]) => n + k, 0);
  return h('section', { class: 'card', 'aria-label': 'Summary', id: 'analysis-summary' },
    h('h2', {}, 'Summary'),
    h('p', { class: 'muted small', id: 'analysis-settings' },
      `${recording.name} · windows of ${seconds(a.window_s)} every ${seconds(a.hop_s)}`,
      ` · events merged over gaps up to ${seconds(Number(query.get('merge_gap_s')))}`),
    stats([
      ['Duration', seconds(a.duration_s)],
      ['Model', `v${text(a.model_version)}`],
      ['Windows', String(windows)],
      ['Events', String(a.events?.length ?? 0)],
      ['Abstained', String(abstained)],
    ]),
    reasons.length
      ? h('ul', { class: 'abstentions', id: 'analysis-abstentions', 'aria-label': 'Windows without a class, by reason' },
        reasons.map(([reason, n]) => h('li', { 'data-reason': reason, 'data-count': n },
          h('strong', {}, count(n, 'window')), ` unknown: ${reason}`,
          Object.hasOwn(UNKNOWN_REASONS, reason) ? ` — ${UNKNOWN_REASONS[reason]}` : '')))
      : h('p', { class: 'muted small', id: 'analysis-abstentions' }, 'Every window was answered with a class.'));
}

function timelineCard(a, lanes, spectrogram, aligned) {
  const digits = timeDigits(a);
  const events = a.events ?? [];
  const chart = timeline({
    lanes,
    events,
    duration: a.duration_s,
    label: 'Events by class',
    describe: (e) => `${e.label}: ${clock(e.start_s, digits)} to ${clock(e.end_s, digits)}, ${pct(e.confidence)} confident`,
  });
  if (aligned) {
    // Line the plot up with the spectrogram's plot below (see PLOT_LEFT): percentages of padding
    // are shares of the figure's width, the width the picture is drawn at.
    chart.classList.add('aligned');
    Object.assign(chart.style, { paddingLeft: `${PLOT_LEFT * 100}%`, paddingRight: `${PLOT_RIGHT * 100}%` });
  }
  return h('section', { class: 'card', 'aria-label': 'Timeline', id: 'analysis-timeline' },
    h('h2', {}, 'Timeline'),
    h('p', { class: 'muted small' },
      events.length
        ? 'One lane per class; each bar is an event, from the start of its first window to the end of its last. Time in minutes:seconds. Point at a bar for its times and confidence.'
        : 'No events: no window was answered with a class.'),
    h('div', { class: 'analysis-figure' }, chart, spectrogram));
}

function eventsCard({ recording, query, jobId }, a) {
  const digits = timeDigits(a);
  const events = a.events ?? [];
  const saved = h('div', { role: 'status', 'aria-live': 'polite', id: 'download-status' });
  const base = baseName(recording.name);
  const kinds = [
    { title: 'Download CSV', format: 'csv', file: `${base}.csv`, type: 'text/csv' },
    { title: 'Download Raven table', format: 'raven', file: `${base}.selections.txt`, type: 'text/tab-separated-values' },
  ];
  let busy = false;

  // A job's result is kept: its tables are read from GET /analyses/{id}?format=…. The sync route
  // keeps nothing: each table is then the same recording posted again with format=csv or
  // format=raven (and the same window, hop and merge gap), fetched once per click.
  async function fetchTable(kind) {
    if (jobId) return request(`analyses/${encodeURIComponent(jobId)}?format=${kind.format}`);
    const q = new URLSearchParams(query);
    q.set('format', kind.format);
    const upload = new FormData();
    upload.append('file', recording);
    return request(`analyses?${q}`, { method: 'POST', form: upload });
  }

  async function download(kind, button) {
    if (busy) return;
    busy = true;
    button.setAttribute('aria-disabled', 'true');
    replace(saved, h('p', { class: 'muted small' }, `Preparing ${kind.file}…`));
    try {
      const body = await (await fetchTable(kind)).text();
      save(new Blob([body], { type: `${kind.type};charset=utf-8` }), kind.file);
      replace(saved, notice('ok', `Saved ${kind.file}.`));
    } catch (err) {
      replace(saved, notice('error', `Could not download ${kind.file}: ${describeError(err)}`));
    } finally {
      busy = false;
      button.removeAttribute('aria-disabled');
    }
  }

  const table = events.length
    ? dataTable({
      id: 'analysis-events',
      label: 'Events table',
      columns: [{ title: 'Label' }, { title: 'Start', num: true }, { title: 'End', num: true },
        { title: 'Confidence', num: true }, { title: 'Mean confidence', num: true }, { title: 'Windows', num: true }],
      rows: events.map((e) => ({
        attrs: { 'data-class': e.label },
        cells: [e.label, clock(e.start_s, digits), clock(e.end_s, digits), pct(e.confidence), pct(e.mean_confidence), text(e.segments)],
      })),
    })
    : h('p', { class: 'muted' }, 'No events.');
  return h('section', { class: 'card', 'aria-label': 'Events', id: 'analysis-events-card' },
    h('h2', {}, 'Events'),
    h('div', { class: 'actions' }, kinds.map((kind) => h('button', {
      type: 'button', class: 'secondary', 'data-format': kind.format,
      onclick: (event) => download(kind, event.currentTarget),
    }, kind.title))),
    saved,
    table);
}

/** "dawn chorus.wav" → "dawn chorus": the name the tables are saved under. */
function baseName(name) {
  const stem = String(name ?? '').replace(/\.[^./\\]+$/, '').trim();
  return stem || 'recording';
}

/** Saves text through a temporary <a download>; the object URL is let go once the click is done. */
function save(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
