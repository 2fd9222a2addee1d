package io.earshot.jobs;

/**
 * A job this worker now holds a lease on, in the lane it was claimed from.
 *
 * @param takeover true when the job was taken over from a worker whose lease expired
 */
public record ClaimedJob(JobSnapshot job, String workerId, boolean takeover) {

  public String jobId() {
    return job.jobId();
  }
}
