package io.earshot.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast per-frame building blocks agree with slow, obviously-correct references. */
class SpectralBuildingBlocksTest {

  private static final int N = AnalysisParameters.FRAME;
  private static final int SR = AnalysisParameters.SAMPLE_RATE;
  private static final int BINS = N / 2 + 1;

  @Test
  void contrastEqualsSortedBandPeakOverValley() {
    SpectralContrast contrast = new SpectralContrast(N, SR, 200, 6, 0.02);
    Random random = new Random(5);
    float[][] spectra = {new float[BINS], new float[BINS], new float[BINS]};
    for (int k = 0; k < BINS; k++) {
      spectra[0][k] = (float) Math.abs(random.nextGaussian()) + 1e-3f;
      spectra[1][k] = 1000f / (k + 1); // falling: every bin a new minimum
      spectra[2][k] = k + 1f; // rising: every bin a new maximum
    }
    float[] out = new float[7];
    int[] scratch = new int[contrast.scratchSize()];
    for (float[] magnitude : spectra) {
      contrast.apply(magnitude, out, 0, scratch);
      double[] edges = {0, 200, 400, 800, 1600, 3200, 6400, 12800};
      for (int band = 0; band < 7; band++) {
        // librosa's band rule: [f_low, f_high], plus one bin below, minus the top bin (not last
        // band)
        int first = -1;
        int last = -1;
        for (int k = 0; k < BINS; k++) {
          double f = (double) k * SR / N;
          if (f >= edges[band] && f <= edges[band + 1]) {
            first = first < 0 ? k : first;
            last = k;
          }
        }
        if (band > 0) {
          first--;
        }
        if (band == 6) {
          last = BINS - 1;
        }
        int q = (int) Math.max(1, Math.rint(0.02 * (last - first + 1)));
        float[] sorted = Arrays.copyOfRange(magnitude, first, band == 6 ? last + 1 : last);
        Arrays.sort(sorted);
        double valley = 0;
        double peak = 0;
        for (int i = 0; i < q; i++) {
          valley += sorted[i];
          peak += sorted[sorted.length - 1 - i];
        }
        double expected = 10 * Math.log10(peak / valley);
        assertEquals(expected, out[band], 1e-3, "band " + band);
      }
    }
  }

  /**
   * The contrast pass keeps a guess from the frame before (which bins to consider); the values must
   * not depend on it, or a window of a recording would not be bit for bit its own clip.
   */
  @Test
  void contrastOfASpectrumIsTheSameWhateverFramesCameBefore() {
    SpectralContrast contrast = new SpectralContrast(N, SR, 200, 6, 0.02);
    Random random = new Random(9);
    int[] scratch = new int[contrast.scratchSize()];
    for (int frame = 0; frame < 60; frame++) {
      // noisy falling spectra whose level wanders, with jumps far up and down now and then
      double level = frame % 17 == 5 ? 1e6 : frame % 13 == 7 ? 1e-6 : 1 + frame % 4;
      float[] spectrum = new float[BINS];
      for (int k = 0; k < BINS; k++) {
        spectrum[k] = (float) (level * Math.abs(random.nextGaussian()) * 100 / (k + 10));
      }
      float[] afterOthers = new float[7];
      contrast.apply(spectrum, afterOthers, 0, scratch);
      float[] fresh = new float[7];
      contrast.apply(spectrum, fresh, 0, new int[contrast.scratchSize()]);
      assertArrayEquals(fresh, afterOthers, "frame " + frame);
    }
  }

  /**
   * One bin at a time: its energy goes to the two pitch classes around its frequency, split by its
   * fractional semitone (the octave weight cancels in the normalisation to a largest class of 1).
   */
  @Test
  void chromaSplitsEachBinBetweenItsTwoNearestPitchClasses() {
    ChromaMap chroma = new ChromaMap(N, SR);
    float[] power = new float[BINS];
    float[] out = new float[ChromaMap.CLASSES];
    int first = (int) Math.ceil(ChromaMap.MIN_HZ * N / SR);
    int last = (int) Math.floor(ChromaMap.MAX_HZ * N / SR);
    for (int k = 0; k < BINS; k++) {
      Arrays.fill(power, 0);
      power[k] = 1;
      chroma.apply(power, out, 0);
      float[] expected = new float[ChromaMap.CLASSES];
      if (k >= first && k <= last) {
        double semitonesFromC = 12 * Math.log((double) k * SR / N / 440) / Math.log(2) + 9;
        double pitchClass = ((semitonesFromC % 12) + 12) % 12;
        int low = (int) Math.floor(pitchClass);
        double fraction = pitchClass - low;
        double larger = Math.max(fraction, 1 - fraction);
        expected[low % 12] = (float) ((1 - fraction) / larger);
        expected[(low + 1) % 12] = (float) (fraction / larger);
      }
      for (int c = 0; c < ChromaMap.CLASSES; c++) {
        assertEquals(expected[c], out[c], 1e-4, "bin " + k + " class " + c);
      }
    }
  }

  @Test
  void flatnessEqualsGeometricOverArithmeticMean() {
    Random random = new Random(8);
    float[] power = new float[BINS];
    for (int k = 0; k < BINS; k++) {
      power[k] = (float) Math.pow(10, 6 * random.nextDouble() - 8);
    }
    power[3] = 0; // floored to 1e-10
    double logSum = 0;
    double sum = 0;
    for (float p : power) {
      double floored = Math.max(p, 1e-10f);
      logSum += Math.log(floored);
      sum += floored;
    }
    double expected = Math.exp(logSum / BINS) / (sum / BINS);
    assertEquals(expected, SpectralShape.flatness(power), 1e-5 * expected);
  }

  @Test
  void rolloffIsTheFirstBinWhoseCumulativeMagnitudeReaches85PercentWhereverItFalls() {
    SpectralShape shape = new SpectralShape();
    Workspace ws = new Workspace(1);
    Random random = new Random(9);
    // whole-number magnitudes: every partial sum is exact, so any order of adding gives the same
    for (int crossing = 0; crossing < BINS; crossing += 1 + random.nextInt(7)) {
      double total = 0;
      for (int k = 0; k < BINS; k++) {
        float magnitude = k == crossing ? 4000 : random.nextInt(3);
        ws.power[k] = magnitude * magnitude;
        total += magnitude;
      }
      float threshold = (float) (total * AnalysisParameters.ROLLOFF);
      double cumulative = 0;
      int expected = 0;
      while (expected < BINS - 1
          && (float) (cumulative += Math.sqrt(ws.power[expected])) < threshold) {
        expected++;
      }

      shape.apply(ws, 0, 0f);

      assertEquals((float) expected * SR / N, ws.rolloff[0], "spike at bin " + crossing);
    }
  }

  @Test
  void fastLogIsAccurate() {
    for (float x : new float[] {1e-10f, 3.3e-7f, 0.5f, 1f, 2.75f, 1234.5f, 9.9e12f}) {
      assertEquals(Math.log(x) / Math.log(2), FastLog.log2(x), 1e-5, "log2 " + x);
    }
  }

  @Test
  void melFilterbankHasSlaneyAreaNormalisedTrianglesCoveringTheSpectrum() {
    MelFilterbank bank = new MelFilterbank(128, N, SR, 0, SR / 2.0);
    float[] centres = bank.centerFrequencies();
    assertEquals(128, centres.length);
    // Slaney scale: linear (66.67 Hz per mel) under 1 kHz, so the first centre is 1/129 of the
    // range
    assertEquals(MelFilterbank.melToHz(MelFilterbank.hzToMel(SR / 2.0) / 129), centres[0], 1e-3);
    assertEquals(1000.0, MelFilterbank.melToHz(15.0), 1e-9);
    assertEquals(15.0, MelFilterbank.hzToMel(1000.0), 1e-9);
    // each triangle has unit area in Hz, so on a flat unit spectrum (weights summed, times the bin
    // width) every band well resolved by the FFT comes out at 1
    float[] flat = new float[BINS];
    Arrays.fill(flat, 1f);
    float[] mel = new float[128];
    bank.apply(flat, mel);
    double binHz = (double) SR / N;
    for (int m = 40; m < 128; m++) {
      assertEquals(1.0, mel[m] * binHz, 0.05, "band " + m);
    }
  }
}
