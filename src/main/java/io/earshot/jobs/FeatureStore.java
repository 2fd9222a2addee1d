package io.earshot.jobs;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Training samples (features computed once at upload), shared by every instance.
 *
 * <p>Auto-retrain: {@link #countSinceLastTraining()} counts samples added since the last {@link
 * #markTrained()}. A trainer calls {@code markTrained()} when it starts reading samples, so uploads
 * that arrive during training count towards the next run.
 */
public interface FeatureStore {

  /** Stores the sample unless one with the same SHA-256 exists; true when it was new. */
  Future<Boolean> put(StoredSample sample);

  Future<Optional<StoredSample>> get(String sha256);

  /** Every sample extracted with {@code schemaId}, in no particular order. */
  Future<List<StoredSample>> all(String schemaId);

  /** Sample count per label, over all schemas. */
  Future<Map<String, Long>> counts();

  Future<Long> countSinceLastTraining();

  Future<Void> markTrained();
}
