// Unit tests of how the Analyze page words times, and of the WAV helpers its browser test builds a
// recording with (no browser or server needed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clock, timeDigits, count } from '../../src/main/resources/webroot/js/format.js';
import { wav, readWav, concatWav, pcmWav } from '../lib/wav.js';

test('times within a recording read as m:ss.s, rounded before they are split', () => {
  assert.equal(clock(0), '0:00.0');
  assert.equal(clock(4.5), '0:04.5');
  assert.equal(clock(59.96), '1:00.0');
  assert.equal(clock(754.25, 2), '12:34.25');
  assert.equal(clock(3723, 0), '1:02:03');
  assert.equal(clock(90, 0), '1:30');
  assert.equal(clock(null), '–');
  assert.equal(clock(Number.NaN), '–');
});

test('an analysis with windows and hops in whole tenths needs one decimal, else two', () => {
  assert.equal(timeDigits({ window_s: 3, hop_s: 1.5 }), 1);
  assert.equal(timeDigits({ window_s: 2, hop_s: 0.3 }), 1);
  assert.equal(timeDigits({ window_s: 1, hop_s: 0.25 }), 2);
  assert.equal(timeDigits({}), 1);
  assert.equal(count(1, 'window'), '1 window');
  assert.equal(count(4, 'window'), '4 windows');
});

test('WAVs of one format are joined with silence in that format; other formats are refused', () => {
  const clip = wav([0.5, -0.5, 0.25], 16000);
  const joined = readWav(concatWav([{ silence: 0.001 }, clip, { silence: 0.0005 }]));
  assert.equal(joined.sampleRate, 16000);
  assert.equal(joined.channels, 1);
  assert.equal(joined.bitsPerSample, 16);
  assert.equal(joined.data.length, (16 + 3 + 8) * 2);
  assert.deepEqual([...joined.data.subarray(0, 32)], new Array(32).fill(0), 'digital silence first');
  assert.deepEqual(joined.data.subarray(32, 38), readWav(clip).data, 'then the clip, sample for sample');
  assert.throws(() => concatWav([clip, wav([0], 22050)]), /differ in format/);
  assert.throws(() => concatWav([{ silence: 1 }]), /at least one WAV/);
});

test('readWav skips chunks before the data, as SoX and others write them', () => {
  const plain = wav([0.1, 0.2], 8000);
  const list = Buffer.concat([Buffer.from('LIST'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc'), Buffer.from([0])]);
  const withList = Buffer.concat([plain.subarray(0, 36), list, plain.subarray(36)]);
  withList.writeUInt32LE(withList.length - 8, 4);
  assert.deepEqual(readWav(withList).data, readWav(plain).data);
  assert.deepEqual(readWav(pcmWav(readWav(plain).data, { sampleRate: 8000 })), readWav(plain));
});
