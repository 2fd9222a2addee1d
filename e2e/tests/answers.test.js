// Unit tests of how the dashboard words a prediction's answer (no browser or server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { answer, explainUnknown, unknownReason, novelty } from '../../src/main/resources/webroot/js/format.js';

test('an answered prediction shows its class and no explanation', () => {
  const p = { predicted_class: 'bird', unknown_reason: null, novelty: 0.1234, confidence: 0.9 };
  assert.equal(unknownReason(p), null);
  assert.equal(answer(p), 'bird');
  assert.equal(explainUnknown(p), '');
  assert.equal(novelty(p), 'novelty 0.12');
});

test('each abstention reason is shown in words with its explanation', () => {
  const words = Object.fromEntries(['silent', 'novel', 'uncertain'].map((reason) => {
    const p = { predicted_class: null, unknown_reason: reason, novelty: 0.97 };
    return [answer(p), explainUnknown(p)];
  }));
  assert.deepEqual(words, {
    'unknown: silent': 'no sound above the noise floor',
    'unknown: novel': 'unlike anything the model was trained on',
    'unknown: uncertain': 'not confident enough',
  });
});

test('a null class without a reason (older server or logged entry) reads as uncertain', () => {
  assert.equal(answer({ predicted_class: null, confidence: 0.3 }), 'unknown: uncertain');
});

test('an unfamiliar reason is still shown in words, without a made-up explanation', () => {
  const p = { predicted_class: null, unknown_reason: 'constructor' };
  assert.equal(answer(p), 'unknown: constructor');
  assert.equal(explainUnknown(p), '');
});

test('novelty is left out when the model has none', () => {
  assert.equal(novelty({ predicted_class: 'bird', novelty: null }), '');
  assert.equal(novelty({ predicted_class: 'bird' }), '');
});
