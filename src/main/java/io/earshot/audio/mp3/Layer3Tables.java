package io.earshot.audio.mp3;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard's tables: Huffman codes and the synthesis window read from {@code
 * layer3-tables.txt}, scale factor bands typed in, and everything computable computed once.
 */
final class Layer3Tables {

  /** Linbits of tables 0-31 (ISO/IEC 11172-3 Table B.7); 16-23 share tree 16, 24-31 tree 24. */
  private static final int[] LINBITS = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 8, 10, 13, 4, 5, 6, 7, 8, 9, 11,
    13
  };

  /** Big-value tables 0-31, then the count1 tables A (32) and B (33). */
  static final HuffmanTable[] HUFFMAN = new HuffmanTable[34];

  /** The synthesis window D[0..511] (ISO/IEC 11172-3 Table B.3). */
  static final float[] SYNTHESIS_WINDOW = new float[512];

  /** Long-block scale factor band boundaries (23 each) for rate index 0-8. */
  static final int[][] LONG_BANDS = {
    {
      0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 52, 62, 74, 90, 110, 134, 162, 196, 238, 288, 342, 418,
      576
    },
    {
      0, 4, 8, 12, 16, 20, 24, 30, 36, 42, 50, 60, 72, 88, 106, 128, 156, 190, 230, 276, 330, 384,
      576
    },
    {
      0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 54, 66, 82, 102, 126, 156, 194, 240, 296, 364, 448, 550,
      576
    },
    {
      0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464,
      522, 576
    },
    {
      0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 114, 136, 162, 194, 232, 278, 330, 394, 464,
      540, 576
    },
    {
      0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464,
      522, 576
    },
    {
      0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464,
      522, 576
    },
    {
      0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464,
      522, 576
    },
    {
      0, 12, 24, 36, 48, 60, 72, 88, 108, 132, 160, 192, 232, 280, 336, 400, 476, 566, 568, 570,
      572, 574, 576
    }
  };

  /** Short-block scale factor band boundaries (14 each, per window) for rate index 0-8. */
  static final int[][] SHORT_BANDS = {
    {0, 4, 8, 12, 16, 22, 30, 40, 52, 66, 84, 106, 136, 192},
    {0, 4, 8, 12, 16, 22, 28, 38, 50, 64, 80, 100, 126, 192},
    {0, 4, 8, 12, 16, 22, 30, 42, 58, 78, 104, 138, 180, 192},
    {0, 4, 8, 12, 18, 24, 32, 42, 56, 74, 100, 132, 174, 192},
    {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 136, 180, 192},
    {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192},
    {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192},
    {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192},
    {0, 8, 16, 24, 36, 52, 72, 96, 124, 160, 162, 164, 166, 192}
  };

  /** Pre-emphasis added to long-block scale factors when preflag is set. */
  static final int[] PRETAB = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 2, 0};

  /** The largest magnitude a quantised value can have: 15 plus 13 linbits. */
  static final int MAX_QUANTISED = 15 + 8191;

  /**
   * sign(q) |q|^(4/3) at index q + {@link #MAX_QUANTISED}, for every quantised value: one load and
   * no branch on the sign, which the data makes unpredictable.
   */
  static final float[] SIGNED_POW_4_3 = new float[2 * MAX_QUANTISED + 1];

  /** 2^(q/4) for q mod 4 = 0..3; the rest of the exponent goes through Math.scalb. */
  static final float[] QUARTER_POWERS = new float[4];

  /** Butterfly coefficients of the alias reduction (Table B.9). */
  static final float[] ALIAS_CS = new float[8];

  static final float[] ALIAS_CA = new float[8];

  static {
    load();
    for (int q = -MAX_QUANTISED; q <= MAX_QUANTISED; q++) {
      SIGNED_POW_4_3[q + MAX_QUANTISED] = (float) (Math.signum(q) * Math.pow(Math.abs(q), 4.0 / 3));
    }
    for (int q = 0; q < 4; q++) {
      QUARTER_POWERS[q] = (float) Math.pow(2, q / 4.0);
    }
    double[] ci = {-0.6, -0.535, -0.33, -0.185, -0.095, -0.041, -0.0142, -0.0037};
    for (int i = 0; i < 8; i++) {
      double norm = Math.sqrt(1 + ci[i] * ci[i]);
      ALIAS_CS[i] = (float) (1 / norm);
      ALIAS_CA[i] = (float) (ci[i] / norm);
    }
  }

  private Layer3Tables() {}

  private static void load() {
    String text;
    try (InputStream in = Layer3Tables.class.getResourceAsStream("layer3-tables.txt")) {
      if (in == null) {
        throw new IllegalStateException("layer3-tables.txt is missing from the class path");
      }
      text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<Integer, HuffmanTable> trees = new HashMap<>();
    List<int[]> values = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    int tree = -1;
    int windowAt = -1;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.trim().split(" +");
      if (fields[0].equals("huffman") || fields[0].equals("window")) {
        if (tree >= 0) {
          trees.put(tree, HuffmanTable.build(values, codes));
          values.clear();
          codes.clear();
        }
        tree = fields[0].equals("huffman") ? Integer.parseInt(fields[1]) : -1;
        windowAt = fields[0].equals("window") ? 0 : -1;
      } else if (windowAt >= 0) {
        for (String value : fields) {
          SYNTHESIS_WINDOW[windowAt++] = Integer.parseInt(value) / 65536f;
        }
      } else {
        values.add(new int[] {Integer.parseInt(fields[0]), Integer.parseInt(fields[1])});
        codes.add(fields[2]);
      }
    }
    if (windowAt != SYNTHESIS_WINDOW.length) {
      throw new IllegalStateException("layer3-tables.txt: window has " + windowAt + " values");
    }
    for (int t = 0; t < 32; t++) {
      int source = t >= 24 ? 24 : (t >= 16 ? 16 : t);
      HuffmanTable table = trees.get(source);
      HUFFMAN[t] = table == null ? HuffmanTable.ZERO : table.withLinbits(LINBITS[t]);
    }
    HUFFMAN[32] = trees.get(32);
    HUFFMAN[33] = trees.get(33);
  }
}
