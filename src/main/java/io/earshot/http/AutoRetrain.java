package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Queues a retrain once the clips no training has read (new uploads, relabelled clips) reach {@code
 * auto_retrain_threshold}; 0 turns it off. The queue merges it with an identical queued retrain.
 */
final class AutoRetrain {
  private final FeatureStore store;
  private final JobQueue queue;
  private final int threshold;

  AutoRetrain(FeatureStore store, JobQueue queue, int threshold) {
    this.store = store;
    this.queue = queue;
    this.threshold = threshold;
  }

  /** The id of the retrain it queued, if the data changed enough. */
  Future<Optional<String>> check() {
    if (threshold <= 0) {
      return Future.succeededFuture(Optional.empty());
    }
    return store
        .countSinceLastTraining()
        .compose(
            count ->
                count < threshold
                    ? Future.succeededFuture(Optional.<String>empty())
                    : queue
                        .submit(JobRequest.retrain(new JsonObject()))
                        .map(job -> Optional.of(job.jobId())));
  }
}
