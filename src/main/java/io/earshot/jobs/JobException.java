package io.earshot.jobs;

/** Why a queue operation was refused; subclasses map to HTTP 404 and 409. */
public class JobException extends RuntimeException {

  public JobException(String message) {
    super(message);
  }

  /** No job with that id (never existed, or finished longer ago than the retention). */
  public static final class UnknownJob extends JobException {
    public UnknownJob(String jobId) {
      super("no job with id " + jobId);
    }
  }

  /** The job is in a state that does not allow the operation (e.g. cancelling a finished job). */
  public static final class WrongState extends JobException {
    public WrongState(String jobId, JobStatus status, String operation) {
      super("cannot " + operation + " job " + jobId + ": it is " + status.json());
    }
  }

  /** The caller no longer holds the job: it was taken over by another worker or has finished. */
  public static final class LeaseLost extends JobException {
    public LeaseLost(String jobId, String workerId) {
      super("worker " + workerId + " no longer holds job " + jobId);
    }
  }
}
