package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An answer whose body cannot be encoded still answers, with a problem, and at once. */
class JsonAnswersTest {
  private Vertx vertx;
  private HttpServer server;
  private WebClient client;

  /** Jackson has no serializer for a plain object: encoding it throws. */
  private static final class Opaque {}

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    router.route().failureHandler(new FailureHandler());
    router
        .get("/later")
        .handler(
            ctx ->
                vertx
                    .timer(1)
                    .map(id -> Map.of("answer", new Opaque()))
                    .onSuccess(body -> Json.ok(ctx, body)));
    router.get("/fine").handler(ctx -> Json.ok(ctx, Map.of("answer", 42)));
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    // the idle timeout is far longer than the test waits: a hang would fail, not pass slowly
    client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setDefaultPort(server.actualPort())
                .setDefaultHost("127.0.0.1")
                .setIdleTimeout(30));
  }

  @AfterEach
  void stop() throws Exception {
    client.close();
    await(vertx.close());
  }

  @Test
  void aBodyThatDoesNotEncodeIsA500ProblemNotAHang() throws Exception {
    HttpResponse<Buffer> response = await(client.get("/later").timeout(5000).send());
    assertEquals(500, response.statusCode(), response.bodyAsString());
    assertTrue(
        String.valueOf(response.getHeader("Content-Type")).startsWith("application/problem+json"));
    HttpResponse<Buffer> fine = await(client.get("/fine").send());
    assertEquals("{\"answer\":42}", fine.bodyAsString());
  }
}
