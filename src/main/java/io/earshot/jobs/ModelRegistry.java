package io.earshot.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Versions of trained model bundles ("1", "2", …) and the pointer to the active one.
 *
 * <p>Activation is atomic and is announced to every instance on the local event bus address {@link
 * #ACTIVATED_ADDRESS} (body {@code {"version": "3"}}); {@link #onActivated} is a shortcut. Writing
 * the active bundle to a model directory is left to the caller.
 */
public interface ModelRegistry {

  String ACTIVATED_ADDRESS = "earshot.model.activated";

  /** Stores a new version; it is not activated. */
  Future<String> register(byte[] bundle, JsonObject metadata, JsonObject metrics);

  Future<Optional<StoredModel>> get(String version);

  /** Every version, newest first, without bytes. */
  Future<List<ModelInfo>> list();

  Future<Optional<String>> activeVersion();

  Future<Optional<StoredModel>> active();

  /** Points "active" at {@code version}; fails with {@link UnknownModelVersion} if absent. */
  Future<Void> activate(String version);

  /**
   * Registers and activates {@code bundle} only if the registry holds no model yet (the shipped
   * model on first start); otherwise changes nothing. Answers the active version afterwards, or
   * empty when models exist but none is active. Back ends shared by several instances make this
   * atomic, so instances starting together seed the registry once.
   */
  default Future<Optional<String>> seed(byte[] bundle, JsonObject metadata, JsonObject metrics) {
    return list()
        .compose(
            versions ->
                versions.isEmpty()
                    ? register(bundle, metadata, metrics)
                        .compose(version -> activate(version).map(Optional.of(version)))
                    : activeVersion());
  }

  /** Calls {@code listener} on this instance's event loop with each activated version. */
  Future<Void> onActivated(Consumer<String> listener);

  /** Thrown for a version that was never registered. */
  final class UnknownModelVersion extends RuntimeException {
    public UnknownModelVersion(String version) {
      super("no model version " + version);
    }
  }

  /** The event bus side shared by the back ends. */
  static void announceActivation(Vertx vertx, String version) {
    vertx.eventBus().publish(ACTIVATED_ADDRESS, new JsonObject().put("version", version));
  }

  static Future<Void> listenForActivations(Vertx vertx, Consumer<String> listener) {
    return vertx
        .eventBus()
        .<JsonObject>consumer(
            ACTIVATED_ADDRESS, message -> listener.accept(message.body().getString("version")))
        .completion();
  }
}
