// Unit tests of how a drop becomes the files of one upload (no browser or server needed): the
// entries are shaped like the browser's FileSystemEntry API.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { droppedFiles } from '../../src/main/resources/webroot/js/dropped-files.js';

const file = (name) => ({ isFile: true, isDirectory: false, name, file: (ok) => ok({ name }) });

/** A folder whose reader answers at most 100 entries a call, as Chromium's does. */
function folder(name, children) {
  return {
    isFile: false,
    isDirectory: true,
    name,
    createReader() {
      let next = 0;
      return {
        readEntries(ok) {
          const batch = children.slice(next, next + 100);
          next += batch.length;
          setTimeout(() => ok(batch));
        },
      };
    },
  };
}

const drop = (...entries) => ({
  items: entries.map((entry) => ({ kind: 'file', webkitGetAsEntry: () => entry })),
  files: entries.map((entry) => ({ name: entry.name })),
});

test('a dropped folder of 200 clips gives all 200 files, in order', async () => {
  const clips = Array.from({ length: 200 }, (_, i) => file(`clip${i}.wav`));
  const files = await droppedFiles(drop(folder('birds', clips)));
  assert.equal(files.length, 200);
  assert.deepEqual(files.map((f) => f.name), clips.map((c) => c.name));
});

test('sub-folders are walked and hidden files left out', async () => {
  const files = await droppedFiles(drop(
    file('a.wav'),
    folder('more', [file('b.wav'), file('.DS_Store'), folder('deeper', [file('c.wav')]), folder('.git', [file('x')])]),
  ));
  assert.deepEqual(files.map((f) => f.name), ['a.wav', 'b.wav', 'c.wav']);
});

test('without entries (a synthetic drop, an older browser) the plain file list is used', async () => {
  const files = await droppedFiles({ items: [{ kind: 'file', webkitGetAsEntry: () => null }], files: [{ name: 'x.wav' }] });
  assert.deepEqual(files.map((f) => f.name), ['x.wav']);
  assert.deepEqual(await droppedFiles(undefined), []);
});

test('a folder that cannot be read falls back to the plain list rather than to nothing', async () => {
  const broken = { isFile: false, isDirectory: true, name: 'locked', createReader: () => ({ readEntries: (ok, fail) => fail(new Error('denied')) }) };
  const files = await droppedFiles(drop(broken));
  assert.deepEqual(files.map((f) => f.name), ['locked']);
});
