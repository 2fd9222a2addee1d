package io.earshot.jobs;

/**
 * Answer to a worker's heartbeat.
 *
 * @param leaseHeld false when the job was taken over or finished elsewhere: stop and discard work
 * @param cancelRequested true when someone asked to cancel: stop, then call {@link
 *     JobQueue#acknowledgeCancel}
 */
public record HeartbeatReply(boolean leaseHeld, boolean cancelRequested) {

  public boolean shouldStop() {
    return !leaseHeld || cancelRequested;
  }
}
