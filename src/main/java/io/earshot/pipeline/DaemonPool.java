package io.earshot.pipeline;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fixed pools of daemon threads for one run of work, so a stuck decode never holds the JVM open.
 */
public final class DaemonPool {

  private DaemonPool() {}

  /** {@code threads} daemon threads named {@code name}; the caller shuts the pool down. */
  public static ExecutorService fixed(int threads, String name) {
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }
}
