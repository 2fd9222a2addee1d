package io.earshot.audio;

/**
 * {@link Resampler#resample} for a signal that arrives block by block: sample for sample what the
 * whole signal would give, while holding only the filter's reach of input (a few hundred samples)
 * beside the latest block.
 *
 * <p>An output is computed once every input it reads has arrived, with the same arithmetic as the
 * whole-signal path: the general polyphase filter through {@link Resampler#output}, which also
 * keeps its choice between the inside and the edge sums (through {@link PhaseBlocks} where the
 * kernel is exact, which gives the same samples); exact halving through {@link
 * HalfbandDecimator#filterInside} over input padded with the silence the whole path assumes beyond
 * either end. The length is the whole path's too, settled by {@link #finish()}.
 */
final class StreamingResampler {

  private enum Mode {
    COPY,
    HALVE,
    FILTER
  }

  /** Silence in front of the first input and after the last: the half-band filter's reach. */
  private static final int HALF_BAND_REACH = 2 * HalfbandDecimator.SIDE_TAPS - 1;

  private final int fromRate;
  private final int toRate;
  private final Mode mode;
  private final Resampler.Kernel kernel;
  private final PhaseBlocks blocks; // null unless FILTER with an exact kernel
  private float[] in = new float[4096];
  private int held; // in[0..held) is the signal from sample base on
  private long base;
  private long received;
  private long produced;
  private boolean finished;

  StreamingResampler(int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException("rates must be positive: " + fromRate + " -> " + toRate);
    }
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.mode = fromRate == toRate ? Mode.COPY : fromRate == 2L * toRate ? Mode.HALVE : Mode.FILTER;
    this.kernel = mode == Mode.FILTER ? Resampler.kernel(fromRate, toRate) : null;
    this.blocks = kernel == null ? null : Resampler.blocks(kernel, fromRate, toRate);
    if (mode == Mode.HALVE) {
      base = -HALF_BAND_REACH;
      held = HALF_BAND_REACH; // zeros: the silence before the signal
    }
  }

  /** Appends {@code block[from..from + count)} to the signal. */
  void push(float[] block, int from, int count) {
    if (finished) {
      throw new IllegalStateException("the signal has already ended");
    }
    append(block, from, count);
    received += count;
  }

  /** The signal has ended: the outputs that read past its end can now be computed. */
  void finish() {
    if (!finished && mode == Mode.HALVE) {
      append(new float[HALF_BAND_REACH], 0, HALF_BAND_REACH);
    }
    finished = true;
  }

  /** True once the signal has ended and every output has been drained. */
  boolean drained() {
    return finished && produced == total(received);
  }

  /** Writes up to {@code max} outputs that are ready into {@code out}; returns how many. */
  int drain(float[] out, int offset, int max) {
    long end = Math.min(produced + max, ready());
    int count = (int) Math.max(0, end - produced);
    switch (mode) {
      case COPY -> System.arraycopy(in, (int) (produced - base), out, offset, count);
      case HALVE ->
          HalfbandDecimator.filterInside(in, (int) (2 * produced - base), out, offset, count);
      case FILTER -> {
        if (blocks != null) {
          blocks.run(in, base, held, received, produced, count, out, offset);
          Resampler.edges(
              kernel, fromRate, toRate, in, base, received, produced, count, out, offset);
          break;
        }
        for (int i = 0; i < count; i++) {
          out[offset + i] =
              Resampler.output(kernel, fromRate, toRate, produced + i, in, base, received);
        }
      }
    }
    produced += count;
    return count;
  }

  /** Outputs of a signal of {@code length} samples, as the whole-signal path makes them. */
  private long total(long length) {
    return switch (mode) {
      case COPY -> length;
      case HALVE -> length / 2;
      case FILTER -> length * toRate / fromRate;
    };
  }

  /** How many outputs can be computed from the input so far. */
  private long ready() {
    if (finished) {
      return total(received);
    }
    return switch (mode) {
      case COPY -> received;
      // output n reads inputs 2n - reach .. 2n + reach
      case HALVE -> Math.max(0, (received - HALF_BAND_REACH + 1) / 2);
      case FILTER -> {
        long n = total(received);
        while (n > produced
            && Resampler.firstInput(kernel, fromRate, toRate, n - 1) + kernel.taps() > received) {
          n--;
        }
        yield n;
      }
    };
  }

  /** The first input sample the next output reads: nothing before it is needed again. */
  private long firstNeeded() {
    return switch (mode) {
      case COPY -> produced;
      case HALVE -> 2 * produced - HALF_BAND_REACH;
      case FILTER -> Resampler.firstInput(kernel, fromRate, toRate, produced);
    };
  }

  private void append(float[] block, int from, int count) {
    long keepFrom = Math.max(base, Math.min(firstNeeded(), base + held));
    int drop = (int) (keepFrom - base);
    if (held - drop + count > in.length) {
      float[] grown = new float[Math.max(in.length * 2, held - drop + count)];
      System.arraycopy(in, drop, grown, 0, held - drop);
      in = grown;
    } else if (drop > 0) {
      System.arraycopy(in, drop, in, 0, held - drop);
    }
    held -= drop;
    base = keepFrom;
    System.arraycopy(block, from, in, held, count);
    held += count;
  }
}
