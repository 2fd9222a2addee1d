package io.earshot.http;

import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.JobQueue;
import io.earshot.pipeline.ClipIngest;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/v1/upload-data}: reads the form (files, labels, augmentation), refuses what
 * breaks a rule with 400 or 413, and hands the clips to {@link UploadIngestion}.
 */
public final class UploadHandler {
  private final UploadIngestion ingestion;
  private final int maxFiles;

  /**
   * @param schemaId the feature schema the clips are extracted with
   * @param maxFiles files one upload may hold ({@code upload_max_files})
   */
  public UploadHandler(
      BoundedWorkers workers,
      ClipIngest clips,
      String schemaId,
      FeatureStore store,
      JobQueue queue,
      int autoRetrainThreshold,
      int maxFiles) {
    this.ingestion =
        new UploadIngestion(workers, clips, schemaId, store, queue, autoRetrainThreshold);
    this.maxFiles = maxFiles;
  }

  /** Where the upload's clips go; a dataset import sends its clips the same way. */
  UploadIngestion ingestion() {
    return ingestion;
  }

  void upload(RoutingContext ctx) {
    List<FileUpload> files =
        AudioRequests.manyFiles(
            ctx,
            maxFiles,
            "an upload",
            "upload-too-large",
            "send audio as multipart/form-data fields named 'files' with a 'label' field");
    List<String> labels;
    int augment;
    ClipIngest.OnConflict onConflict;
    try {
      labels =
          ClipIngest.labels(
              ctx.request().formAttributes().getAll("labels"),
              ctx.request().getFormAttribute("label"),
              files.size());
      augment = ClipIngest.augment(ctx.request().getFormAttribute("augment"));
      onConflict = ClipIngest.OnConflict.parse(ctx.request().getFormAttribute("on_conflict"));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(Problem.badRequest(e.getMessage()));
    }
    List<UploadIngestion.UploadedClip> clips = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      FileUpload file = files.get(i);
      clips.add(
          new UploadIngestion.UploadedClip(
              Path.of(file.uploadedFileName()), file.fileName(), labels.get(i)));
    }
    ingestion
        .ingest(clips, augment, onConflict)
        .onSuccess(report -> Json.send(ctx, report.status(), report.toJson()))
        .onFailure(ctx::fail);
  }
}
