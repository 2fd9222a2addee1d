package io.earshot.jobs;

import static io.earshot.testing.Await.await;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the job queue contract suites share: a Vert.x whose job events are recorded, queues of one
 * back end per test (subclasses supply it), and requests to queue.
 */
abstract class JobQueueHarness {

  /** Short, so that takeover tests run quickly; the suites wait in multiples of it. */
  static final Duration VISIBILITY = Duration.ofMillis(400);

  Vertx vertx;
  final List<JsonObject> events = new CopyOnWriteArrayList<>();

  /**
   * A queue for {@code lane}; events must reach {@link JobEvents#ADDRESS} on vertx. The queues one
   * test creates share one back end (the same jobs), as the lanes of one instance do; a test passes
   * the same options every time.
   */
  abstract Future<JobQueue> createQueue(Vertx vertx, JobQueueOptions options, JobLane lane);

  abstract Future<Void> closeBackEnd();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(JobEvents.ADDRESS, message -> events.add(message.body()));
  }

  @AfterEach
  void stopVertx() throws Exception {
    await(closeBackEnd());
    await(vertx.close());
  }

  /** The training lane. */
  JobQueue queue(int maxAttempts) throws Exception {
    return queue(maxAttempts, JobLane.TRAINING);
  }

  /** A lane whose leases outlast any test: for tests that are not about expiry. */
  JobQueue steadyQueue(JobLane lane) throws Exception {
    return await(createQueue(vertx, JobQueueOptions.DEFAULTS, lane));
  }

  /** The training lane with leases of the given length. */
  JobQueue queue(Duration visibility) throws Exception {
    return await(
        createQueue(
            vertx, JobQueueOptions.DEFAULTS.withVisibilityTimeout(visibility), JobLane.TRAINING));
  }

  JobQueue queue(int maxAttempts, JobLane lane) throws Exception {
    return await(
        createQueue(
            vertx,
            JobQueueOptions.DEFAULTS.withVisibilityTimeout(VISIBILITY).withMaxAttempts(maxAttempts),
            lane));
  }

  static JobRequest retrain(String key, Object value) {
    return JobRequest.retrain(new JsonObject().put(key, value));
  }

  static JobRequest analyse(String recording) {
    return new JobRequest("analysis", new JsonObject().put("recording", recording));
  }

  static List<String> ids(List<JobSnapshot> jobs) {
    return jobs.stream().map(JobSnapshot::jobId).toList();
  }

  List<String> types() {
    return events.stream().map(event -> event.getString("type")).toList();
  }
}
