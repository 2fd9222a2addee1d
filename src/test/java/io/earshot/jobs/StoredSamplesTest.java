package io.earshot.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.training.DatasetVersion;
import io.earshot.training.DatasetVersion.Pair;
import io.earshot.training.LabeledSample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pinned dataset chosen out of the stored samples, without a store. */
class StoredSamplesTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);

  private static StoredSample clip(String sha, String label) {
    return new StoredSample(sha, label, "s1", new float[] {1}, sha + ".wav", null);
  }

  private static StoredSample variant(String clip, String label, int k) {
    return new StoredSample(
        StoredSamples.variantKey(clip, k),
        label,
        "s1",
        new float[] {k},
        StoredSamples.variantFilename(clip, k),
        null);
  }

  @Test
  void aPinnedDatasetTrainsItsClipsUnderTheLabelsItRecorded() {
    DatasetVersion pinned = DatasetVersion.of(List.of(new Pair(A, "vehicle"), new Pair(B, "dog")));
    List<StoredSample> now =
        List.of(
            clip(A, "wind"),
            variant(A, "wind", 1),
            variant(A, "wind", 2),
            clip(B, "dog"),
            clip(C, "dog"));

    List<LabeledSample> data = StoredSamples.pinned(now, pinned, 1);

    assertEquals(
        List.of("vehicle", "vehicle", "dog"), data.stream().map(LabeledSample::label).toList());
    assertEquals(List.of(A, A, B), data.stream().map(LabeledSample::clipId).toList());
    assertEquals(pinned, DatasetVersion.ofSamples(data), "the training reads the same version");
  }

  @Test
  void aPinnedDatasetWithADeletedClipIsRefusedNamingIt() {
    DatasetVersion pinned = DatasetVersion.of(List.of(new Pair(A, "bird"), new Pair(B, "dog")));
    var refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> StoredSamples.pinned(List.of(clip(A, "bird"), variant(B, "dog", 1)), pinned, 1));
    assertTrue(refused.getMessage().contains("1 of its 2 clips are gone"), refused.getMessage());
    assertTrue(refused.getMessage().contains(B));
  }
}
