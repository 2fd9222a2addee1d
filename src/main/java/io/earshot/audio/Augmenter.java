package io.earshot.audio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Training-data augmentation: pitch shift, time stretch and additive noise, alone or drawn at
 * random, and optionally a lossy codec on top ({@link CodecRoundTrip}). Everything is
 * deterministic: the same input and seed give the same output, so an augmented training set can be
 * rebuilt exactly.
 */
public final class Augmenter {

  /** Ranges that {@link #variants} draws from; they keep a voice or a call recognisable. */
  public static final double MAX_PITCH_SEMITONES = 2.0;

  public static final double MIN_STRETCH = 0.9;
  public static final double MAX_STRETCH = 1.1;
  public static final double MIN_SNR_DB = 10.0;
  public static final double MAX_SNR_DB = 30.0;

  /** Share of variants sent through a codec when one is available. */
  public static final double CODEC_SHARE = 0.5;

  /** Keeps the codec draws apart from the transform draws of the same seed. */
  private static final long CODEC_SALT = 0x636f646563L;

  private Augmenter() {}

  /**
   * Raises (positive) or lowers (negative) the pitch by {@code semitones}, keeping the duration:
   * WSOLA stretches the clip by the pitch ratio, then resampling squeezes it back.
   */
  public static AudioClip pitchShift(AudioClip clip, double semitones) {
    if (!(Math.abs(semitones) <= 12)) {
      throw new IllegalArgumentException("semitones must be within +/-12, was " + semitones);
    }
    if (semitones == 0) {
      return clip;
    }
    double ratio = Math.pow(2, semitones / 12);
    int rate = clip.sampleRate();
    float[] longer = Wsola.stretch(clip.samples(), ratio);
    float[] shifted = Resampler.resample(longer, (int) Math.round(rate * ratio), rate);
    return new AudioClip(clip(fitLength(shifted, clip.samples().length)), rate);
  }

  /**
   * Changes the duration by {@code durationFactor} (1.1 makes the clip 10% longer) keeping pitch.
   */
  public static AudioClip timeStretch(AudioClip clip, double durationFactor) {
    if (!(durationFactor >= 0.5 && durationFactor <= 2.0)) {
      throw new IllegalArgumentException(
          "durationFactor must be within [0.5, 2], was " + durationFactor);
    }
    return new AudioClip(clip(Wsola.stretch(clip.samples(), durationFactor)), clip.sampleRate());
  }

  /**
   * Adds white Gaussian noise whose power is the clip's power divided by 10^(snrDb / 10). A silent
   * clip has no power to compare against and is returned unchanged.
   */
  public static AudioClip addNoise(AudioClip clip, double snrDb, Random random) {
    float[] in = clip.samples();
    double power = 0;
    for (float v : in) {
      power += v * v;
    }
    power /= Math.max(1, in.length);
    if (power == 0) {
      return clip;
    }
    double sigma = Math.sqrt(power / Math.pow(10, snrDb / 10));
    float[] out = new float[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = (float) (in[i] + sigma * random.nextGaussian());
    }
    return new AudioClip(clip(out), clip.sampleRate());
  }

  /**
   * {@code count} variants, each a random combination (at least one) of stretch, pitch shift and
   * noise within the ranges above. The same clip, count and seed always give the same variants.
   */
  public static List<AudioClip> variants(AudioClip clip, int count, long seed) {
    Random random = new Random(seed);
    List<AudioClip> variants = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      boolean stretch = random.nextBoolean();
      boolean pitch = random.nextBoolean();
      boolean noise = random.nextBoolean();
      if (!stretch && !pitch && !noise) {
        int only = random.nextInt(3);
        stretch = only == 0;
        pitch = only == 1;
        noise = only == 2;
      }
      AudioClip variant = clip;
      if (stretch) {
        variant = timeStretch(variant, uniform(random, MIN_STRETCH, MAX_STRETCH));
      }
      if (pitch) {
        variant = pitchShift(variant, uniform(random, -MAX_PITCH_SEMITONES, MAX_PITCH_SEMITONES));
      }
      if (noise) {
        variant = addNoise(variant, uniform(random, MIN_SNR_DB, MAX_SNR_DB), random);
      }
      variants.add(variant);
    }
    return variants;
  }

  /**
   * {@link #variants(AudioClip, int, long)}, each then sent through a lossy codec with probability
   * {@value #CODEC_SHARE} when {@code codecs} is there (MP3 at 64 or 128 kbit/s, Vorbis q2 or q4,
   * drawn alike), so a model also learns what compressed uploads look like. The codec draws come
   * from their own generator, so the variants before the codec are the same as without one, and the
   * same clip, count and seed always give the same variants.
   */
  public static List<AudioClip> variants(
      AudioClip clip, int count, long seed, Optional<CodecRoundTrip> codecs) {
    List<AudioClip> variants = variants(clip, count, seed);
    if (codecs.isEmpty()) {
      return variants;
    }
    Random random = new Random(seed ^ CODEC_SALT);
    CodecRoundTrip.Codec[] choices = CodecRoundTrip.Codec.values();
    List<AudioClip> coded = new ArrayList<>(variants.size());
    for (AudioClip variant : variants) {
      boolean code = random.nextDouble() < CODEC_SHARE;
      CodecRoundTrip.Codec codec = choices[random.nextInt(choices.length)];
      coded.add(code ? codecs.get().apply(variant, codec) : variant);
    }
    return coded;
  }

  private static double uniform(Random random, double low, double high) {
    return low + (high - low) * random.nextDouble();
  }

  private static float[] fitLength(float[] samples, int length) {
    return samples.length == length ? samples : java.util.Arrays.copyOf(samples, length);
  }

  /** Keeps the AudioClip contract of samples in [-1, 1]. */
  private static float[] clip(float[] samples) {
    for (int i = 0; i < samples.length; i++) {
      samples[i] = Math.max(-1f, Math.min(1f, samples[i]));
    }
    return samples;
  }
}
