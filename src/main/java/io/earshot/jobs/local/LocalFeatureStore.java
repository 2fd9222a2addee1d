package io.earshot.jobs.local;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.SampleInfo;
import io.earshot.jobs.SamplePage;
import io.earshot.jobs.StoredSample;
import io.earshot.jobs.StoredSamples;
import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples for a single instance without Redis: in memory, and, when opened on a directory,
 * journaled to {@code samples.jsonl}, one JSON line per change, appended: a sample (no {@code op}),
 * or {@code relabel}, {@code delete}, {@code trained}, {@code features} (new vectors after a
 * feature upgrade) naming every sample the change touches. One change is one line, so a change is
 * on disk entirely or (torn by a crash, skipped on load) not at all. When most lines are
 * superseded, opening the store rewrites the journal as the state it leads to ({@code dataset} and
 * {@code marks} lines keep the recorded datasets and the trained clips exactly). The legacy {@code
 * trained} file (the clip count at the last training) is still read.
 */
public final class LocalFeatureStore implements FeatureStore {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFeatureStore.class);
  private static final Comparator<StoredSample> NEWEST_FIRST =
      Comparator.comparing(StoredSample::at).thenComparing(StoredSample::sha256).reversed();

  private final Map<String, StoredSample> samples = new LinkedHashMap<>();
  private final Set<String> trained = new HashSet<>();
  private final Map<String, DatasetVersion> datasets = new HashMap<>();
  private final Vertx vertx;
  private final JournalFile journal;

  /** Memory only: everything is gone when the process ends. */
  public LocalFeatureStore() {
    this(null, null);
  }

  private LocalFeatureStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.journal = dir == null ? null : new JournalFile(dir.resolve("samples.jsonl"));
  }

  /** Loads (or creates) the journal in {@code dir}; file work runs on a worker thread. */
  public static Future<LocalFeatureStore> open(Vertx vertx, Path dir) {
    LocalFeatureStore store = new LocalFeatureStore(vertx, dir);
    return vertx.executeBlocking(
        () -> {
          store.load(dir);
          return store;
        });
  }

  private synchronized void load(Path dir) throws IOException {
    Files.createDirectories(dir);
    boolean[] trainedOps = {false};
    int lines = journal.replay(line -> trainedOps[0] |= replay(line));
    Path legacyMark = dir.resolve("trained");
    if (!trainedOps[0] && Files.isRegularFile(legacyMark)) {
      // before datasets were recorded, the first N clips of the journal were the trained ones
      long count = Long.parseLong(Files.readString(legacyMark).trim());
      samples.values().stream()
          .filter(s -> !s.isAugmentedVariant())
          .limit(count)
          .forEach(s -> trained.add(s.sha256()));
    }
    int stateLines = samples.size() + datasets.size() + 1;
    if (lines > 2 * stateLines) {
      // most lines are superseded (relabels, deletes, vectors an upgrade replaced)
      journal.rewrite(stateLines());
      LOG.info("compacted {}: {} lines down to {}", journal.path(), lines, stateLines);
    }
  }

  /**
   * The journal of the state as it is: every sample, every recorded dataset ({@code dataset}, no
   * marking) and the exact set of trained clips ({@code marks}).
   */
  private List<JsonObject> stateLines() {
    List<JsonObject> lines = new ArrayList<>(samples.size() + datasets.size() + 1);
    samples.values().forEach(sample -> lines.add(JournalLines.toJson(sample)));
    datasets
        .values()
        .forEach(dataset -> lines.add(JournalLines.datasetToJson(dataset).put("op", "dataset")));
    lines.add(
        new JsonObject()
            .put("op", "marks")
            .put("sha256", new JsonArray(trained.stream().sorted().toList())));
    return lines;
  }

  /** Applies one journal line; true when it was a training's mark. */
  private boolean replay(JsonObject line) {
    switch (line.getString("op", "put")) {
      case "put" -> {
        StoredSample sample = JournalLines.fromJson(line);
        samples.putIfAbsent(sample.sha256(), sample);
      }
      case "relabel" ->
          applyRelabel(JournalLines.strings(line.getJsonArray("sha256")), line.getString("label"));
      case "delete" -> applyDelete(JournalLines.strings(line.getJsonArray("sha256")));
      case "features" ->
          applyFeatures(line.getString("schema"), JournalLines.vectorsFromJson(line));
      case "trained" -> {
        applyTrained(JournalLines.datasetFromJson(line));
        return true;
      }
      case "dataset" -> {
        DatasetVersion dataset = JournalLines.datasetFromJson(line);
        datasets.putIfAbsent(dataset.version(), dataset);
      }
      case "marks" -> {
        trained.clear();
        trained.addAll(JournalLines.strings(line.getJsonArray("sha256")));
        return true;
      }
      default -> throw new IllegalArgumentException("unknown op " + line.getString("op"));
    }
    return false;
  }

  /**
   * Runs one change under the store's lock: on a worker thread when journaled (the step writes its
   * line before it changes memory, so a change is only acknowledged once it is on disk).
   */
  private <T> Future<T> change(Callable<T> step) {
    if (journal == null) {
      try {
        synchronized (this) {
          return Future.succeededFuture(step.call());
        }
      } catch (Exception e) {
        return Future.failedFuture(e);
      }
    }
    return vertx.executeBlocking(
        () -> {
          synchronized (this) {
            return step.call();
          }
        });
  }

  private void append(JsonObject line) throws IOException {
    if (journal != null) {
      journal.append(line);
    }
  }

  @Override
  public Future<Boolean> put(StoredSample sample) {
    return change(
        () -> {
          if (samples.containsKey(sample.sha256())) {
            return false;
          }
          append(JournalLines.toJson(sample));
          samples.put(sample.sha256(), sample);
          return true;
        });
  }

  @Override
  public Future<Optional<String>> relabel(String clipSha256, String label) {
    return change(
        () -> {
          StoredSample clip = samples.get(clipSha256);
          if (clip == null || clip.isAugmentedVariant()) {
            return Optional.empty();
          }
          if (!clip.label().equals(label)) {
            List<String> keys = withVariants(List.of(clipSha256));
            append(
                new JsonObject()
                    .put("op", "relabel")
                    .put("sha256", new JsonArray(keys))
                    .put("label", label));
            applyRelabel(keys, label);
          }
          return Optional.of(clip.label());
        });
  }

  @Override
  public Future<List<String>> delete(List<String> clipSha256s) {
    return change(
        () -> {
          List<String> deleted =
              clipSha256s.stream()
                  .distinct()
                  .filter(sha -> samples.containsKey(sha) && !samples.get(sha).isAugmentedVariant())
                  .toList();
          if (!deleted.isEmpty()) {
            List<String> keys = withVariants(deleted);
            append(new JsonObject().put("op", "delete").put("sha256", new JsonArray(keys)));
            applyDelete(keys);
          }
          return deleted;
        });
  }

  @Override
  public Future<Void> markTrained(DatasetVersion dataset) {
    return change(
        () -> {
          append(JournalLines.datasetToJson(dataset).put("op", "trained"));
          applyTrained(dataset);
          return null;
        });
  }

  @Override
  public Future<Integer> replaceFeatures(
      String fromSchemaId, String toSchemaId, Map<String, float[]> features) {
    return change(
        () -> {
          Map<String, float[]> replaced = new LinkedHashMap<>();
          features.forEach(
              (sha, vector) -> {
                StoredSample sample = samples.get(sha);
                if (sample != null && sample.schemaId().equals(fromSchemaId)) {
                  replaced.put(sha, vector);
                }
              });
          if (!replaced.isEmpty()) {
            append(
                JournalLines.vectorsToJson(replaced)
                    .put("op", "features")
                    .put("schema", toSchemaId));
            applyFeatures(toSchemaId, replaced);
          }
          return replaced.size();
        });
  }

  private void applyFeatures(String schemaId, Map<String, float[]> vectors) {
    vectors.forEach(
        (sha, vector) -> samples.computeIfPresent(sha, (k, s) -> s.withFeatures(schemaId, vector)));
  }

  /** The clips and those of their variants that are stored. */
  private List<String> withVariants(List<String> clips) {
    List<String> keys = new ArrayList<>(clips);
    for (String clip : clips) {
      StoredSamples.variantKeys(clip).stream().filter(samples::containsKey).forEach(keys::add);
    }
    return keys;
  }

  private void applyRelabel(List<String> keys, String label) {
    for (String key : keys) {
      StoredSample sample = samples.get(key);
      if (sample != null) {
        samples.put(key, sample.withLabel(label));
        trained.remove(key);
      }
    }
  }

  private void applyDelete(List<String> keys) {
    keys.forEach(
        key -> {
          samples.remove(key);
          trained.remove(key);
        });
  }

  private void applyTrained(DatasetVersion dataset) {
    datasets.putIfAbsent(dataset.version(), dataset);
    for (DatasetVersion.Pair pair : dataset.pairs()) {
      StoredSample clip = samples.get(pair.sha256());
      if (clip != null && !clip.isAugmentedVariant() && clip.label().equals(pair.label())) {
        trained.add(pair.sha256());
      }
    }
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
    samples.values().stream()
        .filter(sample -> !sample.isAugmentedVariant())
        .forEach(sample -> counts.merge(sample.label(), 1L, Long::sum));
    return Future.succeededFuture(counts);
  }

  @Override
  public synchronized Future<Long> countSinceLastTraining() {
    long clips = samples.values().stream().filter(sample -> !sample.isAugmentedVariant()).count();
    return Future.succeededFuture(clips - trained.size());
  }

  @Override
  public synchronized Future<Optional<DatasetVersion>> dataset(String version) {
    return Future.succeededFuture(Optional.ofNullable(datasets.get(version)));
  }

  @Override
  public synchronized Future<List<String>> missingClips(List<String> sha256s) {
    return Future.succeededFuture(
        sha256s.stream()
            .filter(sha -> !samples.containsKey(sha) || samples.get(sha).isAugmentedVariant())
            .toList());
  }

  @Override
  public synchronized Future<SamplePage> clips(String label, int offset, int limit) {
    List<StoredSample> matching =
        samples.values().stream()
            .filter(s -> !s.isAugmentedVariant() && (label == null || s.label().equals(label)))
            .sorted(NEWEST_FIRST)
            .toList();
    return Future.succeededFuture(
        new SamplePage(
            matching.stream().skip(offset).limit(limit).map(this::info).toList(), matching.size()));
  }

  @Override
  public synchronized Future<Optional<SampleInfo>> info(String sha256) {
    return Future.succeededFuture(Optional.ofNullable(samples.get(sha256)).map(this::info));
  }

  @Override
  public synchronized Future<List<String>> clipsLabelled(String label) {
    return Future.succeededFuture(
        samples.values().stream()
            .filter(s -> !s.isAugmentedVariant() && s.label().equals(label))
            .map(StoredSample::sha256)
            .toList());
  }

  private SampleInfo info(StoredSample s) {
    return new SampleInfo(
        s.sha256(),
        s.label(),
        s.filename(),
        s.durationSeconds(),
        s.at(),
        trained.contains(s.sha256()));
  }
}
