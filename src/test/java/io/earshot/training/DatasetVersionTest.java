package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.earshot.pipeline.Hashing;
import io.earshot.training.DatasetVersion.Pair;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetVersionTest {
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);

  @Test
  void theVersionIsTheSha256OfTheSortedPairLines() {
    // printf 'aaaa…\tbird\nbbbb…\tdog\n' | sha256sum
    DatasetVersion version = DatasetVersion.of(List.of(new Pair(B, "dog"), new Pair(A, "bird")));
    assertEquals(
        Hashing.sha256((A + "\tbird\n" + B + "\tdog\n").getBytes(StandardCharsets.UTF_8)),
        version.version());
    assertEquals(List.of(new Pair(A, "bird"), new Pair(B, "dog")), version.pairs());
  }

  @Test
  void orderAndRepeatsDoNotMatterButALabelDoes() {
    DatasetVersion one = DatasetVersion.of(List.of(new Pair(A, "bird"), new Pair(B, "dog")));
    DatasetVersion again =
        DatasetVersion.of(List.of(new Pair(B, "dog"), new Pair(A, "bird"), new Pair(A, "bird")));
    DatasetVersion relabelled = DatasetVersion.of(List.of(new Pair(A, "bird"), new Pair(B, "cat")));
    assertEquals(one, again);
    assertNotEquals(one.version(), relabelled.version());
  }

  @Test
  void variantsCountWithTheirClip() {
    float[] f = {1};
    DatasetVersion version =
        DatasetVersion.ofSamples(
            List.of(
                new LabeledSample(A, "bird", f),
                new LabeledSample(A, "bird", f),
                new LabeledSample(B, "dog", f)));
    assertEquals(2, version.summary().clips());
    assertEquals(Map.of("bird", 1L, "dog", 1L), version.summary().counts());
  }
}
