package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.Await.failureOf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link ModelRegistry} back end must show. */
abstract class ModelRegistryContract {

  Vertx vertx;
  ModelRegistry registry;

  abstract Future<ModelRegistry> createRegistry(Vertx vertx);

  abstract Future<Void> closeBackEnd();

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    registry = await(createRegistry(vertx));
  }

  @AfterEach
  void stop() throws Exception {
    await(closeBackEnd());
    await(vertx.close());
  }

  static byte[] everyByteValue() {
    byte[] bytes = new byte[512];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    return bytes;
  }

  @Test
  void seedingRegistersAndActivatesOnlyAnEmptyRegistry() throws Exception {
    assertEquals(
        java.util.Optional.of("1"),
        await(registry.seed(new byte[] {1}, new JsonObject().put("n", 1), new JsonObject())));
    assertEquals(java.util.Optional.of("1"), await(registry.activeVersion()));
    assertEquals(
        java.util.Optional.of("1"),
        await(registry.seed(new byte[] {2}, new JsonObject().put("n", 2), new JsonObject())),
        "a registry with a model is left alone");
    assertEquals(1, await(registry.list()).size());
  }

  @Test
  void versionsAreNumberedInOrderAndListedNewestFirst() throws Exception {
    assertTrue(await(registry.list()).isEmpty());
    String first =
        await(registry.register(new byte[] {1}, new JsonObject().put("n", 1), new JsonObject()));
    String second =
        await(registry.register(new byte[] {2}, new JsonObject().put("n", 2), new JsonObject()));
    assertEquals("1", first);
    assertEquals("2", second);
    List<ModelInfo> listed = await(registry.list());
    assertEquals(List.of("2", "1"), listed.stream().map(ModelInfo::version).toList());
    assertEquals(2, listed.get(0).metadata().getInteger("n"));
    assertTrue(listed.stream().noneMatch(ModelInfo::active), "registering does not activate");
    assertTrue(await(registry.activeVersion()).isEmpty());
    assertTrue(await(registry.active()).isEmpty());
  }

  @Test
  void bundleBytesAndMetadataComeBackUnchanged() throws Exception {
    byte[] bundle = everyByteValue();
    JsonObject metadata =
        new JsonObject().put("schema", "v1").put("classes", List.of("bird", "dog"));
    JsonObject metrics = new JsonObject().put("accuracy", 0.875);
    String version = await(registry.register(bundle, metadata, metrics));

    StoredModel stored = await(registry.get(version)).orElseThrow();
    assertArrayEquals(bundle, stored.bundle());
    assertEquals(metadata, stored.info().metadata());
    assertEquals(metrics, stored.info().metrics());
    assertEquals(bundle.length, stored.info().sizeBytes());
    assertTrue(await(registry.get("99")).isEmpty());
  }

  @Test
  void activationMovesThePointerAndIsAnnounced() throws Exception {
    List<String> announced = new CopyOnWriteArrayList<>();
    await(registry.onActivated(announced::add));
    String v1 = await(registry.register(new byte[] {1}, new JsonObject(), new JsonObject()));
    String v2 = await(registry.register(new byte[] {2}, new JsonObject(), new JsonObject()));

    await(registry.activate(v2));
    assertEquals(v2, await(registry.activeVersion()).orElseThrow());
    assertArrayEquals(new byte[] {2}, await(registry.active()).orElseThrow().bundle());
    await(registry.activate(v1));
    assertEquals(v1, await(registry.activeVersion()).orElseThrow());

    List<ModelInfo> listed = await(registry.list());
    assertTrue(listed.get(1).active());
    assertFalse(listed.get(0).active());
    Await.until(Duration.ofSeconds(2), "two announcements", () -> announced.size() == 2);
    assertEquals(List.of(v2, v1), announced);
  }

  @Test
  void activatingAnUnknownVersionFailsAndKeepsThePointer() throws Exception {
    String v1 = await(registry.register(new byte[] {1}, new JsonObject(), new JsonObject()));
    await(registry.activate(v1));
    for (String bad : List.of("7", "../1", "")) {
      assertInstanceOf(
          ModelRegistry.UnknownModelVersion.class, failureOf(registry.activate(bad)), bad);
    }
    assertEquals(v1, await(registry.activeVersion()).orElseThrow());
  }
}
