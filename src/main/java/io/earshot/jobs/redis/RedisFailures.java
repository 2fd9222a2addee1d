package io.earshot.jobs.redis;

import io.earshot.jobs.StoreUnavailableException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/** Tells a Redis that is away from a Redis that answered with an error. */
final class RedisFailures {

  /**
   * Error replies that mean "not now": the client's own code for a connection that closed under a
   * command, and the server's while it loads its data (after a restart, from the append-only file)
   * or while a failover or cluster reconfiguration is under way.
   */
  private static final Pattern TRANSIENT =
      Pattern.compile("\\b(CONNECTION_CLOSED|LOADING|MASTERDOWN|TRYAGAIN|CLUSTERDOWN)\\b");

  private RedisFailures() {}

  /** The failure as a {@link StoreUnavailableException} when Redis was unreachable, else as is. */
  static Throwable classify(Throwable failure) {
    return unreachable(failure) ? new StoreUnavailableException(failure) : failure;
  }

  static boolean unreachable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof StoreUnavailableException
          || t instanceof IOException
          || t instanceof TimeoutException) {
        return true;
      }
      String name = t.getClass().getSimpleName();
      if (name.contains("Timeout") || name.contains("TooBusy")) {
        return true; // Vert.x's pool and request timeouts have no common supertype to test
      }
      if (t.getMessage() != null && TRANSIENT.matcher(t.getMessage()).find()) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
