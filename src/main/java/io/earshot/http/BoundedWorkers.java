package io.earshot.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounded hand-off from the event loop to the CPU-sized worker pool.
 *
 * <p>Work is admitted only while fewer than {@code capacity} tasks are running or waiting; past
 * that a submission fails at once with a 503 problem, so a flood never builds an unbounded queue
 * and the caller learns immediately when to come back.
 */
public final class BoundedWorkers implements AutoCloseable {
  private final WorkerExecutor executor;
  private final int capacity;
  private final int retryAfterSeconds;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicLong rejected = new AtomicLong();

  public BoundedWorkers(Vertx vertx, int threads, int queueCapacity, int retryAfterSeconds) {
    this.executor = vertx.createSharedWorkerExecutor("earshot-audio", threads);
    this.capacity = threads + queueCapacity;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Runs one task on a worker thread, or fails fast with 503 when the pool is saturated. */
  public <T> Future<T> submit(Callable<T> task) {
    if (!tryAdmit(1)) {
      return Future.failedFuture(overloaded());
    }
    return run(task);
  }

  /**
   * Admits {@code count} tasks all at once or none of them, so a batch never half-runs because the
   * queue filled up midway.
   */
  public boolean tryAdmit(int count) {
    while (true) {
      int current = admitted.get();
      if (current + count > capacity) {
        rejected.incrementAndGet();
        return false;
      }
      if (admitted.compareAndSet(current, current + count)) {
        return true;
      }
    }
  }

  /** Runs a task whose slot was already taken with {@link #tryAdmit(int)}. */
  public <T> Future<T> run(Callable<T> task) {
    return executor.<T>executeBlocking(task, false).andThen(done -> admitted.decrementAndGet());
  }

  public ProblemException overloaded() {
    return new ProblemException(
        Problem.overloaded(retryAfterSeconds).with("retry_after_s", retryAfterSeconds));
  }

  /** Tasks running or waiting now. */
  public int depth() {
    return admitted.get();
  }

  public long rejectedTotal() {
    return rejected.get();
  }

  public int capacity() {
    return capacity;
  }

  @Override
  public void close() {
    executor.close();
  }
}
