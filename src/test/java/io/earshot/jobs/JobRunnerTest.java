package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.local.LocalJobEvents;
import io.earshot.jobs.local.LocalJobQueue;
import io.earshot.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The generic runner with a small job type of its own, over the in-process queue. */
class JobRunnerTest {
  static final Duration VISIBILITY = Duration.ofMillis(300);
  static final Duration WAIT = Duration.ofSeconds(10);

  Vertx vertx;
  JobQueue queue;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    queue =
        new LocalJobQueue(
            new LocalJobEvents(vertx),
            JobQueueOptions.DEFAULTS.withVisibilityTimeout(VISIBILITY),
            new JobLane("sums", 0));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  /** Sums params.n on the job thread; the commit records it, unless told how to fail. */
  static final class SumJob implements JobHandler<Integer> {
    final AtomicInteger commits = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    volatile boolean holdUntilReleased;
    volatile boolean loopUntilStopped;
    volatile RuntimeException failure;

    @Override
    public String type() {
      return "sum";
    }

    @Override
    public Future<Integer> work(JobContext job) {
      int n = job.params().getInteger("n", 0);
      return job.blocking(
          () -> {
            if (failure != null) {
              throw failure;
            }
            if (holdUntilReleased) {
              release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
            while (loopUntilStopped && !job.shouldStop()) {
              job.progress(new JsonObject().put("spinning", true), false);
              Thread.onSpinWait();
            }
            return n * (n + 1) / 2;
          });
    }

    @Override
    public Future<JsonObject> commit(JobContext job, Integer sum) {
      commits.incrementAndGet();
      return Future.succeededFuture(new JsonObject().put("sum", sum));
    }
  }

  JobRunnerVerticle<Integer> deploy(SumJob handler, Duration runnerVisibility) throws Exception {
    JobRunnerVerticle<Integer> runner =
        new JobRunnerVerticle<>("test:1", queue, handler, Duration.ofMillis(50), runnerVisibility);
    await(vertx.deployVerticle(runner));
    return runner;
  }

  JobSnapshot submit(int n) throws Exception {
    return await(queue.submit(new JobRequest("sum", new JsonObject().put("n", n))));
  }

  JobSnapshot waitFor(String jobId, JobStatus status) throws Exception {
    Await.until(
        WAIT,
        "job " + jobId + " " + status,
        () -> {
          try {
            return await(queue.get(jobId)).orElseThrow().status() == status;
          } catch (Exception e) {
            return false;
          }
        });
    return await(queue.get(jobId)).orElseThrow();
  }

  @Test
  void aJobsWorkIsCommittedAndItsResultRecorded() throws Exception {
    SumJob handler = new SumJob();
    deploy(handler, VISIBILITY);
    JobSnapshot job = submit(10);
    JobSnapshot done = waitFor(job.jobId(), JobStatus.SUCCEEDED);
    assertEquals(55, done.result().getInteger("sum"));
    assertEquals(1, handler.commits.get());
  }

  @Test
  void badInputFailsForGoodWhileOtherFailuresAreRetried() throws Exception {
    SumJob handler = new SumJob();
    handler.failure = new IllegalArgumentException("n must be small");
    deploy(handler, VISIBILITY);
    JobSnapshot bad = waitFor(submit(1).jobId(), JobStatus.FAILED);
    assertEquals("n must be small", bad.error());
    assertEquals(1, bad.attempts());

    handler.failure = new IllegalStateException("disk full");
    JobSnapshot flaky = waitFor(submit(2).jobId(), JobStatus.DEAD);
    assertEquals(JobQueueOptions.DEFAULTS.maxAttempts(), flaky.attempts(), "retried each time");
    assertEquals(0, handler.commits.get());
  }

  @Test
  void aCancelStopsTheWorkAndNothingIsCommitted() throws Exception {
    SumJob handler = new SumJob();
    handler.loopUntilStopped = true;
    deploy(handler, VISIBILITY);
    JobSnapshot job = submit(3);
    waitFor(job.jobId(), JobStatus.RUNNING);
    await(queue.cancel(job.jobId()));
    waitFor(job.jobId(), JobStatus.CANCELLED);
    assertEquals(0, handler.commits.get());
  }

  @Test
  void aWorkerWhoseLeaseWasTakenOverNeverCommits() throws Exception {
    SumJob handler = new SumJob();
    handler.holdUntilReleased = true;
    // heartbeats far apart: the lease lapses while the work is held, as in a long GC pause
    JobRunnerVerticle<Integer> runner = deploy(handler, Duration.ofMinutes(3));
    JobSnapshot job = submit(4);
    waitFor(job.jobId(), JobStatus.RUNNING);
    Await.until(
        WAIT,
        "takeover by w2",
        () -> {
          try {
            return await(queue.claim("w2")).isPresent();
          } catch (Exception e) {
            return false;
          }
        });
    handler.release.countDown();
    // the first worker's work ends now; wait until its run has settled one way or the other
    Await.until(WAIT, "first runner settled", runner::idle);
    JobSnapshot after = await(queue.get(job.jobId())).orElseThrow();
    await(queue.complete(job.jobId(), "w2", new JsonObject().put("by", "w2")));
    assertEquals(0, handler.commits.get(), "the old holder committed after losing its lease");
    assertEquals("w2", after.workerId());
    assertEquals("w2", await(queue.get(job.jobId())).orElseThrow().result().getString("by"));
    assertTrue(after.attempts() >= 2);
  }
}
