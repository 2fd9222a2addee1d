// Browser tests of the Data page against a running Earshot (started by e2e/run.sh): browse the
// training clips by class, play one, relabel one, delete one and delete a selection, each checked
// against the HTTP API's own counts. The clips are this file's own (labels no other test uses).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch } from '../lib/browser.js';
import { noise } from '../lib/wav.js';

const BASE = process.env.EARSHOT_URL ?? 'http://127.0.0.1:8080/';
const API_KEY = process.env.EARSHOT_API_KEY ?? '';
const RUN = Date.now().toString(36);
const KEPT = `datapage-${RUN}`;
const MOVED = `datapage-moved-${RUN}`;
const BULK = `datapage-bulk-${RUN}`;

async function api(route, init = {}) {
  const headers = { ...(init.headers ?? {}) };
  if (API_KEY) headers['X-API-Key'] = API_KEY;
  const response = await fetch(new URL(`api/v1/${route}`, BASE), { ...init, headers });
  assert.ok(response.ok, `${route} answered ${response.status}: ${await response.clone().text()}`);
  return response.json();
}

/** Uploads clips of seeded noise (one second each) under one label; returns their hashes. */
async function upload(label, seeds) {
  const form = new FormData();
  form.append('label', label);
  for (const seed of seeds) {
    form.append('files', new Blob([noise(seed, { seconds: 1 })], { type: 'audio/wav' }), `${label}-${seed}.wav`);
  }
  const report = await api('upload-data', { method: 'POST', body: form });
  assert.equal(report.accepted.length, seeds.length, JSON.stringify(report));
  return report.accepted.map((clip) => clip.sha256);
}

async function counts() {
  return (await api('dataset')).counts;
}

describe('Data page', { concurrency: false }, () => {
  let browser;
  let page;
  const pageErrors = [];

  before(async () => {
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(60000);
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.on('dialog', (dialog) => dialog.accept());      // "Delete … ?" confirmations
    await page.goto(new URL('#/settings', BASE).href);
    await page.evaluate((key) => sessionStorage.setItem('earshot.apiKey', key), API_KEY);
  });

  after(async () => {
    await browser?.close();
  });

  async function openData(label) {
    await page.goto(new URL('#/data', BASE).href);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Data', exact: true }).waitFor();
    if (label) await classButton(label).click();
    await page.waitForFunction(() => document.querySelector('#data-clips')?.getAttribute('aria-busy') === 'false');
  }

  function classButton(label) {
    return page.getByRole('list', { name: 'Clips per class' }).locator(`li[data-label="${label}"] button`);
  }

  test('clips are listed by class with their counts, and one plays from the server', async () => {
    await upload(KEPT, [91001, 91002]);
    await openData(KEPT);
    assert.equal(await classButton(KEPT).innerText(), `${KEPT} (2)`);
    assert.equal(await classButton(KEPT).getAttribute('aria-pressed'), 'true');
    const rows = page.locator('#data-table tbody tr');
    assert.equal(await rows.count(), 2);

    await page.getByRole('button', { name: `Play ${KEPT}-91001.wav` }).click();
    const src = await page.locator('#data-player').getAttribute('src');
    assert.match(src, /\/api\/v1\/samples\/[0-9a-f]{64}\/audio$/);
    const audio = await fetch(src);
    assert.equal(audio.status, 200);
    assert.equal(audio.headers.get('content-type'), 'audio/wav');
    await page.getByText(`Playing ${KEPT}-91001.wav (${KEPT}).`).waitFor();
  });

  test('a clip is relabelled on the page and both classes\' counts change', async () => {
    await openData(KEPT);
    await page.getByLabel(`New class for ${KEPT}-91001.wav`).fill(MOVED);
    await page.getByRole('button', { name: `Relabel ${KEPT}-91001.wav` }).click();
    await page.locator('#data-status').getByText(`to “${MOVED}”`).waitFor();

    const after = await counts();
    assert.equal(after[KEPT], 1);
    assert.equal(after[MOVED], 1);
    await page.waitForFunction((label) => document.querySelector(`li[data-label="${label}"] button`)?.textContent === `${label} (1)`, KEPT);
    assert.equal(await classButton(MOVED).innerText(), `${MOVED} (1)`);
  });

  test('a clip is deleted on the page and leaves the counts', async () => {
    await openData(KEPT);
    await page.getByRole('button', { name: `Delete ${KEPT}-91002.wav` }).click();
    await page.locator('#data-status').getByText('Deleted 1 clip.').waitFor();

    assert.equal((await counts())[KEPT], undefined, 'the class has no clip left');
    await page.getByText(`No clips labelled “${KEPT}”.`).waitFor();
    assert.equal(await classButton(KEPT).count(), 0, 'the class is gone from the list');
  });

  test('many clips are selected and deleted in one step', async () => {
    await upload(BULK, [92001, 92002, 92003]);
    await openData(BULK);
    await page.getByLabel(`Select ${BULK}-92001.wav`).check();
    await page.getByLabel(`Select ${BULK}-92003.wav`).check();
    await page.getByRole('button', { name: 'Delete selected (2)' }).click();
    await page.locator('#data-status').getByText('Deleted 2 clips.').waitFor();
    assert.equal((await counts())[BULK], 1);
    await page.getByText(`${BULK} (1)`).waitFor();

    await page.getByLabel('Select every clip on this page').check();
    await page.getByRole('button', { name: 'Delete selected (1)' }).click();
    await page.locator('#data-status').getByText('Deleted 1 clip.').waitFor();
    assert.equal((await counts())[BULK], undefined);
    await api('samples/delete', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ label: MOVED }) });
  });

  test('no script errors on the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
