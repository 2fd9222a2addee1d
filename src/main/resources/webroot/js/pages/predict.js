// Predict: drop one clip (→ /predictions/single) or many (→ /predictions/batch) and see the
// class probabilities of each, why the model abstained (unknown: silent, novel or uncertain), or
// why a file could not be classified.
import { postForm, imageUrl, describeError } from '../api.js';
import { h, pageHeading, replace, notice, uid } from '../dom.js';
import { dropzone } from '../dropzone.js';
import { barList } from '../charts.js';
import { pct, ms, seconds, text, num, answer, unknownReason, explainUnknown, novelty } from '../format.js';

export function render(main) {
  const explainId = uid('explain');
  const explain = h('input', { type: 'checkbox', id: explainId });
  const status = h('div', { role: 'status', 'aria-live': 'polite', class: 'predict-status' });
  const results = h('div', { class: 'results', id: 'prediction-results' });

  async function classify(files) {
    replace(results);
    replace(status, h('p', { class: 'muted' }, `Classifying ${files.length === 1 ? files[0].name : `${files.length} files`}…`));
    try {
      if (files.length === 1) {
        const form = new FormData();
        form.append('file', files[0]);
        const prediction = await postForm(`predictions/single${explain.checked ? '?explain=true' : ''}`, form);
        results.append(resultCard(files[0].name, prediction, files[0]));
        replace(status, notice('ok', summary(files[0].name, prediction)));
      } else {
        const form = new FormData();
        for (const file of files) form.append('files', file);
        const batch = await postForm('predictions/batch', form);
        const items = batch.results ?? [];
        for (const item of items) {
          const file = files[item.index];
          results.append(item.error
            ? errorCard(item.filename ?? file?.name, item.error)
            : resultCard(item.filename ?? file?.name, item.prediction, file));
        }
        const failed = items.filter((item) => item.error).length;
        const unknown = items.filter((item) => item.prediction && unknownReason(item.prediction)).length;
        replace(status, notice(failed ? 'error' : 'ok',
          `${items.length - failed} of ${items.length} files classified` +
          (unknown ? `, ${unknown} as unknown` : '') +
          (failed ? `; ${failed} could not be read (see below).` : '.') +
          ` Total ${ms(batch.processing_time_ms)}.`));
      }
    } catch (err) {
      replace(status, notice('error', `Could not classify: ${describeError(err)}`));
    }
  }

  main.append(
    pageHeading('Predict'),
    h('section', { class: 'card', 'aria-label': 'Choose clips' },
      h('p', {}, 'Drop one clip to classify it, or several to classify them as a batch. WAV, MP3, FLAC and OGG are accepted.'),
      dropzone({ title: 'Drop audio files here, or choose files', hint: 'One file or many', onFiles: classify }),
      h('p', { class: 'check' }, explain, h('label', { for: explainId }, 'Explain single predictions (which features mattered most)'))),
    status,
    results);
}

function summary(filename, p) {
  if (!unknownReason(p)) return `${filename}: ${p.predicted_class}, ${pct(p.confidence)} confident.`;
  const why = explainUnknown(p);
  return `${filename}: ${answer(p)}${why ? ` (${why})` : ''}, best class ${pct(p.confidence)}.`;
}

/** The answer in large type, confidence and novelty beside it, and in words why it abstained. */
function verdict(p) {
  const reason = unknownReason(p);
  const why = explainUnknown(p);
  const figures = [reason ? `best class ${pct(p.confidence)}` : pct(p.confidence), novelty(p)].filter(Boolean).join(' · ');
  return [
    h('p', { class: reason ? 'verdict unknown' : 'verdict', 'data-unknown-reason': reason },
      answer(p), h('span', { class: 'muted small' }, ` ${figures}`)),
    why ? h('p', { class: 'verdict-why muted' }, `${why[0].toUpperCase()}${why.slice(1)}.`) : null,
  ];
}

function resultCard(filename, p, file) {
  const probabilities = Object.entries(p.probabilities ?? {}).sort((a, b) => b[1] - a[1]);
  const timing = p.timing_ms;
  const spectrogram = h('div', {});
  const card = h('article', { class: 'card result', 'aria-label': `Result for ${filename}` },
    h('h3', {}, filename),
    verdict(p),
    barList(probabilities, { max: 1, format: (v) => pct(v), label: `Class probabilities for ${filename}` }),
    h('p', { class: 'muted small' },
      `Processed in ${ms(p.processing_time_ms)} · clip ${seconds(p.duration_s)} · model v${text(p.model_version)}`,
      timing ? ` (decode ${ms(timing.decode)}, features ${ms(timing.features)}, scoring ${ms(timing.scoring)})` : ''),
    explanation(p.explanation, unknownReason(p) ? 'Why the most likely class' : 'Why this class'),
    file ? h('button', { class: 'secondary', onclick: (e) => showSpectrogram(e.currentTarget, file, spectrogram) }, 'Show spectrogram') : null,
    spectrogram);
  return card;
}

function explanation(items, title) {
  if (!Array.isArray(items) || items.length === 0) return null;
  const top = [...items].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, 8);
  return h('details', {},
    h('summary', {}, title),
    h('ul', { class: 'small' }, top.map((x) =>
      h('li', {}, `${x.feature}${x.group ? ` (${x.group})` : ''}: ${x.contribution >= 0 ? '+' : ''}${num(x.contribution)}`))));
}

async function showSpectrogram(button, file, target) {
  button.disabled = true;
  replace(target, h('p', { class: 'muted small' }, 'Drawing spectrogram…'));
  try {
    const form = new FormData();
    form.append('file', file);
    const src = await imageUrl('visualizations/spectrogram', { method: 'POST', form });
    replace(target, h('img', { src, alt: `Spectrogram and MFCC heat map of ${file.name}` }));
    button.remove();
  } catch (err) {
    replace(target, notice('error', `No spectrogram: ${describeError(err)}`));
    button.disabled = false;
  }
}

function errorCard(filename, problem) {
  const reason = problem?.detail || problem?.title || 'This file could not be classified.';
  return h('article', { class: 'card result', 'aria-label': `Error for ${filename}` },
    h('h3', {}, text(filename)),
    notice('error', reason));
}
