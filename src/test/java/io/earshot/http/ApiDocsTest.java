package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.testing.TestServer;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI document and the Swagger UI that reads it. */
class ApiDocsTest {
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
  void openApiDocumentIsServedAsYaml() throws Exception {
    HttpResponse<Buffer> response = await(server.client().get("/openapi.yaml").send());
    assertEquals(200, response.statusCode());
    assertTrue(response.getHeader("Content-Type").startsWith("application/yaml"));
    String yaml = response.bodyAsString();
    assertTrue(
        yaml.startsWith("openapi: 3") || yaml.contains("\nopenapi: 3"), "an OpenAPI 3 document");
    assertTrue(yaml.contains("/api/v1/predictions/single"));
  }

  @Test
  void docsRedirectToASwaggerPagePointingAtOurDocument() throws Exception {
    HttpResponse<Buffer> redirect =
        await(server.client().get("/docs").followRedirects(false).send());
    assertEquals(302, redirect.statusCode());
    assertEquals("/docs/", redirect.getHeader("Location"));

    HttpResponse<Buffer> page = await(server.client().get("/docs/").send());
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(page.bodyAsString().contains("swagger-ui-bundle.js"));

    String initializer =
        await(server.client().get("/docs/swagger-initializer.js").send()).bodyAsString();
    assertTrue(
        initializer.contains("\"/openapi.yaml\""), "opens Earshot's document, not the petstore");
  }

  @Test
  void swaggerUiAssetsComeFromTheWebjar() throws Exception {
    HttpResponse<Buffer> bundle = await(server.client().get("/docs/swagger-ui-bundle.js").send());
    assertEquals(200, bundle.statusCode());
    assertTrue(bundle.body().length() > 100_000, "the real bundle, not a stub");
    HttpResponse<Buffer> css = await(server.client().get("/docs/swagger-ui.css").send());
    assertEquals(200, css.statusCode());
    assertTrue(css.getHeader("Content-Type").startsWith("text/css"));
    io.earshot.testing.ProblemAssertions.assertProblem(
        await(server.client().get("/docs/nope.js").send()), 404, "");
  }
}
