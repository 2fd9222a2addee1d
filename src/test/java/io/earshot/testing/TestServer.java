package io.earshot.testing;

import io.earshot.config.EarshotConfig;
import io.earshot.service.EarshotService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import java.nio.file.Path;

/** A real Earshot instance on a free port with its own folders, and a client pointed at it. */
public final class TestServer implements AutoCloseable {
  private final EarshotService service;
  private final Vertx clientVertx = Vertx.vertx();
  private final WebClient client;

  private TestServer(EarshotService service) {
    this.service = service;
    this.client =
        WebClient.create(
            clientVertx,
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(service.port()));
  }

  public static TestServer start(EarshotConfig config) throws Exception {
    return new TestServer(Await.await(EarshotService.start(config)));
  }

  /** Defaults, a free port, the tiny test model and a fresh data folder under {@code root}. */
  public static EarshotConfig config(Path root) throws Exception {
    return EarshotConfig.defaults()
        .withPortAndDirs(0, TestModels.tinyModelDir(root), root.resolve("data"));
  }

  /** Like {@link #config(Path)} with {@code settings} written to a conf/config.json and loaded. */
  public static EarshotConfig config(Path root, JsonObject settings) throws Exception {
    Path conf = java.nio.file.Files.writeString(root.resolve("config.json"), settings.encode());
    return EarshotConfig.load(conf, java.util.Map.of())
        .withPortAndDirs(0, TestModels.tinyModelDir(root), root.resolve("data"));
  }

  /** {@code POST /api/v1/upload-data} with this form and API key. */
  public HttpResponse<Buffer> upload(MultipartForm form, String apiKey) throws Exception {
    return Await.await(
        client.post("/api/v1/upload-data").putHeader("X-API-Key", apiKey).sendMultipartForm(form));
  }

  public WebClient client() {
    return client;
  }

  public EarshotService service() {
    return service;
  }

  public int port() {
    return service.port();
  }

  @Override
  public void close() throws Exception {
    client.close();
    Await.await(service.stop());
    Await.await(clientVertx.close());
  }
}
