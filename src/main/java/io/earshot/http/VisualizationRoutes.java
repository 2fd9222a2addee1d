package io.earshot.http;

import io.earshot.audio.AudioClip;
import io.earshot.features.FeatureCatalog;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureInfo;
import io.earshot.features.FeatureSchema;
import io.earshot.http.viz.DistributionChart;
import io.earshot.http.viz.FeatureDistributions;
import io.earshot.http.viz.SpectrogramChart;
import io.earshot.jobs.StoredSample;
import io.earshot.model.ClassProfiles;
import io.earshot.model.TrainingSummary;
import io.earshot.pipeline.PredictionPipeline;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Pictures of the training data and of one clip. Feature distributions come from the stored
 * training samples of the running schema, uploaded clips only (augmented variants would repeat
 * their clip); with none stored (a fresh instance), from the class profiles the active model was
 * trained on. Every PNG is drawn on the bounded worker pool, never on the event loop.
 */
public final class VisualizationRoutes implements RouteGroup {
  private static final String BASE = "/api/v1/visualizations";
  static final List<String> MFCC_MEANS =
      IntStream.range(0, 20).mapToObj(i -> "mfcc_" + i + "_mean").toList();
  static final List<String> SPECTRAL_MEANS =
      List.of(
          "spectral_centroid_mean",
          "spectral_bandwidth_mean",
          "spectral_rolloff_mean",
          "spectral_flatness_mean",
          "zcr_mean",
          "rms_mean");

  private final PredictionPipeline pipeline;
  private final FeatureExtractor extractor;
  private final BoundedWorkers workers;
  private final Supplier<Future<List<StoredSample>>> samples;
  private final boolean spectrogramNeedsKey;

  /**
   * @param extractor the extractor new models are trained with: its samples and spectrograms
   * @param samples the training samples (any schema; those of {@code extractor} are used)
   * @param spectrogramNeedsKey guard the spectrogram like predictions when they need an API key
   */
  public VisualizationRoutes(
      PredictionPipeline pipeline,
      FeatureExtractor extractor,
      BoundedWorkers workers,
      Supplier<Future<List<StoredSample>>> samples,
      boolean spectrogramNeedsKey) {
    this.pipeline = pipeline;
    this.extractor = extractor;
    this.workers = workers;
    this.samples = samples;
    this.spectrogramNeedsKey = spectrogramNeedsKey;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    router
        .get(BASE + "/mfcc")
        .handler(ctx -> distributions(ctx, MFCC_MEANS, "MFCC means per class (training data)", 5));
    router
        .get(BASE + "/spectral")
        .handler(
            ctx ->
                distributions(
                    ctx, SPECTRAL_MEANS, "Spectral features per class (training data)", 3));
    router.get(BASE + "/feature-info").handler(this::featureInfo);
    var spectrogram = router.post(BASE + "/spectrogram").handler(body);
    if (spectrogramNeedsKey) {
      spectrogram.handler(auth);
    }
    spectrogram.handler(ctx -> spectrogram(vertx, ctx));
  }

  private void distributions(RoutingContext ctx, List<String> features, String title, int columns) {
    String format = ctx.request().getParam("format");
    if (format != null && !format.equalsIgnoreCase("json") && !format.equalsIgnoreCase("png")) {
      ctx.fail(
          new ProblemException(
              Problem.badRequest(
                  "format must be 'png' (the default) or 'json', not '" + format + "'")));
      return;
    }
    boolean json = "json".equalsIgnoreCase(format);
    FeatureSchema schema = extractor.schema();
    samples
        .get()
        .map(
            all ->
                all.stream()
                    .filter(s -> schema.id().equals(s.schemaId()) && !s.isAugmentedVariant())
                    .map(s -> new FeatureDistributions.Row(s.label(), s.features()))
                    .toList())
        .compose(
            rows -> {
              if (!rows.isEmpty()) {
                return draw(
                    () -> FeatureDistributions.summarise(rows, schema.names(), features),
                    "uploaded_samples",
                    json,
                    title,
                    columns);
              }
              ClassProfiles profiles = activeProfiles(schema);
              if (profiles == null) {
                return Future.failedFuture(
                    new ProblemException(
                        Problem.of(
                            404,
                            "no-training-data",
                            "No training data",
                            "no training data uploaded yet, and the served model carries no "
                                + "training profiles: POST labelled clips to "
                                + "/api/v1/upload-data first")));
              }
              return draw(
                  () -> FeatureDistributions.fromProfiles(profiles, features),
                  "model " + pipeline.activeVersion(),
                  json,
                  title,
                  columns);
            })
        .onSuccess(
            bytes ->
                ctx.response()
                    .putHeader("Content-Type", json ? "application/json" : "image/png")
                    .end(bytes))
        .onFailure(ctx::fail);
  }

  /** The served model's class profiles when it was trained on the running schema, else null. */
  private ClassProfiles activeProfiles(FeatureSchema schema) {
    return pipeline
        .activeModel()
        .filter(m -> schema.id().equals(m.bundle().metadata().schemaId()))
        .map(m -> m.bundle().summary())
        .map(TrainingSummary::profiles)
        .orElse(null);
  }

  private Future<Buffer> draw(
      Supplier<FeatureDistributions.Summary> summarise,
      String source,
      boolean json,
      String title,
      int columns) {
    return workers.submit(
        () -> {
          FeatureDistributions.Summary summary = summarise.get();
          return json
              ? Buffer.buffer(toJson(summary).put("source", source).encode())
              : Buffer.buffer(DistributionChart.png(summary, title, columns));
        });
  }

  private void featureInfo(RoutingContext ctx) {
    JsonArray features = new JsonArray();
    for (FeatureInfo info : FeatureCatalog.describeAll(extractor.schema())) {
      JsonObject item =
          new JsonObject()
              .put("name", info.name())
              .put("group", info.group())
              .put("description", info.description());
      if (info.unit() != null) {
        item.put("unit", info.unit());
      }
      features.add(item);
    }
    Json.ok(
        ctx,
        new JsonObject()
            .put("groups", new JsonArray(FeatureCatalog.GROUPS))
            .put("features", features));
  }

  private void spectrogram(Vertx vertx, RoutingContext ctx) {
    FileUpload upload =
        ctx.fileUploads().stream().filter(u -> "file".equals(u.name())).findFirst().orElse(null);
    if (upload == null) {
      ctx.fail(
          new ProblemException(
              Problem.badRequest(
                  "no file: send the audio as a multipart/form-data field named 'file'")));
      return;
    }
    String name =
        upload.fileName() == null || upload.fileName().isBlank()
            ? "uploaded clip"
            : upload.fileName();
    vertx
        .fileSystem()
        .readFile(upload.uploadedFileName())
        .compose(
            buffer ->
                workers.submit(
                    () -> {
                      AudioClip clip = pipeline.loader().load(buffer.getBytes());
                      String title =
                          String.format(
                              java.util.Locale.ROOT, "%s  (%.1f s)", name, clip.durationSeconds());
                      return Buffer.buffer(SpectrogramChart.png(extractor.analyze(clip), title));
                    }))
        .onSuccess(png -> ctx.response().putHeader("Content-Type", "image/png").end(png))
        .onFailure(ctx::fail);
  }

  static JsonObject toJson(FeatureDistributions.Summary summary) {
    JsonArray features = new JsonArray();
    for (FeatureDistributions.Feature feature : summary.features()) {
      JsonObject perClass = new JsonObject();
      feature
          .perClass()
          .forEach(
              (label, s) ->
                  perClass.put(
                      label,
                      new JsonObject()
                          .put("mean", s.mean())
                          .put("std", s.std())
                          .put("p10", s.p10())
                          .put("p50", s.p50())
                          .put("p90", s.p90())));
      features.add(new JsonObject().put("name", feature.name()).put("per_class", perClass));
    }
    return new JsonObject()
        .put("classes", new JsonArray(summary.classes()))
        .put("counts", new JsonObject(new java.util.LinkedHashMap<>(summary.counts())))
        .put("features", features);
  }
}
