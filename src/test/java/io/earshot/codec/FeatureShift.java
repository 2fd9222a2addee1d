package io.earshot.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * How far one feature moves when clips go through a codec, in units the classifier cares about: the
 * feature's spread between the original clips. A shift of 1 moves a clip by one between-clip
 * standard deviation, which is enough to cross a tree split; 0.01 is noise.
 *
 * @param feature the feature's name
 * @param meanAbsolute mean over clips of |coded - original| / spread
 * @param medianAbsolute median of the same
 * @param meanSigned mean of (coded - original) / spread: the direction a codec pushes it
 * @param spread the standard deviation of the feature over the original clips
 */
public record FeatureShift(
    String feature, double meanAbsolute, double medianAbsolute, double meanSigned, double spread) {

  /**
   * One shift per feature, largest mean shift first. {@code original[i]} and {@code coded[i]} are
   * the same clip's feature values before and after the codec.
   */
  public static List<FeatureShift> rank(
      List<String> names, List<float[]> original, List<float[]> coded) {
    if (original.size() != coded.size() || original.size() < 2) {
      throw new IllegalArgumentException(
          "need the same clips, at least two, before and after the codec; got "
              + original.size()
              + " and "
              + coded.size());
    }
    int clips = original.size();
    List<FeatureShift> shifts = new ArrayList<>(names.size());
    for (int f = 0; f < names.size(); f++) {
      double spread = spread(original, f);
      double[] moves = new double[clips];
      double absolute = 0;
      double signed = 0;
      for (int i = 0; i < clips; i++) {
        double move = (coded.get(i)[f] - (double) original.get(i)[f]) / spread;
        moves[i] = Math.abs(move);
        absolute += moves[i];
        signed += move;
      }
      Arrays.sort(moves);
      double median =
          clips % 2 == 1 ? moves[clips / 2] : (moves[clips / 2 - 1] + moves[clips / 2]) / 2;
      shifts.add(new FeatureShift(names.get(f), absolute / clips, median, signed / clips, spread));
    }
    shifts.sort(Comparator.comparingDouble(FeatureShift::meanAbsolute).reversed());
    return shifts;
  }

  /** Sample standard deviation of feature f; a constant feature gets 1 so its moves stay raw. */
  private static double spread(List<float[]> vectors, int f) {
    double mean = 0;
    for (float[] v : vectors) {
      mean += v[f];
    }
    mean /= vectors.size();
    double squares = 0;
    for (float[] v : vectors) {
      squares += (v[f] - mean) * (v[f] - mean);
    }
    double std = Math.sqrt(squares / (vectors.size() - 1));
    return std > 0 ? std : 1;
  }
}
