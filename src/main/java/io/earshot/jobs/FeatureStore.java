package io.earshot.jobs;

import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Training samples (features computed once at upload), shared by every instance.
 *
 * <p>A clip is a sample of its own; its augmented variants ({@link StoredSamples}) follow it: a
 * relabel or delete of the clip takes them along, in one atomic step.
 *
 * <p>Auto-retrain: {@link #countSinceLastTraining()} counts the clips no training has read under
 * their current label: new uploads and relabelled clips (a deleted clip leaves the count). A
 * trainer calls {@link #markTrained} with the clips it has just read, so uploads that arrive during
 * training count towards the next run.
 */
public interface FeatureStore {

  /** Stores the sample unless one with the same SHA-256 exists; true when it was new. */
  Future<Boolean> put(StoredSample sample);

  Future<Optional<StoredSample>> get(String sha256);

  /** Every sample extracted with {@code schemaId}, in no particular order. */
  Future<List<StoredSample>> all(String schemaId);

  /** Clip count per label, over all schemas. */
  Future<Map<String, Long>> counts();

  Future<Long> countSinceLastTraining();

  /**
   * Records the dataset a training has just read and marks its clips trained (those whose label has
   * not changed since).
   */
  Future<Void> markTrained(DatasetVersion dataset);

  /** A dataset a training recorded; empty when no training used that version here. */
  Future<Optional<DatasetVersion>> dataset(String version);

  /** Those of these hashes that name no stored clip, in input order. */
  Future<List<String>> missingClips(List<String> sha256s);

  /** One page of clips (no variants), newest first; {@code label} null for every label. */
  Future<SamplePage> clips(String label, int offset, int limit);

  /** A clip's or a variant's listing entry; empty when unknown. */
  Future<Optional<SampleInfo>> info(String sha256);

  /** The hashes of the clips labelled {@code label}. */
  Future<List<String>> clipsLabelled(String label);

  /**
   * Gives the clip and its variants another label.
   *
   * @return the label it had; empty when there is no such clip
   */
  Future<Optional<String>> relabel(String clipSha256, String label);

  /**
   * Deletes these clips with their variants, all in one step.
   *
   * @return the clips that were deleted, in input order (unknown ones are left out)
   */
  Future<List<String>> delete(List<String> clipSha256s);

  /**
   * Gives these samples (clips or variants) the vectors of another feature schema, all in one step:
   * a sample changes only while it is stored under {@code fromSchemaId}, so a sample deleted or
   * already upgraded meanwhile is left alone, and labels, listings and the trained marks are kept.
   *
   * @param features the new vector of each sample, by SHA-256 (its store key)
   * @return the samples that changed
   */
  Future<Integer> replaceFeatures(
      String fromSchemaId, String toSchemaId, Map<String, float[]> features);

  /**
   * Brings the clips of {@code schemaId} that an earlier version stored into the listings, once;
   * nothing to do for a store that never lacked them.
   *
   * @return the clips it listed
   */
  default Future<Long> indexEarlierClips(String schemaId) {
    return Future.succeededFuture(0L);
  }
}
