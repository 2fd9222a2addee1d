package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureCatalogTest {

  private final FeatureSchema schema = new FeatureExtractor().schema();

  @Test
  void everyFeatureHasAGroupAndTextsForEveryAudience() {
    List<FeatureInfo> all = FeatureCatalog.describeAll(schema);
    assertEquals(schema.size(), all.size());
    for (FeatureInfo info : all) {
      assertTrue(
          FeatureCatalog.GROUPS.contains(info.group()), info.name() + " group " + info.group());
      for (String text :
          List.of(
              info.unit(),
              info.description(),
              info.forSinger(),
              info.forVoiceAnalyst(),
              info.forEcologist())) {
        assertFalse(text == null || text.isBlank(), info.name());
      }
    }
  }

  @Test
  void everyGroupIsUsed() {
    for (String group : FeatureCatalog.GROUPS) {
      assertTrue(
          schema.names().stream().anyMatch(n -> FeatureCatalog.groupOf(n).equals(group)), group);
    }
  }

  @Test
  void groupsAndDescriptionsFollowTheName() {
    assertEquals("timbre", FeatureCatalog.groupOf("mfcc_3_std"));
    assertEquals("pitch stability", FeatureCatalog.groupOf("pitch_stability_cents"));
    assertEquals("harmony", FeatureCatalog.groupOf("chroma_C#_mean"));
    assertTrue(
        FeatureCatalog.describe("spectral_centroid_p90").description().startsWith("High end"));
    assertTrue(
        FeatureCatalog.describe("spectral_contrast_6_mean")
            .description()
            .contains("above 6.4 kHz"));
  }

  @Test
  void unknownNamesAreRejected() {
    for (String name :
        new String[] {
          "mfcc_20_mean", "chroma_H_mean", "tempo_bpm_mean", "rms", "nonsense", "mfcc_x_std"
        }) {
      assertTrue(FeatureCatalog.find(name).isEmpty(), name);
    }
    var e = assertThrows(IllegalArgumentException.class, () -> FeatureCatalog.describe("nonsense"));
    assertTrue(e.getMessage().contains("nonsense"));
  }
}
