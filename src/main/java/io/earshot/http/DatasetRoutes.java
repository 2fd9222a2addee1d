package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.pipeline.ClipFiles;
import io.earshot.pipeline.ClipIngest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.PlatformHandler;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A whole dataset in and out as one tar: {@code GET /api/v1/datasets/export} ({@link
 * DatasetExport}) and {@code POST /api/v1/datasets/import} ({@link DatasetImport}), a multipart
 * field {@code file} up to {@code dataset_import_max_bytes}, written to the uploads folder as it
 * arrives. Thin: the two classes do the work.
 */
public final class DatasetRoutes implements RouteGroup {
  static final String PATH = "/api/v1/datasets";
  private static final String HOW =
      "send the archive as a multipart/form-data field named 'file' (curl -F"
          + " file=@dataset.tar), as GET /api/v1/datasets/export gives it";

  private final FeatureStore store;
  private final UploadHandler uploads;
  private final Path clipsDir;
  private final Path uploadsDir;
  private final Limits limits;

  /**
   * @param maxImportBytes the largest archive ({@code dataset_import_max_bytes})
   * @param maxClipBytes the largest clip in it ({@code max_upload_bytes})
   * @param stall how long a client downloading an export may read nothing
   */
  public record Limits(long maxImportBytes, long maxClipBytes, Duration stall) {}

  /**
   * @param uploads the upload route, whose ingestion imported clips go through
   * @param clipsDir where the raw clips are kept ({@code DATA_DIR/clips})
   * @param uploadsDir where archives in flight and their staging folders go ({@code
   *     DATA_DIR/uploads})
   */
  public DatasetRoutes(
      FeatureStore store, UploadHandler uploads, Path clipsDir, Path uploadsDir, Limits limits) {
    this.store = store;
    this.uploads = uploads;
    this.clipsDir = clipsDir;
    this.uploadsDir = uploadsDir;
    this.limits = limits;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    DatasetExport export = new DatasetExport(vertx, store, new ClipFiles(clipsDir), limits.stall());
    DatasetImport imports =
        new DatasetImport(vertx, uploads.ingestion(), store, uploadsDir, limits.maxClipBytes());
    router.get(PATH + "/export").handler(ctx -> export.send(ctx.response()).onFailure(ctx::fail));
    BodyHandler archives =
        BodyHandler.create()
            .setBodyLimit(limits.maxImportBytes())
            .setUploadsDirectory(uploadsDir.toString())
            .setDeleteUploadedFilesOnEnd(true);
    // the key and the body's type are checked before a byte of a large body is read; a
    // platform handler, since Vert.x puts those before the body handler
    PlatformHandler guard = ctx -> multipartOnly(ctx, auth);
    router
        .post(PATH + "/import")
        .handler(guard)
        .handler(BodyLimit.note(limits.maxImportBytes()))
        .handler(archives)
        .handler(ctx -> importArchive(ctx, imports));
  }

  /** Any other body would be read into memory by the body handler: refused before it is. */
  private static void multipartOnly(RoutingContext ctx, ApiKeyAuth auth) {
    if (!MemoryForm.isForm(ctx.request())) {
      String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
      throw new ProblemException(
          Problem.of(
              415,
              "unsupported-media-type",
              "Unsupported media type",
              "got Content-Type '" + type + "': " + HOW));
    }
    auth.handle(ctx);
  }

  private static void importArchive(RoutingContext ctx, DatasetImport imports) {
    Path archive = AudioRequests.uploadedPath(ctx, HOW);
    int augment;
    ClipIngest.OnConflict onConflict;
    try {
      augment = ClipIngest.augment(field(ctx, "augment"));
      onConflict = ClipIngest.OnConflict.parse(field(ctx, "on_conflict"));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.badRequest(e.getMessage()));
    }
    imports
        .run(archive, augment, onConflict)
        .onSuccess(outcome -> Json.send(ctx, outcome.status(), outcome.body()))
        .onFailure(ctx::fail);
  }

  /** A query parameter, else the form field of that name. */
  private static String field(RoutingContext ctx, String name) {
    String query = ctx.request().getParam(name);
    return query != null ? query : ctx.request().getFormAttribute(name);
  }
}
