package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.earshot.audio.AudioClip;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Windows of a recording from one STFT, against each window's samples extracted on their own. */
class WindowFeaturesTest {
  private static final int RATE = AudioClip.ANALYSIS_RATE;
  private final FeatureExtractor extractor = new FeatureExtractor();

  @Test
  void aWindowThatIsTheWholeRecordingIsExactlyTheClipsVector() {
    AudioClip recording = new AudioClip(mixture(4 * RATE, 1), RATE);
    List<FeatureVector> windows =
        extractor.extractWindows(
            recording, List.of(new FeatureExtractor.Span(0, recording.samples().length)));
    assertArrayEquals(extractor.extract(recording).values(), windows.get(0).values());
  }

  @ParameterizedTest
  @EnumSource(FeatureVersion.class)
  void everyWindowIsExactlyTheVectorOfItsOwnSamples(FeatureVersion version) {
    FeatureExtractor extractor = new FeatureExtractor(version);
    float[] x = mixture(20 * RATE, 2);
    List<FeatureExtractor.Span> spans = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      // starts on the grid; lengths of every kind, short ones and one reaching the end
      int start = k * 5 * FeatureExtractor.WINDOW_GRID * 10;
      int length = k == 7 ? x.length - start : (k % 3 + 1) * RATE + 37 * k;
      spans.add(new FeatureExtractor.Span(start, length));
    }
    spans.add(new FeatureExtractor.Span(FeatureExtractor.WINDOW_GRID, RATE / 3));
    for (int length : new int[] {2048, 4096, 4097, 4600, 5120, 6143, 6144, 6145}) {
      spans.add(new FeatureExtractor.Span(37 * FeatureExtractor.WINDOW_GRID, length));
    }
    assertEachWindowIsItsOwnClip(extractor, x, spans);
  }

  /**
   * Digital silence between the sounds puts frames more than 80 dB under a window's peak, which the
   * window clamps (their MFCCs are taken again), beside frames it leaves alone (whose MFCCs come
   * from the shared pass).
   */
  @ParameterizedTest
  @EnumSource(FeatureVersion.class)
  void windowsHoldingSilenceAndSoundAreExactlyTheirOwnSamples(FeatureVersion version) {
    FeatureExtractor extractor = new FeatureExtractor(version);
    float[] x = mixture(12 * RATE, 5);
    for (int i = 0; i < x.length; i++) {
      if ((i / (RATE / 2)) % 4 == 1) {
        x[i] = 0; // half a second of nothing in every two seconds
      }
    }
    List<FeatureExtractor.Span> spans = new ArrayList<>();
    for (int start = 0; start + 3 * RATE <= x.length; start += 15 * FeatureExtractor.WINDOW_GRID) {
      spans.add(new FeatureExtractor.Span(start, 3 * RATE));
    }
    assertEachWindowIsItsOwnClip(extractor, x, spans);
  }

  @Test
  void aStartOffTheGridIsRoundedToIt() {
    float[] x = mixture(10 * RATE, 4);
    AudioClip recording = new AudioClip(x, RATE);
    int grid = FeatureExtractor.WINDOW_GRID;
    FeatureVector off =
        extractor
            .extractWindows(recording, List.of(new FeatureExtractor.Span(3 * grid + 100, 2 * RATE)))
            .get(0);
    FeatureVector on =
        extractor
            .extractWindows(recording, List.of(new FeatureExtractor.Span(3 * grid, 2 * RATE)))
            .get(0);
    assertArrayEquals(on.values(), off.values());
  }

  /** What the block-wise analysis of a recording relies on. */
  @Test
  void aStretchOfTheRecordingThatStartsOnTheGridGivesItsWindowsTheSameVectors() {
    float[] x = mixture(30 * RATE, 5);
    Random random = new Random(6);
    int stretchStart = 117 * FeatureExtractor.WINDOW_GRID;
    float[] stretch = Arrays.copyOfRange(x, stretchStart, stretchStart + 12 * RATE + 333);
    List<FeatureExtractor.Span> inRecording = new ArrayList<>();
    List<FeatureExtractor.Span> inStretch = new ArrayList<>();
    for (int k = 0; k < 12; k++) {
      // off the grid, but snapped to a start inside the stretch, and ending inside it
      int start = FeatureExtractor.WINDOW_GRID / 2 + random.nextInt(8 * RATE);
      int length = 2048 + random.nextInt(stretch.length - start - 2048 - 512);
      inRecording.add(new FeatureExtractor.Span(stretchStart + start, length));
      inStretch.add(new FeatureExtractor.Span(start, length));
    }
    List<FeatureVector> whole = extractor.extractWindows(new AudioClip(x, RATE), inRecording);
    List<FeatureVector> part = extractor.extractWindows(new AudioClip(stretch, RATE), inStretch);
    for (int w = 0; w < whole.size(); w++) {
      assertArrayEquals(whole.get(w).values(), part.get(w).values(), "window " + inStretch.get(w));
    }
  }

  @Test
  void aStartIsRoundedToTheNearestGridPointEvenPastTwoToThe24Samples() {
    int grid = FeatureExtractor.WINDOW_GRID;
    int far = 1 << 24; // 12.7 minutes: a float no longer holds every sample index
    float[] x = new float[far + 3 * RATE];
    float[] sound = mixture(3 * RATE, 7);
    System.arraycopy(sound, 0, x, far, sound.length);
    int length = 2 * RATE;
    // 511 samples past a grid point rounds down to it (as a float, 2^24 + 511 became 2^24 + 512)
    FeatureVector snapped =
        extractor
            .extractWindows(
                new AudioClip(x, RATE),
                List.of(new FeatureExtractor.Span(far + grid / 2 - 1, length)))
            .get(0);
    float[] own = Arrays.copyOfRange(x, far, far + length);
    assertArrayEquals(extractor.extract(new AudioClip(own, RATE)).values(), snapped.values());
  }

  @Test
  void aWindowPastTheEndOfTheRecordingIsRefused() {
    AudioClip recording = new AudioClip(mixture(RATE, 3), RATE);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            extractor.extractWindows(
                recording, List.of(new FeatureExtractor.Span(RATE / 2, RATE))));
    assertThrows(IllegalArgumentException.class, () -> new FeatureExtractor.Span(-1, 10));
  }

  private static void assertEachWindowIsItsOwnClip(
      FeatureExtractor extractor, float[] x, List<FeatureExtractor.Span> spans) {
    List<FeatureVector> shared = extractor.extractWindows(new AudioClip(x, RATE), spans);
    for (int w = 0; w < spans.size(); w++) {
      FeatureExtractor.Span s = spans.get(w);
      float[] own =
          extractor
              .extract(
                  new AudioClip(Arrays.copyOfRange(x, s.start(), s.start() + s.length()), RATE))
              .values();
      assertArrayEquals(own, shared.get(w).values(), "window " + s);
    }
  }

  /** Tones that come and go over noise, so every window holds something different. */
  private static float[] mixture(int n, long seed) {
    Random random = new Random(seed);
    float[] x = new float[n];
    double hz = 300;
    for (int i = 0; i < n; i++) {
      if (i % RATE == 0) {
        hz = 200 + random.nextInt(3000);
      }
      double gate = (i / (RATE / 2)) % 3 == 0 ? 0 : 0.4;
      x[i] = (float) (gate * Math.sin(2 * Math.PI * hz * i / RATE) + 0.02 * random.nextGaussian());
    }
    return x;
  }
}
