package io.earshot.http;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * The OpenAPI document ({@code GET /openapi.yaml}, whatever {@code openapi.yaml} is on the class
 * path) and Swagger UI at {@code /docs}, served from the swagger-ui webjar with our own start page
 * and initializer so it opens Earshot's document rather than the petstore demo.
 */
public final class ApiDocsRoutes implements RouteGroup {
  private static final String SPEC = "openapi.yaml";
  private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";

  private static final String INDEX =
      """
      <!doctype html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Earshot API</title>
        <link rel="stylesheet" href="/docs/swagger-ui.css">
        <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/docs/swagger-ui-bundle.js"></script>
        <script src="/docs/swagger-ui-standalone-preset.js"></script>
        <script src="/docs/swagger-initializer.js"></script>
      </body>
      </html>
      """;

  private static final String INITIALIZER =
      """
      window.onload = function () {
        window.ui = SwaggerUIBundle({
          url: "/openapi.yaml",
          dom_id: "#swagger-ui",
          deepLinking: true,
          presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
          layout: "StandaloneLayout"
        });
      };
      """;

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    router.get("/" + SPEC).handler(ctx -> serveSpec(vertx, ctx));
    // The router matches "/docs" and "/docs/" alike: redirect only the slash-less form (one
    // canonical URL).
    router
        .get("/docs")
        .handler(
            ctx -> {
              if (ctx.request().path().endsWith("/")) {
                send(ctx, "text/html; charset=utf-8", INDEX);
              } else {
                ctx.redirect("/docs/");
              }
            });
    router.get("/docs/index.html").handler(ctx -> send(ctx, "text/html; charset=utf-8", INDEX));
    router
        .get("/docs/swagger-initializer.js")
        .handler(ctx -> send(ctx, "text/javascript; charset=utf-8", INITIALIZER));
    router
        .get("/docs/*")
        .handler(
            StaticHandler.create("META-INF/resources/webjars/swagger-ui/" + swaggerUiVersion())
                .setCachingEnabled(true));
  }

  private static void serveSpec(Vertx vertx, RoutingContext ctx) {
    vertx
        .fileSystem()
        .readFile(SPEC)
        .onSuccess(
            yaml ->
                ctx.response()
                    .putHeader("Content-Type", "application/yaml; charset=utf-8")
                    .end(yaml))
        .onFailure(
            e ->
                FailureHandler.send(
                    ctx,
                    Problem.notFound(
                        "this build carries no OpenAPI document ("
                            + SPEC
                            + " is missing from the class path)")));
  }

  private static void send(RoutingContext ctx, String contentType, String text) {
    ctx.response()
        .putHeader("Content-Type", contentType)
        .end(Buffer.buffer(text, StandardCharsets.UTF_8.name()));
  }

  /** Read from the webjar itself, so bumping its version in the pom needs no code change. */
  static String swaggerUiVersion() {
    try (InputStream in = ApiDocsRoutes.class.getClassLoader().getResourceAsStream(WEBJAR_POM)) {
      if (in == null) {
        throw new IllegalStateException("the swagger-ui webjar is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
