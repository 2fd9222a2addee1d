package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files must end in a clip or an {@link AudioDecodeException}: never another exception,
 * never a hang. Mutations are seeded, so a failure names the seed and iteration that reproduce it.
 */
class DecoderFuzzTest {

  /** Raise with -Dearshot.fuzz.iterations=N, vary with -Dearshot.fuzz.seed=S for longer hunts. */
  private static final int ITERATIONS = Integer.getInteger("earshot.fuzz.iterations", 1000);

  private static final long SEED = Long.getLong("earshot.fuzz.seed", 0);
  private static final long BUDGET_MILLIS = 2000;

  /** The budget, plus the watchdog's grace and time to resample: a hang shows as a timeout. */
  private static final Duration HANG = Duration.ofMillis(BUDGET_MILLIS + 3000);

  private final AudioLoader loader =
      new AudioLoader(
          new AudioLimits(4L * 1024 * 1024, 10.0, 0.0, BUDGET_MILLIS), Optional.empty());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "generated.wav",
        "tone440-44100-stereo.mp3",
        "tone440-16000-stereo.flac",
        "tone440-8000-mono-24bit.flac",
        "tone440-48000-stereo.ogg",
        "tone440-11025-mono.aiff",
        "tone440-8000-ulaw.wav"
      })
  void damagedFilesDecodeOrFailCleanly(String fixture) {
    byte[] original =
        fixture.equals("generated.wav")
            ? WavEncoder.encode(Signals.sine(440, 0.5, 44100, 22050, 2), 44100, 2, 24, false, true)
            : Signals.resource(fixture);
    long seed = fixture.hashCode() + SEED;
    Random random = new Random(seed);
    for (int i = 0; i < ITERATIONS; i++) {
      byte[] damaged = mutate(original, random);
      int iteration = i;
      assertTimeoutPreemptively(
          HANG,
          () -> {
            try {
              loader.load(damaged);
            } catch (AudioDecodeException refusal) {
              // A clean refusal, except that these files take milliseconds: running out of time
              // means a decoder looped, and its thread may still be spinning.
              if (refusal.reason() == AudioDecodeException.Reason.TIMEOUT) {
                fail(fixture + " seed " + seed + " iteration " + iteration + " timed out");
              }
            } catch (Throwable other) {
              fail(
                  fixture + " seed " + seed + " iteration " + iteration + " threw " + other, other);
            }
          },
          () -> fixture + " seed " + seed + " iteration " + iteration + " hung");
    }
  }

  /** One of: truncation, random byte changes (often in the header), a burst of noise, a splice. */
  static byte[] mutate(byte[] original, Random random) {
    byte[] b = original.clone();
    switch (random.nextInt(5)) {
      case 0 -> {
        return Arrays.copyOf(b, random.nextInt(b.length));
      }
      case 1 -> {
        int edits = 1 + random.nextInt(8);
        for (int e = 0; e < edits; e++) {
          b[random.nextInt(Math.min(b.length, 128))] = (byte) random.nextInt(256);
        }
      }
      case 2 -> {
        int edits = 1 + random.nextInt(64);
        for (int e = 0; e < edits; e++) {
          b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
        }
      }
      case 3 -> {
        int start = random.nextInt(b.length);
        int length = Math.min(b.length - start, 1 + random.nextInt(512));
        for (int j = start; j < start + length; j++) {
          b[j] = (byte) random.nextInt(256);
        }
      }
      default -> {
        int cut = random.nextInt(b.length);
        int resume = random.nextInt(b.length);
        byte[] spliced = Arrays.copyOf(b, cut + b.length - resume);
        System.arraycopy(b, resume, spliced, cut, b.length - resume);
        return spliced;
      }
    }
    return b;
  }
}
