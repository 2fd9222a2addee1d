package io.earshot.http.viz;

import java.util.List;

/** Colour maps as a few control points, linearly interpolated. */
final class Palette {
  /** Perceptually ordered dark → bright, for magnitudes (close to matplotlib's magma). */
  static final Palette MAGMA =
      new Palette(
          0x000004, 0x1C1044, 0x4F127B, 0x812581, 0xB5367A, 0xE55064, 0xFB8761, 0xFEC287, 0xFCFDBF);

  /** Blue → white → red, for signed values centred on 0. */
  static final Palette DIVERGING =
      new Palette(0x2166AC, 0x67A9CF, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xEF8A62, 0xB2182B);

  private final List<Integer> stops;

  private Palette(Integer... stops) {
    this.stops = List.of(stops);
  }

  /** RGB for a position in [0, 1]; values outside are clamped. */
  int rgb(double unit) {
    double u = Double.isNaN(unit) ? 0 : Math.max(0, Math.min(1, unit));
    double scaled = u * (stops.size() - 1);
    int i = Math.min(stops.size() - 2, (int) scaled);
    double f = scaled - i;
    int a = stops.get(i);
    int b = stops.get(i + 1);
    return mix(a >> 16, b >> 16, f) << 16
        | mix((a >> 8) & 0xFF, (b >> 8) & 0xFF, f) << 8
        | mix(a & 0xFF, b & 0xFF, f);
  }

  private static int mix(int a, int b, double f) {
    return (int) Math.round(a + (b - a) * f);
  }
}
