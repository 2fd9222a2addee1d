// Browser tests of the dashboard against a running Earshot (started by e2e/run.sh).
// The tests share one page and run in order: they predict, upload, retrain and roll back, the
// way a person would, and check each step against the HTTP API's own answer.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../lib/browser.js';
import { tone, noise, silence, sweep } from '../lib/wav.js';
import { demoClips } from '../lib/clips.js';

const BASE = process.env.EARSHOT_URL ?? 'http://127.0.0.1:8080/';
const API_KEY = process.env.EARSHOT_API_KEY ?? '';
const SHOTS = process.env.SCREENSHOT_DIR
  ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../target/screenshots');
const PAGES = ['dashboard', 'predict', 'analyze', 'analytics', 'train', 'data', 'models', 'settings'];
// "A normal clip that gets a class": clips from the generator the shipped model was trained with
// (scripts/generate-demo-data.sh, made by e2e/run.sh). A synthetic tone is rightly "unknown: novel".
const CLIPS = demoClips(['siren', 'bird', 'engine']);

async function api(route, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (API_KEY) headers['X-API-Key'] = API_KEY;
  const response = await fetch(new URL(`api/v1/${route}`, BASE), { ...init, headers });
  assert.ok(response.ok, `${route} answered ${response.status}`);
  return response.json();
}

function wavFile(name, buffer) {
  return { name, mimeType: 'audio/wav', buffer };
}

/** The API's own answer for a clip, to hold the page's rendering of the same clip against. */
async function predictApi(name, buffer) {
  const form = new FormData();
  form.append('file', new Blob([buffer], { type: 'audio/wav' }), name);
  return api('predictions/single', { method: 'POST', body: form });
}

/** What the page must say for an answer: the class, or "unknown: <reason>" in words. */
function expectedAnswer(p) {
  return p.predicted_class ?? `unknown: ${p.unknown_reason}`;
}

const EXPLANATIONS = {
  silent: 'No sound above the noise floor.',
  novel: 'Unlike anything the model was trained on.',
  uncertain: 'Not confident enough.',
};

/** The API's answer for a demo-set clip, which the shipped model must answer with a class. */
async function answeredByApi(clip) {
  const answer = await predictApi(clip.name, clip.buffer);
  assert.ok(answer.predicted_class,
    `the shipped model answers a clip from its own training generator (${clip.file}) with a class: ${JSON.stringify(answer)}`);
  assert.equal(answer.unknown_reason, null, JSON.stringify(answer));
  return answer;
}

/** A per-class count map of model-info's sample_counts, summed. */
function total(perClass) {
  return Object.values(perClass).reduce((a, b) => a + b, 0);
}

/** "12 of 200 clips so far" as a pattern that "112 of 200" does not match. */
function clipsSoFar(drift) {
  return new RegExp(`(^|\\D)${drift.window} of ${drift.minimum_window} clips so far\\.`);
}

// GET /api/v1/drift's normal shape, for the groups display without 200 real predictions.
const DRIFT_FIXTURE = {
  level: 'shift',
  window: 412,
  minimum_window: 200,
  groups: [
    { group: 'timbre', mean_psi: 0.031, max_psi: 0.12, worst_feature: 'mfcc_3_mean', level: 'stable' },
    { group: 'brightness', mean_psi: 0.142, max_psi: 0.231, worst_feature: 'spectral_centroid_p90', level: 'moderate' },
    { group: 'loudness', mean_psi: 0.418, max_psi: 0.873, worst_feature: 'rms_p10', level: 'shift' },
    { group: 'pitch', mean_psi: 0.02, max_psi: 0.05, worst_feature: 'pitch_mean', level: 'stable' },
  ],
};

/** Percent text such as "93.0%" as a number. */
function percentOf(textValue) {
  return parseFloat(textValue.replace('%', ''));
}

describe('Earshot dashboard', { concurrency: false }, () => {
  let browser;
  let page;
  const pageErrors = [];

  async function open(name) {
    const url = new URL(`#/${name}`, BASE).href;
    if (page.url() === url) await page.reload();    // same hash: goto would not re-render
    else await page.goto(url);
    // This page's own heading: the previous page's <h1> stays until the router has rendered the new
    // one (and moved focus to it), so waiting for any <h1> can return early on a busy machine.
    const title = name[0].toUpperCase() + name.slice(1);
    await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  }

  async function shoot(name) {
    await page.screenshot({ path: path.join(SHOTS, `earshot-${name}.png`), fullPage: true });
  }

  /** Waits until every card of the page has loaded (or shown its error). */
  async function settled() {
    await page.waitForFunction(() => !document.querySelector('main [aria-busy="true"]'));
  }

  /** No object is ever printed as "[object Object]" (nor a raw null or undefined) on the page. */
  async function assertNoRawValues(where) {
    const shown = await page.locator('main').innerText();
    assert.doesNotMatch(shown, /\[object \w+\]/, `${where} prints an object: ${shown}`);
    assert.doesNotMatch(shown, /\bundefined\b|\bNaN\b/, `${where} prints a missing value: ${shown}`);
  }

  before(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    // Generous: feature extraction on a busy two-core CI machine can take seconds per clip.
    page.setDefaultTimeout(60000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });

  after(async () => {
    await browser?.close();
  });

  test('dashboard shows the service health and the active model', async () => {
    const health = await api('health');
    await open('dashboard');
    const service = page.getByRole('region', { name: 'Service' });
    await service.getByText(health.status, { exact: true }).waitFor();
    await page.locator('#health-pill').filter({ hasText: health.status }).waitFor();
    const model = page.getByRole('region', { name: 'Active model' });
    await model.getByText(String(health.model_version), { exact: true }).first().waitFor();
    // sample_counts holds per-class maps and a clip count: the page sums the maps.
    const counts = (await api('model-info')).sample_counts;
    const [trained, held, samples] = [total(counts.train), total(counts.holdout), total(counts.total)];
    assert.equal(trained + held, samples, JSON.stringify(counts));
    const size = samples === counts.clips
      ? `on ${trained} clips, ${held} held out.`
      : `on ${trained} samples, ${held} held out (${samples} samples from ${counts.clips} distinct clips).`;
    await model.locator('#model-trained').filter({ hasText: size }).waitFor();
    await settled();
    await assertNoRawValues('the dashboard');
    await shoot('dashboard');
  });

  test('on a fresh server the drift card says how many clips it still needs, as the API does', async () => {
    const drift = await api('drift');
    assert.equal(drift.level, 'insufficient_data', `a fresh server has too few predictions: ${JSON.stringify(drift)}`);
    assert.deepEqual(drift.groups, []);
    await open('dashboard');
    const card = page.getByRole('region', { name: 'Drift', exact: true });
    const level = card.locator('#drift-level');
    await level.filter({ hasText: clipsSoFar(drift) }).waitFor();
    assert.equal((await level.textContent()).trim(),
      `Not enough clips yet: ${drift.window} of ${drift.minimum_window} clips so far.`);
    assert.equal(await level.getAttribute('data-level'), 'insufficient_data');
    const bar = card.getByRole('progressbar', { name: 'Clips toward the drift window' });
    assert.equal(await bar.getAttribute('aria-valuenow'), String(drift.window));
    assert.equal(await bar.getAttribute('aria-valuemax'), String(drift.minimum_window));
    assert.equal(await card.locator('#drift-groups').count(), 0, 'no groups below the minimum window');
    await card.locator('#psi-note').filter({ hasText: 'population stability index' }).waitFor();
    await settled();
    await assertNoRawValues('the dashboard');
    await card.screenshot({ path: path.join(SHOTS, 'earshot-dashboard-drift-insufficient.png') });

    // A non-silent prediction joins the window; the Refresh button shows the new count.
    await answeredByApi(CLIPS.siren);
    const after = await api('drift');
    assert.equal(after.window, drift.window + 1, `one more clip in the window: ${JSON.stringify(after)}`);
    await page.getByRole('button', { name: 'Refresh' }).click();
    await level.filter({ hasText: clipsSoFar(after) }).waitFor();
  });

  test('the drift card shows each feature group\'s mean PSI, level and worst feature', async () => {
    const real = await api('drift');
    let answer = { model_version: real.model_version, ...DRIFT_FIXTURE };
    // 200 real predictions would take minutes: the groups come from a fixture of the API's shape.
    await page.route('**/api/v1/drift', (route) => route.fulfill({
      status: 200, contentType: 'application/json', body: JSON.stringify(answer),
    }));
    try {
      await open('dashboard');
      const card = page.getByRole('region', { name: 'Drift', exact: true });
      const table = card.locator('#drift-groups');
      await table.waitFor();
      const level = card.locator('#drift-level');
      assert.equal(await level.getAttribute('data-level'), 'shift');
      assert.match((await level.textContent()).trim(), /^Shift: the recent clips differ clearly/);
      assert.equal((await card.locator('#drift-window').textContent()).trim(),
        `412 recent clips, from this instance, against the training clips of model v${real.model_version}.`);
      assert.equal(await table.locator('tbody tr').count(), DRIFT_FIXTURE.groups.length);
      for (const g of DRIFT_FIXTURE.groups) {
        const row = table.locator(`tbody tr[data-group="${g.group}"]`);
        const cell = async (label) => (await row.locator(`[data-label="${label}"]`).textContent()).trim();
        assert.equal(await cell('Feature group'), g.group);
        assert.equal(await cell('Mean PSI'), g.mean_psi.toFixed(3));
        assert.equal(await cell('Level'), g.level);
        assert.equal(await cell('Worst feature'), g.worst_feature);
        assert.equal(await cell('Max PSI'), g.max_psi.toFixed(3));
      }
      const shifted = table.locator('tbody tr[data-level="shift"]');
      assert.equal(await shifted.count(), 1);
      assert.equal((await shifted.locator('.drift-word').textContent()).trim(), 'shift');
      await shifted.getByText('rms_p10', { exact: true }).waitFor();
      await card.locator('#psi-note').filter({ hasText: 'below 0.1 stable, 0.1 to 0.25 moderate, 0.25 or more a shift' }).waitFor();
      await settled();
      await assertNoRawValues('the dashboard with drift groups');
      await card.screenshot({ path: path.join(SHOTS, 'earshot-dashboard-drift.png') });

      await page.setViewportSize({ width: 375, height: 800 });
      try {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `the drift groups scroll sideways by ${overflow}px at 375 px`);
        await card.screenshot({ path: path.join(SHOTS, 'earshot-dashboard-drift-375.png') });
      } finally {
        await page.setViewportSize({ width: 1280, height: 900 });
      }

      // A model without a training summary: the reason, in words.
      answer = {
        model_version: real.model_version,
        level: 'unavailable',
        reason: 'the served model was trained without a training summary; retrain it to watch drift',
      };
      await page.getByRole('button', { name: 'Refresh' }).click();
      await level.filter({ hasText: 'Unavailable' }).waitFor();
      assert.equal((await level.textContent()).trim(), `Unavailable for model v${real.model_version}: ${answer.reason}.`);
      assert.equal(await card.locator('#drift-groups').count(), 0);
    } finally {
      await page.unroute('**/api/v1/drift');
    }
    // And back to the real server's answer.
    await open('dashboard');
    await page.getByRole('region', { name: 'Drift', exact: true }).locator('#drift-level')
      .filter({ hasText: clipsSoFar(await api('drift')) }).waitFor();
  });

  test('settings keeps the API key in sessionStorage only', async () => {
    await open('settings');
    await page.locator('#api-key').fill(API_KEY);
    await page.getByRole('button', { name: 'Save key' }).click();
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem('earshot.apiKey'),
      local: localStorage.length,
    }));
    assert.equal(stored.session, API_KEY || null);
    assert.equal(stored.local, 0, 'nothing may be written to localStorage');
    await shoot('settings');
  });

  test('every control on every page has a label', async () => {
    for (const name of PAGES) {
      await open(name);
      await page.waitForLoadState('networkidle');
      const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim()))
        .map((el) => el.outerHTML.slice(0, 80)));
      assert.deepEqual(unlabelled, [], `unlabelled controls on ${name}`);
    }
  });

  test('navigation works by keyboard and moves focus to the new page heading', async () => {
    await open('dashboard');
    await page.evaluate(() => document.activeElement?.blur());
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.getAttribute('href') === '#/predict');
    }
    assert.ok(reached, 'Tab reaches the Predict link');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1'
      && document.activeElement.textContent === 'Predict');
    assert.equal(await page.locator('a[aria-current="page"]').textContent(), 'Predict');
  });

  test('predict classifies a demo-set clip and charts its probabilities', async () => {
    const info = await api('model-info');
    const clip = CLIPS.siren;
    const answered = await answeredByApi(clip);
    await open('predict');
    await page.locator('input[type=file]').setInputFiles(wavFile(clip.name, clip.buffer));
    const card = page.getByRole('article', { name: `Result for ${clip.name}` });
    await card.waitFor();
    const bars = card.locator('ul.bars li');
    assert.equal(await bars.count(), info.classes.length, 'one bar per class');
    const labels = await card.locator('ul.bars .label').allTextContents();
    assert.deepEqual([...labels].sort(), [...info.classes].sort());
    const percents = (await card.locator('ul.bars .value').allTextContents()).map(percentOf);
    const sum = percents.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(sum - 100) < 0.1 * percents.length + 0.5, `probabilities add up to 100%, got ${sum}`);
    const sorted = [...percents].sort((a, b) => b - a);
    assert.deepEqual(percents, sorted, 'bars are sorted, most likely first');
    assert.equal((await card.locator('ul.bars .label').first().textContent()).trim(), answered.predicted_class,
      'the answered class has the longest bar');
    const verdict = (await card.locator('.verdict').textContent()).trim();
    assert.ok(verdict.startsWith(`${answered.predicted_class} `), `"${verdict}" shows ${answered.predicted_class}`);
    assert.doesNotMatch(verdict, /unknown|No confident class/, verdict);
    await card.getByText(/Processed in [\d.]+ ms/).waitFor();
    await page.getByRole('status').filter({ hasText: `${clip.name}: ${answered.predicted_class},` }).waitFor();
    await shoot('predict');
  });

  let answeredClip;

  test('digital silence is answered "unknown: silent" in words, and a demo-set clip still gets a class', async () => {
    const quiet = silence({ seconds: 1 });
    const abstained = await predictApi('silence.wav', quiet);
    assert.equal(abstained.predicted_class, null, JSON.stringify(abstained));
    assert.equal(abstained.unknown_reason, 'silent', JSON.stringify(abstained));
    await open('predict');
    await page.locator('input[type=file]').setInputFiles(wavFile('silence.wav', quiet));
    const card = page.getByRole('article', { name: 'Result for silence.wav' });
    await card.waitFor();
    const verdict = (await card.locator('.verdict').textContent()).trim();
    assert.match(verdict, /^unknown: silent /, verdict);
    assert.doesNotMatch(verdict, /null|undefined|No confident class/, verdict);
    await card.locator('.verdict-why').filter({ hasText: /^No sound above the noise floor\.$/ }).waitFor();
    await page.getByRole('status')
      .filter({ hasText: 'silence.wav: unknown: silent (no sound above the noise floor)' }).waitFor();
    assert.equal(await card.getByText(/\bnull\b|\bundefined\b/).count(), 0, 'no raw null on the card');
    await card.screenshot({ path: path.join(SHOTS, 'earshot-predict-silent.png') });

    const clip = CLIPS.bird;
    const answered = await answeredByApi(clip);
    answeredClip = { name: clip.name, answer: answered };
    await page.locator('input[type=file]').setInputFiles(wavFile(clip.name, clip.buffer));
    const clipCard = page.getByRole('article', { name: `Result for ${clip.name}` });
    await clipCard.waitFor();
    const clipVerdict = (await clipCard.locator('.verdict').textContent()).trim();
    assert.ok(clipVerdict.startsWith(`${answered.predicted_class} `), `"${clipVerdict}" shows ${answered.predicted_class}`);
    assert.doesNotMatch(clipVerdict, /unknown/);
    assert.equal(await clipCard.locator('.verdict-why').count(), 0, 'no abstention explanation for an answer');
  });

  test('a clip dropped on the drop zone is classified', async () => {
    const answered = await answeredByApi(CLIPS.engine);
    await open('predict');
    const bytes = [...CLIPS.engine.buffer];
    const dataTransfer = await page.evaluateHandle((data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped.wav', { type: 'audio/wav' }));
      return transfer;
    }, bytes);
    await page.locator('.dropzone').dispatchEvent('drop', { dataTransfer });
    const card = page.getByRole('article', { name: 'Result for dropped.wav' });
    await card.locator('ul.bars li').first().waitFor();
    const verdict = (await card.locator('.verdict').textContent()).trim();
    assert.ok(verdict.startsWith(`${answered.predicted_class} `), `"${verdict}" shows ${answered.predicted_class}`);
  });

  test('a batch shows each file, with a plain-words reason for the one that is not audio', async () => {
    await open('predict');
    await page.locator('input[type=file]').setInputFiles([
      wavFile(CLIPS.engine.name, CLIPS.engine.buffer),
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('these are not audio samples') },
    ]);
    await page.getByRole('article', { name: `Result for ${CLIPS.engine.name}` }).waitFor();
    const failed = page.getByRole('article', { name: 'Error for notes.txt' });
    await failed.waitFor();
    const reason = (await failed.locator('.notice').textContent()).trim();
    assert.ok(reason.length > 10 && !/^HTTP \d+$/.test(reason), `a readable reason, got "${reason}"`);
    // "1 of 2 files classified;" with no ", 1 as unknown" between: the demo-set clip got a class.
    await page.getByRole('status').filter({ hasText: '1 of 2 files classified;' }).waitFor();
  });

  test('recent predictions show an abstention in words, explained on hover and below the table', async () => {
    await open('dashboard');
    const table = page.locator('#recent-predictions');
    await table.waitFor();
    const headers = await table.locator('thead th').allTextContents();
    assert.ok(headers.includes('Novelty'), `a Novelty column: ${headers}`);
    const silentRow = table.locator('tbody tr').filter({ hasText: 'silence.wav' }).first();
    const cell = silentRow.locator('.unknown-answer');
    assert.equal((await cell.textContent()).trim(), 'unknown: silent');
    assert.equal(await cell.getAttribute('title'), 'no sound above the noise floor');
    await page.locator('#unknown-legend')
      .filter({ hasText: '“unknown: silent” means no sound above the noise floor' }).waitFor();
    assert.ok(answeredClip, 'the silence test predicted a demo-set clip first');
    const answeredRow = table.locator('tbody tr').filter({ hasText: answeredClip.name }).first();
    assert.equal(await answeredRow.locator('.unknown-answer').count(), 0, 'an answered clip shows its class');
    assert.equal((await answeredRow.locator('td[data-label="Class"]').textContent()).trim(), answeredClip.answer.predicted_class);
    assert.doesNotMatch(await table.textContent(), /\bnull\b|\bundefined\b/);
    // The drift card counts the same predictions (silent clips left out) as the API.
    const drift = await api('drift');
    await page.getByRole('region', { name: 'Drift', exact: true }).locator('#drift-level').filter({ hasText: clipsSoFar(drift) }).waitFor();
    await settled();
    await assertNoRawValues('the dashboard');
    await shoot('dashboard-recent');
  });

  test('uploading without an API key is refused with advice to set one', { skip: !API_KEY && 'server has no API key' }, async () => {
    await page.evaluate(() => sessionStorage.removeItem('earshot.apiKey'));
    await open('train');
    await page.getByLabel('Class label').fill('keyless');
    await page.locator('#upload-form input[type=file]').setInputFiles(wavFile('k.wav', tone(300)));
    await page.getByRole('button', { name: 'Upload' }).click();
    await page.getByText('Upload failed').filter({ hasText: 'API key under Settings' }).waitFor();
    await page.evaluate((key) => sessionStorage.setItem('earshot.apiKey', key), API_KEY);
  });

  const CLIPS_PER_CLASS = 8;
  const classes = {
    low_tone: (i) => tone(180 + i * 25, { amplitude: 0.3 + i * 0.05 }),
    high_tone: (i) => tone(2500 + i * 180, { amplitude: 0.3 + i * 0.05 }),
    noise: (i) => noise(1000 + i, { amplitude: 0.2 + i * 0.04 }),
  };

  test('labelled clips for three classes are uploaded and counted', { timeout: 600000 }, async () => {
    await open('train');
    for (const [label, make] of Object.entries(classes)) {
      await page.getByLabel('Class label').fill(label);
      const files = Array.from({ length: CLIPS_PER_CLASS }, (_, i) => wavFile(`${label}-${i}.wav`, make(i)));
      await page.locator('#upload-form input[type=file]').setInputFiles(files);
      await page.getByText(`${CLIPS_PER_CLASS} files chosen`).waitFor();
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByRole('status').filter({ hasText: `to “${label}”` }).waitFor({ timeout: 180000 });
    }
    const dataset = await api('dataset');
    const bars = page.getByRole('list', { name: 'Clips per class' });
    for (const label of Object.keys(classes)) {
      assert.ok(dataset.counts[label] >= CLIPS_PER_CLASS, `${label} stored`);
      const row = bars.locator('li').filter({ has: page.locator('.label', { hasText: new RegExp(`^${label}$`) }) });
      await row.locator('.value', { hasText: new RegExp(`^${dataset.counts[label]}$`) }).waitFor();
    }
  });

  let versionsBefore;

  test('a retrain runs to 100% with a live metric curve and registers a new version', { timeout: 300000 }, async () => {
    versionsBefore = await api('models');
    await open('train');
    await page.getByLabel('Boosting rounds').fill('20');
    await page.getByLabel('Promote the new model even if it scores worse').check();
    await page.getByRole('button', { name: 'Start retraining' }).click();
    const progress = page.getByRole('progressbar', { name: 'Training progress' });
    await progress.waitFor();
    await page.locator('#job-status').filter({ hasText: /succeeded|failed|cancelled|dead/ }).waitFor({ timeout: 240000 });
    const statusText = await page.locator('#job-status').textContent();
    assert.match(statusText, /succeeded/, `job ended: ${statusText} ${await page.locator('#job-result').textContent()}`);
    assert.equal(await progress.getAttribute('aria-valuenow'), '100');
    assert.ok(await page.locator('#job-chart svg polyline').count() >= 1, 'the metric curve is drawn');
    // The job ends when the model is registered; the instance starts serving it a moment later.
    const newest = (models) => String(Math.max(...models.versions.map((v) => Number(v.version))));
    let after = await api('models');
    for (let tries = 0; String(after.active) !== newest(after) && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await api('models');
    }
    assert.equal(after.versions.length, versionsBefore.versions.length + 1, 'one new version registered');
    assert.equal(String(after.active), newest(after), 'the new version is served');
    await page.locator('#job-result').filter({ hasText: `Model v${after.active} trained` }).waitFor();
    await page.locator('#job-history').filter({ hasText: 'succeeded' }).waitFor();
    await shoot('train');
  });

  test('after the retrain, answers show their novelty, and a sound unlike the training clips is "unknown: novel"', async () => {
    const clips = [
      wavFile('near-low.wav', tone(230, { amplitude: 0.4 })),
      wavFile('near-noise.wav', noise(77, { amplitude: 0.3 })),
      wavFile('sweep.wav', sweep(100, 5000)),   // a glide, unlike every steady trained tone
      wavFile('quiet.wav', silence()),
    ];
    const answers = [];
    for (const clip of clips) answers.push(await predictApi(clip.name, clip.buffer));
    assert.ok(answers.every((a) => typeof a.novelty === 'number'),
      `a model trained now describes its training data: ${JSON.stringify(answers.map((a) => a.novelty))}`);
    assert.equal(answers[2].unknown_reason, 'novel', `a sweep is novel: ${JSON.stringify(answers[2])}`);
    await open('predict');
    await page.locator('input[type=file]').setInputFiles(clips);
    await page.getByRole('status').filter({ hasText: `${clips.length} of ${clips.length} files classified` }).waitFor();
    for (const [i, clip] of clips.entries()) {
      const expected = answers[i];
      const card = page.getByRole('article', { name: `Result for ${clip.name}` });
      const verdict = (await card.locator('.verdict').textContent()).trim();
      assert.ok(verdict.startsWith(`${expectedAnswer(expected)} `), `${clip.name}: "${verdict}" vs ${JSON.stringify(expected)}`);
      if (typeof expected.novelty === 'number') {
        assert.ok(verdict.includes(`novelty ${expected.novelty.toFixed(2)}`), `${clip.name}: "${verdict}"`);
      }
      if (expected.unknown_reason) {
        assert.equal((await card.locator('.verdict-why').textContent()).trim(), EXPLANATIONS[expected.unknown_reason]);
      }
    }
    await page.getByRole('article', { name: 'Result for sweep.wav' })
      .screenshot({ path: path.join(SHOTS, 'earshot-predict-novel.png') });
    await shoot('predict-novelty');
  });

  test('models page rolls back to the previous version', async () => {
    const current = await api('models');
    const target = versionsBefore.active ?? current.versions.find((v) => !v.active).version;
    assert.notEqual(current.active, target, 'the retrained model was promoted');
    await open('models');
    const trained = current.versions.find((v) => v.active);
    assert.match(trained.dataset?.version ?? '', /^[0-9a-f]{64}$/, 'the retrained model records its dataset version');
    await page.locator(`#model-versions tr[data-version="${trained.version}"] [data-dataset="${trained.dataset.version}"]`)
      .filter({ hasText: `${trained.dataset.clips} clips` }).waitFor();
    await page.getByRole('button', { name: `Activate version ${target}` }).click();
    await page.locator('#models-status').filter({ hasText: `Version ${target} is now the active model.` }).waitFor();
    assert.equal((await api('models')).active, target);
    const row = page.locator(`#model-versions tr[data-version="${target}"]`);
    await row.locator('.badge', { hasText: 'active' }).waitFor();
    assert.equal(await page.locator('#model-versions .badge').count(), 1, 'exactly one active version');
    await shoot('models');
  });

  test('analytics shows the confusion matrix and per-class metrics of the active model', async () => {
    const metrics = await api('model-metrics');
    await open('analytics');
    const matrix = page.locator('table.heatmap');
    await matrix.waitFor();
    assert.equal(await matrix.locator('tbody tr').count(), metrics.confusion_matrix.labels.length);
    const cells = (await matrix.locator('tbody td').allTextContents()).map(Number);
    assert.deepEqual(cells, metrics.confusion_matrix.matrix.flat());
    assert.equal(await page.locator('#per-class-table tbody tr').count(), Object.keys(metrics.per_class).length);
    // Each distribution chart ends as an image or as a readable error, never stuck loading.
    for (const name of ['MFCC distributions per class', 'Spectral feature distributions per class']) {
      const card = page.getByRole('region', { name });
      await card.locator('img, .notice').first().waitFor();
    }
    await page.waitForLoadState('networkidle');
    await shoot('analytics');
  });

  test('a failing endpoint shows its problem detail and leaves the rest of the page working', async () => {
    await page.route('**/api/v1/model-metrics', (route) => route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'https://earshot.dev/problems/unavailable', title: 'Service Unavailable', status: 503, detail: 'Metrics are being recomputed.' }),
    }));
    try {
      await open('analytics');
      await page.getByRole('region', { name: 'Hold-out metrics' }).getByText('Metrics are being recomputed.').waitFor();
      await page.getByRole('region', { name: 'What the features mean' }).locator('details, .notice, p').first().waitFor();
      await open('dashboard');
      await page.getByRole('region', { name: 'Service' }).locator('dl').waitFor();
    } finally {
      await page.unroute('**/api/v1/model-metrics');
    }
  });

  test('a folder of 200 clips dropped on the Train page goes up in one request and is stored whole', { timeout: 600000 }, async () => {
    const FOLDER = 200;
    const LABEL = 'dropped_folder';
    const clips = Array.from({ length: FOLDER }, (_, i) => ({
      name: `folder-${i}.wav`,
      base64: tone(400 + i * 7, { seconds: 0.25, amplitude: 0.3 }).toString('base64'),
    }));
    await open('train');
    await page.getByLabel('Class label').fill(LABEL);
    const uploads = [];
    const count = (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/v1/upload-data')) uploads.push(request);
    };
    page.on('request', count);
    try {
      // A script cannot drag a real folder: browsers hand out FileSystemEntry objects only for
      // drags from the desktop. The drop carries entries shaped like them (a folder whose reader
      // answers 100 at a time, as Chromium's does); the walk through them is the page's own.
      await page.locator('.dropzone').evaluate((zone, files) => {
        const entries = files.map(({ name, base64 }) => {
          const file = new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: 'audio/wav' });
          return { isFile: true, isDirectory: false, name, file: (ok) => ok(file) };
        });
        const folder = {
          isFile: false,
          isDirectory: true,
          name: 'clips',
          createReader() {
            let next = 0;
            return { readEntries(ok) { const batch = entries.slice(next, next + 100); next += batch.length; setTimeout(() => ok(batch)); } };
          },
        };
        const drop = new Event('drop', { bubbles: true, cancelable: true });
        Object.defineProperty(drop, 'dataTransfer', {
          value: { items: [{ kind: 'file', webkitGetAsEntry: () => folder }], files: [new File([], 'clips')] },
        });
        zone.dispatchEvent(drop);
      }, clips);
      await page.getByText(`${FOLDER} files chosen`).waitFor();
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByRole('status').filter({ hasText: `Added ${FOLDER} new clips to “${LABEL}”.` }).waitFor({ timeout: 300000 });
    } finally {
      page.off('request', count);
    }
    assert.equal(uploads.length, 1, 'the whole folder goes in one request');
    assert.equal((await api('dataset')).counts[LABEL], FOLDER, 'every clip of the folder is stored');
  });

  test('every page fits a 375 px wide screen', async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    for (const name of PAGES) {
      await open(name);
      await page.waitForLoadState('networkidle');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
      await assertNoRawValues(`the ${name} page`);
      await page.screenshot({ path: path.join(SHOTS, `earshot-${name}-375.png`), fullPage: true });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  test('no script errors on any page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
