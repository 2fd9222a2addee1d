package io.earshot.audio.mp3;

import java.util.List;

/**
 * One layer III Huffman code as a two-level lookup table: the next {@code rootBits} bits index the
 * root; a code longer than that leads to a sub-table indexed by the bits after it. Decoding a value
 * costs one or two array reads instead of a walk down a tree one bit at a time.
 *
 * <p>Entry layout: a leaf is {@code length << 8 | x << 4 | y} with {@code length} the bits this
 * level consumes; a link to a sub-table is {@code -(offset << 5 | bits)}.
 */
final class HuffmanTable {

  /** Table 0 (and the unused 4 and 14): every value is zero and takes no bits. */
  static final HuffmanTable ZERO = new HuffmanTable(new int[0], 0, 0);

  private static final int MAX_ROOT_BITS = 8;

  final int[] lookup;
  final int rootBits;
  final int linbits;

  private HuffmanTable(int[] lookup, int rootBits, int linbits) {
    this.lookup = lookup;
    this.rootBits = rootBits;
    this.linbits = linbits;
  }

  boolean isZero() {
    return rootBits == 0;
  }

  HuffmanTable withLinbits(int bits) {
    return new HuffmanTable(lookup, rootBits, bits);
  }

  /** Codes as (x, y, bit string); a prefix-free set, as in the standard's Annex B. */
  static HuffmanTable build(List<int[]> codes, List<String> bits) {
    int longest = bits.stream().mapToInt(String::length).max().orElseThrow();
    int root = Math.min(longest, MAX_ROOT_BITS);
    int[] subBits = new int[1 << root];
    for (String code : bits) {
      if (code.length() > root) {
        int prefix = Integer.parseInt(code.substring(0, root), 2);
        subBits[prefix] = Math.max(subBits[prefix], code.length() - root);
      }
    }
    int size = 1 << root;
    int[] subOffset = new int[1 << root];
    for (int prefix = 0; prefix < subBits.length; prefix++) {
      if (subBits[prefix] > 0) {
        subOffset[prefix] = size;
        size += 1 << subBits[prefix];
      }
    }
    int[] lookup = new int[size];
    // A bit pattern no code starts with (only in damaged data) decodes as (0, 0) and takes one bit,
    // so a decoder always advances.
    java.util.Arrays.fill(lookup, 1 << 8);
    for (int prefix = 0; prefix < subBits.length; prefix++) {
      if (subBits[prefix] > 0) {
        lookup[prefix] = -((subOffset[prefix] << 5) | subBits[prefix]);
      }
    }
    for (int c = 0; c < bits.size(); c++) {
      String code = bits.get(c);
      int value = (codes.get(c)[0] << 4) | codes.get(c)[1];
      int length = code.length();
      int pattern = Integer.parseInt(code, 2);
      if (length <= root) {
        fill(lookup, pattern << (root - length), 1 << (root - length), (length << 8) | value);
      } else {
        int prefix = pattern >>> (length - root);
        int rest = length - root;
        int suffix = pattern & ((1 << rest) - 1);
        int span = subBits[prefix] - rest;
        fill(lookup, subOffset[prefix] + (suffix << span), 1 << span, (rest << 8) | value);
      }
    }
    return new HuffmanTable(lookup, root, 0);
  }

  private static void fill(int[] lookup, int from, int count, int entry) {
    java.util.Arrays.fill(lookup, from, from + count, entry);
  }
}
