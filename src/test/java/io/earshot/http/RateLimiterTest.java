package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.jobs.redis.RedisConnector;
import io.earshot.jobs.redis.RedisSettings;
import io.earshot.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Token-bucket arithmetic (local, with a hand-driven clock) and the shared Redis bucket. */
class RateLimiterTest {
  @RegisterExtension static RedisServerExtension redis = new RedisServerExtension();

  private Vertx vertx;
  private RedisConnector connector;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    connector =
        await(
            RedisConnector.start(
                vertx,
                RedisSettings.fromUrl(redis.url())
                    .withKeyPrefix(RedisServerExtension.freshPrefix())));
  }

  @AfterEach
  void stop() throws Exception {
    await(connector.close());
    await(vertx.close());
  }

  @Test
  void localBucketAllowsTheBurstThenRefillsAtTheRate() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    LocalRateLimiter limiter = new LocalRateLimiter(2.0, 3, now::get);
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.take("a").allowed(), "burst request " + i);
    }
    RateLimiter.Decision refused = limiter.take("a");
    assertFalse(refused.allowed());
    assertEquals(500, refused.retryAfterMillis(), "one token at 2/s takes 500 ms");
    assertEquals(1, refused.retryAfterSeconds());
    assertTrue(limiter.take("b").allowed(), "another client has its own bucket");
    now.addAndGet(250_000_000L);
    RateLimiter.Decision halfway = limiter.take("a");
    assertFalse(halfway.allowed());
    assertEquals(250, halfway.retryAfterMillis());
    now.addAndGet(250_000_000L);
    assertTrue(limiter.take("a").allowed(), "a whole token after 500 ms");
    assertFalse(limiter.take("a").allowed());
  }

  @Test
  void localBucketNeverHoldsMoreThanTheBurst() {
    AtomicLong now = new AtomicLong();
    LocalRateLimiter limiter = new LocalRateLimiter(10.0, 2, now::get);
    now.addAndGet(60_000_000_000L);
    assertTrue(limiter.take("a").allowed());
    assertTrue(limiter.take("a").allowed());
    assertFalse(limiter.take("a").allowed(), "a minute idle still leaves only the burst");
  }

  @Test
  void zeroRateMeansUnlimited() throws Exception {
    RateLimiter limiter = RateLimiter.local(0, 1);
    for (int i = 0; i < 100; i++) {
      assertTrue(await(limiter.acquire("a")).allowed());
    }
  }

  @Test
  void redisBucketIsSharedByEveryInstance() throws Exception {
    RateLimiter first = new RedisRateLimiter(connector, 0.5, 3);
    RateLimiter second = new RedisRateLimiter(connector, 0.5, 3);
    assertTrue(await(first.acquire("ip:10.0.0.1")).allowed());
    assertTrue(await(second.acquire("ip:10.0.0.1")).allowed());
    assertTrue(await(first.acquire("ip:10.0.0.1")).allowed());
    RateLimiter.Decision refused = await(second.acquire("ip:10.0.0.1"));
    assertFalse(refused.allowed(), "the burst of 3 was spent across both instances");
    assertTrue(
        refused.retryAfterMillis() > 0 && refused.retryAfterMillis() <= 2000,
        "at 0.5 tokens/s the next token is at most 2 s away: " + refused.retryAfterMillis());
    assertTrue(await(second.acquire("ip:10.0.0.2")).allowed(), "another client has its own bucket");
  }

  @Test
  void redisBucketExpiresSoIdleClientsLeaveNoKeys() throws Exception {
    await(new RedisRateLimiter(connector, 100, 5).acquire("ip:1.2.3.4"));
    var ttl =
        await(
            connector.send(
                io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.PTTL)
                    .arg(connector.keyPrefix() + "ratelimit:ip:1.2.3.4")));
    assertTrue(ttl.toLong() > 0 && ttl.toLong() <= 1050, "refill time plus a second: " + ttl);
  }

  @Test
  void whenRedisIsDownTheInstanceDecidesLocally() throws Exception {
    RedisConnector unreachable =
        await(RedisConnector.start(vertx, RedisSettings.fromUrl("redis://127.0.0.1:1")));
    try {
      RateLimiter limiter = new RedisRateLimiter(unreachable, 0.5, 2);
      assertTrue(await(limiter.acquire("ip:10.0.0.9")).allowed());
      assertTrue(await(limiter.acquire("ip:10.0.0.9")).allowed());
      assertFalse(await(limiter.acquire("ip:10.0.0.9")).allowed(), "the local bucket still limits");
    } finally {
      await(unreachable.close());
    }
  }

  @Test
  void anAsynchronousRedisCheckBeforeTheBodyHandlerLosesNoUploadBytes() throws Exception {
    Router router = Router.router(vertx);
    router.route().handler(new RateLimitHandler(new RedisRateLimiter(connector, 100, 100)));
    router
        .post("/api/v1/echo")
        .handler(BodyHandler.create(System.getProperty("java.io.tmpdir")))
        .handler(ctx -> ctx.response().end(String.valueOf(ctx.fileUploads().get(0).size())));
    HttpServer server =
        await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    WebClient client = WebClient.create(vertx);
    try {
      byte[] upload = new byte[3 * 1024 * 1024];
      new java.util.Random(1).nextBytes(upload);
      var response =
          await(
              client
                  .post(server.actualPort(), "127.0.0.1", "/api/v1/echo")
                  .sendMultipartForm(
                      MultipartForm.create()
                          .binaryFileUpload(
                              "file", "x.bin", Buffer.buffer(upload), "application/octet-stream")));
      assertEquals(200, response.statusCode(), response.bodyAsString());
      assertEquals(String.valueOf(upload.length), response.bodyAsString());
    } finally {
      client.close();
      await(server.close());
    }
  }
}
