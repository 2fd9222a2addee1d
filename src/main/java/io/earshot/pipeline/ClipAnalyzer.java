package io.earshot.pipeline;

import io.earshot.audio.AudioClip;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.audio.Augmenter;
import io.earshot.audio.CodecRoundTrip;
import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVector;
import io.earshot.openset.SignalGate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One training clip, decoded once: its SHA-256, its features and those of its augmented variants.
 * Shared by the folder commands and by uploads, so both augment the same way.
 */
public final class ClipAnalyzer {
  private final AudioLoader loader;
  private final FeatureExtractor extractor;
  private final Optional<CodecRoundTrip> codecs;

  /**
   * What one clip yields; variants share the clip's SHA-256 so they stay in its split.
   *
   * @param loudestFrameDbfs the level the silence gate judges ({@link SignalGate})
   */
  public record Analysis(
      String sha256,
      double durationSeconds,
      double loudestFrameDbfs,
      FeatureVector original,
      List<FeatureVector> augmented) {}

  /** Without codec variants. */
  public ClipAnalyzer(AudioLoader loader, FeatureExtractor extractor) {
    this(loader, extractor, Optional.empty());
  }

  /**
   * @param codecs sends about half the augmented variants through MP3 or Vorbis when present
   */
  public ClipAnalyzer(
      AudioLoader loader, FeatureExtractor extractor, Optional<CodecRoundTrip> codecs) {
    this.loader = loader;
    this.extractor = extractor;
    this.codecs = codecs;
  }

  /**
   * @param augment variants to make (0 for none)
   * @param seed combined with the clip's hash, so every clip gets its own reproducible variants
   */
  public Analysis analyze(byte[] bytes, int augment, long seed) throws AudioDecodeException {
    AudioClip clip = loader.load(bytes);
    String sha = Hashing.sha256(bytes);
    FeatureVector original = extractor.extract(clip);
    List<FeatureVector> augmented = new ArrayList<>(augment);
    if (augment > 0) {
      long clipSeed = seed ^ Long.parseUnsignedLong(sha.substring(0, 15), 16);
      for (AudioClip variant : Augmenter.variants(clip, augment, clipSeed, codecs)) {
        augmented.add(extractor.extract(variant));
      }
    }
    return new Analysis(
        sha,
        clip.durationSeconds(),
        SignalGate.loudestFrameDbfs(clip.samples()),
        original,
        List.copyOf(augmented));
  }
}
