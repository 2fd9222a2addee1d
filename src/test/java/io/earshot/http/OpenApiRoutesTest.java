package io.earshot.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.earshot.testing.Await;
import io.earshot.testing.TestServer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code openapi.yaml} and the router agree, both ways: every route the real router serves has an
 * operation in the document, and every operation in the document has a route. Routes are read from
 * a router built the way a running instance builds its own ({@code EarshotService.newRouter()}), so
 * a route added anywhere (a {@link RouteGroup}, the router itself) is seen; paths compare with
 * {@code {id}} written {@code :id}.
 *
 * <p>Not measured, and so not done: validating requests against the document with vertx-openapi
 * (what it would cost on the prediction path is unknown); this test only keeps the two in step.
 */
class OpenApiRoutesTest {
  /**
   * Routes served but deliberately absent from the document, each with the reason. They are all
   * under the documented {@code /docs} page or the dashboard: files, not API operations.
   */
  private static final Map<String, String> NOT_OPERATIONS =
      Map.of(
          "GET /*", "the dashboard's static files (webroot), a catch-all, not part of the API",
          "GET /docs/*", "Swagger UI's assets from its webjar, behind the documented GET /docs",
          "GET /docs/index.html", "the Swagger UI page itself, which GET /docs serves",
          "GET /docs/swagger-initializer.js", "Swagger UI's start-up script naming /openapi.yaml");

  private static final Set<String> OPERATION_KEYS =
      Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  @TempDir static Path root;
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.config(root));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void everyRouteTheServerServesIsAnOperationInTheDocument() throws Exception {
    Set<String> undocumented = new TreeSet<>(routes());
    undocumented.removeAll(operations());
    undocumented.removeAll(NOT_OPERATIONS.keySet());
    assertEquals(Set.of(), undocumented, "routes served without an operation in openapi.yaml");
  }

  @Test
  void everyOperationInTheDocumentIsARouteTheServerServes() throws Exception {
    Set<String> unserved = new TreeSet<>(operations());
    unserved.removeAll(routes());
    assertEquals(Set.of(), unserved, "operations in openapi.yaml that no route serves");
  }

  @Test
  void everyRouteLeftOutOfTheDocumentIsStillServed() throws Exception {
    Set<String> served = routes();
    for (String excluded : NOT_OPERATIONS.keySet()) {
      assertTrue(
          served.contains(excluded), excluded + " is listed as left out but no longer served");
    }
  }

  /** The health answer names exactly the fields its schema documents, so neither drifts alone. */
  @Test
  void theHealthAnswerHasTheFieldsOfItsSchema() throws Exception {
    JsonObject health =
        Await.await(server.client().get("/api/v1/health").send()).bodyAsJsonObject();
    Set<String> documented = new TreeSet<>();
    spec()
        .path("components")
        .path("schemas")
        .path("Health")
        .path("properties")
        .fieldNames()
        .forEachRemaining(documented::add);
    assertEquals(documented, new TreeSet<>(health.fieldNames()), health.encode());
  }

  private static JsonNode spec() throws Exception {
    try (InputStream in = OpenApiRoutesTest.class.getResourceAsStream("/openapi.yaml")) {
      return new ObjectMapper(new YAMLFactory()).readTree(in);
    }
  }

  /** "METHOD /path" for every route with a path (handlers on every request have none). */
  private static Set<String> routes() {
    Router router = server.service().newRouter();
    Set<String> out = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null) {
        continue;
      }
      String path = route.isExactPath() ? route.getPath() : route.getPath() + "*";
      Set<HttpMethod> methods = route.methods();
      if (methods == null || methods.isEmpty()) {
        out.add("ANY " + path);
      } else {
        methods.forEach(m -> out.add(m.name() + " " + path));
      }
    }
    return out;
  }

  /** "METHOD /path" for every operation of the document, {@code {name}} written {@code :name}. */
  private static Set<String> operations() throws Exception {
    JsonNode spec = spec();
    Set<String> out = new TreeSet<>();
    Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      String routePath = path.getKey().replaceAll("\\{([^}/]+)}", ":$1");
      path.getValue()
          .fieldNames()
          .forEachRemaining(
              key -> {
                if (OPERATION_KEYS.contains(key)) {
                  out.add(key.toUpperCase(Locale.ROOT) + " " + routePath);
                }
              });
    }
    return out;
  }
}
