package io.earshot.audio.mp3;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javazoom.jl.decoder.Obuffer;

/**
 * Reads the two tables of the MPEG audio standard that Earshot's decoder takes as data out of
 * JLayer 1.0.1.4, the reference decoder: the layer III Huffman codes (from JLayer's decoding trees)
 * and the synthesis window D[0..511] (measured from the impulse responses of JLayer's synthesis
 * filter bank). {@code Mp3TablesTest} checks that the committed resource equals what this produces;
 * run {@link #main} to rewrite it.
 */
final class JLayerTables {

  /** The Huffman trees JLayer holds: 1-15 (4 and 14 are unused), 16 and 24 (shared), 32, 33. */
  static final int[] TREES = {1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 24, 32, 33};

  private static final int JLAYER_MXOFF = 250;

  private JLayerTables() {}

  /** One code word: value x, y (for the count1 tables, y holds the 4-bit vwxy) and its bits. */
  record Code(int x, int y, String bits) {}

  static List<Code> huffmanCodes(int tree) throws ReflectiveOperationException {
    Class<?> type = Class.forName("javazoom.jl.decoder.huffcodetab");
    Method init = type.getDeclaredMethod("inithuff");
    init.setAccessible(true);
    init.invoke(null);
    Field tables = type.getDeclaredField("ht");
    tables.setAccessible(true);
    Object table = ((Object[]) tables.get(null))[tree];
    Field valField = type.getDeclaredField("val");
    valField.setAccessible(true);
    int[][] val = (int[][]) valField.get(table);
    List<Code> codes = new ArrayList<>();
    walk(val, 0, "", codes);
    return codes;
  }

  /** Follows JLayer's tree exactly as its decoder does, collecting every path to a leaf. */
  private static void walk(int[][] val, int point, String path, List<Code> codes) {
    if (val[point][0] == 0) {
      codes.add(new Code(val[point][1] >>> 4, val[point][1] & 0xf, path));
      return;
    }
    for (int bit = 0; bit < 2; bit++) {
      int p = point;
      while (val[p][bit == 1 ? 1 : 0] >= JLAYER_MXOFF) {
        p += val[p][bit == 1 ? 1 : 0];
      }
      p += val[p][bit == 1 ? 1 : 0];
      walk(val, p, path + bit, codes);
    }
  }

  /**
   * The standard's synthesis window D: an impulse in subband k at slot 0 leaves, at output sample n
   * = 32t + j, the value D[n] * N[(t odd ? 32 : 0) + j][k] with N[i][k] = cos((16 + i)(2k + 1) pi /
   * 64). Driving every subband and solving by least squares gives D; the standard's values are
   * multiples of 2^-16, which the resource stores as integers.
   */
  static float[] synthesisWindow() throws ReflectiveOperationException {
    double[] numerator = new double[512];
    double[] denominator = new double[512];
    for (int k = 0; k < 32; k++) {
      float[] response = impulseResponse(k);
      for (int n = 0; n < 512; n++) {
        int t = n / 32;
        int i = (t % 2 == 1 ? 32 : 0) + n % 32;
        double cos = Math.cos((16 + i) * (2 * k + 1) * Math.PI / 64);
        numerator[n] += response[n] * cos;
        denominator[n] += cos * cos;
      }
    }
    float[] window = new float[512];
    for (int n = 0; n < 512; n++) {
      window[n] = (float) (numerator[n] / denominator[n]);
    }
    return window;
  }

  private static float[] impulseResponse(int subband) throws ReflectiveOperationException {
    Class<?> type = Class.forName("javazoom.jl.decoder.SynthesisFilter");
    Constructor<?> constructor = type.getDeclaredConstructor(int.class, float.class, float[].class);
    constructor.setAccessible(true);
    Object filter = constructor.newInstance(0, 1f, null);
    Method input = type.getDeclaredMethod("input_samples", float[].class);
    Method calculate = type.getDeclaredMethod("calculate_pcm_samples", Obuffer.class);
    input.setAccessible(true);
    calculate.setAccessible(true);
    Collector out = new Collector();
    for (int slot = 0; slot < 16; slot++) {
      float[] samples = new float[32];
      if (slot == 0) {
        samples[subband] = 1f;
      }
      input.invoke(filter, (Object) samples);
      calculate.invoke(filter, out);
    }
    return out.samples;
  }

  /** The resource text: every Huffman code, then the window. */
  static String render() throws ReflectiveOperationException {
    StringBuilder text = new StringBuilder();
    text.append(
            "# MPEG audio layer III tables for io.earshot.audio.mp3 (ISO/IEC 11172-3 Annex B).\n")
        .append("# Generated from JLayer 1.0.1.4 by JLayerTables; Mp3TablesTest checks it.\n");
    for (int tree : TREES) {
      text.append("huffman ").append(tree).append('\n');
      for (Code code : huffmanCodes(tree)) {
        text.append(code.x()).append(' ').append(code.y()).append(' ').append(code.bits());
        text.append('\n');
      }
    }
    text.append("window (D[n] in units of 2^-16)\n");
    float[] window = synthesisWindow();
    for (int n = 0; n < window.length; n++) {
      text.append(String.format(Locale.ROOT, "%d", Math.round(window[n] * 65536.0)));
      text.append(n % 8 == 7 ? '\n' : ' ');
    }
    return text.toString();
  }

  public static void main(String[] args) throws Exception {
    java.nio.file.Files.writeString(java.nio.file.Path.of(args[0]), render());
  }

  private static final class Collector extends Obuffer {
    final float[] samples = new float[512];
    int size;

    @Override
    public void appendSamples(int channel, float[] f) {
      System.arraycopy(f, 0, samples, size, 32);
      size += 32;
    }

    @Override
    public void append(int channel, short value) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void write_buffer(int val) {}

    @Override
    public void close() {}

    @Override
    public void clear_buffer() {}

    @Override
    public void set_stop_flag() {}
  }
}
