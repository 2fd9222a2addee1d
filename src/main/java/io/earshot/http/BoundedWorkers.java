package io.earshot.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The bounded hand-off from the event loop to the CPU-sized worker pool.
 *
 * <p>Work is admitted only while fewer than {@code capacity} slots are held (running or waiting);
 * past that an admission fails at once with a 503 problem, so a flood never builds an unbounded
 * queue and the caller learns immediately when to come back.
 *
 * <p>A request holds its slots in a {@link WorkerPermit}, which gives them back whatever fails
 * after admission. A request of many files takes at most one slot per thread ({@link #slotsFor})
 * and streams its files through them, so its size never makes it un-admittable: on an idle pool
 * every request is admitted, and a 503 always means "come back later", never "too big".
 */
public final class BoundedWorkers implements AutoCloseable {
  private final WorkerExecutor executor;
  private final int threads;
  private final int capacity;
  private final int retryAfterSeconds;
  private final AtomicInteger admitted = new AtomicInteger();
  private final AtomicLong rejected = new AtomicLong();

  public BoundedWorkers(Vertx vertx, int threads, int queueCapacity, int retryAfterSeconds) {
    this.executor = vertx.createSharedWorkerExecutor("earshot-audio", threads);
    this.threads = threads;
    this.capacity = threads + queueCapacity;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Runs one task on a worker thread, or fails fast with 503 when the pool is saturated. */
  public <T> Future<T> submit(Callable<T> task) {
    return withPermit(1, permit -> permit.run(task));
  }

  /**
   * Slots for a request of {@code items} independent tasks: one per item up to the pool's threads.
   * More would not run any sooner; they would only wait in the queue other requests need.
   */
  public int slotsFor(int items) {
    return Math.max(1, Math.min(items, threads));
  }

  /**
   * Admits {@code slots} all at once or none of them, so a request never half-runs because the
   * queue filled up midway. The caller must close the permit; prefer {@link #withPermit}.
   */
  public Optional<WorkerPermit> tryAdmit(int slots) {
    if (slots < 1) {
      throw new IllegalArgumentException("a permit holds at least one slot, not " + slots);
    }
    while (true) {
      int current = admitted.get();
      if (current + slots > capacity) {
        rejected.incrementAndGet();
        return Optional.empty();
      }
      if (admitted.compareAndSet(current, current + slots)) {
        return Optional.of(
            new WorkerPermit(executor, slots, released -> admitted.addAndGet(-released)));
      }
    }
  }

  /**
   * Admits {@code slots}, hands the permit to {@code body} and closes it when the body's future
   * ends, or at once when the body throws; fails with a 503 problem, without calling the body, when
   * the pool is full.
   */
  public <T> Future<T> withPermit(int slots, Function<WorkerPermit, Future<T>> body) {
    Optional<WorkerPermit> admission = tryAdmit(slots);
    if (admission.isEmpty()) {
      return Future.failedFuture(overloaded());
    }
    WorkerPermit permit = admission.get();
    Future<T> result;
    try {
      result = Objects.requireNonNull(body.apply(permit), "the permit's body returned no future");
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.andThen(done -> permit.close());
  }

  public ProblemException overloaded() {
    return new ProblemException(
        Problem.overloaded(retryAfterSeconds).with("retry_after_s", retryAfterSeconds));
  }

  /** Slots held now: by tasks running or waiting, and by requests between their tasks. */
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
