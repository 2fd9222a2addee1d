package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;

/**
 * Each feature's distribution over the training clips as shares of decile bins, so that recent
 * predictions can be compared with it by population stability index (PSI).
 *
 * @param edges per feature, the increasing inner bin edges (the training deciles, ties merged); a
 *     value falls in bin {@code b} when it is above {@code b} edges
 * @param shares per feature, the share of training clips in each bin ({@code edges.length + 1})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DriftReference(double[][] edges, double[][] shares) {

  /** Stands in for an empty bin, so that the logarithm in PSI stays finite. */
  static final double EMPTY_BIN = 1e-4;

  public DriftReference {
    if (edges == null || shares == null || edges.length != shares.length) {
      throw new IllegalArgumentException("edges and shares must describe the same features");
    }
    for (int f = 0; f < edges.length; f++) {
      if (shares[f].length != edges[f].length + 1) {
        throw new IllegalArgumentException("feature " + f + " needs one share per bin");
      }
    }
  }

  public int width() {
    return edges.length;
  }

  /** Decile bins of each column of {@code rows}, and the share of rows in each. */
  public static DriftReference of(float[][] rows, int width) {
    double[][] edges = new double[width][];
    double[][] shares = new double[width][];
    double[] column = new double[rows.length];
    for (int f = 0; f < width; f++) {
      for (int r = 0; r < rows.length; r++) {
        column[r] = rows[r][f];
      }
      Arrays.sort(column);
      edges[f] = decileEdges(column);
      shares[f] = binShares(column, edges[f]);
    }
    return new DriftReference(edges, shares);
  }

  /**
   * Population stability index of each feature: {@code sum (recent - train) * ln(recent / train)}
   * over the bins. Below 0.1 is usually read as stable, above 0.25 as a shift worth a look.
   */
  public double[] psi(float[][] recent) {
    double[] out = new double[width()];
    double[] column = new double[recent.length];
    for (int f = 0; f < width(); f++) {
      for (int r = 0; r < recent.length; r++) {
        column[r] = recent[r][f];
      }
      double[] now = binShares(column, edges[f]);
      double sum = 0;
      for (int b = 0; b < now.length; b++) {
        double expected = Math.max(shares[f][b], EMPTY_BIN);
        double actual = Math.max(now[b], EMPTY_BIN);
        sum += (actual - expected) * Math.log(actual / expected);
      }
      out[f] = sum;
    }
    return out;
  }

  private static double[] decileEdges(double[] sorted) {
    double[] edges = new double[9];
    int n = 0;
    for (int q = 1; q <= 9; q++) {
      double position = q / 10.0 * (sorted.length - 1);
      int i = (int) Math.floor(position);
      double edge =
          i + 1 < sorted.length
              ? sorted[i] + (position - i) * (sorted[i + 1] - sorted[i])
              : sorted[sorted.length - 1];
      if (n == 0 || edge > edges[n - 1]) { // ties (a constant feature) merge bins
        edges[n++] = edge;
      }
    }
    return Arrays.copyOf(edges, n);
  }

  private static double[] binShares(double[] values, double[] edges) {
    double[] shares = new double[edges.length + 1];
    for (double v : values) {
      int bin = Arrays.binarySearch(edges, v);
      bin = bin >= 0 ? bin : -bin - 1; // a value equal to an edge belongs to the bin below it
      shares[bin]++;
    }
    for (int b = 0; b < shares.length; b++) {
      shares[b] = values.length == 0 ? 0 : shares[b] / values.length;
    }
    return shares;
  }
}
