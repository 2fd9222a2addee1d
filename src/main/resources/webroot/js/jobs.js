// Follows one job: WebSocket events when the socket works, polling of GET /jobs/{id} otherwise.
// A slow poll also runs beside the socket, so a job that finished before the socket opened,
// or an event lost on the way, still ends up shown correctly.
import { getJson, wsUrl } from './api.js';

export const TERMINAL = new Set(['succeeded', 'failed', 'cancelled', 'dead']);

const EVENT_STATUS = {
  queued: 'queued', started: 'running', progress: 'running', trial: 'running',
  finished: 'succeeded', failed: 'failed', cancelled: 'cancelled', dead: 'dead',
};

const PROGRESS_FIELDS = ['round', 'total_rounds', 'percent', 'train_metric', 'validation_metric', 'metric', 'eta_s', 'phase'];

/**
 * A WebSocket event reshaped like a job snapshot, so the page handles one shape. Progress may
 * come as top-level fields or as a nested object, and an event may carry the whole snapshot
 * (`job`) and its `status`; the most specific value wins.
 */
export function eventToUpdate(event) {
  const job = event.job && typeof event.job === 'object' ? event.job : {};
  const progress = { ...(job.progress ?? {}), ...(event.progress ?? {}) };
  for (const field of PROGRESS_FIELDS) if (event[field] !== undefined) progress[field] = event[field];
  let status = event.status ?? job.status ?? EVENT_STATUS[event.type] ?? 'running';
  // A failed attempt that will be retried is not the end of the job.
  if (event.type === 'failed' && event.will_retry && TERMINAL.has(status)) status = 'queued';
  return {
    ...job,
    job_id: event.job_id ?? job.job_id,
    status,
    event: event.type,
    progress: Object.keys(progress).length ? progress : undefined,
    result: event.result ?? job.result,
    error: event.error ?? job.error,
  };
}

/**
 * Calls onUpdate(snapshotLike, source) for every change until the job ends or stop() is called.
 * source is 'socket' or 'poll'.
 */
export function watchJob(id, onUpdate, { fastPollMs = 1000, slowPollMs = 5000 } = {}) {
  let stopped = false;
  let socket = null;
  let socketOpen = false;
  let timer = null;

  function finish() {
    stopped = true;
    clearTimeout(timer);
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'done');
  }

  function deliver(update, source) {
    if (stopped) return;
    onUpdate(update, source);
    if (TERMINAL.has(update.status)) finish();
  }

  function scheduleNext(delay) {
    clearTimeout(timer);         // at most one poll loop, whoever schedules
    if (!stopped) timer = setTimeout(poll, delay);
  }

  async function poll() {
    if (stopped) return;
    try {
      deliver(await getJson(`jobs/${encodeURIComponent(id)}`), 'poll');
    } catch (err) {
      if (err.status === 404) { deliver({ job_id: id, status: 'dead', error: 'This job no longer exists.' }, 'poll'); return; }
      // Network hiccup: keep polling.
    }
    scheduleNext(socketOpen ? slowPollMs : fastPollMs);
  }

  try {
    socket = new WebSocket(wsUrl(`ws/jobs/${encodeURIComponent(id)}`));
    socket.addEventListener('open', () => { socketOpen = true; });
    socket.addEventListener('message', (message) => {
      try {
        deliver(eventToUpdate(JSON.parse(message.data)), 'socket');
      } catch {
        // A frame that is not JSON is ignored; polling still covers us.
      }
    });
    socket.addEventListener('close', () => {
      socketOpen = false;
      scheduleNext(fastPollMs);  // socket gone: poll at full speed again
    });
  } catch {
    socket = null;               // no WebSocket support or a bad URL: polling alone
  }
  poll();
  return { stop: finish };
}
