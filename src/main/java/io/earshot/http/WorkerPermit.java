package io.earshot.http;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Slots one request holds on the worker pool, from admission until {@link #close()}.
 *
 * <p>The permit, not each task, owns the slots, so nothing that fails between admission and the
 * last task (a file that cannot be read, a store that is down, a handler that throws) can keep
 * them: closing gives back every slot not in use at once, and each slot still running a task when
 * that task ends. Closing twice is harmless. {@link BoundedWorkers#withPermit} closes it for you.
 */
public final class WorkerPermit implements AutoCloseable {
  private final WorkerExecutor executor;
  private final IntConsumer release;
  private final int slots;
  private int running;
  private boolean closed;

  WorkerPermit(WorkerExecutor executor, int slots, IntConsumer release) {
    this.executor = executor;
    this.slots = slots;
    this.release = release;
  }

  /** Slots held: the most tasks this permit runs at once. */
  public int slots() {
    return slots;
  }

  /**
   * Runs a task on a worker thread in one of this permit's slots. Fails without running it when the
   * permit is closed or every slot is busy (a caller running more tasks than it was admitted for is
   * a bug, never a reason to queue).
   */
  public <T> Future<T> run(Callable<T> task) {
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("the worker permit is closed"));
      }
      if (running == slots) {
        return Future.failedFuture(
            new IllegalStateException("all " + slots + " slots of this permit are busy"));
      }
      running++;
    }
    return executor.<T>executeBlocking(task, false).andThen(done -> taskEnded());
  }

  /**
   * Runs {@code step} for every item, at most {@link #slots()} at a time (a sliding window: the
   * next item starts as soon as one ends), and completes when every step has ended, with the
   * results in input order. A step that throws counts as a failed step; the returned future fails
   * with the first failure, but only after every step ended, so no task outlives it.
   */
  public <T, R> Future<List<R>> each(List<T> items, Function<T, Future<R>> step) {
    List<Future<R>> results = new ArrayList<>(items.size());
    List<Promise<R>> promises = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Promise<R> promise = Promise.promise();
      promises.add(promise);
      results.add(promise.future());
    }
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < Math.min(slots, items.size()); lane++) {
      lanes.add(nextStep(items, step, promises, next));
    }
    return Future.join(lanes)
        .transform(
            lanesDone ->
                Future.all(results).map(all -> results.stream().map(Future::result).toList()));
  }

  /**
   * One lane of the window: takes the next item, runs its step, then takes another. A step that
   * ends at once would recurse on this stack; real steps wait for the pool, so it stays flat.
   */
  private <T, R> Future<Void> nextStep(
      List<T> items, Function<T, Future<R>> step, List<Promise<R>> promises, AtomicInteger next) {
    int index = next.getAndIncrement();
    if (index >= items.size()) {
      return Future.succeededFuture();
    }
    Future<R> result;
    try {
      result = step.apply(items.get(index));
      if (result == null) {
        result = Future.failedFuture(new IllegalStateException("a step returned no future"));
      }
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    return result.transform(
        done -> {
          promises.get(index).handle(done);
          return nextStep(items, step, promises, next);
        });
  }

  private void taskEnded() {
    boolean giveBack;
    synchronized (this) {
      running--;
      giveBack = closed;
    }
    if (giveBack) {
      release.accept(1);
    }
  }

  /** Gives back the idle slots now and the busy ones as their tasks end. */
  @Override
  public void close() {
    int idle;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      idle = slots - running;
    }
    release.accept(idle);
  }
}
