package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.SampleInfo;
import io.earshot.pipeline.ClipFiles;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Path;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Training clips as a resource: list them by label, read one and its audio, relabel, delete one or
 * many. Thin: {@link SampleRequests} checks what comes in, {@link SampleCuration} does the work.
 */
public final class SampleRoutes implements RouteGroup {
  private static final String SAMPLES = "/api/v1/samples";

  private final FeatureStore store;
  private final JobQueue queue;
  private final int autoRetrainThreshold;
  private final Path clipsDir;

  /**
   * @param clipsDir where uploads keep the raw clips ({@code DATA_DIR/clips})
   */
  public SampleRoutes(FeatureStore store, JobQueue queue, int autoRetrainThreshold, Path clipsDir) {
    this.store = store;
    this.queue = queue;
    this.autoRetrainThreshold = autoRetrainThreshold;
    this.clipsDir = clipsDir;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    SampleCuration curation =
        new SampleCuration(
            vertx,
            store,
            new ClipFiles(clipsDir),
            new AutoRetrain(store, queue, autoRetrainThreshold));
    router.get(SAMPLES).handler(this::list);
    router
        .post(SAMPLES + "/delete")
        .handler(body)
        .handler(auth)
        .handler(ctx -> bulk(ctx, curation));
    router.get(SAMPLES + "/:sha256").handler(ctx -> get(ctx, curation));
    router.get(SAMPLES + "/:sha256/audio").handler(ctx -> audio(ctx, curation));
    router
        .patch(SAMPLES + "/:sha256")
        .handler(body)
        .handler(auth)
        .handler(ctx -> relabel(ctx, curation));
    router.delete(SAMPLES + "/:sha256").handler(auth).handler(ctx -> delete(ctx, curation));
  }

  private void list(RoutingContext ctx) {
    SampleRequests.Listing listing =
        checked(
            () ->
                SampleRequests.listing(
                    ctx.request().getParam("label"),
                    ctx.request().getParam("page"),
                    ctx.request().getParam("page_size")));
    store
        .clips(listing.label(), listing.offset(), listing.pageSize())
        .onSuccess(
            page -> {
              JsonArray items = new JsonArray();
              page.items().forEach(info -> items.add(toJson(info)));
              Json.ok(
                  ctx,
                  new JsonObject()
                      .put("items", items)
                      .put("label", listing.label())
                      .put("page", listing.page())
                      .put("page_size", listing.pageSize())
                      .put("total", page.total()));
            })
        .onFailure(ctx::fail);
  }

  private static void get(RoutingContext ctx, SampleCuration curation) {
    curation.clip(sha256(ctx)).onSuccess(info -> Json.ok(ctx, toJson(info))).onFailure(ctx::fail);
  }

  private static void audio(RoutingContext ctx, SampleCuration curation) {
    curation
        .audio(sha256(ctx))
        .compose(
            file ->
                ctx.response()
                    .putHeader("Content-Type", ClipFiles.mediaType(file))
                    .putHeader(
                        "Content-Disposition", "inline; filename=\"" + file.getFileName() + "\"")
                    .sendFile(file.toString()))
        .onFailure(ctx::fail);
  }

  private static void relabel(RoutingContext ctx, SampleCuration curation) {
    String sha256 = sha256(ctx);
    String label =
        checked(() -> SampleRequests.relabel(Json.body(ctx, "like {\"label\": \"bird\"}")));
    curation
        .relabel(sha256, label)
        .onSuccess(
            done -> {
              JsonObject json = toJson(done.sample()).put("previous_label", done.previousLabel());
              done.autoRetrainJobId().ifPresent(id -> json.put("auto_retrain_job_id", id));
              Json.ok(ctx, json);
            })
        .onFailure(ctx::fail);
  }

  private static void delete(RoutingContext ctx, SampleCuration curation) {
    curation.deleteOne(sha256(ctx)).onSuccess(done -> reply(ctx, done)).onFailure(ctx::fail);
  }

  private static void bulk(RoutingContext ctx, SampleCuration curation) {
    SampleRequests.BulkDelete request =
        checked(
            () ->
                SampleRequests.bulkDelete(
                    Json.body(ctx, "like {\"label\": \"vehicle\"} or {\"sha256\": [...]}")));
    (request.label() != null
            ? curation.deleteLabel(request.label())
            : curation.delete(request.sha256s()))
        .onSuccess(done -> reply(ctx, done))
        .onFailure(ctx::fail);
  }

  private static void reply(RoutingContext ctx, SampleCuration.Deleted done) {
    Json.ok(
        ctx,
        new JsonObject()
            .put("deleted", new JsonArray(done.deleted()))
            .put("not_found", new JsonArray(done.notFound()))
            .put("counts", new JsonObject(new TreeMap<>(done.counts()))));
  }

  static JsonObject toJson(SampleInfo info) {
    return new JsonObject()
        .put("sha256", info.sha256())
        .put("label", info.label())
        .put("filename", info.filename())
        .put("duration_s", info.durationSeconds())
        .put("uploaded_at", info.uploadedAt().toString())
        .put("used_in_training", info.trained())
        .put("audio", SAMPLES + "/" + info.sha256() + "/audio");
  }

  private static String sha256(RoutingContext ctx) {
    return checked(() -> SampleRequests.sha256(ctx.pathParam("sha256")));
  }

  /** A rule the request broke is a 400 that says it. */
  private static <T> T checked(Supplier<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.badRequest(e.getMessage()));
    }
  }
}
