package io.earshot.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.earshot.jobs.SampleInfo;
import io.earshot.pipeline.DatasetArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an export writes, decided without a server. */
class DatasetExportTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);

  @TempDir Path dir;

  @Test
  void clipsGoOldestFirstUnderTheirStoredLabelAndMissingAudioIsNamed() throws Exception {
    Path a =
        Files.write(Files.createDirectories(dir.resolve("old")).resolve(A + ".flac"), new byte[3]);
    Path b = Files.write(dir.resolve(B + ".wav"), new byte[5]);
    List<SampleInfo> newestFirst =
        List.of(
            info(C, "dog", 3),
            info(B, "dog", 2),
            info(A, "bird", 1)); // its file still sits in the folder of its old label

    DatasetExport.Plan plan = DatasetExport.plan(newestFirst, Map.of(A, a, B, b), Instant.EPOCH);

    assertEquals(
        List.of(
            new DatasetArchive.Entry("bird/" + A + ".flac", a),
            new DatasetArchive.Entry("dog/" + B + ".wav", b)),
        plan.entries());
    assertEquals(List.of(C), plan.manifest().missingAudio());
    assertEquals(3, plan.manifest().items().get(0).bytes());
    assertEquals("bird", plan.manifest().items().get(0).label());
    assertEquals(Map.of("bird", 1L, "dog", 1L), plan.manifest().dataset().counts());
  }

  private static SampleInfo info(String sha, String label, int second) {
    return new SampleInfo(sha, label, label + ".wav", 1.0, Instant.ofEpochSecond(second), false);
  }
}
