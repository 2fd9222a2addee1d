package io.earshot.jobs;

import java.time.Duration;

/**
 * Tunables of a job queue.
 *
 * @param visibilityTimeout how long a claimed job stays with its worker without a heartbeat before
 *     another claimer may take it over (workers should beat at a third of this)
 * @param maxAttempts claims a job gets (first run, retries, takeovers) before it is DEAD
 * @param retention how long a finished job stays readable
 */
public record JobQueueOptions(Duration visibilityTimeout, int maxAttempts, Duration retention) {

  public static final JobQueueOptions DEFAULTS =
      new JobQueueOptions(Duration.ofSeconds(30), 3, Duration.ofDays(7));

  public JobQueueOptions {
    if (visibilityTimeout == null || visibilityTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("visibilityTimeout must be at least 1 ms");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (retention == null || retention.toSeconds() < 1) {
      throw new IllegalArgumentException("retention must be at least 1 s");
    }
  }

  public JobQueueOptions withVisibilityTimeout(Duration timeout) {
    return new JobQueueOptions(timeout, maxAttempts, retention);
  }

  public JobQueueOptions withMaxAttempts(int attempts) {
    return new JobQueueOptions(visibilityTimeout, attempts, retention);
  }
}
