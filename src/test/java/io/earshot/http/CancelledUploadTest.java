package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A form whose upload the body handler cancelled before the body passed the route's limit: Vert.x
 * does that when a part declares a size over the limit, and then reports only the cancelled file's
 * "Streaming aborted", sometimes before its own 413 and sometimes instead of it. The rest of the
 * body tells which it was. The route here fails that way as soon as the request arrives, and the
 * client sends the rest of its body only once it has.
 */
class CancelledUploadTest {
  private static final long LIMIT = 1_000;
  private static final int FIRST_PART = 600;

  private Vertx vertx;
  private HttpServer server;
  private HttpClient client;
  private Promise<Void> cancelled;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    cancelled = Promise.promise();
    Router router = Router.router(vertx);
    router.route().failureHandler(new FailureHandler());
    router
        .post("/form")
        .handler(BodyLimit.note(LIMIT))
        .handler(
            ctx -> {
              ctx.fail(new VertxException("Streaming aborted", true));
              cancelled.complete();
            });
    server = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    client = vertx.createHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  @Test
  void aBodyThatGoesOnPastTheLimitIsA413NamingIt() throws Exception {
    JsonObject problem = send(FIRST_PART + 500, 413);
    assertEquals("payload-too-large", type(problem));
    assertEquals(LIMIT, problem.getLong("max_body_bytes"));
  }

  @Test
  void aBodyThatEndsWithinTheLimitIsAnUnreadableForm() throws Exception {
    JsonObject problem = send(FIRST_PART + 200, 400);
    assertEquals("form-unreadable", type(problem));
  }

  private JsonObject send(int bodyBytes, int status) throws Exception {
    HttpClientRequest request =
        await(
            client.request(
                new RequestOptions()
                    .setMethod(HttpMethod.POST)
                    .setHost("127.0.0.1")
                    .setPort(server.actualPort())
                    .setURI("/form")));
    request.setChunked(true).putHeader("Content-Type", "multipart/form-data; boundary=b");
    // the body is asked for as the answer arrives, on the event loop, so none of it is missed
    Future<Answer> answer =
        request
            .response()
            .compose(
                response ->
                    response
                        .body()
                        .map(
                            body ->
                                new Answer(
                                    response.statusCode(),
                                    response.getHeader("Content-Type"),
                                    body)));
    await(request.write(Buffer.buffer(new byte[FIRST_PART])));
    await(cancelled.future());
    request.end(Buffer.buffer(new byte[bodyBytes - FIRST_PART]));
    Answer response = await(answer);
    assertEquals(status, response.status(), response.body().toString());
    assertEquals("application/problem+json", response.contentType());
    return response.body().toJsonObject();
  }

  private record Answer(int status, String contentType, Buffer body) {}

  private static String type(JsonObject problem) {
    String type = problem.getString("type");
    return type.substring(type.lastIndexOf('/') + 1);
  }
}
