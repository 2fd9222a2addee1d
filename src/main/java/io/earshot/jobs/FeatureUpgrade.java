package io.earshot.jobs;

import io.earshot.audio.AudioDecodeException;
import io.earshot.features.FeatureVector;
import io.earshot.pipeline.ClipAnalyzer;
import io.earshot.pipeline.ClipFiles;
import io.earshot.pipeline.DaemonPool;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

/**
 * Brings the clips stored under an earlier feature version up to the one new models are trained on:
 * each clip's raw audio (kept under {@code DATA_DIR/clips}) is decoded again and its features, and
 * those of as many augmented variants as it has, are computed with today's extractor. Variants are
 * seeded by their clip as at upload, so they come out as a re-upload would make them.
 *
 * <p>Clips go in chunks, re-extracted on {@code threads} threads of the run's own and each chunk
 * replaced in the store in one step ({@link FeatureStore#replaceFeatures}): a clip and its variants
 * change together, and a run stopped part way leaves the rest for the next. It changes only how
 * stored audio is described, never labels or listings, and computes the same vectors however often
 * it runs, so it is safe in a job's work step. A clip whose audio is not on this instance's disk
 * keeps its old vector, and so stays out of trainings on the new version; the outcome names it.
 */
public final class FeatureUpgrade {

  /** Clips per chunk: one blocking step and one store change each. */
  static final int CHUNK = 32;

  /** How many clips an outcome names of those it could not upgrade. */
  private static final int NAMED = 10;

  private final FeatureStore store;
  private final ClipFiles files;
  private final ClipAnalyzer analyzer;
  private final String toSchemaId;
  private final List<String> fromSchemaIds;
  private final int threads;

  /** What a run hands to the job around it. */
  public interface Steps {
    /** Runs blocking work (decoding, DSP, file reads) off the event loop. */
    <T> Future<T> blocking(Callable<T> work);

    /** Clips done of all to do, after each chunk. */
    void progress(int done, int total);

    /** Polled between chunks: true ends the run with a {@link CancellationException}. */
    boolean shouldStop();
  }

  /**
   * What a run did.
   *
   * @param clips clips upgraded (with their variants)
   * @param samples stored samples that changed: the clips and their variants
   * @param missingAudio clips left as they were because their audio is not on this instance
   * @param undecodable clips left as they were because their audio no longer decodes
   * @param seconds how long the run took
   */
  public record Outcome(
      String toSchemaId,
      int clips,
      int samples,
      List<String> missingAudio,
      List<String> undecodable,
      double seconds) {

    public Outcome {
      missingAudio = List.copyOf(missingAudio);
      undecodable = List.copyOf(undecodable);
    }

    Outcome took(double runSeconds) {
      return new Outcome(toSchemaId, clips, samples, missingAudio, undecodable, runSeconds);
    }

    public boolean nothingToDo() {
      return clips == 0 && missingAudio.isEmpty() && undecodable.isEmpty();
    }

    /**
     * The job result's {@code feature_upgrade}: counts, and at most ten clips of each kind left.
     */
    public JsonObject toJson() {
      return new JsonObject()
          .put("schema", toSchemaId)
          .put("clips", clips)
          .put("samples", samples)
          .put("missing_audio", missingAudio.size())
          .put("missing_audio_clips", new JsonArray(named(missingAudio)))
          .put("undecodable", undecodable.size())
          .put("undecodable_clips", new JsonArray(named(undecodable)))
          .put("seconds", Math.round(seconds * 1000) / 1000.0);
    }

    private static List<String> named(List<String> clips) {
      return clips.subList(0, Math.min(NAMED, clips.size()));
    }
  }

  /**
   * @param analyzer decodes and extracts with the extractor of {@code toSchemaId}
   * @param fromSchemaIds the earlier versions' schemas whose clips are re-extracted
   * @param threads clips re-extracted at once
   */
  public FeatureUpgrade(
      FeatureStore store,
      ClipFiles files,
      ClipAnalyzer analyzer,
      String toSchemaId,
      List<String> fromSchemaIds,
      int threads) {
    this.store = store;
    this.files = files;
    this.analyzer = analyzer;
    this.toSchemaId = toSchemaId;
    this.fromSchemaIds = List.copyOf(fromSchemaIds);
    this.threads = Math.max(1, threads);
  }

  /** One clip to re-extract: the schema it is stored under and how many variants it has. */
  private record Stale(String clipSha256, String fromSchemaId, int variants) {}

  /** The re-extraction of one chunk, per schema it was stored under. */
  private record ChunkResult(
      Map<String, Map<String, float[]>> vectorsBySchema,
      int clips,
      List<String> missingAudio,
      List<String> undecodable) {}

  public Future<Outcome> run(Steps steps) {
    long start = System.nanoTime();
    return staleClips()
        .compose(
            stale -> {
              Outcome none = new Outcome(toSchemaId, 0, 0, List.of(), List.of(), 0);
              if (stale.isEmpty()) {
                return Future.succeededFuture(none);
              }
              ExecutorService pool = DaemonPool.fixed(threads, "earshot-feature-upgrade");
              return steps
                  .blocking(files::index)
                  .compose(audio -> chunks(steps, pool, stale, audio, 0, none))
                  .eventually(
                      () -> {
                        pool.shutdownNow();
                        return Future.succeededFuture();
                      });
            })
        .map(done -> done.took((System.nanoTime() - start) / 1e9));
  }

  /** Every clip stored under an earlier schema, with its variant count, in hash order. */
  private Future<List<Stale>> staleClips() {
    Map<String, Stale> byClip = new TreeMap<>();
    Future<Void> read = Future.succeededFuture();
    for (String schemaId : fromSchemaIds) {
      read =
          read.compose(
              v ->
                  store
                      .all(schemaId)
                      .map(
                          samples -> {
                            samples.forEach(s -> note(byClip, s));
                            return null;
                          }));
    }
    return read.map(v -> List.copyOf(byClip.values()));
  }

  private static void note(Map<String, Stale> byClip, StoredSample sample) {
    int variant = sample.isAugmentedVariant() ? StoredSamples.variantNumber(sample.filename()) : 0;
    byClip.merge(
        sample.clipSha256(),
        new Stale(sample.clipSha256(), sample.schemaId(), variant),
        (a, b) ->
            new Stale(a.clipSha256(), a.fromSchemaId(), Math.max(a.variants(), b.variants())));
  }

  private Future<Outcome> chunks(
      Steps steps,
      ExecutorService pool,
      List<Stale> stale,
      Map<String, Path> audio,
      int from,
      Outcome sofar) {
    if (from >= stale.size()) {
      return Future.succeededFuture(sofar);
    }
    if (steps.shouldStop()) {
      return Future.failedFuture(
          new CancellationException(
              "feature upgrade stopped after " + from + " of " + stale.size() + " clips"));
    }
    List<Stale> chunk = stale.subList(from, Math.min(stale.size(), from + CHUNK));
    return steps
        .blocking(() -> reextract(chunk, audio, pool))
        .compose(result -> store(result).map(changed -> add(sofar, result, changed)))
        .compose(
            next -> {
              int done = from + chunk.size();
              steps.progress(done, stale.size());
              return chunks(steps, pool, stale, audio, done, next);
            });
  }

  /** What re-extracting one clip gave: its analysis, or why there is none. */
  private record ClipResult(Stale clip, ClipAnalyzer.Analysis analysis, boolean audioMissing) {}

  /** The chunk's clips on the pool, gathered in chunk order. */
  private ChunkResult reextract(List<Stale> chunk, Map<String, Path> audio, ExecutorService pool)
      throws Exception {
    List<java.util.concurrent.Future<ClipResult>> pending = new ArrayList<>(chunk.size());
    for (Stale clip : chunk) {
      pending.add(pool.submit(() -> reextractOne(clip, audio)));
    }
    Map<String, Map<String, float[]>> bySchema = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    List<String> undecodable = new ArrayList<>();
    int clips = 0;
    for (java.util.concurrent.Future<ClipResult> future : pending) {
      ClipResult result = gather(future);
      String sha = result.clip().clipSha256();
      if (result.analysis() == null) {
        (result.audioMissing() ? missing : undecodable).add(sha);
        continue;
      }
      Map<String, float[]> vectors =
          bySchema.computeIfAbsent(result.clip().fromSchemaId(), k -> new LinkedHashMap<>());
      vectors.put(sha, result.analysis().original().values());
      List<FeatureVector> variants = result.analysis().augmented();
      for (int k = 1; k <= variants.size(); k++) {
        vectors.put(StoredSamples.variantKey(sha, k), variants.get(k - 1).values());
      }
      clips++;
    }
    return new ChunkResult(bySchema, clips, missing, undecodable);
  }

  private ClipResult reextractOne(Stale clip, Map<String, Path> audio) throws IOException {
    Path file = audio.get(clip.clipSha256());
    if (file == null || !Files.isRegularFile(file)) {
      return new ClipResult(clip, null, true);
    }
    try {
      // seed 0, as an upload's: the same variants a re-upload would make
      return new ClipResult(
          clip, analyzer.analyze(Files.readAllBytes(file), clip.variants(), 0L), false);
    } catch (AudioDecodeException e) {
      return new ClipResult(clip, null, false);
    }
  }

  private static ClipResult gather(java.util.concurrent.Future<ClipResult> future)
      throws Exception {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** One store change per earlier schema in the chunk (almost always one). */
  private Future<Integer> store(ChunkResult result) {
    Future<Integer> changed = Future.succeededFuture(0);
    for (var entry : result.vectorsBySchema().entrySet()) {
      changed =
          changed.compose(
              n ->
                  store
                      .replaceFeatures(entry.getKey(), toSchemaId, entry.getValue())
                      .map(m -> n + m));
    }
    return changed;
  }

  private static Outcome add(Outcome sofar, ChunkResult chunk, int changed) {
    List<String> missing = new ArrayList<>(sofar.missingAudio());
    missing.addAll(chunk.missingAudio());
    List<String> undecodable = new ArrayList<>(sofar.undecodable());
    undecodable.addAll(chunk.undecodable());
    return new Outcome(
        sofar.toSchemaId(),
        sofar.clips() + chunk.clips(),
        sofar.samples() + changed,
        missing,
        undecodable,
        0);
  }
}
