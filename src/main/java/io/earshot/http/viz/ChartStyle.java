package io.earshot.http.viz;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Shared look of every server-rendered chart: fonts, colours, ticks, text and PNG encoding. */
final class ChartStyle {
  static {
    // Rendering needs no display; must be set before AWT initialises.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  static final Color BACKGROUND = Color.WHITE;
  static final Color INK = new Color(0x22, 0x22, 0x22);
  static final Color MUTED = new Color(0x66, 0x66, 0x66);
  static final Color GRID = new Color(0xE4, 0xE4, 0xE4);
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
  static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final BasicStroke THIN = new BasicStroke(1f);
  static final BasicStroke THICK = new BasicStroke(2f);

  /** Okabe–Ito: distinguishable with the common colour-vision deficiencies. */
  private static final Color[] CLASS_COLORS = {
    new Color(0x00, 0x72, 0xB2), new Color(0xE6, 0x9F, 0x00), new Color(0x00, 0x9E, 0x73),
    new Color(0xCC, 0x79, 0xA7), new Color(0x56, 0xB4, 0xE9), new Color(0xD5, 0x5E, 0x00),
    new Color(0xF0, 0xE4, 0x42), new Color(0x00, 0x00, 0x00)
  };

  private ChartStyle() {}

  static Color classColor(int index) {
    return CLASS_COLORS[index % CLASS_COLORS.length];
  }

  static Graphics2D canvas(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(BACKGROUND);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(INK);
    return g;
  }

  static byte[] png(BufferedImage image) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("PNG encoding failed", e);
    }
  }

  static void centered(Graphics2D g, String text, int centreX, int baseline) {
    FontMetrics m = g.getFontMetrics();
    g.drawString(text, centreX - m.stringWidth(text) / 2, baseline);
  }

  static void rightAligned(Graphics2D g, String text, int rightX, int baseline) {
    g.drawString(text, rightX - g.getFontMetrics().stringWidth(text), baseline);
  }

  /** Draws text turned 90° anticlockwise, centred on (x, centreY): for y-axis titles. */
  static void vertical(Graphics2D g, String text, int x, int centreY) {
    Graphics2D turned = (Graphics2D) g.create();
    turned.translate(x, centreY);
    turned.rotate(-Math.PI / 2);
    centered(turned, text, 0, 0);
    turned.dispose();
  }

  /** About {@code count} round tick values covering [min, max]. */
  static List<Double> ticks(double min, double max, int count) {
    List<Double> ticks = new ArrayList<>();
    if (!(max > min)) {
      ticks.add(min);
      return ticks;
    }
    double raw = (max - min) / Math.max(1, count);
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude;
    for (double factor : new double[] {1, 2, 2.5, 5, 10}) {
      step = factor * magnitude;
      if (step >= raw) {
        break;
      }
    }
    for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
      ticks.add(Math.abs(v) < step * 1e-9 ? 0.0 : v);
    }
    return ticks;
  }

  /** Short tick labels: 1.2k, 350, 0.05, 2.5e-4. */
  static String compact(double v) {
    double a = Math.abs(v);
    if (a == 0) {
      return "0";
    }
    if (a >= 10_000) {
      return trim(String.format(Locale.ROOT, "%.1f", v / 1000)) + "k";
    }
    if (a >= 1) {
      return trim(String.format(Locale.ROOT, "%.1f", v));
    }
    if (a >= 0.001) {
      return trim(String.format(Locale.ROOT, "%.3f", v));
    }
    return String.format(Locale.ROOT, "%.1e", v);
  }

  static String hertz(double hz) {
    return hz >= 1000
        ? trim(String.format(Locale.ROOT, "%.1f", hz / 1000)) + " kHz"
        : Math.round(hz) + " Hz";
  }

  private static String trim(String number) {
    return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
  }
}
