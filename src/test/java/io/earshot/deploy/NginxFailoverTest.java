// SPDX-License-Identifier: GPL-3.0-or-later
package io.earshot.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * nginx in front of two stand-in instances, one of which dies under every request it is sent: it
 * reads the whole request, then resets the connection without an answer, as an instance killed
 * mid-request does. What the caller gets then is nginx.conf's choice per route (the soak,
 * scripts/soak.sh, kills instances under load; docs/RELIABILITY.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NginxFailoverTest {

  private static final String NGINX = DeployConfigTest.findTool("nginx");

  private final ConcurrentLinkedQueue<String> diedUnder = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> answered = new ConcurrentLinkedQueue<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private ServerSocket dying;
  private Thread dyingLoop;
  private HttpServer alive;
  private Process nginx;
  private int nginxPort;

  @BeforeAll
  void start() throws Exception {
    assumeTrue(NGINX != null, "nginx is not installed");
    dying = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    dyingLoop = new Thread(this::dieUnderEveryRequest, "dying-upstream");
    dyingLoop.setDaemon(true);
    dyingLoop.start();
    alive = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    alive.createContext(
        "/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          answered.add(exchange.getRequestURI().getPath());
          byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    alive.start();

    Path work = Files.createTempDirectory("earshot-nginx-failover");
    nginxPort = DeployConfigTest.freePort();
    Path conf =
        DeployConfigTest.localConfig(
            work, nginxPort, dying.getLocalPort(), alive.getAddress().getPort());
    nginx = DeployConfigTest.startNginx(work, conf, nginxPort);
  }

  @AfterAll
  void stop() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      nginx.waitFor(10, TimeUnit.SECONDS);
    }
    if (alive != null) {
      alive.stop(0);
    }
    if (dying != null) {
      dying.close();
    }
  }

  /** Reads each request to its last body byte, then resets the connection (RST, no answer). */
  private void dieUnderEveryRequest() {
    while (!dying.isClosed()) {
      try (Socket socket = dying.accept()) {
        InputStream in = socket.getInputStream();
        String head = readHead(in);
        int length = contentLength(head);
        in.readNBytes(length);
        diedUnder.add(head.split(" ", 3)[1]);
        socket.setSoLinger(true, 0);
      } catch (IOException closed) {
        // the test is over, or nginx gave up on this connection first
      }
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    for (int c = in.read(); c != -1; c = in.read()) {
      head.write(c);
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
      if (matched == end.length) {
        break;
      }
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return 0;
  }

  private int post(String path) throws Exception {
    return http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + path))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString("--x--\r\n"))
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  @Test
  void anUploadAnInstanceDiedUnderIsResentToTheOther() throws Exception {
    // Round robin sends every other request to the dying instance (until max_fails takes it
    // out for a while); each of those must be resent to the live one and answered there.
    for (int i = 0; i < 4; i++) {
      assertEquals(200, post("/api/v1/upload-data"), "upload #" + i);
    }
    assertTrue(diedUnder.contains("/api/v1/upload-data"), "the dying instance saw no upload");
    assertEquals(4, answered.stream().filter("/api/v1/upload-data"::equals).count());
  }
}
