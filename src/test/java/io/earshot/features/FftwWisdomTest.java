package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The plans of the sizes features use come from the wisdom in the jar, others are estimated. */
class FftwWisdomTest {

  /**
   * On Linux x86-64, where the wisdom was recorded, both sizes are planned from it: wisdom that
   * FFTW refused (a file edited by hand, written by another FFTW version, or for other problems)
   * would otherwise leave features on the slower estimated plans without a word.
   */
  @Test
  void theSizesFeaturesUseArePlannedFromTheRecordedWisdom() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch");
    if (os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
      assertNotNull(FftwTransform.recordedWisdom("linux-x86_64"));
      assertTrue(FftwTransform.plannedFromWisdom(AnalysisParameters.FRAME), "STFT frames");
      assertTrue(FftwTransform.plannedFromWisdom(AnalysisParameters.PITCH_FRAME), "pitch frames");
    }
  }

  @Test
  void otherSizesAreEstimated() {
    if (RealFft.DEFAULT == RealFft.Backend.FFTW) {
      assertFalse(FftwTransform.plannedFromWisdom(512));
    }
  }

  @Test
  void aPlatformWithoutRecordedWisdomHasNone() {
    assertNull(FftwTransform.recordedWisdom("windows-x86_64"));
  }
}
