package io.earshot.jobs.local;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.StoredSample;
import io.vertx.core.Future;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** In-memory samples for a single instance without Redis (lost on restart). */
public final class LocalFeatureStore implements FeatureStore {

  private final Map<String, StoredSample> samples = new LinkedHashMap<>();
  private long added;
  private long addedAtLastTraining;

  @Override
  public synchronized Future<Boolean> put(StoredSample sample) {
    if (samples.putIfAbsent(sample.sha256(), sample) != null) {
      return Future.succeededFuture(false);
    }
    added++;
    return Future.succeededFuture(true);
  }

  @Override
  public synchronized Future<Optional<StoredSample>> get(String sha256) {
    return Future.succeededFuture(Optional.ofNullable(samples.get(sha256)));
  }

  @Override
  public synchronized Future<List<StoredSample>> all(String schemaId) {
    return Future.succeededFuture(
        samples.values().stream().filter(sample -> sample.schemaId().equals(schemaId)).toList());
  }

  @Override
  public synchronized Future<Map<String, Long>> counts() {
    Map<String, Long> counts = new TreeMap<>();
    samples.values().forEach(sample -> counts.merge(sample.label(), 1L, Long::sum));
    return Future.succeededFuture(counts);
  }

  @Override
  public synchronized Future<Long> countSinceLastTraining() {
    return Future.succeededFuture(added - addedAtLastTraining);
  }

  @Override
  public synchronized Future<Void> markTrained() {
    addedAtLastTraining = added;
    return Future.succeededFuture();
  }
}
