package io.earshot.service;

import io.earshot.features.FeatureExtractors;
import io.earshot.jobs.ModelRegistry;
import io.earshot.jobs.Registration;
import io.earshot.jobs.StoredModel;
import io.earshot.model.IncompatibleModelException;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's {@link ModelHolder} on the registry's active version: loads it at start
 * (registering the shipped model as version 1 when the registry is empty) and swaps on every
 * activation announced by any instance.
 */
public final class ModelActivation {
  private static final Logger LOG = LoggerFactory.getLogger(ModelActivation.class);

  /**
   * A replaced classifier is freed this long after the swap, once requests that took it are done.
   */
  private static final long RELEASE_AFTER_MS = 60_000;

  private final Vertx vertx;
  private final ModelRegistry registry;
  private final ModelHolder holder;
  private final FeatureExtractors extractors;
  private final Path shippedModelDir;
  private final Map<String, Future<Void>> installing = new ConcurrentHashMap<>();

  public ModelActivation(
      Vertx vertx,
      ModelRegistry registry,
      ModelHolder holder,
      FeatureExtractors extractors,
      Path shippedModelDir) {
    this.vertx = vertx;
    this.registry = registry;
    this.holder = holder;
    this.extractors = extractors;
    this.shippedModelDir = shippedModelDir;
  }

  /** Loads the active model (or seeds the registry) and follows later activations. */
  public Future<Void> start() {
    return registry
        .onActivated(this::follow)
        .compose(v -> registry.active())
        .compose(active -> active.isPresent() ? install(active.get()) : seedFromShippedModel())
        .recover(
            failure -> {
              if (failure instanceof IncompatibleModelException) {
                return refuse(failure);
              }
              LOG.warn(
                  "model registry unavailable ({}); serving the shipped model from {}",
                  failure.getMessage(),
                  shippedModelDir);
              return loadShippedDirectly().recover(this::refuse);
            });
  }

  /** Installs a registered version now (used after an activation on this instance). */
  public Future<Void> installVersion(String version) {
    if (version.equals(holder.versionOrNull())) {
      return Future.succeededFuture();
    }
    // An activation made here is also announced back to us over pub/sub: both callers share one
    // load instead of reading and building the same model twice.
    Future<Void> loading = installing.computeIfAbsent(version, this::load);
    loading.onComplete(done -> installing.remove(version, loading));
    return loading;
  }

  private Future<Void> load(String version) {
    return registry
        .get(version)
        .compose(
            found ->
                found
                    .map(this::install)
                    .orElseGet(
                        () ->
                            Future.failedFuture(
                                "model version " + version + " is not registered")));
  }

  /**
   * A model trained on another feature schema is never served: the instance starts without a model
   * (health DEGRADED, predictions 503 with the reason) until a compatible one is trained or
   * activated.
   */
  private Future<Void> refuse(Throwable failure) {
    LOG.error("no model served: {}", failure.getMessage());
    holder.markUnavailable(failure.getMessage());
    return Future.succeededFuture();
  }

  private void follow(String version) {
    installVersion(version).onFailure(e -> LOG.error("could not switch to model {}", version, e));
  }

  private Future<Void> install(StoredModel stored) {
    return vertx
        .executeBlocking(
            () -> {
              ModelBundle bundle =
                  ModelBundle.fromBytes(stored.bundle()).withVersion(stored.version());
              return activeModel(bundle);
            },
            false)
        .map(this::swap);
  }

  private Future<Void> seedFromShippedModel() {
    if (!Files.exists(shippedModelDir.resolve(ModelBundle.METADATA_FILE))) {
      LOG.warn(
          "no model registered and none shipped in {}; predictions answer 503 until one is trained",
          shippedModelDir);
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(() -> Registration.of(ModelBundle.load(shippedModelDir)), false)
        .compose(r -> registry.seed(r.bytes(), r.metadata(), r.metrics()))
        .compose(active -> active.map(this::installVersion).orElseGet(Future::succeededFuture));
  }

  private Future<Void> loadShippedDirectly() {
    if (!Files.exists(shippedModelDir.resolve(ModelBundle.METADATA_FILE))) {
      return Future.succeededFuture();
    }
    return vertx
        .executeBlocking(() -> activeModel(ModelBundle.load(shippedModelDir)), false)
        .map(this::swap);
  }

  private ActiveModel activeModel(ModelBundle bundle) {
    return ActiveModel.of(bundle, extractors);
  }

  private Void swap(ActiveModel next) {
    holder
        .swap(next)
        .ifPresent(old -> vertx.setTimer(RELEASE_AFTER_MS, id -> old.classifier().close()));
    LOG.info("serving model version {}", next.version());
    return null;
  }
}
