package io.earshot.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc evaluated as a polyphase filter. The
 * cut-off sits below the lower of the two Nyquist frequencies, so downsampling does not alias.
 *
 * <p>For a rate pair whose reduced ratio is L/M the exact L phases are tabulated when L is at most
 * {@value #MAX_PHASES} (every common pair: 44.1k, 48k, 16k, 8k, 96k to 22.05k); otherwise the
 * fractional position is rounded to the nearest of {@value #MAX_PHASES} phases, a timing error
 * below 1/4096 of a sample. Exact tables are cached per rate pair; rounded ones (odd pairs such as
 * the pitch-shift ratios of augmentation) are not, so they cannot crowd out the common pairs.
 *
 * <p>Exact halving (44.1 kHz to 22.05 kHz, the most common upload) takes the much shorter {@link
 * HalfbandDecimator} instead.
 */
public final class Resampler {

  /**
   * Kernel shape: half-width in zero crossings of the cut-off sinc (sets the transition band),
   * Kaiser β (stop-band depth) and cut-off as a fraction of the lower Nyquist frequency.
   */
  private record Shape(int zeroCrossings, double kaiserBeta, double passband) {}

  /**
   * Downsampling to the analysis rate: cut-off at the output Nyquist frequency, transition band
   * from 91% to 109% of it (10 to 12 kHz at 22.05 kHz). Measured 48 to 22.05 kHz: flat within 0.003
   * dB to 10 kHz, at least 70 dB down from 12 kHz, whose alias lands at 10.05 kHz; the features
   * look below about 10 kHz. 114 taps at this ratio instead of 156 for the upsampling shape. Exact
   * halving uses the equivalent {@link HalfbandDecimator}.
   */
  private static final Shape DOWN = new Shape(26, 7.0, 1.0);

  /**
   * Upsampling: the whole transition band below the input Nyquist frequency, so no image of the
   * input spectrum reaches the new band above it (about 90 dB down).
   */
  private static final Shape UP = new Shape(32, 8.0, 0.90);

  private static final int MAX_PHASES = 2048;
  private static final int MAX_CACHED_KERNELS = 32;
  private static final Map<Long, Kernel> KERNELS = new ConcurrentHashMap<>();

  /** Filter coefficients: row {@code p} is the kernel for fractional position p / phases. */
  record Kernel(int phases, int taps, float[] table) {}

  private Resampler() {}

  /**
   * Converts {@code in} from {@code fromRate} to {@code toRate} Hz. The result has floor(in.length
   * * toRate / fromRate) samples, so its duration matches within one sample.
   */
  public static float[] resample(float[] in, int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException("rates must be positive: " + fromRate + " -> " + toRate);
    }
    if (fromRate == toRate) {
      return in.clone();
    }
    if (fromRate == 2L * toRate) {
      return HalfbandDecimator.halve(in);
    }
    Kernel kernel = kernel(fromRate, toRate);
    int outLength = (int) ((long) in.length * toRate / fromRate);
    float[] out = new float[outLength];
    PhaseBlocks blocks = blocks(kernel, fromRate, toRate);
    if (blocks == null) { // rounded phases: no period to block by
      for (int n = 0; n < outLength; n++) {
        out[n] = output(kernel, fromRate, toRate, n, in, 0, in.length);
      }
      return out;
    }
    blocks.run(in, 0, in.length, in.length, 0, outLength, out, 0);
    edges(kernel, fromRate, toRate, in, 0, in.length, 0, outLength, out, 0);
    return out;
  }

  /**
   * Output {@code n} of converting a signal of {@code length} samples (as far as it is known: a
   * streamed signal's output is asked for only once every input it reads has arrived, so it comes
   * out the same as from the whole signal). {@code in[i - base]} is the signal's sample i, for
   * every i the output reads ({@link #firstInput} on).
   */
  static float output(
      Kernel kernel, int fromRate, int toRate, long n, float[] in, long base, long length) {
    int taps = kernel.taps();
    float[] table = kernel.table();
    long first = firstInput(kernel, fromRate, toRate, n);
    int row = (int) phase(kernel, fromRate, toRate, n) * taps;
    int at = (int) (first - base);
    if (readsInside(first, taps, length)) {
      return (float) dot(table, row, in, at, taps);
    }
    double sum = 0;
    int from = (int) Math.max(0, -first);
    int to = (int) Math.min(taps, length - first);
    for (int k = from; k < to; k++) {
      sum += table[row + k] * in[at + k];
    }
    return (float) sum;
  }

  /**
   * Whether an output whose taps start at input {@code first} reads only the signal's {@code
   * length} samples: such outputs take the four-lane sum, the others the one-lane edge sum. {@link
   * PhaseBlocks} writes exactly the former, so both must ask this.
   */
  static boolean readsInside(long first, int taps, long length) {
    return first >= 0 && first + taps <= length;
  }

  /** The phase-blocked filter of an exact kernel, or null for a kernel of rounded phases. */
  static PhaseBlocks blocks(Kernel kernel, int fromRate, int toRate) {
    long gcd = gcd(fromRate, toRate);
    return kernel.phases() == toRate / gcd
        ? new PhaseBlocks(kernel, kernel.phases(), (int) (fromRate / gcd))
        : null;
  }

  /**
   * Of outputs {@code [from, from + count)}, the ones that read past either end of the signal (the
   * first and the last few; {@link PhaseBlocks} leaves them), into {@code out[at + n - from]}.
   */
  static void edges(
      Kernel kernel,
      int fromRate,
      int toRate,
      float[] in,
      long base,
      long length,
      long from,
      int count,
      float[] out,
      int at) {
    long n = from;
    long end = from + count;
    for (; n < end && firstInput(kernel, fromRate, toRate, n) < 0; n++) {
      out[(int) (at + n - from)] = output(kernel, fromRate, toRate, n, in, base, length);
    }
    for (long last = end - 1;
        last >= n && firstInput(kernel, fromRate, toRate, last) + kernel.taps() > length;
        last--) {
      out[(int) (at + last - from)] = output(kernel, fromRate, toRate, last, in, base, length);
    }
  }

  /** The first input sample output {@code n} reads (negative near the start: silence there). */
  static long firstInput(Kernel kernel, int fromRate, int toRate, long n) {
    long position = n * fromRate;
    long whole = position / toRate;
    if (roundedPhase(kernel, toRate, position) == kernel.phases()) {
      whole++; // rounded up to the next input sample
    }
    return whole - kernel.taps() / 2 + 1;
  }

  /** Which row of the kernel output {@code n} uses: its fractional position, rounded. */
  private static long phase(Kernel kernel, int fromRate, int toRate, long n) {
    long phase = roundedPhase(kernel, toRate, n * fromRate);
    return phase == kernel.phases() ? 0 : phase;
  }

  private static long roundedPhase(Kernel kernel, int toRate, long position) {
    return ((position % toRate) * kernel.phases() + toRate / 2) / toRate;
  }

  /** Four independent partial sums (taps is always even and at least 52) keep the CPU busy. */
  private static double dot(float[] table, int row, float[] in, int first, int taps) {
    float s0 = 0;
    float s1 = 0;
    float s2 = 0;
    float s3 = 0;
    int k = 0;
    for (; k + 3 < taps; k += 4) {
      s0 += table[row + k] * in[first + k];
      s1 += table[row + k + 1] * in[first + k + 1];
      s2 += table[row + k + 2] * in[first + k + 2];
      s3 += table[row + k + 3] * in[first + k + 3];
    }
    for (; k < taps; k++) {
      s0 += table[row + k] * in[first + k];
    }
    return (double) s0 + s1 + s2 + s3;
  }

  /** The filter of one rate pair (other than equal rates and exact halving). */
  static Kernel kernel(int fromRate, int toRate) {
    long key = ((long) fromRate << 32) | toRate;
    Kernel cached = KERNELS.get(key);
    if (cached != null) {
      return cached;
    }
    Kernel kernel = design(fromRate, toRate);
    boolean exact = kernel.phases() == toRate / gcd(fromRate, toRate);
    if (exact && KERNELS.size() < MAX_CACHED_KERNELS) {
      KERNELS.putIfAbsent(key, kernel);
    }
    return kernel;
  }

  private static Kernel design(int fromRate, int toRate) {
    long reducedUp = toRate / gcd(fromRate, toRate);
    int phases = (int) Math.min(reducedUp, MAX_PHASES);
    double scale = Math.min(1.0, (double) toRate / fromRate);
    Shape shape = fromRate > toRate ? DOWN : UP;
    double cutoff = 0.5 * scale * shape.passband(); // cycles per input sample
    double halfWidth = shape.zeroCrossings() / (2 * cutoff); // input samples
    int half = (int) Math.ceil(halfWidth);
    int taps = 2 * half;
    float[] table = new float[phases * taps];
    double windowNorm = besselI0(shape.kaiserBeta());
    for (int p = 0; p < phases; p++) {
      double frac = (double) p / phases;
      double sum = 0;
      double[] row = new double[taps];
      for (int k = 0; k < taps; k++) {
        double d = (k - half + 1) - frac; // input sample minus output position
        double x = d / halfWidth;
        double window =
            Math.abs(x) >= 1 ? 0 : besselI0(shape.kaiserBeta() * Math.sqrt(1 - x * x)) / windowNorm;
        row[k] = 2 * cutoff * sinc(2 * cutoff * d) * window;
        sum += row[k];
      }
      for (int k = 0; k < taps; k++) {
        table[p * taps + k] = (float) (row[k] / sum); // unity gain at DC for every phase
      }
    }
    return new Kernel(phases, taps, table);
  }

  private static double sinc(double x) {
    if (Math.abs(x) < 1e-12) {
      return 1;
    }
    double px = Math.PI * x;
    return Math.sin(px) / px;
  }

  /** Modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double quarterSquare = x * x / 4;
    for (int k = 1; k < 200 && term > sum * 1e-17; k++) {
      term *= quarterSquare / ((double) k * k);
      sum += term;
    }
    return sum;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
