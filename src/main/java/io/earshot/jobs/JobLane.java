package io.earshot.jobs;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One lane of the job queue: its own list of queued jobs and its own leases, with at most {@code
 * capacity} jobs RUNNING at once across all instances (0 = no limit). Lanes share the job records,
 * so any lane's queue can read, list and cancel a job of any lane.
 *
 * @param name lowercase letters, digits and dashes; Redis keys of the lane start with {@code
 *     <prefix><name>:}
 * @param capacity the most jobs of this lane RUNNING at once across all instances; 0 = unbounded
 */
public record JobLane(String name, int capacity) {

  // declared before the lanes below: their constructor needs them
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /**
   * Names whose keys would mix with other key families ({@code job:<id>}, {@code model:<v>}, {@code
   * models:*}, {@code sample:<sha>}, {@code samples:*}).
   */
  private static final Set<String> RESERVED = Set.of("job", "model", "models", "sample", "samples");

  /** Retraining: one at a time everywhere. Named "jobs" so its list keeps the key it always had. */
  public static final JobLane TRAINING = new JobLane("jobs", 1);

  /** Background analysis of long recordings: every worker instance claims its own. */
  public static final JobLane ANALYSIS = new JobLane("analysis", 0);

  public JobLane {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "lane name must be lowercase letters, digits and dashes, got '" + name + "'");
    }
    if (RESERVED.contains(name)) {
      throw new IllegalArgumentException("lane name '" + name + "' is reserved");
    }
    if (capacity < 0) {
      throw new IllegalArgumentException("lane capacity must be 0 or more, got " + capacity);
    }
  }

  public boolean unbounded() {
    return capacity == 0;
  }
}
