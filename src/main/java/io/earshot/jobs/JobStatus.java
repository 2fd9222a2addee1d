package io.earshot.jobs;

import java.util.Locale;

/** Life cycle of a job: QUEUED → RUNNING → one of the terminal states. */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  /** Failed for good: retrying would not help (bad parameters, not enough data). */
  FAILED,
  CANCELLED,
  /** Dead letter: every allowed attempt failed or its workers died. */
  DEAD;

  public boolean isTerminal() {
    return this != QUEUED && this != RUNNING;
  }

  /** Lower-case name used in JSON. */
  public String json() {
    return name().toLowerCase(Locale.ROOT);
  }
}
