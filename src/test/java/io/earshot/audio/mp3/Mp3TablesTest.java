package io.earshot.audio.mp3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The tables the layer III decoder reads as data ({@code layer3-tables.txt}): that the committed
 * file is what {@link JLayerTables} extracts from JLayer, and, independently of JLayer, that its
 * contents have the shape and the values of ISO/IEC 11172-3 Annex B.
 */
class Mp3TablesTest {

  /** Linbits of tables 0-31 (ISO/IEC 11172-3 Table B.7), typed in again rather than shared. */
  private static final int[] LINBITS = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 6, 8, 10, 13, 4, 5, 6, 7, 8, 9, 11,
    13
  };

  /** One code word of the resource: values x, y (count1 tables: x 0, y the 4-bit vwxy), bits. */
  private record Code(int x, int y, String bits) {}

  @Test
  void committedResourceIsWhatJLayerTablesRenders() throws Exception {
    assertEquals(JLayerTables.render(), resourceText(), "run JLayerTables.main to regenerate");
  }

  @Test
  void synthesisWindowHasTheStandardsValues() {
    float[] d = Layer3Tables.SYNTHESIS_WINDOW;
    assertEquals(75038 / 65536f, d[256]);
    assertEquals(1.144989014, d[256], 1e-9);
    assertEquals(-1 / 65536f, d[1]);
    assertEquals(0f, d[0]);
    assertEquals(74992 / 65536f, d[257]); // 1.144287109
    assertEquals(2037 / 65536f, d[128]); // 0.031082153
    assertEquals(213 / 65536f, d[64]); // 0.003250122
    assertEquals(1 / 65536f, d[511]); // 0.000015259
  }

  /**
   * The standard's window is odd about D[256] (D[512 - n] = -D[n]) except at multiples of 64, where
   * it is even. Positions n = 16 mod 64 are left out: they weight V[16] of the matrixing, which is
   * always 0 (see {@link #matrixingNeverWritesV16}), so JLayerTables cannot measure them and stores
   * 0 there; the decoder never uses them.
   */
  @Test
  void synthesisWindowIsSymmetricAsTheStandards() {
    float[] d = Layer3Tables.SYNTHESIS_WINDOW;
    int checked = 0;
    for (int n = 1; n < 512; n++) {
      if (n % 64 == 16 || (512 - n) % 64 == 16) {
        continue;
      }
      float expected = n % 64 == 0 ? d[n] : -d[n];
      assertEquals(expected, d[512 - n], "D[" + (512 - n) + "] against D[" + n + "]");
      checked++;
    }
    assertEquals(495, checked);
  }

  @Test
  void matrixingNeverWritesV16() {
    Random random = new Random(16);
    float[] in = new float[576];
    float[] first = new float[32];
    float[] second = new float[32];
    for (int trial = 0; trial < 20; trial++) {
      for (int i = 0; i < in.length; i++) {
        in[i] = (float) random.nextGaussian();
      }
      first[16] = Float.NaN;
      FastTransforms.dct32(in, trial % 18, first, second, 0);
      assertEquals(0f, first[16]);
    }
  }

  @Test
  void holdsTheTreesOfTheStandard() throws IOException {
    assertEquals(
        List.of(1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 24, 32, 33),
        new ArrayList<>(huffmanTrees().keySet()));
  }

  @Test
  void table1IsTheStandardsFourCodes() throws IOException {
    Map<String, String> byValue = new LinkedHashMap<>();
    for (Code code : huffmanTrees().get(1)) {
      byValue.put(code.x() + "," + code.y(), code.bits());
    }
    assertEquals(Map.of("0,0", "1", "0,1", "001", "1,0", "01", "1,1", "000"), byValue);
  }

  @Test
  void spotCodesOfOtherTables() throws IOException {
    Map<Integer, List<Code>> trees = huffmanTrees();
    assertEquals("1", codeOf(trees.get(13), 0, 0));
    assertEquals("111", codeOf(trees.get(15), 0, 0));
    assertEquals("1", codeOf(trees.get(16), 0, 0));
    assertEquals("1111", codeOf(trees.get(24), 0, 0));
    assertEquals("1", codeOf(trees.get(32), 0, 0)); // quadruple table A: (0, 0, 0, 0)
    for (Code code : trees.get(33)) { // table B is the 4-bit complement of vwxy
      assertEquals(Integer.toBinaryString(16 | (15 - code.y())).substring(1), code.bits());
    }
  }

  /**
   * Every big-value tree codes each pair (x, y) in 0..xlen-1 exactly once, no code is a prefix of
   * another, and the code is complete (Kraft sum 1): a dropped, doubled or mistyped code fails.
   */
  @Test
  void everyTreeIsACompletePrefixFreeCodeOverItsValues() throws IOException {
    Map<Integer, Integer> xlen =
        Map.ofEntries(
            Map.entry(1, 2),
            Map.entry(2, 3),
            Map.entry(3, 3),
            Map.entry(5, 4),
            Map.entry(6, 4),
            Map.entry(7, 6),
            Map.entry(8, 6),
            Map.entry(9, 6),
            Map.entry(10, 8),
            Map.entry(11, 8),
            Map.entry(12, 8),
            Map.entry(13, 16),
            Map.entry(15, 16),
            Map.entry(16, 16),
            Map.entry(24, 16));
    for (Map.Entry<Integer, List<Code>> tree : huffmanTrees().entrySet()) {
      int id = tree.getKey();
      List<Code> codes = tree.getValue();
      Set<Integer> expected = new HashSet<>();
      Set<Integer> values = new HashSet<>();
      if (id >= 32) {
        for (int v = 0; v < 16; v++) {
          expected.add(v);
        }
        for (Code code : codes) {
          assertEquals(0, code.x(), "table " + id);
          assertTrue(values.add(code.y()), "table " + id + " codes " + code.y() + " twice");
        }
      } else {
        int n = xlen.get(id);
        for (int v = 0; v < n * n; v++) {
          expected.add((v / n) << 4 | (v % n));
        }
        for (Code code : codes) {
          int value = code.x() << 4 | code.y();
          assertTrue(values.add(value), "table " + id + " codes " + code + " twice");
        }
      }
      assertEquals(expected, values, "values of table " + id);
      assertPrefixFreeAndComplete(id, codes);
    }
  }

  /** Every code of every big-value table (0-31) read back through the decoder, linbits included. */
  @Test
  void decoderReadsBackEveryBigValueCode() throws IOException {
    Map<Integer, List<Code>> trees = huffmanTrees();
    Random random = new Random(31);
    for (int table = 1; table < 32; table++) {
      if (table == 4 || table == 14) {
        continue;
      }
      List<Code> codes = trees.get(table >= 24 ? 24 : (table >= 16 ? 16 : table));
      int linbits = LINBITS[table];
      BitWriter out = new BitWriter();
      int[] expected = new int[2 * codes.size()];
      for (int c = 0; c < codes.size(); c++) {
        Code code = codes.get(c);
        out.write(code.bits());
        int[] pair = {code.x(), code.y()};
        for (int k = 0; k < 2; k++) {
          int value = pair[k];
          if (value == 15 && linbits > 0) {
            int extra = c == 0 ? (1 << linbits) - 1 : random.nextInt(1 << linbits);
            out.write(extra, linbits);
            value += extra;
          }
          if (value != 0) {
            boolean negative = random.nextBoolean();
            out.write(negative ? 1 : 0, 1);
            value = negative ? -value : value;
          }
          expected[2 * c + k] = value;
        }
      }
      GranuleInfo g = new GranuleInfo();
      g.bigValues = codes.size();
      g.tableSelect[0] = table;
      g.tableSelect[1] = table;
      g.tableSelect[2] = table;
      g.region0Count = 7;
      g.region1Count = 7;
      int[] decoded = new int[580];
      int lines = HuffmanDecoder.decode(out.bytes(), 0, out.size(), g, 0, decoded);
      assertEquals(expected.length, lines, "table " + table);
      int[] got = new int[expected.length];
      System.arraycopy(decoded, 0, got, 0, got.length);
      assertArrayEquals(expected, got, "table " + table);
    }
  }

  /** Both quadruple tables, each of the 16 codes with its sign bits, through the count1 region. */
  @Test
  void decoderReadsBackEveryQuadrupleCode() throws IOException {
    Map<Integer, List<Code>> trees = huffmanTrees();
    Random random = new Random(33);
    for (int table = 0; table < 2; table++) {
      List<Code> codes = trees.get(32 + table);
      BitWriter out = new BitWriter();
      int[] expected = new int[4 * codes.size()];
      for (int c = 0; c < codes.size(); c++) {
        Code code = codes.get(c);
        out.write(code.bits());
        for (int k = 0; k < 4; k++) {
          int value = (code.y() >> (3 - k)) & 1;
          if (value != 0 && random.nextBoolean()) {
            out.write(1, 1);
            value = -1;
          } else if (value != 0) {
            out.write(0, 1);
          }
          expected[4 * c + k] = value;
        }
      }
      GranuleInfo g = new GranuleInfo();
      g.count1Table = table;
      int[] decoded = new int[580];
      int lines = HuffmanDecoder.decode(out.bytes(), 0, out.size(), g, 0, decoded);
      assertEquals(expected.length, lines, "count1 table " + table);
      int[] got = new int[expected.length];
      System.arraycopy(decoded, 0, got, 0, got.length);
      assertArrayEquals(expected, got, "count1 table " + table);
    }
  }

  private static void assertPrefixFreeAndComplete(int id, List<Code> codes) {
    List<String> sorted = new ArrayList<>();
    for (Code code : codes) {
      assertTrue(code.bits().matches("[01]{1,19}"), "table " + id + ": " + code);
      sorted.add(code.bits());
    }
    sorted.sort(null);
    // In lexicographic order a code that is a prefix of another sorts directly before one of them.
    for (int i = 1; i < sorted.size(); i++) {
      assertFalse(
          sorted.get(i).startsWith(sorted.get(i - 1)),
          "table " + id + ": " + sorted.get(i - 1) + " is a prefix of " + sorted.get(i));
    }
    long kraft = 0;
    for (String bits : sorted) {
      kraft += 1L << (32 - bits.length());
    }
    assertEquals(1L << 32, kraft, "table " + id + " is not a complete code");
  }

  private static String codeOf(List<Code> codes, int x, int y) {
    return codes.stream().filter(c -> c.x() == x && c.y() == y).findFirst().orElseThrow().bits();
  }

  private static String resourceText() throws IOException {
    try (InputStream in = Layer3Tables.class.getResourceAsStream("layer3-tables.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  /** The resource's Huffman trees in file order, parsed here independently of Layer3Tables. */
  private static Map<Integer, List<Code>> huffmanTrees() throws IOException {
    Map<Integer, List<Code>> trees = new LinkedHashMap<>();
    List<Code> current = null;
    for (String line : resourceText().split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (line.startsWith("window")) {
        break;
      }
      String[] fields = line.trim().split(" +");
      if (fields[0].equals("huffman")) {
        current = new ArrayList<>();
        trees.put(Integer.parseInt(fields[1]), current);
      } else {
        current.add(new Code(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), fields[2]));
      }
    }
    return trees;
  }

  /** Big-endian bit packing, with the 2 KB of readable slack the Huffman decoder asks for. */
  private static final class BitWriter {
    private final byte[] data = new byte[8192];
    private int size;

    void write(String bits) {
      for (int i = 0; i < bits.length(); i++) {
        write(bits.charAt(i) - '0', 1);
      }
    }

    void write(int value, int bits) {
      for (int b = bits - 1; b >= 0; b--) {
        if (((value >> b) & 1) != 0) {
          data[size >> 3] |= (byte) (0x80 >>> (size & 7));
        }
        size++;
      }
    }

    int size() {
      return size;
    }

    byte[] bytes() {
      return data;
    }
  }
}
