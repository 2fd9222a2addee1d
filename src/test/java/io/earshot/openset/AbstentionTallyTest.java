package io.earshot.openset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class AbstentionTallyTest {

  @Test
  void countsCoverageSelectiveAccuracyAndOpenSetAbstentionsApart() {
    AbstentionTally tally = new AbstentionTally(Set.of("bird", "dog"));
    tally.add("bird", "bird", answered("bird")); // right
    tally.add("bird", "dog", answered("dog")); // wrong
    tally.add("dog", "dog", answered("dog")); // right
    tally.add("dog", "bird", abstained(UnknownReason.UNCERTAIN)); // wrong, held back
    tally.add("bird", "bird", abstained(UnknownReason.NOVEL)); // right, held back
    tally.add("hum", "dog", abstained(UnknownReason.NOVEL));
    tally.add("hum", "dog", answered("dog"));
    tally.add("silence", "bird", abstained(UnknownReason.SILENT));

    AbstentionReport report = tally.report();
    AbstentionReport.InDistribution in = report.inDistribution();
    assertEquals(5, in.clips());
    assertEquals(3, in.answered());
    assertEquals(0.6, in.coverage(), 1e-12);
    assertEquals(3.0 / 5, in.accuracy(), 1e-12);
    assertEquals(2.0 / 3, in.selectiveAccuracy(), 1e-12);
    assertEquals(1, in.abstained().get("novel"));
    assertEquals(1, in.abstained().get("uncertain"));
    assertEquals(0, in.abstained().get("silent"));

    AbstentionReport.OutOfDistribution out = report.outOfDistribution();
    assertEquals(3, out.clips());
    assertEquals(2.0 / 3, out.abstainedShare(), 1e-12);
    assertEquals(0.5, out.byLabel().get("hum").abstainedShare(), 1e-12);
    assertEquals(1, out.byLabel().get("silence").abstained().get("silent"));
  }

  @Test
  void aSetWithoutOpenSetClipsHasNoOutOfDistributionPart() {
    AbstentionTally tally = new AbstentionTally(Set.of("bird"));
    tally.add("bird", "bird", answered("bird"));
    assertNull(tally.report().outOfDistribution());
    assertEquals(1.0, tally.report().inDistribution().selectiveAccuracy());
  }

  private static OpenSetPolicy.Answer answered(String label) {
    return new OpenSetPolicy.Answer(label, null);
  }

  private static OpenSetPolicy.Answer abstained(UnknownReason reason) {
    return new OpenSetPolicy.Answer(null, reason);
  }
}
