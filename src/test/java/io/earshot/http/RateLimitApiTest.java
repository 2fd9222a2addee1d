package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.TestServer;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server with a tiny budget: the burst passes, the next request is a 429 with Retry-After. */
class RateLimitApiTest {
  private static final int BURST = 3;
  @TempDir static Path root;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    // 0.2 tokens per second: no token comes back while a test runs.
    server =
        TestServer.start(
            TestServer.config(
                root,
                new JsonObject().put("rate_limit_per_second", 0.2).put("rate_limit_burst", BURST)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void theRequestAfterTheBurstIsA429WithRetryAfter() throws Exception {
    Supplier<HttpRequest<Buffer>> request =
        () ->
            server
                .client()
                .get("/api/v1/predictions/recent")
                .putHeader("X-API-Key", "client-one-secret");
    for (int i = 0; i < BURST; i++) {
      assertEquals(
          200, await(request.get().send()).statusCode(), "request " + i + " is within the burst");
    }
    HttpResponse<Buffer> refused = await(request.get().send());
    assertProblem(refused, 429, "retry after");
    long retryAfter = Long.parseLong(refused.getHeader("Retry-After"));
    assertTrue(
        retryAfter >= 1 && retryAfter <= 5,
        "one token at 0.2/s is at most 5 s away: " + retryAfter);
    assertEquals(retryAfter, refused.bodyAsJsonObject().getLong("retry_after_s"));
    assertFalse(refused.bodyAsString().contains("client-one-secret"), "the key is never echoed");

    assertEquals(
        200,
        await(
                server
                    .client()
                    .get("/api/v1/predictions/recent")
                    .putHeader("Authorization", "Bearer client-two-secret")
                    .send())
            .statusCode(),
        "each key has its own bucket");
    assertEquals(
        200,
        await(
                server
                    .client()
                    .get("/api/v1/health")
                    .putHeader("X-API-Key", "client-one-secret")
                    .send())
            .statusCode(),
        "health probes are never limited");
  }

  @Test
  void clientsWithoutKeyAreToldApartByAddressAndForwardedForFromLoopback() throws Exception {
    // The test client is on loopback, like nginx in front of Earshot, so X-Forwarded-For is
    // believed.
    Supplier<HttpRequest<Buffer>> sensor =
        () ->
            server
                .client()
                .get("/api/v1/predictions/recent")
                .putHeader("X-Forwarded-For", "203.0.113.7");
    for (int i = 0; i < BURST; i++) {
      assertEquals(200, await(sensor.get().send()).statusCode());
    }
    assertEquals(429, await(sensor.get().send()).statusCode());
    assertEquals(
        200,
        await(
                server
                    .client()
                    .get("/api/v1/predictions/recent")
                    .putHeader("X-Forwarded-For", "198.51.100.1, 203.0.113.8")
                    .send())
            .statusCode(),
        "the proxy's right-most address names the client");
  }

  @Test
  void forwardedForFromANonLoopbackPeerIsIgnored() throws Exception {
    String address = nonLoopbackAddress();
    Assumptions.assumeTrue(address != null, "this machine has no non-loopback IPv4 address");
    Vertx vertx = Vertx.vertx();
    WebClient direct =
        WebClient.create(
            vertx, new WebClientOptions().setDefaultHost(address).setDefaultPort(server.port()));
    try {
      for (int i = 0; i < BURST; i++) {
        assertEquals(
            200,
            await(
                    direct
                        .get("/api/v1/predictions/recent")
                        .putHeader("X-Forwarded-For", "192.0.2." + i)
                        .send())
                .statusCode());
      }
      assertEquals(
          429,
          await(
                  direct
                      .get("/api/v1/predictions/recent")
                      .putHeader("X-Forwarded-For", "192.0.2.99")
                      .send())
              .statusCode(),
          "a forged header from the open network does not buy a fresh bucket");
    } finally {
      direct.close();
      await(vertx.close());
    }
  }

  private static String nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic :
        java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : java.util.Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a.getHostAddress();
        }
      }
    }
    return null;
  }
}
