package io.earshot.jobs.redis;

import java.time.Duration;

/** Exponential delays: 100 ms, 200 ms, 400 ms … capped; reset after a success. */
final class Backoff {

  private static final long FIRST_DELAY_MS = 100;

  private final long maxDelayMs;
  private int failures;

  Backoff(Duration max) {
    this.maxDelayMs = Math.max(FIRST_DELAY_MS, max.toMillis());
  }

  long nextDelayMs() {
    long delay = FIRST_DELAY_MS << Math.min(failures, 20);
    failures++;
    return Math.min(delay, maxDelayMs);
  }

  void reset() {
    failures = 0;
  }
}
