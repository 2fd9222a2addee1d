package io.earshot.jobs;

import io.earshot.jobs.local.LocalModelRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalModelRegistryTest extends ModelRegistryContract {

  @TempDir Path dir;

  @Override
  Future<ModelRegistry> createRegistry(Vertx vertx) {
    return Future.succeededFuture(new LocalModelRegistry(vertx, dir.resolve("models")));
  }

  @Override
  Future<Void> closeBackEnd() {
    return Future.succeededFuture();
  }
}
