package io.earshot.http.viz;

import io.earshot.features.SpectralAnalysis;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * One clip at a glance: the log-mel spectrogram (dB) above the MFCC heat map, sharing the time
 * axis. MFCC rows are standardised over time, each on its own: coefficient 0 (loudness) would
 * otherwise swamp the colour scale and hide the timbre coefficients.
 */
public final class SpectrogramChart {
  private static final int WIDTH = 1000;
  private static final int LEFT = 86;
  private static final int RIGHT = 110;
  private static final int TOP = 66;
  private static final int MEL_H = 280;
  private static final int GAP = 84;
  private static final int MFCC_H = 200;
  private static final int BOTTOM = 52;
  private static final int HEIGHT = TOP + MEL_H + GAP + MFCC_H + BOTTOM;

  private SpectrogramChart() {}

  public static byte[] png(SpectralAnalysis analysis, String title) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = ChartStyle.canvas(image);
    g.setFont(ChartStyle.TITLE);
    g.drawString(title, LEFT, 26);
    int plotW = WIDTH - LEFT - RIGHT;
    double seconds = analysis.frameCount() * analysis.hopSeconds();

    float[][] mel = analysis.logMelSpectrogram();
    float[] melRange = range(mel);
    Panel melPanel = new Panel(LEFT, TOP, plotW, MEL_H);
    drawHeat(g, melPanel, mel, melRange[0], melRange[1], Palette.MAGMA);
    melAxis(g, melPanel, analysis.melFrequencies());
    timeAxis(g, melPanel, seconds);
    colourBar(g, melPanel, Palette.MAGMA, melRange[0], melRange[1], "power (dB)");
    g.setFont(ChartStyle.LABEL);
    g.setColor(ChartStyle.INK);
    g.drawString("Log-mel spectrogram", LEFT, TOP - 8);

    float[][] mfcc = standardisedColumns(analysis.mfcc());
    Panel mfccPanel = new Panel(LEFT, TOP + MEL_H + GAP, plotW, MFCC_H);
    drawHeat(g, mfccPanel, mfcc, -3, 3, Palette.DIVERGING);
    coefficientAxis(g, mfccPanel, analysis.mfccCount());
    timeAxis(g, mfccPanel, seconds);
    colourBar(g, mfccPanel, Palette.DIVERGING, -3, 3, "z-score");
    g.setFont(ChartStyle.LABEL);
    g.setColor(ChartStyle.INK);
    g.drawString("MFCC (each coefficient standardised over time)", LEFT, mfccPanel.y - 8);
    g.dispose();
    return ChartStyle.png(image);
  }

  private record Panel(int x, int y, int w, int h) {}

  /** Row t of {@code matrix} is one frame; column b is drawn from the bottom (low band) up. */
  private static void drawHeat(
      Graphics2D g, Panel p, float[][] matrix, double lo, double hi, Palette palette) {
    int frames = Math.max(1, matrix.length);
    int bands = matrix.length == 0 ? 1 : matrix[0].length;
    BufferedImage cells = new BufferedImage(frames, bands, BufferedImage.TYPE_INT_RGB);
    for (int t = 0; t < matrix.length; t++) {
      for (int b = 0; b < bands; b++) {
        double unit = hi > lo ? (matrix[t][b] - lo) / (hi - lo) : 0.5;
        cells.setRGB(t, bands - 1 - b, palette.rgb(unit));
      }
    }
    Graphics2D scaled = (Graphics2D) g.create();
    scaled.setRenderingHint(
        RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    scaled.drawImage(cells, p.x, p.y, p.w, p.h, null);
    scaled.dispose();
    g.setColor(ChartStyle.MUTED);
    g.drawRect(p.x, p.y, p.w, p.h);
  }

  private static void timeAxis(Graphics2D g, Panel p, double seconds) {
    g.setFont(ChartStyle.SMALL);
    int bottom = p.y + p.h;
    for (double t : ChartStyle.ticks(0, seconds, 8)) {
      int x = p.x + (int) Math.round(t / Math.max(seconds, 1e-9) * p.w);
      g.setColor(ChartStyle.MUTED);
      g.drawLine(x, bottom, x, bottom + 4);
      ChartStyle.centered(g, ChartStyle.compact(t), x, bottom + 17);
    }
    g.setFont(ChartStyle.LABEL);
    g.setColor(ChartStyle.INK);
    ChartStyle.centered(g, "time (s)", p.x + p.w / 2, bottom + 34);
  }

  /** Ticks at evenly spaced mel bands, labelled with each band's centre frequency. */
  private static void melAxis(Graphics2D g, Panel p, float[] centres) {
    g.setFont(ChartStyle.SMALL);
    int bands = centres.length;
    int steps = 6;
    for (int i = 0; i <= steps; i++) {
      int band = Math.min(bands - 1, Math.round((float) i * (bands - 1) / steps));
      int y = p.y + p.h - (int) Math.round((band + 0.5) / bands * p.h);
      g.setColor(ChartStyle.MUTED);
      g.drawLine(p.x - 4, y, p.x, y);
      ChartStyle.rightAligned(g, ChartStyle.hertz(centres[band]), p.x - 7, y + 4);
    }
    g.setFont(ChartStyle.LABEL);
    g.setColor(ChartStyle.INK);
    ChartStyle.vertical(g, "frequency (Hz, mel bands)", p.x - 64, p.y + p.h / 2);
  }

  private static void coefficientAxis(Graphics2D g, Panel p, int count) {
    g.setFont(ChartStyle.SMALL);
    int step = count > 10 ? 2 : 1;
    for (int c = 0; c < count; c += step) {
      int y = p.y + p.h - (int) Math.round((c + 0.5) / count * p.h);
      g.setColor(ChartStyle.MUTED);
      g.drawLine(p.x - 4, y, p.x, y);
      ChartStyle.rightAligned(g, String.valueOf(c), p.x - 7, y + 4);
    }
    g.setFont(ChartStyle.LABEL);
    g.setColor(ChartStyle.INK);
    ChartStyle.vertical(g, "MFCC coefficient", p.x - 40, p.y + p.h / 2);
  }

  private static void colourBar(
      Graphics2D g, Panel p, Palette palette, double lo, double hi, String label) {
    int x = p.x + p.w + 16;
    int w = 14;
    for (int row = 0; row < p.h; row++) {
      g.setColor(new java.awt.Color(palette.rgb(1.0 - (double) row / (p.h - 1))));
      g.drawLine(x, p.y + row, x + w, p.y + row);
    }
    g.setColor(ChartStyle.MUTED);
    g.drawRect(x, p.y, w, p.h);
    g.setFont(ChartStyle.SMALL);
    for (double v : ChartStyle.ticks(lo, hi, 5)) {
      int y = p.y + p.h - (int) Math.round((v - lo) / (hi - lo) * p.h);
      g.drawLine(x + w, y, x + w + 3, y);
      g.drawString(ChartStyle.compact(v), x + w + 6, y + 4);
    }
    g.setFont(ChartStyle.LABEL);
    g.setColor(ChartStyle.INK);
    ChartStyle.vertical(g, label, x + w + 62, p.y + p.h / 2);
  }

  private static float[] range(float[][] matrix) {
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (float[] row : matrix) {
      for (float v : row) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    return lo <= hi ? new float[] {lo, hi} : new float[] {0, 1};
  }

  /** Each column (coefficient) shifted to mean 0 and scaled to standard deviation 1 over frames. */
  static float[][] standardisedColumns(float[][] matrix) {
    int frames = matrix.length;
    int width = frames == 0 ? 0 : matrix[0].length;
    float[][] out = new float[frames][width];
    for (int c = 0; c < width; c++) {
      double sum = 0;
      for (float[] row : matrix) {
        sum += row[c];
      }
      double mean = sum / frames;
      double squares = 0;
      for (float[] row : matrix) {
        squares += (row[c] - mean) * (row[c] - mean);
      }
      double std = Math.sqrt(squares / frames);
      for (int t = 0; t < frames; t++) {
        out[t][c] = std > 1e-9 ? (float) ((matrix[t][c] - mean) / std) : 0f;
      }
    }
    return out;
  }
}
