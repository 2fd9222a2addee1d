package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobEvents;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobRequest;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.RetrainParams;
import io.earshot.jobs.StoredSamples;
import io.earshot.training.DatasetVersion;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Training data, retrain jobs and their live events. */
public final class JobRoutes implements RouteGroup {
  private static final Logger LOG = LoggerFactory.getLogger(JobRoutes.class);
  private static final String API = "/api/v1";

  private final JobQueue queue;
  private final FeatureStore store;
  private final RetrainParams.SearchDefaults searchDefaults;
  private final UploadHandler uploads;
  private final Duration pingEvery;

  public JobRoutes(
      JobQueue queue,
      FeatureStore store,
      RetrainParams.SearchDefaults searchDefaults,
      UploadHandler uploads,
      Duration pingEvery) {
    this.queue = queue;
    this.store = store;
    this.searchDefaults = searchDefaults;
    this.uploads = uploads;
    this.pingEvery = pingEvery;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    router.post(API + "/upload-data").handler(body).handler(auth).handler(uploads::upload);
    router.get(API + "/dataset").handler(this::dataset);
    router.post(API + "/retrain").handler(body).handler(auth).handler(this::retrain);
    router.get(API + "/train-status").handler(this::latest);
    router.get(API + "/jobs").handler(this::list);
    router.get(API + "/jobs/:id").handler(this::get);
    router.delete(API + "/jobs/:id").handler(auth).handler(this::cancel);
    router.get(API + "/ws/jobs").handler(ctx -> stream(ctx, vertx, null));
    router.get(API + "/ws/jobs/:id").handler(ctx -> stream(ctx, vertx, ctx.pathParam("id")));
  }

  private void dataset(RoutingContext ctx) {
    store
        .counts()
        .compose(
            counts ->
                store
                    .countSinceLastTraining()
                    .map(
                        fresh ->
                            new JsonObject()
                                .put("counts", new JsonObject(new TreeMap<>(counts)))
                                .put(
                                    "total",
                                    counts.values().stream().mapToLong(Long::longValue).sum())
                                .put("new_since_training", fresh)))
        .onSuccess(json -> Json.ok(ctx, json))
        .onFailure(ctx::fail);
  }

  private void retrain(RoutingContext ctx) {
    JsonObject params = Json.body(ctx, "of training parameters");
    RetrainParams parsed;
    try {
      parsed = RetrainParams.parse(params, searchDefaults);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.of(
              400, "invalid-training-parameters", "Invalid training parameters", e.getMessage()));
    }
    parsed
        .datasetVersion()
        .map(this::trainable)
        .orElseGet(Future::succeededFuture)
        .compose(v -> queue.submit(JobRequest.retrain(params)))
        .onSuccess(
            job -> {
              ctx.response().putHeader("Location", API + "/jobs/" + job.jobId());
              Json.send(
                  ctx,
                  202,
                  new JsonObject().put("job_id", job.jobId()).put("status", job.status().json()));
            })
        .onFailure(ctx::fail);
  }

  /**
   * A pinned dataset can be trained on while every clip of it is stored: 404 for a version no
   * training recorded, 409 naming a clip that is gone. (The job checks again when it runs.)
   */
  private Future<Void> trainable(String version) {
    return store
        .dataset(version)
        .compose(
            found -> {
              DatasetVersion dataset =
                  found.orElseThrow(
                      () ->
                          new ProblemException(
                              Problem.of(
                                  404,
                                  "unknown-dataset-version",
                                  "Unknown dataset version",
                                  StoredSamples.unknownDatasetMessage(version))));
              List<String> clips =
                  dataset.pairs().stream().map(DatasetVersion.Pair::sha256).toList();
              return store.missingClips(clips).map(missing -> refuseIncomplete(dataset, missing));
            });
  }

  private static Void refuseIncomplete(DatasetVersion dataset, List<String> missing) {
    if (missing.isEmpty()) {
      return null;
    }
    throw new ProblemException(
        Problem.of(
                409,
                "dataset-version-incomplete",
                "Dataset version no longer complete",
                StoredSamples.missingMessage(dataset, missing))
            .with("missing_clips", missing.size()));
  }

  private void latest(RoutingContext ctx) {
    reply(ctx, queue.latest(), "no training job has run yet: POST /api/v1/retrain starts one");
  }

  private void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    reply(
        ctx,
        queue.get(id),
        "no job with id '" + id + "' (finished jobs are kept for a limited time)");
  }

  private void list(RoutingContext ctx) {
    int limit = Math.max(1, Math.min(200, ApiRouter.intParam(ctx, "limit", 20)));
    queue
        .list(limit)
        .onSuccess(
            jobs -> {
              JsonArray items = new JsonArray();
              jobs.forEach(j -> items.add(j.toJson()));
              Json.ok(ctx, new JsonObject().put("items", items));
            })
        .onFailure(ctx::fail);
  }

  /** An unknown id fails in the queue itself (404 through the failure handler). */
  private void cancel(RoutingContext ctx) {
    queue
        .cancel(ctx.pathParam("id"))
        .onSuccess(job -> Json.ok(ctx, job.toJson()))
        .onFailure(ctx::fail);
  }

  private static void reply(
      RoutingContext ctx, Future<Optional<JobSnapshot>> lookup, String missing) {
    lookup
        .onSuccess(
            found ->
                found.ifPresentOrElse(
                    job -> Json.ok(ctx, job.toJson()),
                    () -> ctx.fail(new ProblemException(Problem.notFound(missing)))))
        .onFailure(ctx::fail);
  }

  /**
   * Streams job events as JSON text frames. A watcher of one job first gets its current snapshot,
   * so connecting late never means waiting for an event that already happened.
   */
  private void stream(RoutingContext ctx, Vertx vertx, String jobId) {
    ctx.request()
        .toWebSocket()
        .onSuccess(
            socket -> {
              MessageConsumer<JsonObject> consumer =
                  vertx
                      .eventBus()
                      .consumer(
                          JobEvents.ADDRESS,
                          message -> {
                            JsonObject event = message.body();
                            if ((jobId == null || jobId.equals(event.getString("job_id")))
                                && !socket.isClosed()) {
                              socket.writeTextMessage(event.encode());
                            }
                          });
              // a watcher may hear nothing for minutes: pings keep the idle timeout off it
              long pings =
                  vertx.setPeriodic(
                      pingEvery.toMillis(), id -> socket.writePing(Buffer.buffer("earshot")));
              socket.closeHandler(
                  v -> {
                    vertx.cancelTimer(pings);
                    consumer.unregister();
                  });
              if (jobId != null) {
                sendSnapshot(socket, jobId);
              }
            })
        .onFailure(
            failure -> {
              LOG.warn("WebSocket upgrade on {} failed", ctx.request().path(), failure);
              ctx.fail(failure);
            });
  }

  private void sendSnapshot(ServerWebSocket socket, String jobId) {
    queue
        .get(jobId)
        .onSuccess(
            found -> {
              JsonObject event =
                  found
                      .map(
                          job ->
                              new JsonObject()
                                  .put("type", "snapshot")
                                  .put("job_id", jobId)
                                  .put("status", job.status().json())
                                  .put("progress", job.progress())
                                  .put("result", job.result())
                                  .put("job", job.toJson()))
                      .orElseGet(
                          () -> new JsonObject().put("type", "unknown").put("job_id", jobId));
              socket.writeTextMessage(event.put("at", Instant.now().toString()).encode());
            });
  }
}
