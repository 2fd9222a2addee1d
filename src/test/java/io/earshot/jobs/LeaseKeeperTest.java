package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.local.LocalJobEvents;
import io.earshot.jobs.local.LocalJobQueue;
import io.earshot.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LeaseKeeperTest {

  static final Duration VISIBILITY = Duration.ofMillis(300);

  Vertx vertx;
  JobQueue queue;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    queue =
        new LocalJobQueue(
            new LocalJobEvents(vertx),
            JobQueueOptions.DEFAULTS.withVisibilityTimeout(VISIBILITY),
            JobLane.TRAINING);
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  ClaimedJob claimOne() throws Exception {
    await(queue.submit(JobRequest.retrain(new JsonObject())));
    return await(queue.claim("w1")).orElseThrow();
  }

  @Test
  void keepsTheLeaseWellPastTheVisibilityTimeoutAndSeesCancel() throws Exception {
    ClaimedJob job = claimOne();
    LeaseKeeper keeper = LeaseKeeper.start(vertx, queue, job, VISIBILITY.dividedBy(3));
    Thread.sleep(VISIBILITY.toMillis() * 3);
    assertTrue(await(queue.claim("w2")).isEmpty(), "still held by w1");
    assertFalse(keeper.shouldStop());

    await(queue.cancel(job.jobId()));
    Await.until(Duration.ofSeconds(5), "cancel seen", keeper::shouldStop);
    assertTrue(keeper.cancelRequested());
    assertFalse(keeper.leaseLost());
    keeper.stop();
  }

  @Test
  void reportsALeaseTakenOverByAnotherWorker() throws Exception {
    ClaimedJob job = claimOne();
    Thread.sleep(VISIBILITY.toMillis() * 2);
    assertTrue(await(queue.claim("w2")).isPresent(), "another worker takes the expired lease");

    LeaseKeeper keeper = LeaseKeeper.start(vertx, queue, job, VISIBILITY.dividedBy(3));
    Await.until(Duration.ofSeconds(5), "lease lost", keeper::leaseLost);
    assertFalse(keeper.cancelRequested());
    keeper.stop();
  }
}
