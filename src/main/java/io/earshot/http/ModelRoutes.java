package io.earshot.http;

import io.earshot.features.FeatureSchema;
import io.earshot.jobs.ModelInfo;
import io.earshot.jobs.ModelRegistry;
import io.earshot.model.DriftReference;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.DriftWatch;
import io.earshot.pipeline.ModelHolder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.function.Function;

/**
 * The served model, its metrics, the registered versions, and activation (rollback / roll-forward).
 */
public final class ModelRoutes implements RouteGroup {
  private static final String API = "/api/v1";

  private final ModelHolder models;
  private final ModelRegistry registry;
  private final Function<String, Future<Void>> installLocally;
  private final DriftWatch drift;

  public ModelRoutes(
      ModelHolder models,
      ModelRegistry registry,
      Function<String, Future<Void>> installLocally,
      DriftWatch drift) {
    this.models = models;
    this.drift = drift;
    this.registry = registry;
    this.installLocally = installLocally;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    router.get(API + "/model-info").handler(this::info);
    router.get(API + "/model-metrics").handler(this::metrics);
    router.get(API + "/drift").handler(ctx -> drift(vertx, ctx));
    router.get(API + "/models").handler(this::list);
    router.post(API + "/models/:version/activate").handler(auth).handler(this::activate);
  }

  private ActiveModel served() {
    return models
        .current()
        .orElseThrow(
            () ->
                new ProblemException(
                    Problem.of(
                        503,
                        "no-model",
                        "No model loaded",
                        "no model is loaded yet: upload labelled clips and POST /api/v1/retrain")));
  }

  private void info(RoutingContext ctx) {
    ActiveModel model = served();
    JsonObject metadata = toJson(model.bundle().metadata());
    FeatureSchema schema = model.extractor().schema();
    Json.ok(
        ctx,
        new JsonObject()
            .put("version", model.version())
            .put("classes", new JsonArray(model.bundle().metadata().classes()))
            .put(
                "feature_schema",
                new JsonObject()
                    .put("id", schema.id())
                    .put("version", schema.version())
                    .put("names", new JsonArray(schema.names()))
                    .put("parameters", new JsonObject(schema.parameters())))
            .put("objective", metadata.getValue("objective"))
            .put("params", metadata.getValue("chosen_params", metadata.getValue("params")))
            .put("trained_at", metadata.getValue("trained_at"))
            .put("training_time_s", metadata.getValue("training_time_seconds"))
            .put("sample_counts", metadata.getValue("sample_counts"))
            .put("dataset", metadata.getValue("dataset"))
            .put("calibration", metadata.getValue("calibration"))
            .put("cv", metadata.getValue("cv"))
            .put("unknown_threshold", metadata.getValue("unknown_threshold"))
            .put("novelty", novelty(model))
            .put(
                "confidence_floor",
                model
                    .bundle()
                    .confidenceFloor()
                    .map(
                        f ->
                            new JsonObject()
                                .put("threshold", f.threshold())
                                .put("rate", f.rate())
                                .put("clips", f.clips()))
                    .orElse(null)));
  }

  /** What the model's novelty threshold means; null for a model trained without a summary. */
  private static JsonObject novelty(ActiveModel model) {
    return model
        .bundle()
        .novelty()
        .map(
            n ->
                new JsonObject()
                    .put("method", "mean of the " + n.topDeviations() + " largest deviations")
                    .put("threshold", n.threshold())
                    .put("distance_threshold", n.distanceThreshold())
                    .put("reference_distances", n.reference().length)
                    .put(
                        "holdout_novel_rate",
                        Double.isNaN(n.holdoutNovelRate()) ? null : n.holdoutNovelRate()))
        .orElse(null);
  }

  /**
   * Recent predictions' features against the served model's training distribution. A few thousand
   * binary searches, but still off the event loop.
   */
  private void drift(Vertx vertx, RoutingContext ctx) {
    ActiveModel model = served();
    JsonObject base = new JsonObject().put("model_version", model.version());
    DriftReference reference =
        model.bundle().summary() == null ? null : model.bundle().summary().drift();
    if (reference == null) {
      Json.ok(
          ctx,
          base.put("level", "unavailable")
              .put(
                  "reason",
                  "the served model was trained without a training summary; retrain it to watch"
                      + " drift"));
      return;
    }
    vertx
        .executeBlocking(() -> drift.report(reference, model.bundle().metadata().featureNames()))
        .onSuccess(
            report ->
                Json.ok(
                    ctx,
                    report
                        .map(r -> driftJson(base, r))
                        .orElseGet(
                            () ->
                                base.put("level", "unavailable")
                                    .put(
                                        "reason",
                                        "the model's drift reference does not match its features"))))
        .onFailure(ctx::fail);
  }

  private static JsonObject driftJson(JsonObject base, DriftWatch.Report report) {
    JsonArray groups = new JsonArray();
    report
        .groups()
        .forEach(
            g ->
                groups.add(
                    new JsonObject()
                        .put("group", g.group())
                        .put("mean_psi", g.meanPsi())
                        .put("max_psi", g.maxPsi())
                        .put("worst_feature", g.worstFeature())
                        .put("level", g.level())));
    return base.put("level", report.level())
        .put("window", report.window())
        .put("minimum_window", report.minimumWindow())
        .put("groups", groups);
  }

  private void metrics(RoutingContext ctx) {
    ActiveModel model = served();
    Json.ok(ctx, toJson(model.bundle().metrics()).put("model_version", model.version()));
  }

  private void list(RoutingContext ctx) {
    registry
        .list()
        .onSuccess(
            infos -> {
              JsonArray versions = versions(infos);
              Json.ok(
                  ctx,
                  new JsonObject().put("active", models.versionOrNull()).put("versions", versions));
            })
        .onFailure(ctx::fail);
  }

  /** An unknown version fails in the registry itself (404 through the failure handler). */
  private void activate(RoutingContext ctx) {
    String version = ctx.pathParam("version");
    registry
        .activate(version)
        .compose(v -> installLocally.apply(version))
        .onSuccess(v -> Json.ok(ctx, new JsonObject().put("active", version)))
        .onFailure(ctx::fail);
  }

  private static JsonObject summary(ModelInfo info) {
    JsonObject metadata = info.metadata();
    JsonObject metrics = info.metrics();
    return new JsonObject()
        .put("version", info.version())
        .put("active", info.active())
        .put("registered_at", info.registeredAt() == null ? null : info.registeredAt().toString())
        .put("trained_at", metadata.getValue("trained_at"))
        .put("classes", metadata.getValue("classes"))
        .put("params", metadata.getValue("chosen_params", metadata.getValue("params")))
        .put("sample_counts", metadata.getValue("sample_counts"))
        .put("dataset", metadata.getValue("dataset"))
        .put(
            "metrics",
            new JsonObject()
                .put("accuracy", metrics.getValue("accuracy"))
                .put("macro_f1", metrics.getValue("macro_f1"))
                .put("roc_auc", metrics.getValue("roc_auc"))
                .put("ece", metrics.getValue("ece")));
  }

  /**
   * Each registered version's summary, saying whether it learned from the same dataset version as
   * the active one (null when either has none, as models trained before versions were recorded).
   */
  static JsonArray versions(List<ModelInfo> infos) {
    String activeData =
        infos.stream()
            .filter(ModelInfo::active)
            .findFirst()
            .map(ModelRoutes::datasetVersion)
            .orElse(null);
    JsonArray versions = new JsonArray();
    for (ModelInfo info : infos) {
      String data = datasetVersion(info);
      versions.add(
          summary(info)
              .put(
                  "same_data_as_active",
                  (data == null || activeData == null) ? null : data.equals(activeData)));
    }
    return versions;
  }

  /** The version of the data a model learned from; null for models trained before versions. */
  private static String datasetVersion(ModelInfo info) {
    JsonObject dataset = info.metadata().getJsonObject("dataset");
    return dataset == null ? null : dataset.getString("version");
  }

  private static JsonObject toJson(Object value) {
    try {
      return new JsonObject(ModelBundle.json().writeValueAsString(value));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("model metadata is not serialisable", e);
    }
  }
}
