// The files of a drop, with dropped folders opened. A folder arrives in dataTransfer.files as one
// entry without content, so it is walked through the entries API instead (sub-folders too), and
// every file it holds goes into the same upload. No DOM here: unit-tested in e2e/tests.

/**
 * The files of a drop event's dataTransfer, in the order dropped, folders walked depth first.
 * Call it straight from the drop handler: the browser empties dataTransfer once the event ends,
 * so the entries are taken before the first await.
 */
export function droppedFiles(dataTransfer) {
  const entries = [...(dataTransfer?.items ?? [])]
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.())
    .filter(Boolean);
  const plain = [...(dataTransfer?.files ?? [])];
  if (entries.length === 0) return Promise.resolve(plain);
  // A folder the browser will not let us read: the plain list, whose bad entries the server
  // rejects one by one with a reason, rather than nothing at all.
  return collect(entries).catch(() => plain);
}

async function collect(entries) {
  const files = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;  // .DS_Store and friends are never clips
    if (entry.isFile) {
      files.push(await new Promise((resolve, reject) => entry.file(resolve, reject)));
    } else if (entry.isDirectory) {
      files.push(...await collect(await readAll(entry.createReader())));
    }
  }
  return files;
}

// readEntries answers a batch at a time (100 in Chromium) until it answers an empty one.
async function readAll(reader) {
  const all = [];
  for (;;) {
    const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
