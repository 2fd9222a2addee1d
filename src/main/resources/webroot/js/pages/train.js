// Train: add labelled clips, see the dataset, start a retrain and follow it live, job history.
import { getJson, sendJson, postForm, describeError } from '../api.js';
import { h, pageHeading, replace, notice, announce, uid, stats, loadingCard, dataTable } from '../dom.js';
import { dropzone } from '../dropzone.js';
import { barList, lineChart } from '../charts.js';
import { watchJob, TERMINAL } from '../jobs.js';
import { pct, num, seconds, when, text, shortId } from '../format.js';

export function render(main) {
  const classList = h('datalist', { id: uid('classes') });
  const dataset = loadingCard('Dataset', () => loadDataset(classList), describeError);
  const history = loadingCard('Job history', () => loadHistory(follow, cancel), describeError);
  const monitor = jobMonitor(() => { history.reload(); dataset.reload(); });

  function follow(jobId) {
    monitor.watch(jobId);
  }

  async function cancel(jobId) {
    try {
      monitor.update(await sendJson(`jobs/${encodeURIComponent(jobId)}`, 'DELETE'));
      announce(`Job ${shortId(jobId)} cancelled.`);
    } catch (err) {
      announce(`Could not cancel: ${describeError(err)}`);
      monitor.error(`Could not cancel: ${describeError(err)}`);
    }
    history.reload();
  }
  monitor.onCancel = cancel;

  main.append(
    pageHeading('Train'),
    h('div', { class: 'grid' },
      uploadCard(classList, () => dataset.reload()),
      dataset.card),
    retrainCard(follow),
    monitor.card,
    history.card,
    classList);

  // Pick up a job that is already running, e.g. after a page reload.
  getJson('jobs?limit=20').then(({ items = [] }) => {
    const latest = items.find(isTraining);
    if (latest && !TERMINAL.has(latest.status)) follow(latest.job_id);
  }).catch(() => {});

  return () => monitor.stop();
}

function uploadCard(classList, onUploaded) {
  const labelId = uid('label');
  const labelInput = h('input', { type: 'text', id: labelId, list: classList.id, autocomplete: 'off', required: true, placeholder: 'e.g. bird' });
  const chosen = h('p', { class: 'muted small', 'aria-live': 'polite' }, 'No files chosen.');
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Upload');
  let files = [];

  function choose(list) {
    files = list;
    chosen.textContent = `${files.length} file${files.length === 1 ? '' : 's'} chosen: ${files.map((f) => f.name).join(', ')}`;
  }

  async function upload(event) {
    event.preventDefault();
    const label = labelInput.value.trim();
    if (!label) { replace(status, notice('error', 'Enter the class label these clips belong to.')); labelInput.focus(); return; }
    if (files.length === 0) { replace(status, notice('error', 'Choose or drop at least one audio file first.')); return; }
    const form = new FormData();
    form.append('label', label);
    for (const file of files) form.append('files', file);
    button.disabled = true;
    replace(status, h('p', { class: 'muted' }, `Uploading ${files.length} files as “${label}”…`));
    try {
      const result = await postForm('upload-data', form);
      replace(status, uploadSummary(label, result));
      files = [];
      chosen.textContent = 'No files chosen.';
      onUploaded();
    } catch (err) {
      replace(status, notice('error', `Upload failed: ${describeError(err)}`));
    } finally {
      button.disabled = false;
    }
  }

  return h('section', { class: 'card', 'aria-label': 'Add training clips' },
    h('h2', {}, 'Add training clips'),
    h('form', { onsubmit: upload, id: 'upload-form' },
      h('div', { class: 'field' }, h('label', { for: labelId }, 'Class label',
        h('span', { class: 'hint' }, ' — applies to every file in this upload')), labelInput),
      h('div', { style: { margin: '.75rem 0 .25rem' } },
        dropzone({ title: 'Drop labelled clips here, or choose files', hint: 'All of one class', onFiles: choose })),
      chosen,
      h('div', { class: 'actions' }, button)),
    status);
}

function uploadSummary(label, result) {
  const accepted = result.accepted ?? [];
  const rejected = result.rejected ?? [];
  const duplicates = accepted.filter((a) => a.duplicate).length;
  const parts = [notice(rejected.length ? 'error' : 'ok',
    `Added ${accepted.length - duplicates} new clip${accepted.length - duplicates === 1 ? '' : 's'} to “${label}”` +
    (duplicates ? ` (${duplicates} already stored)` : '') +
    (rejected.length ? `; ${rejected.length} rejected.` : '.'))];
  if (rejected.length) {
    parts.push(h('ul', { class: 'small' }, rejected.map((r) => h('li', {}, h('strong', {}, r.filename), `: ${r.reason}`))));
  }
  return parts;
}

async function loadDataset(classList) {
  const d = await getJson('dataset');
  const counts = Object.entries(d.counts ?? {}).sort((a, b) => b[1] - a[1]);
  replace(classList, counts.map(([name]) => h('option', { value: name })));
  if (counts.length === 0) return h('p', { class: 'muted' }, 'No training clips yet. Upload labelled clips to start.');
  return [
    stats([['Clips', text(d.total)], ['Classes', counts.length], ['New since training', text(d.new_since_training)]]),
    barList(counts, { format: String, label: 'Clips per class' }),
  ];
}

function numberField(name, labelText, hint, attrs) {
  const id = uid(name);
  return h('div', { class: 'field' },
    h('label', { for: id }, labelText, hint ? h('span', { class: 'hint' }, ` ${hint}`) : null),
    h('input', { type: 'number', id, name, inputmode: 'decimal', ...attrs }));
}

function retrainCard(follow) {
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const augmentId = uid('augment');
  const forceId = uid('force');
  const form = h('form', { id: 'retrain-form', novalidate: false },
    h('p', { class: 'muted small' }, 'Leave a field empty to use the server default.'),
    h('div', { class: 'form-grid' },
      numberField('rounds', 'Boosting rounds', '', { min: 1, step: 1, placeholder: 'default' }),
      numberField('max_depth', 'Max tree depth', '', { min: 1, step: 1, placeholder: 'default' }),
      numberField('eta', 'Learning rate (eta)', '', { min: 0.001, max: 1, step: 'any', placeholder: 'default' }),
      numberField('cv', 'Cross-validation folds', '', { min: 2, step: 1, placeholder: 'none' }),
      numberField('trials', 'Search trials', '', { min: 1, step: 1, placeholder: 'no search' }),
      numberField('time_s', 'Search time limit (s)', '', { min: 1, step: 1, placeholder: 'none' }),
      h('div', { class: 'field' }, h('label', { for: augmentId }, 'Augmentation'),
        h('select', { id: augmentId, name: 'augment' },
          h('option', { value: '' }, 'Server default'), h('option', { value: 'true' }, 'On'), h('option', { value: 'false' }, 'Off')))),
    h('p', { class: 'check' }, h('input', { type: 'checkbox', id: forceId, name: 'force' }),
      h('label', { for: forceId }, 'Promote the new model even if it scores worse than the active one')),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Start retraining')));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!form.reportValidity()) return;
    const button = form.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      const job = await sendJson('retrain', 'POST', retrainParams(form));
      replace(status, notice('ok', `Job ${shortId(job.job_id)} queued.`));
      follow(job.job_id);
    } catch (err) {
      replace(status, notice('error', `Could not start retraining: ${describeError(err)}`));
    } finally {
      button.disabled = false;
    }
  });
  return h('section', { class: 'card', 'aria-label': 'Retrain' }, h('h2', {}, 'Retrain'), form, status);
}

/** Only the fields the user filled in, typed as the API expects. */
export function retrainParams(form) {
  const value = (name) => form.elements[name].value.trim();
  const params = {};
  for (const name of ['rounds', 'max_depth', 'cv']) if (value(name)) params[name] = parseInt(value(name), 10);
  if (value('eta')) params.eta = parseFloat(value('eta'));
  if (value('augment')) params.augment = value('augment') === 'true';
  if (form.elements.force.checked) params.force = true;
  if (value('trials') || value('time_s')) {
    params.search = {};
    if (value('trials')) params.search.trials = parseInt(value('trials'), 10);
    if (value('time_s')) params.search.time_s = parseFloat(value('time_s'));
  }
  return params;
}

/** The live view of one job: progress bar, metric curve, result, cancel. */
function jobMonitor(onFinished) {
  const title = h('h2', {}, 'Current job');
  const statusLine = h('p', { id: 'job-status' });
  const fill = h('div', { class: 'fill' });
  const bar = h('div', {
    class: 'progress', role: 'progressbar', id: 'job-progress', 'aria-label': 'Training progress',
    'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0',
  }, fill);
  const detail = h('p', { class: 'muted small', id: 'job-detail' });
  const chartBox = h('div', { id: 'job-chart' });
  const resultBox = h('div', { role: 'status', 'aria-live': 'polite', id: 'job-result' });
  const cancelButton = h('button', { class: 'danger', type: 'button' }, 'Cancel job');
  const card = h('section', { class: 'card', 'aria-label': 'Current job', hidden: true },
    title, statusLine, bar, detail, chartBox, h('div', { class: 'actions' }, cancelButton), resultBox);

  let watcher = null;
  let jobId = null;
  let curve = [];          // [round, train, validation]
  let metricName = 'metric';
  let lastAnnounced = '';
  let lastMilestone = -1;

  const monitor = {
    card,
    onCancel: null,
    watch(id) {
      watcher?.stop();
      jobId = id;
      curve = [];
      lastAnnounced = '';
      lastMilestone = -1;
      card.hidden = false;
      title.textContent = `Job ${shortId(id)}`;
      fill.style.width = '0%';
      bar.setAttribute('aria-valuenow', '0');
      bar.classList.remove('done', 'failed');
      replace(statusLine, 'Loading job…');
      replace(detail);
      replace(chartBox);
      replace(resultBox);
      watcher = watchJob(id, (update) => monitor.update(update));
    },
    update(snapshot) {
      if (!snapshot || snapshot.job_id !== jobId) return;
      const status = snapshot.status;
      const progress = snapshot.progress ?? {};
      addPoint(progress, snapshot.event);
      const percent = status === 'succeeded' ? 100 : Math.max(0, Math.min(100, progress.percent ?? currentPercent()));
      fill.style.width = `${percent}%`;
      bar.setAttribute('aria-valuenow', String(Math.round(percent)));
      bar.setAttribute('aria-valuetext', `${percent.toFixed(0)}%`);
      bar.classList.toggle('done', status === 'succeeded');
      bar.classList.toggle('failed', status === 'failed' || status === 'dead');
      replace(statusLine, 'Status: ', h('strong', { class: `status-${status}` }, status), ` · ${percent.toFixed(0)}%`);
      replace(detail, [
        progress.phase ? `Phase ${progress.phase}` : null,
        progress.round !== undefined ? `round ${progress.round}${progress.total_rounds ? ` of ${progress.total_rounds}` : ''}` : null,
        progress.eta_s !== undefined && !TERMINAL.has(status) ? `about ${seconds(progress.eta_s)} left` : null,
      ].filter(Boolean).join(' · '));
      cancelButton.hidden = TERMINAL.has(status);
      replace(chartBox, lineChart([
        { name: `train ${metricName}`, points: curve.map(([r, t]) => [r, t]) },
        { name: `validation ${metricName}`, points: curve.map(([r, , v]) => [r, v]) },
      ], { xLabel: 'round', yLabel: metricName, title: 'Training curve' }));
      speak(status, percent);
      if (TERMINAL.has(status)) showResult(snapshot);
    },
    error(message) {
      replace(resultBox, notice('error', message));
    },
    stop() {
      watcher?.stop();
    },
  };

  function currentPercent() {
    return Number(bar.getAttribute('aria-valuenow')) || 0;
  }

  function addPoint(progress, event) {
    if (progress.metric) metricName = progress.metric;
    if (progress.round === undefined) return;
    const last = curve.at(-1);
    if (event === 'trial' || (last && progress.round < last[0])) curve = [];   // a new search trial starts over
    if (last && last[0] === progress.round) curve.pop();
    curve.push([progress.round, progress.train_metric, progress.validation_metric]);
  }

  // Announce status changes and every quarter of progress, not every round.
  function speak(status, percent) {
    const milestone = Math.floor(percent / 25);
    if (status !== lastAnnounced) {
      announce(`Training ${status}${status === 'running' ? `, ${percent.toFixed(0)}%` : ''}.`);
      lastAnnounced = status;
      lastMilestone = milestone;
    } else if (status === 'running' && milestone > lastMilestone) {
      announce(`Training ${percent.toFixed(0)}% done.`);
      lastMilestone = milestone;
    }
  }

  function showResult(snapshot) {
    const r = snapshot.result;
    if (snapshot.status === 'succeeded' && r) {
      replace(resultBox, notice('ok',
        `Model v${text(r.model_version)} trained: accuracy ${pct(r.metrics?.accuracy)}, macro F1 ${num(r.metrics?.macro_f1)}. `,
        r.promoted ? 'It is now the active model.' : 'It was kept but not promoted, because it did not beat the active model. You can activate it on the Models page.'));
    } else if (snapshot.status !== 'succeeded') {
      replace(resultBox, notice(snapshot.status === 'cancelled' ? '' : 'error',
        snapshot.status === 'cancelled' ? 'The job was cancelled.' : `The job ${snapshot.status}: ${text(snapshot.error)}`));
    }
    if (r?.promoted) window.dispatchEvent(new Event('earshot:model-changed'));
    onFinished();
  }

  cancelButton.addEventListener('click', () => monitor.onCancel?.(jobId));
  return monitor;
}

// The jobs list holds every lane's jobs; this page is about trainings (recording analyses are the
// Analyze page's). A job stored before lanes existed has no type and was a training.
function isTraining(job) {
  return (job.type ?? 'retrain') === 'retrain';
}

async function loadHistory(follow, cancel) {
  const { items: all = [] } = await getJson('jobs?limit=60');
  const items = all.filter(isTraining).slice(0, 20);
  if (items.length === 0) return h('p', { class: 'muted' }, 'No jobs yet.');
  return dataTable({
    id: 'job-history',
    label: 'Job history table',
    columns: [{ title: 'Job' }, { title: 'Status' }, { title: 'Created' }, { title: 'Finished' },
      { title: 'Model' }, { title: 'Accuracy', num: true }, { title: 'Actions', hidden: true }],
    rows: items.map((job) => ({
      cells: [
        h('code', { title: job.job_id }, shortId(job.job_id)),
        [h('span', { class: `status-${job.status}` }, job.status), job.error ? h('div', { class: 'small muted' }, job.error) : null],
        when(job.created_at),
        when(job.finished_at),
        job.result?.model_version ? `v${job.result.model_version}${job.result.promoted ? ' (promoted)' : ''}` : '–',
        pct(job.result?.metrics?.accuracy),
        h('span', { class: 'actions' },
          h('button', { class: 'secondary', type: 'button', onclick: () => follow(job.job_id), 'aria-label': `Show job ${shortId(job.job_id)}` }, 'Show'),
          TERMINAL.has(job.status) ? null
            : h('button', { class: 'danger', type: 'button', onclick: () => cancel(job.job_id), 'aria-label': `Cancel job ${shortId(job.job_id)}` }, 'Cancel')),
      ],
    })),
  });
}
