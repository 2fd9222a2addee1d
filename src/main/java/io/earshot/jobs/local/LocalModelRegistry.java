package io.earshot.jobs.local;

import io.earshot.jobs.ModelInfo;
import io.earshot.jobs.ModelRegistry;
import io.earshot.jobs.StoredModel;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Model versions as files: {@code <dir>/<version>/bundle.bin} and {@code info.json}, and {@code
 * <dir>/ACTIVE} holding the active version. A version directory is written under a temporary name
 * and renamed, and ACTIVE is replaced by an atomic move, so a reader never sees half a version or
 * half a pointer. File work runs on worker threads.
 */
public final class LocalModelRegistry implements ModelRegistry {

  private static final String BUNDLE = "bundle.bin";
  private static final String INFO = "info.json";
  private static final String ACTIVE = "ACTIVE";

  private final Vertx vertx;
  private final Path dir;

  public LocalModelRegistry(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
  }

  @Override
  public Future<String> register(byte[] bundle, JsonObject metadata, JsonObject metrics) {
    return vertx.executeBlocking(() -> write(bundle, metadata, metrics));
  }

  /** Serialised so that two registrations never pick the same number. */
  private synchronized String write(byte[] bundle, JsonObject metadata, JsonObject metrics)
      throws IOException {
    Files.createDirectories(dir);
    String version =
        String.valueOf(versions().stream().mapToLong(Long::parseLong).max().orElse(0) + 1);
    Path staging = Files.createTempDirectory(dir, ".staging-");
    Files.write(staging.resolve(BUNDLE), bundle);
    JsonObject info =
        new JsonObject()
            .put("metadata", metadata.copy())
            .put("metrics", metrics.copy())
            .put("registered_at", Instant.now().toEpochMilli())
            .put("size", bundle.length);
    Files.writeString(staging.resolve(INFO), info.encodePrettily());
    Files.move(staging, dir.resolve(version), StandardCopyOption.ATOMIC_MOVE);
    return version;
  }

  @Override
  public Future<Optional<StoredModel>> get(String version) {
    return vertx.executeBlocking(() -> read(version, readActive()));
  }

  private Optional<StoredModel> read(String version, Optional<String> active) throws IOException {
    Optional<ModelInfo> info = info(version, active);
    if (info.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new StoredModel(info.get(), Files.readAllBytes(dir.resolve(version).resolve(BUNDLE))));
  }

  private Optional<ModelInfo> info(String version, Optional<String> active) throws IOException {
    if (!isVersion(version)) {
      return Optional.empty();
    }
    Path file = dir.resolve(version).resolve(INFO);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    JsonObject info = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
    return Optional.of(
        new ModelInfo(
            version,
            info.getJsonObject("metadata"),
            info.getJsonObject("metrics"),
            Instant.ofEpochMilli(info.getLong("registered_at")),
            info.getLong("size"),
            active.map(version::equals).orElse(false)));
  }

  @Override
  public Future<List<ModelInfo>> list() {
    return vertx.executeBlocking(
        () -> {
          Optional<String> active = readActive();
          List<ModelInfo> infos = new ArrayList<>();
          for (String version : versions()) {
            info(version, active).ifPresent(infos::add);
          }
          infos.sort(
              Comparator.comparingLong((ModelInfo info) -> Long.parseLong(info.version()))
                  .reversed());
          return infos;
        });
  }

  @Override
  public Future<Optional<String>> activeVersion() {
    return vertx.executeBlocking(this::readActive);
  }

  @Override
  public Future<Optional<StoredModel>> active() {
    return vertx.executeBlocking(
        () -> {
          Optional<String> active = readActive();
          return active.isPresent() ? read(active.get(), active) : Optional.<StoredModel>empty();
        });
  }

  @Override
  public Future<Void> activate(String version) {
    return vertx
        .<Void>executeBlocking(
            () -> {
              if (info(version, Optional.empty()).isEmpty()) {
                throw new UnknownModelVersion(version);
              }
              Path staging = Files.createTempFile(dir, ".active-", ".tmp");
              Files.writeString(staging, version);
              Files.move(
                  staging,
                  dir.resolve(ACTIVE),
                  StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING);
              return null;
            })
        .onSuccess(done -> ModelRegistry.announceActivation(vertx, version));
  }

  @Override
  public Future<Void> onActivated(Consumer<String> listener) {
    return ModelRegistry.listenForActivations(vertx, listener);
  }

  private Optional<String> readActive() throws IOException {
    Path file = dir.resolve(ACTIVE);
    return Files.isRegularFile(file)
        ? Optional.of(Files.readString(file).trim())
        : Optional.empty();
  }

  private List<String> versions() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .map(path -> path.getFileName().toString())
          .filter(LocalModelRegistry::isVersion)
          .toList();
    }
  }

  /** Versions are positive integers; anything else (including "../x") is not a version. */
  private static boolean isVersion(String name) {
    return name != null && name.matches("[1-9][0-9]{0,17}");
  }
}
