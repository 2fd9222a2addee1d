package io.earshot.http.viz;

import java.awt.AlphaComposite;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Small multiples, one panel per feature: for each class a thin line from the 10th to the 90th
 * percentile, a box of mean ± one standard deviation, a dot at the mean and a bar at the median.
 * Each panel has its own y scale, because features differ by orders of magnitude.
 */
public final class DistributionChart {
  private static final int PANEL_W = 230;
  private static final int PANEL_H = 190;
  private static final int PANEL_LEFT = 52;
  private static final int PANEL_RIGHT = 12;
  private static final int PANEL_TOP = 26;
  private static final int PANEL_BOTTOM = 18;
  private static final int MARGIN = 20;
  private static final int HEADER = 78;

  private DistributionChart() {}

  /** A PNG of the summary, {@code columns} panels per row. */
  public static byte[] png(FeatureDistributions.Summary summary, String title, int columns) {
    int count = summary.features().size();
    int rows = Math.max(1, (count + columns - 1) / columns);
    int width = MARGIN * 2 + columns * PANEL_W;
    int height = HEADER + rows * PANEL_H + MARGIN;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = ChartStyle.canvas(image);
    header(g, summary, title);
    for (int i = 0; i < count; i++) {
      int x = MARGIN + (i % columns) * PANEL_W;
      int y = HEADER + (i / columns) * PANEL_H;
      panel(g, summary.classes(), summary.features().get(i), x, y);
    }
    g.dispose();
    return ChartStyle.png(image);
  }

  private static void header(Graphics2D g, FeatureDistributions.Summary summary, String title) {
    g.setFont(ChartStyle.TITLE);
    g.setColor(ChartStyle.INK);
    g.drawString(title, MARGIN, 28);
    g.setFont(ChartStyle.SMALL);
    g.setColor(ChartStyle.MUTED);
    g.drawString(
        "per class: line 10th–90th percentile, box mean ± 1 std, dot mean, bar median", MARGIN, 46);
    g.setFont(ChartStyle.LABEL);
    int x = MARGIN;
    List<String> classes = summary.classes();
    for (int c = 0; c < classes.size(); c++) {
      String label = classes.get(c) + " (n=" + summary.counts().get(classes.get(c)) + ")";
      g.setColor(ChartStyle.classColor(c));
      g.fillRect(x, 58, 12, 12);
      g.setColor(ChartStyle.INK);
      g.drawString(label, x + 17, 69);
      x += 17 + g.getFontMetrics().stringWidth(label) + 18;
    }
  }

  private static void panel(
      Graphics2D g, List<String> classes, FeatureDistributions.Feature feature, int x, int y) {
    int left = x + PANEL_LEFT;
    int right = x + PANEL_W - PANEL_RIGHT;
    int top = y + PANEL_TOP;
    int bottom = y + PANEL_H - PANEL_BOTTOM;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (FeatureDistributions.ClassStats s : feature.perClass().values()) {
      min = Math.min(min, Math.min(s.p10(), s.mean() - s.std()));
      max = Math.max(max, Math.max(s.p90(), s.mean() + s.std()));
    }
    if (!(max > min)) {
      min -= 1;
      max += 1;
    }
    double pad = (max - min) * 0.06;
    Scale scale = new Scale(min - pad, max + pad, bottom, top);

    g.setFont(ChartStyle.LABEL);
    g.setColor(ChartStyle.INK);
    ChartStyle.centered(g, feature.name(), (left + right) / 2, y + 16);
    g.setFont(ChartStyle.SMALL);
    for (double tick : ChartStyle.ticks(scale.min, scale.max, 4)) {
      int ty = scale.y(tick);
      g.setColor(ChartStyle.GRID);
      g.drawLine(left, ty, right, ty);
      g.setColor(ChartStyle.MUTED);
      ChartStyle.rightAligned(g, ChartStyle.compact(tick), left - 5, ty + 4);
    }
    g.setColor(ChartStyle.MUTED);
    g.drawRect(left, top, right - left, bottom - top);

    int slot = (right - left) / Math.max(1, classes.size());
    int boxWidth = Math.max(4, Math.min(28, slot / 2));
    for (int c = 0; c < classes.size(); c++) {
      FeatureDistributions.ClassStats s = feature.perClass().get(classes.get(c));
      if (s == null) {
        continue;
      }
      int cx = left + slot * c + slot / 2;
      g.setColor(ChartStyle.classColor(c));
      g.setStroke(ChartStyle.THIN);
      g.drawLine(cx, scale.y(s.p10()), cx, scale.y(s.p90()));
      int boxTop = scale.y(s.mean() + s.std());
      int boxBottom = scale.y(s.mean() - s.std());
      Composite solid = g.getComposite();
      g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.35f));
      g.fillRect(cx - boxWidth / 2, boxTop, boxWidth, Math.max(1, boxBottom - boxTop));
      g.setComposite(solid);
      g.drawRect(cx - boxWidth / 2, boxTop, boxWidth, Math.max(1, boxBottom - boxTop));
      g.setStroke(ChartStyle.THICK);
      int median = scale.y(s.p50());
      g.drawLine(cx - boxWidth / 2, median, cx + boxWidth / 2, median);
      g.setStroke(ChartStyle.THIN);
      int mean = scale.y(s.mean());
      g.fillOval(cx - 3, mean - 3, 7, 7);
    }
  }

  /** Linear value → pixel mapping, y growing downwards. */
  private record Scale(double min, double max, int bottomPx, int topPx) {
    int y(double value) {
      return (int) Math.round(bottomPx - (value - min) / (max - min) * (bottomPx - topPx));
    }
  }
}
