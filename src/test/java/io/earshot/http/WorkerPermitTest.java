package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.Await.failureOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioDecodeException;
import io.earshot.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admission that cannot leak: whatever fails after a request took its worker slots, the slots come
 * back, and the pool admits a full load again.
 */
class WorkerPermitTest {
  private static final int THREADS = 2;
  private static final int QUEUE = 3;

  private Vertx vertx;
  private BoundedWorkers workers;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    workers = new BoundedWorkers(vertx, THREADS, QUEUE, 1);
  }

  @AfterEach
  void stop() throws Exception {
    workers.close();
    await(vertx.close());
  }

  @Test
  void aReadFailureInATaskGivesTheSlotsBack() throws Exception {
    Throwable failure =
        failureOf(
            workers.withPermit(
                2,
                permit ->
                    permit.run(
                        () -> {
                          throw new NoSuchFileException("/uploads/gone");
                        })));
    assertInstanceOf(IOException.class, failure);
    assertFullCapacityIsBack();
  }

  @Test
  void aDecodeFailureInATaskGivesTheSlotsBack() throws Exception {
    Throwable failure =
        failureOf(
            workers.withPermit(
                1,
                permit ->
                    permit.run(
                        () -> {
                          throw new AudioDecodeException(
                              AudioDecodeException.Reason.UNDECODABLE, "not audio");
                        })));
    assertInstanceOf(AudioDecodeException.class, failure);
    assertFullCapacityIsBack();
  }

  @Test
  void aStoreFailureAfterTheTasksGivesTheSlotsBack() throws Exception {
    Throwable failure =
        failureOf(
            workers.withPermit(
                2,
                permit ->
                    permit
                        .run(() -> "features")
                        .compose(
                            f -> Future.failedFuture(new IllegalStateException("redis down")))));
    assertEquals("redis down", failure.getMessage());
    assertFullCapacityIsBack();
  }

  @Test
  void aBodyThatThrowsGivesTheSlotsBack() throws Exception {
    Throwable failure =
        failureOf(
            workers.<String>withPermit(
                2,
                permit -> {
                  throw new IllegalArgumentException("bug in the handler");
                }));
    assertEquals("bug in the handler", failure.getMessage());
    assertFullCapacityIsBack();
  }

  @Test
  void aStepThatThrowsFailsTheWholeOnlyAfterTheOthersEndedAndGivesTheSlotsBack() throws Exception {
    AtomicInteger finished = new AtomicInteger();
    Throwable failure =
        failureOf(
            workers.withPermit(
                2,
                permit ->
                    permit.each(
                        List.of(1, 2, 3, 4),
                        i -> {
                          if (i == 2) {
                            throw new IllegalStateException("step " + i + " broke");
                          }
                          return permit.run(() -> finished.incrementAndGet());
                        })));
    assertEquals("step 2 broke", failure.getMessage());
    assertEquals(3, finished.get(), "the other steps still ran to their end");
    assertFullCapacityIsBack();
  }

  @Test
  void closingWhileATaskRunsGivesItsSlotBackWhenTheTaskEnds() throws Exception {
    WorkerPermit permit = workers.tryAdmit(2).orElseThrow();
    CountDownLatch release = new CountDownLatch(1);
    Future<Boolean> running = permit.run(() -> release.await(10, TimeUnit.SECONDS));
    permit.close();
    assertEquals(1, workers.depth(), "the idle slot is back at once, the busy one is not");
    permit.close();
    assertEquals(1, workers.depth(), "closing twice gives nothing back twice");
    assertInstanceOf(IllegalStateException.class, failureOf(permit.run(() -> 1)));
    release.countDown();
    assertTrue(await(running));
    Await.until(Duration.ofSeconds(5), "the busy slot back", () -> workers.depth() == 0);
    assertFullCapacityIsBack();
  }

  @Test
  void eachRunsAtMostThePermitsSlotsAtOnceAndAnswersInInputOrder() throws Exception {
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> items = IntStream.range(0, 40).boxed().toList();
    List<Integer> doubled =
        await(
            workers.withPermit(
                2,
                permit ->
                    permit.each(
                        items,
                        i ->
                            permit.run(
                                () -> {
                                  most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                  Thread.sleep(i % 3); // uneven tasks, so they finish out of order
                                  inFlight.decrementAndGet();
                                  return 2 * i;
                                }))));
    assertEquals(items.stream().map(i -> 2 * i).toList(), doubled);
    assertEquals(2, most.get(), "two slots, two tasks at a time");
    assertFullCapacityIsBack();
  }

  @Test
  void aRequestOfAnySizeTakesNoMoreSlotsThanThePoolHasThreads() {
    assertEquals(1, workers.slotsFor(1));
    assertEquals(THREADS, workers.slotsFor(200));
    assertTrue(workers.slotsFor(10_000) <= workers.capacity(), "always admittable when idle");
  }

  @Test
  void aFullPoolRefusesWith503AndRetryAfterWithoutCallingTheBody() throws Exception {
    WorkerPermit all = workers.tryAdmit(workers.capacity()).orElseThrow();
    AtomicInteger called = new AtomicInteger();
    Throwable refused =
        failureOf(
            workers.withPermit(
                1,
                permit -> {
                  called.incrementAndGet();
                  return Future.succeededFuture();
                }));
    ProblemException problem = assertInstanceOf(ProblemException.class, refused);
    assertEquals(503, problem.problem().status());
    assertEquals(1, problem.problem().extras().get("retry_after_s"));
    assertEquals(0, called.get());
    all.close();
    assertFullCapacityIsBack();
  }

  @Test
  void aTaskBeyondThePermitsSlotsIsRefusedNotQueued() throws Exception {
    Promise<Void> hold = Promise.promise();
    Throwable failure =
        failureOf(
            workers.withPermit(
                1,
                permit -> {
                  CountDownLatch release = new CountDownLatch(1);
                  Future<Boolean> first = permit.run(() -> release.await(10, TimeUnit.SECONDS));
                  Future<Integer> second = permit.run(() -> 2);
                  release.countDown();
                  return first.compose(ok -> second).onComplete(done -> hold.complete());
                }));
    assertTrue(failure.getMessage().contains("slots of this permit are busy"), failure.toString());
    await(hold.future());
    Await.until(Duration.ofSeconds(5), "the slot back", () -> workers.depth() == 0);
  }

  private void assertFullCapacityIsBack() {
    assertFullCapacityIsBack(workers);
  }

  /** Nothing held, and a load as large as the pool takes is admitted again. */
  static void assertFullCapacityIsBack(BoundedWorkers workers) {
    assertEquals(0, workers.depth(), "every worker slot given back");
    WorkerPermit full = workers.tryAdmit(workers.capacity()).orElseThrow();
    full.close();
    assertEquals(0, workers.depth());
  }
}
