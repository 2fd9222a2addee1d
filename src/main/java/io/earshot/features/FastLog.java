package io.earshot.features;

/**
 * Table-driven base-2 logarithm for positive normal floats: the exponent comes from the bits, the
 * mantissa's logarithm from a 4096-entry table with linear interpolation (error below 1e-6). The
 * feature loops take tens of thousands of logarithms per clip; this is several times faster than
 * {@link Math#log} and accurate far beyond what the features need.
 */
final class FastLog {

  private static final int TABLE_BITS = 12;
  private static final int SHIFT = 23 - TABLE_BITS;
  private static final float FRACTION_SCALE = 1f / (1 << SHIFT);
  private static final float[] TABLE = new float[(1 << TABLE_BITS) + 1];

  static final float LOG10_2 = (float) Math.log10(2);

  static {
    for (int i = 0; i < TABLE.length; i++) {
      TABLE[i] = (float) (Math.log(1.0 + (double) i / (1 << TABLE_BITS)) / Math.log(2));
    }
  }

  private FastLog() {}

  /** log2(x) for x > 0 and normal; callers clamp to a floor such as 1e-10 first. */
  static float log2(float x) {
    int bits = Float.floatToRawIntBits(x);
    int exponent = ((bits >>> 23) & 0xff) - 127;
    int mantissa = bits & 0x7fffff;
    int index = mantissa >>> SHIFT;
    float fraction = (mantissa & ((1 << SHIFT) - 1)) * FRACTION_SCALE;
    float low = TABLE[index];
    return exponent + low + fraction * (TABLE[index + 1] - low);
  }

  static float log10(float x) {
    return log2(x) * LOG10_2;
  }
}
