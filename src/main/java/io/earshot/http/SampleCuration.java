package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.SampleInfo;
import io.earshot.jobs.StoredSamples;
import io.earshot.pipeline.ClipFiles;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeing and fixing training clips, without HTTP: look one up, find its audio, relabel it, delete
 * one or many. The feature store changes first, in one atomic step (the clip with its variants);
 * the raw clip's file follows on a worker thread, and a file that cannot be moved or deleted is
 * logged, never a failed request: the store is the truth, and the audio is found by its hash in
 * whatever label's folder it is. Refusals are {@link ProblemException}s with what to do instead.
 */
final class SampleCuration {
  private static final Logger LOG = LoggerFactory.getLogger(SampleCuration.class);

  private final Vertx vertx;
  private final FeatureStore store;
  private final ClipFiles files;
  private final AutoRetrain autoRetrain;

  /**
   * @param previousLabel the label before; equal to the sample's when nothing changed
   */
  record Relabelled(SampleInfo sample, String previousLabel, Optional<String> autoRetrainJobId) {}

  /** Clips deleted, hashes that named no clip, and the dataset counts after. */
  record Deleted(List<String> deleted, List<String> notFound, Map<String, Long> counts) {}

  SampleCuration(Vertx vertx, FeatureStore store, ClipFiles files, AutoRetrain autoRetrain) {
    this.vertx = vertx;
    this.store = store;
    this.files = files;
    this.autoRetrain = autoRetrain;
  }

  /** A clip's entry: 404 for an unknown hash or an augmented variant (naming its clip). */
  Future<SampleInfo> clip(String sha256) {
    return lookup(
        sha256,
        variant ->
            Problem.notFound(
                sha256 + " is an augmented variant, not a clip: its clip is " + clipOf(variant)));
  }

  /** The clip's raw file on this instance. */
  Future<Path> audio(String sha256) {
    return clip(sha256)
        .compose(info -> vertx.executeBlocking(() -> files.find(sha256), false))
        .map(
            found ->
                found.orElseThrow(
                    () ->
                        new ProblemException(
                            Problem.of(
                                404,
                                "clip-audio-missing",
                                "Clip audio not on this instance",
                                "clip "
                                    + sha256
                                    + " is in the dataset, but its audio is not under this"
                                    + " instance's DATA_DIR/clips: instances must share DATA_DIR"
                                    + " (docs/DEPLOY.md)"))));
  }

  Future<Relabelled> relabel(String sha256, String label) {
    return mutable(sha256)
        .compose(info -> store.relabel(sha256, label))
        .compose(
            previous -> {
              String before = previous.orElseThrow(() -> unknown(sha256));
              Future<Void> file =
                  before.equals(label) ? Future.succeededFuture() : moveFile(sha256, label);
              return file.compose(v -> store.info(sha256))
                  .compose(
                      info ->
                          autoRetrain
                              .check()
                              .map(
                                  job ->
                                      new Relabelled(
                                          info.orElseThrow(() -> unknown(sha256)), before, job)));
            });
  }

  /** Moves the raw clip into its new label's folder (the layout export and CLI train read). */
  Future<Void> moveFile(String sha256, String label) {
    return vertx
        .executeBlocking(() -> files.move(sha256, label), false)
        .otherwise(
            failure -> {
              LOG.warn("clip {} relabelled, but its file was not moved", sha256, failure);
              return false;
            })
        .mapEmpty();
  }

  Future<Deleted> deleteOne(String sha256) {
    return mutable(sha256).compose(info -> delete(List.of(sha256)));
  }

  Future<Deleted> deleteLabel(String label) {
    return store.clipsLabelled(label).compose(this::delete);
  }

  /** Deletes the clips that exist, in one step; the others are reported, not refused. */
  Future<Deleted> delete(List<String> sha256s) {
    return store
        .delete(sha256s)
        .compose(deleted -> deleteFiles(deleted).map(deleted))
        .compose(
            deleted ->
                store
                    .counts()
                    .map(
                        counts ->
                            new Deleted(
                                deleted,
                                sha256s.stream()
                                    .distinct()
                                    .filter(sha -> !deleted.contains(sha))
                                    .toList(),
                                counts)));
  }

  private Future<Void> deleteFiles(List<String> deleted) {
    return vertx
        .executeBlocking(() -> files.deleteAll(deleted), false)
        .otherwise(
            failure -> {
              LOG.warn("{} clips deleted, but not all their files", deleted.size(), failure);
              return 0;
            })
        .mapEmpty();
  }

  /** A clip that may change: 404 when unknown, 409 for a variant (change its clip instead). */
  private Future<SampleInfo> mutable(String sha256) {
    return lookup(
        sha256,
        variant ->
            Problem.of(
                409,
                "sample-is-a-variant",
                "An augmented variant follows its clip",
                sha256
                    + " is an augmented variant of clip "
                    + clipOf(variant)
                    + ": relabel or delete that clip, and its variants follow"));
  }

  private Future<SampleInfo> lookup(String sha256, Function<SampleInfo, Problem> whenVariant) {
    return store
        .info(sha256)
        .map(
            found -> {
              SampleInfo info = found.orElseThrow(() -> unknown(sha256));
              if (StoredSamples.isVariantFilename(info.filename())) {
                throw new ProblemException(whenVariant.apply(info));
              }
              return info;
            });
  }

  private static String clipOf(SampleInfo variant) {
    return StoredSamples.clipOfVariant(variant.filename());
  }

  private static ProblemException unknown(String sha256) {
    return new ProblemException(
        Problem.notFound(
            "no clip with SHA-256 "
                + sha256
                + " in the dataset: GET /api/v1/samples lists the clips there are"));
  }
}
