// Browser tests of the Analyze page against a running Earshot (started by e2e/run.sh): a recording
// made here (silence, a demo-set clip, silence) is analysed on the page and by the API, and what the
// page shows, and the tables it saves, are held against the API's own answers.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../lib/browser.js';
import { concatWav } from '../lib/wav.js';
import { demoClips } from '../lib/clips.js';
import {
  clock, pct, seconds, timeDigits, UNKNOWN_REASONS,
} from '../../src/main/resources/webroot/js/format.js';

const BASE = process.env.EARSHOT_URL ?? 'http://127.0.0.1:8080/';
const API_KEY = process.env.EARSHOT_API_KEY ?? '';
const SHOTS = process.env.SCREENSHOT_DIR
  ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/screenshots');
const { siren } = demoClips(['siren']);

// 3 s of digital silence, the siren clip (3 s, 22.05 kHz mono), 3 s of silence: one 9 s WAV whose
// silence is made at the clip's own sample rate, so the pieces are PCM of one format.
const RECORDING = { name: 'siren-in-silence.wav', buffer: concatWav([{ silence: 3 }, siren.buffer, { silence: 3 }]) };
// The spectrogram PNG's plot: from 86 px to 1000 - 110 px of its 1000 px (SpectrogramChart).
const PLOT = { left: 86 / 1000, right: 1 - 110 / 1000 };

async function apiResponse(route, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (API_KEY) headers['X-API-Key'] = API_KEY;
  return fetch(new URL(`api/v1/${route}`, BASE), { ...init, headers });
}

function upload(file) {
  const form = new FormData();
  form.append('file', new Blob([file.buffer], { type: file.mimeType ?? 'audio/wav' }), file.name);
  return form;
}

/** POST /analyses for a file as the API answers it: JSON, or the text of format=csv / raven. */
async function analyzeApi(file, query, format) {
  const q = new URLSearchParams(query);
  if (format) q.set('format', format);
  const response = await apiResponse(`analyses?${q}`, { method: 'POST', body: upload(file) });
  assert.ok(response.ok, `analyses?${q} answered ${response.status}: ${await response.clone().text()}`);
  return format ? response.text() : response.json();
}

function wavFile({ name, buffer }) {
  return { name, mimeType: 'audio/wav', buffer };
}

/** How many windows abstained for each reason, as the API's segments say. */
function reasonsOf(analysis) {
  const counts = {};
  for (const s of analysis.segments) if (s.unknown_reason) counts[s.unknown_reason] = (counts[s.unknown_reason] ?? 0) + 1;
  return counts;
}

describe('Analyze page', { concurrency: false }, () => {
  let browser;
  let page;
  const pageErrors = [];

  async function open() {
    const url = new URL('#/analyze', BASE).href;
    if (page.url() === url) await page.reload();
    else await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Analyze', exact: true }).waitFor();
  }

  /** Chooses a file on the page and waits for the analysis to end (in results or an error). */
  async function analyzeOnPage(file) {
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/api/v1/analyses'));
    await page.locator('#analysis-form input[type=file]').setInputFiles(file);
    const request = await posted;
    await page.waitForFunction(() => document.querySelector('#analysis-results')?.getAttribute('aria-busy') === 'false');
    return request;
  }

  /** The value under a key figure of the summary card ("Windows" → "5"). */
  async function figure(term) {
    const box = page.locator('#analysis-summary .stats > div').filter({ has: page.locator('dt', { hasText: new RegExp(`^${term}$`) }) });
    return (await box.locator('dd').textContent()).trim();
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    // The key as Settings keeps it: sessionStorage of this tab, sent as X-API-Key on every call.
    await page.goto(BASE);
    await page.evaluate((key) => sessionStorage.setItem('earshot.apiKey', key), API_KEY);
  });

  after(async () => {
    await browser?.close();
  });

  let expected;

  test('a recording shows the API\'s counts, a bar per event lined up with the spectrogram, and the events table', async () => {
    const query = { window_s: '3', hop_s: '1.5', merge_gap_s: '0' };
    expected = await analyzeApi(RECORDING, query);
    // The recording is what the test says it is: silence at both ends, the siren heard in between.
    const reasons = reasonsOf(expected);
    assert.ok(reasons.silent >= 2, `silent windows at both ends: ${JSON.stringify(expected.segments)}`);
    assert.ok(expected.events.some((e) => e.label === 'siren' && e.start_s >= 1.5 && e.end_s <= 7.5),
      `the siren clip in the middle is an event: ${JSON.stringify(expected.events)}`);
    const info = await (await apiResponse('model-info')).json();

    await open();
    const request = await analyzeOnPage(wavFile(RECORDING));
    const sent = new URL(request.url()).searchParams;
    assert.deepEqual(Object.fromEntries(['window_s', 'hop_s', 'merge_gap_s'].map((k) => [k, Number(sent.get(k))])),
      { window_s: 3, hop_s: 1.5, merge_gap_s: 0 }, `defaults sent: ${request.url()}`);
    if (API_KEY) assert.equal(request.headers()['x-api-key'], API_KEY, 'the API key goes with the upload');

    // Summary: the API's counts.
    const abstained = Object.values(reasons).reduce((a, b) => a + b, 0);
    assert.equal(await figure('Duration'), seconds(expected.duration_s));
    assert.equal(await figure('Model'), `v${expected.model_version}`);
    assert.equal(await figure('Windows'), String(expected.segments.length));
    assert.equal(await figure('Events'), String(expected.events.length));
    assert.equal(await figure('Abstained'), String(abstained));
    const reasonItems = page.locator('#analysis-abstentions li');
    assert.equal(await reasonItems.count(), Object.keys(reasons).length);
    for (const [reason, n] of Object.entries(reasons)) {
      const item = page.locator(`#analysis-abstentions li[data-reason="${reason}"]`);
      assert.equal(await item.getAttribute('data-count'), String(n));
      assert.equal((await item.textContent()).trim(),
        `${n} window${n === 1 ? '' : 's'} unknown: ${reason} — ${UNKNOWN_REASONS[reason]}`);
    }
    await page.getByRole('status').filter({ hasText: `${RECORDING.name}: ${seconds(expected.duration_s)} in ${expected.segments.length} windows` }).waitFor();

    // Timeline: one lane per class of the model, one bar per event in its class's lane.
    const digits = timeDigits(expected);
    assert.equal(info.version, expected.model_version, 'model-info describes the model that answered');
    assert.deepEqual(expected.classes, info.classes, 'the answer names the classes of the model that answered');
    assert.deepEqual(await page.locator('.timeline .lane').evaluateAll((lanes) => lanes.map((l) => l.dataset.lane)), info.classes);
    assert.deepEqual(await page.locator('.timeline .lane-label').evaluateAll((labels) => labels.map((l) => l.firstChild.textContent)),
      info.classes, 'each lane is labelled with its class');
    const bars = page.locator('.timeline .event-bar');
    assert.equal(await bars.count(), expected.events.length, 'one bar per event');
    for (const e of expected.events) {
      const bar = page.locator(`.lane[data-lane="${e.label}"] .event-bar[data-start="${e.start_s}"]`);
      assert.equal(await bar.count(), 1, `a bar for ${JSON.stringify(e)}`);
      assert.equal(await bar.getAttribute('data-label'), e.label);
      assert.equal(Number(await bar.getAttribute('data-end')), e.end_s);
      assert.equal(await bar.getAttribute('title'),
        `${e.label}: ${clock(e.start_s, digits)} to ${clock(e.end_s, digits)}, ${pct(e.confidence)} confident`);
    }

    // The spectrogram under it, its plot's time 0 and end under the timeline's (to a pixel).
    const image = page.locator('#analysis-spectrogram img');
    await image.waitFor();
    await page.waitForFunction(() => document.querySelector('#analysis-spectrogram img')?.naturalWidth > 0);
    const picture = await image.boundingBox();
    const plot = await page.locator('.timeline-plot').boundingBox();
    assert.ok(Math.abs(plot.x - (picture.x + PLOT.left * picture.width)) <= 1,
      `timeline starts at the spectrogram's time 0: ${JSON.stringify({ plot, picture })}`);
    assert.ok(Math.abs(plot.x + plot.width - (picture.x + PLOT.right * picture.width)) <= 1,
      `timeline ends at the spectrogram's end: ${JSON.stringify({ plot, picture })}`);
    assert.ok(plot.y + plot.height <= picture.y, 'the timeline is above the spectrogram');
    for (const e of expected.events) {
      const box = await page.locator(`.lane[data-lane="${e.label}"] .event-bar[data-start="${e.start_s}"]`).boundingBox();
      const at = (t) => plot.x + (t / expected.duration_s) * plot.width;
      assert.ok(Math.abs(box.x - at(e.start_s)) <= 1 && Math.abs(box.x + box.width - at(e.end_s)) <= 1,
        `the ${e.label} bar spans ${e.start_s}-${e.end_s} s: ${JSON.stringify(box)}`);
    }

    // The events table: the API's events, in its order.
    const rows = page.locator('#analysis-events tbody tr');
    assert.equal(await rows.count(), expected.events.length);
    for (const [i, e] of expected.events.entries()) {
      const row = rows.nth(i);
      const cell = async (label) => (await row.locator(`[data-label="${label}"]`).textContent()).trim();
      assert.equal(await cell('Label'), e.label);
      assert.equal(await cell('Start'), clock(e.start_s, digits));
      assert.equal(await cell('End'), clock(e.end_s, digits));
      assert.equal(await cell('Confidence'), pct(e.confidence));
      assert.equal(await cell('Mean confidence'), pct(e.mean_confidence));
      assert.equal(await cell('Windows'), String(e.segments));
    }
    const shown = await page.locator('main').innerText();
    assert.doesNotMatch(shown, /\[object \w+\]|\bundefined\b|\bNaN\b|\bnull\b/, shown);
    await page.screenshot({ path: path.join(SHOTS, 'earshot-analyze.png'), fullPage: true });

    await page.setViewportSize({ width: 375, height: 800 });
    try {
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the analysis scrolls sideways by ${overflow}px at 375 px`);
      await page.screenshot({ path: path.join(SHOTS, 'earshot-analyze-results-375.png'), fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  test('Download CSV and Download Raven table save what the API gives for format=csv and format=raven', async () => {
    assert.ok(expected, 'the first test analysed the recording');
    const query = { window_s: '3', hop_s: '1.5', merge_gap_s: '0' };
    const tables = [
      { button: 'Download CSV', format: 'csv', file: 'siren-in-silence.csv' },
      { button: 'Download Raven table', format: 'raven', file: 'siren-in-silence.selections.txt' },
    ];
    for (const table of tables) {
      const fromApi = await analyzeApi(RECORDING, query, table.format);
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: table.button }).click(),
      ]);
      assert.equal(download.suggestedFilename(), table.file);
      const saved = fs.readFileSync(await download.path(), 'utf8');
      assert.equal(saved, fromApi, `${table.file} is the API's format=${table.format}`);
      await page.locator('#download-status').filter({ hasText: `Saved ${table.file}.` }).waitFor();
    }
    // The CSV's rows are the events shown: one per event, label and times to the millisecond.
    const csv = await analyzeApi(RECORDING, query, 'csv');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    assert.equal(header, 'label,start_s,end_s,confidence');
    assert.deepEqual(lines.map((line) => line.split(',').slice(0, 3)),
      expected.events.map((e) => [e.label, e.start_s.toFixed(3), e.end_s.toFixed(3)]));
  });

  test('other window settings are sent as set, and a refused setting shows the problem detail', async () => {
    await page.getByLabel('Window (s)').fill('2');
    await page.getByLabel('Hop (s)').fill('');
    await page.getByLabel('Merge gap (s)').fill('1.5');
    const query = { window_s: '2', hop_s: '1', merge_gap_s: '1.5' };
    const answer = await analyzeApi(RECORDING, query);
    const posted = page.waitForRequest((r) => r.method() === 'POST' && r.url().includes('/api/v1/analyses'));
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    const sent = new URL((await posted).url()).searchParams;
    assert.deepEqual([sent.get('window_s'), Number(sent.get('hop_s')), sent.get('merge_gap_s')], ['2', 1, '1.5'],
      'an empty hop is half the window');
    await page.locator('#analysis-settings').filter({ hasText: 'windows of 2.0 s every 1.0 s' }).waitFor();
    assert.equal(await figure('Windows'), String(answer.segments.length));
    assert.equal(await figure('Events'), String(answer.events.length));
    assert.equal(await page.locator('.timeline .event-bar').count(), answer.events.length);

    // A hop longer than the window: the server's 400 problem detail, in the page's words.
    await page.getByLabel('Hop (s)').fill('5');
    const refused = await apiResponse('analyses?window_s=2&hop_s=5&merge_gap_s=1.5', { method: 'POST', body: upload(RECORDING) });
    assert.equal(refused.status, 400);
    const problem = await refused.json();
    await page.getByRole('button', { name: 'Analyze', exact: true }).click();
    await page.locator('#analysis-status .notice.error')
      .filter({ hasText: `Could not analyze ${RECORDING.name}: ${problem.detail}` }).waitFor();
    assert.equal(await page.locator('#analysis-summary').count(), 0, 'no stale results beside the error');
  });

  test('a file that is not audio shows the problem detail of the API', async () => {
    const notes = { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are not audio samples') };
    const response = await apiResponse('analyses', { method: 'POST', body: upload(notes) });
    assert.ok(response.status >= 400 && response.status < 500, `refused: ${response.status}`);
    assert.match(response.headers.get('content-type'), /application\/problem\+json/);
    const problem = await response.json();
    assert.ok(problem.detail, JSON.stringify(problem));
    await open();
    await analyzeOnPage(notes);
    const error = page.locator('#analysis-status .notice.error');
    assert.equal((await error.textContent()).trim(), `Could not analyze notes.txt: ${problem.detail}`);
    assert.equal(await page.locator('#analysis-summary, #analysis-spectrogram').count(), 0);
    await page.locator('#analysis-status').screenshot({ path: path.join(SHOTS, 'earshot-analyze-error.png') });
  });

  test('a recording longer than the server answers at once is followed as a job, and its tables come from the job', async () => {
    // e2e/run.sh sets analysis_sync_max_seconds to 60: this 96 s recording becomes a job (202).
    const long = { name: 'siren-in-a-long-silence.wav', buffer: concatWav([{ silence: 45 }, siren.buffer, { silence: 48 }]) };
    await open();
    const accepted = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/api/v1/analyses'));
    await page.locator('#analysis-form input[type=file]').setInputFiles(wavFile(long));
    const response = await accepted;
    assert.equal(response.status(), 202, 'a long recording is taken as a job');
    const { job_id: jobId } = await response.json();
    assert.equal(response.headers().location, `/api/v1/analyses/${jobId}`);
    await page.waitForFunction(() => document.querySelector('#analysis-results')?.getAttribute('aria-busy') === 'false');

    const result = await (await apiResponse(`analyses/${jobId}`)).json();
    assert.equal(result.duration_s, 96);
    assert.ok(result.events.some((e) => e.label === 'siren' && e.start_s >= 43.5 && e.end_s <= 49.5),
      `the siren at 45-48 s is an event: ${JSON.stringify(result.events)}`);
    assert.equal(await figure('Windows'), String(result.segments.length));
    assert.equal(await figure('Events'), String(result.events.length));

    // The table is read from the job's result: no second upload.
    const posts = [];
    const watch = (r) => { if (r.method() === 'POST') posts.push(r.url()); };
    page.on('request', watch);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    page.off('request', watch);
    const saved = fs.readFileSync(await download.path(), 'utf8');
    assert.equal(saved, await (await apiResponse(`analyses/${jobId}?format=csv`)).text());
    assert.deepEqual(posts, [], 'the CSV of a job comes from GET /analyses/{id}');
  });

  test('no script errors on the Analyze page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
