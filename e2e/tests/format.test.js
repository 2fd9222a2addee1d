// Unit tests of how the dashboard words training sizes and drift (no browser or server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  countOf, trainingSize, driftLevel, driftProgress, sentence,
} from '../../src/main/resources/webroot/js/format.js';

// GET /api/v1/model-info's sample_counts for the shipped model (models/model.json).
const SHIPPED = {
  total: { background: 60, bird: 60, engine: 60, gunshot: 60, siren: 60, speech: 60 },
  train: { background: 48, bird: 48, engine: 48, gunshot: 48, siren: 48, speech: 48 },
  holdout: { background: 12, bird: 12, engine: 12, gunshot: 12, siren: 12, speech: 12 },
  clips: 360,
};

test('per-class count maps are summed, plain numbers kept, anything else is nothing', () => {
  assert.equal(countOf({ bird: 48, siren: 40 }), 88);
  assert.equal(countOf(7), 7);
  assert.equal(countOf({}), null);
  assert.equal(countOf(null), null);
  assert.equal(countOf('12'), null);
});

test('sample counts read as clips trained on and held out, never as an object', () => {
  assert.equal(trainingSize(SHIPPED), '288 clips, 72 held out');
  assert.equal(trainingSize({ train: { a: 6, b: 6 }, holdout: { a: 2, b: 2 }, total: { a: 8, b: 8 }, clips: 16 }),
    '12 clips, 4 held out');
  assert.equal(trainingSize(undefined), '');
  assert.equal(trainingSize({}), '');
  // An older answer with plain numbers still reads.
  assert.equal(trainingSize({ train: 80, validation: 20 }), '80 clips, 20 held out');
});

test('augmented copies are counted as samples, with the distinct clips beside them', () => {
  const augmented = { total: { a: 40, b: 40 }, train: { a: 32, b: 32 }, holdout: { a: 8, b: 8 }, clips: 20 };
  assert.equal(trainingSize(augmented), '64 samples, 16 held out (80 samples from 20 distinct clips)');
});

test('drift levels and progress in words', () => {
  assert.equal(driftLevel('shift'), 'Shift');
  assert.equal(driftLevel('stable'), 'Stable');
  assert.equal(driftLevel('insufficient_data'), 'Not enough clips yet');
  assert.equal(driftLevel('something_new'), 'something_new');
  assert.equal(driftProgress({ window: 12, minimum_window: 200 }), '12 of 200 clips so far');
  assert.equal(driftProgress({ window: 0, minimum_window: 200 }), '0 of 200 clips so far');
  assert.equal(sentence('retrain it to watch drift'), 'retrain it to watch drift.');
  assert.equal(sentence('already said.'), 'already said.');
});
