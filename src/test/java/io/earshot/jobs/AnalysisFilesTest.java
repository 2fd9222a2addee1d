package io.earshot.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.Event;
import io.earshot.analysis.Segment;
import io.earshot.analysis.WindowPlan;
import io.earshot.openset.UnknownReason;
import io.earshot.pipeline.RecordingAnalyzer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalysisFilesTest {
  @TempDir Path dataDir;

  static final AnalysisResult RESULT =
      new AnalysisResult(
          7.5,
          "3",
          List.of("bird", "engine"),
          2,
          1,
          0.5,
          List.of(
              new Segment(0, 2, "bird", 0.91, null),
              new Segment(1, 3, null, 0.4, UnknownReason.UNCERTAIN),
              new Segment(2, 4, null, 0.2, UnknownReason.SILENT)),
          List.of(new Event("bird", 0, 2, 0.91, 0.91, 1)));

  @Test
  void aResultReadsBackAsItWasWritten() throws Exception {
    AnalysisFiles files = new AnalysisFiles(dataDir);
    assertTrue(files.readResult("job-1").isEmpty(), "nothing before it is written");
    files.writeResult("job-1", RESULT);
    assertEquals(RESULT, files.readResult("job-1").orElseThrow());
    try (var left = Files.list(dataDir.resolve("analyses"))) {
      assertEquals(List.of("job-1.json"), left.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void aRecordingIsMovedInUnderARandomNameAndDeletedByIt() throws Exception {
    AnalysisFiles files = new AnalysisFiles(dataDir);
    Path upload = Files.writeString(dataDir.resolve("upload.tmp"), "RIFF");
    String name = files.keepRecording(upload, "wav");
    assertTrue(name.endsWith(".wav"));
    assertFalse(Files.exists(upload));
    assertEquals("RIFF", Files.readString(files.recording(name)));
    files.deleteRecording(name);
    assertFalse(Files.exists(files.recording(name)));
  }

  @Test
  void forgedNamesNeverLeaveTheirFolders() {
    AnalysisFiles files = new AnalysisFiles(dataDir);
    assertThrows(IllegalArgumentException.class, () -> files.recording("../models/booster.ubj"));
    assertThrows(IllegalArgumentException.class, () -> files.recording("/etc/passwd"));
    assertThrows(IllegalArgumentException.class, () -> files.readResult("../state/x"));
  }

  @Test
  void aSweepRemovesOnlyWhatIsOlderThanTheAge() throws Exception {
    AnalysisFiles files = new AnalysisFiles(dataDir);
    files.writeResult("old", RESULT);
    files.writeResult("new", RESULT);
    Instant now = Instant.now();
    Files.setLastModifiedTime(
        dataDir.resolve("analyses/old.json"), FileTime.from(now.minus(Duration.ofDays(8))));
    assertEquals(1, files.sweep(now, Duration.ofDays(7)));
    assertTrue(files.readResult("old").isEmpty());
    assertTrue(files.readResult("new").isPresent());
  }

  @Test
  void jobParametersReadBackIntoTheSameRequest() {
    var request =
        new RecordingAnalyzer.Request(new WindowPlan(2, 0.5), 1.5, OptionalDouble.of(0.6));
    var params = new AnalysisJob.Params("rec.wav", "field day.wav", 3600, request);
    assertEquals(params, AnalysisJob.Params.of(params.toJobRequest().params()));
    var noFloor = new RecordingAnalyzer.Request(new WindowPlan(3, 3), 0, OptionalDouble.empty());
    var plain = new AnalysisJob.Params("r.flac", null, 1000, noFloor);
    assertEquals(plain, AnalysisJob.Params.of(plain.toJobRequest().params()));
    assertThrows(
        IllegalArgumentException.class,
        () -> AnalysisJob.Params.of(new io.vertx.core.json.JsonObject().put("window_s", "x")));
  }
}
