// In-distribution clips: made by scripts/generate-demo-data.sh, the generator the shipped model
// was trained with, so the shipped model answers them with a class. e2e/run.sh generates them and
// passes their folder in EARSHOT_E2E_CLIPS.
import fs from 'node:fs';
import path from 'node:path';

const HOW = 'run the tests through e2e/run.sh, or make the clips yourself with '
  + 'scripts/generate-demo-data.sh DIR --per-class 1 --classes bird,siren,engine --seed 3 --duration 3 '
  + 'and set EARSHOT_E2E_CLIPS=DIR';

/**
 * The generated clips by class, from EARSHOT_E2E_CLIPS/MANIFEST.csv: { bird: { name, file, buffer }, ... }.
 * Throws, saying how to make them, when the folder, its manifest or a clip is missing.
 */
export function demoClips(classes, dir = process.env.EARSHOT_E2E_CLIPS) {
  if (!dir) throw new Error(`EARSHOT_E2E_CLIPS is not set: ${HOW}`);
  const manifest = path.join(dir, 'MANIFEST.csv');
  if (!fs.existsSync(manifest)) throw new Error(`${manifest} not found: ${HOW}`);
  const rows = fs.readFileSync(manifest, 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const clips = {};
  for (const label of classes) {
    const row = rows.find(([, cls]) => cls === label);
    if (!row) throw new Error(`no "${label}" clip in ${manifest}: ${HOW}`);
    const file = path.join(dir, row[0]);
    if (!fs.existsSync(file)) throw new Error(`${file} (listed in ${manifest}) not found: ${HOW}`);
    clips[label] = { name: path.basename(file), file, buffer: fs.readFileSync(file) };
  }
  return clips;
}
