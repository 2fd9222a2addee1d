package io.earshot.jobs;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.earshot.jobs.redis.RedisModelRegistry;
import io.earshot.testing.Await;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisModelRegistryTest extends ModelRegistryContract {

  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private final RedisBackEnd backEnd = new RedisBackEnd();

  @Override
  Future<ModelRegistry> createRegistry(Vertx vertx) {
    return backEnd.start(vertx, redis).compose(RedisModelRegistry::start).map(registry -> registry);
  }

  @Override
  Future<Void> closeBackEnd() {
    return backEnd.close();
  }

  @Test
  void instancesSeedingAtOnceRegisterTheShippedModelOnce() throws Exception {
    List<io.vertx.core.Future<java.util.Optional<String>>> seeds = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      seeds.add(registry.seed(new byte[] {(byte) i}, new JsonObject(), new JsonObject()));
    }
    await(io.vertx.core.Future.all(seeds));
    seeds.forEach(seed -> assertEquals(java.util.Optional.of("1"), seed.result()));
    assertEquals(1, await(registry.list()).size());
  }

  @Test
  void activationMissedWhileCutOffIsAnnouncedAfterReconnect() throws Exception {
    List<String> announced = new CopyOnWriteArrayList<>();
    await(registry.onActivated(announced::add));
    String version = await(registry.register(new byte[] {1}, new JsonObject(), new JsonObject()));

    // move the pointer without the pub/sub message, as if it was sent while we were offline
    var connector = backEnd.connector();
    await(
        connector.send(
            Request.cmd(Command.SET).arg(connector.keyPrefix() + "models:active").arg(version)));
    await(connector.send(Request.cmd(Command.CLIENT).arg("KILL").arg("TYPE").arg("pubsub")));

    Await.until(
        Duration.ofSeconds(10),
        "announcement after resubscribe",
        () -> announced.contains(version));
  }
}
