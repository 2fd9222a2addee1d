package io.earshot.config;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What one instance runs ({@code ROLES}, config {@code roles}): by default every {@link Role}, so a
 * single {@code java -jar} is the whole service; {@code http} alone for API replicas, {@code
 * training,analysis} for queue workers.
 */
public record Roles(Set<Role> set) {

  // declared before ALL: the constructor's message needs it
  private static final String KNOWN =
      "the roles are "
          + Arrays.stream(Role.values()).map(Role::id).collect(Collectors.joining(", "))
          + " (comma-separated)";

  /** Every role: one instance is the whole service. */
  public static final Roles ALL = new Roles(EnumSet.allOf(Role.class));

  public Roles {
    if (set.isEmpty()) {
      throw new ConfigException("an instance needs at least one role; " + KNOWN);
    }
    set = Collections.unmodifiableSet(EnumSet.copyOf(set));
  }

  /**
   * Parses {@code "http,training"} (case and spaces ignored).
   *
   * @throws ConfigException for an unknown name or none at all
   */
  public static Roles parse(String raw) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : raw.split(",")) {
      String id = name.trim().toLowerCase(Locale.ROOT);
      if (id.isEmpty()) {
        continue;
      }
      roles.add(
          Arrays.stream(Role.values())
              .filter(role -> role.id().equals(id))
              .findFirst()
              .orElseThrow(() -> new ConfigException("unknown role '" + id + "'; " + KNOWN)));
    }
    return new Roles(roles);
  }

  public boolean has(Role role) {
    return set.contains(role);
  }

  /** The role names in a fixed order: http, training, analysis. */
  public List<String> names() {
    return set.stream().map(Role::id).toList();
  }

  /**
   * An instance that runs only some roles leaves the others to other instances, and they meet
   * through Redis: the in-process queue is shared with no one, so a retrain queued on an API-only
   * instance would never run, and a worker would never see a job.
   *
   * @throws ConfigException when some role is left out and there is no Redis
   */
  public void requireSharedQueue(boolean redisEnabled) {
    if (!redisEnabled && !equals(ALL)) {
      throw new ConfigException(
          "ROLES="
              + this
              + " needs REDIS_URL: an instance that runs only some roles shares its jobs with the"
              + " instances that run the others through Redis, and without REDIS_URL the job queue"
              + " lives in this process alone. Set REDIS_URL, or leave ROLES unset to run every"
              + " role (http,training,analysis) in this one instance.");
    }
  }

  @Override
  public String toString() {
    return String.join(",", names());
  }
}
