package io.earshot.features;

/** Precomputed names of the repeated v2 features, so extraction builds no strings. */
final class FeatureNames {

  static final String[] PITCH_CLASSES = {
    "C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"
  };

  static final String[] MFCC_MEAN = indexed("mfcc_", "_mean", AnalysisParameters.MFCC);
  static final String[] MFCC_STD = indexed("mfcc_", "_std", AnalysisParameters.MFCC);
  static final String[] DELTA_MEAN = indexed("mfcc_delta_", "_mean", AnalysisParameters.MFCC);
  static final String[] DELTA_STD = indexed("mfcc_delta_", "_std", AnalysisParameters.MFCC);
  static final String[] CONTRAST_MEAN =
      indexed("spectral_contrast_", "_mean", AnalysisParameters.CONTRAST_OCTAVES + 1);
  static final String[] CONTRAST_STD =
      indexed("spectral_contrast_", "_std", AnalysisParameters.CONTRAST_OCTAVES + 1);
  static final String[] CHROMA_MEAN = named("chroma_", "_mean");
  static final String[] CHROMA_STD = named("chroma_", "_std");

  private FeatureNames() {}

  private static String[] indexed(String prefix, String suffix, int count) {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = prefix + i + suffix;
    }
    return names;
  }

  private static String[] named(String prefix, String suffix) {
    String[] names = new String[PITCH_CLASSES.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = prefix + PITCH_CLASSES[i] + suffix;
    }
    return names;
  }
}
