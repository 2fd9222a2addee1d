// Unit tests of how the dashboard reads WebSocket job events (no browser or server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventToUpdate, TERMINAL } from '../../src/main/resources/webroot/js/jobs.js';

test('a flat progress event becomes a running snapshot with its progress', () => {
  const update = eventToUpdate({ type: 'progress', job_id: 'j1', at: 'x', round: 10, total_rounds: 200, percent: 5, validation_metric: 0.4 });
  assert.equal(update.job_id, 'j1');
  assert.equal(update.status, 'running');
  assert.deepEqual(update.progress, { round: 10, total_rounds: 200, percent: 5, validation_metric: 0.4 });
});

test('event types map to job statuses', () => {
  const statuses = ['queued', 'started', 'trial', 'finished', 'failed', 'cancelled', 'dead']
    .map((type) => eventToUpdate({ type, job_id: 'j' }).status);
  assert.deepEqual(statuses, ['queued', 'running', 'running', 'succeeded', 'failed', 'cancelled', 'dead']);
});

test('a finished event carries the result and ends the watch', () => {
  const update = eventToUpdate({ type: 'finished', job_id: 'j', result: { model_version: '4', promoted: true } });
  assert.equal(update.result.model_version, '4');
  assert.ok(TERMINAL.has(update.status));
});

test('nested progress and an embedded snapshot are understood, the event\'s own fields winning', () => {
  const update = eventToUpdate({
    type: 'progress', job_id: 'j', status: 'running', progress: { round: 7, percent: 35 },
    job: { job_id: 'j', status: 'queued', attempts: 2, progress: { round: 6, total_rounds: 20, percent: 30 } },
  });
  assert.equal(update.status, 'running');
  assert.equal(update.attempts, 2);
  assert.deepEqual(update.progress, { round: 7, total_rounds: 20, percent: 35 });
});

test('a failed attempt that will be retried does not end the job', () => {
  const update = eventToUpdate({ type: 'failed', job_id: 'j', error: 'worker died', will_retry: true });
  assert.equal(TERMINAL.has(update.status), false);
  assert.equal(update.error, 'worker died');
});
