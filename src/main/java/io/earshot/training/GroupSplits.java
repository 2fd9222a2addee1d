package io.earshot.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Splits samples by clip and stratifies by label: every sample of one clip lands on the same side,
 * so augmented variants of a clip can never leak from training into validation.
 */
final class GroupSplits {

  private GroupSplits() {}

  /** Sample indices of a two-way split. */
  record Split(int[] train, int[] validation) {}

  /**
   * Holds out about {@code fraction} of each class's clips (at least one, and never the last one: a
   * class with a single clip stays in training).
   *
   * @param rows the sample indices to split
   */
  static Split holdout(int[] rows, String[] clipIds, int[] y, double fraction, long seed) {
    Map<Integer, List<String>> clipsByClass = clipsByClass(rows, clipIds, y, seed);
    Set<String> held = new HashSet<>();
    for (List<String> clips : clipsByClass.values()) {
      int n = clips.size();
      int take = n < 2 ? 0 : Math.max(1, Math.min(n - 1, (int) Math.round(fraction * n)));
      held.addAll(clips.subList(0, take));
    }
    List<Integer> train = new ArrayList<>();
    List<Integer> validation = new ArrayList<>();
    for (int r : rows) {
      (held.contains(clipIds[r]) ? validation : train).add(r);
    }
    return new Split(toArray(train), toArray(validation));
  }

  /**
   * Stratified group k-fold: each class's shuffled clips are dealt to the folds in turn, so every
   * fold gets a near-equal share of each class and every clip appears in exactly one fold.
   */
  static List<Split> kFold(int[] rows, String[] clipIds, int[] y, int folds, long seed) {
    Map<String, Integer> foldOfClip = new LinkedHashMap<>();
    int dealt = 0;
    for (List<String> clips : clipsByClass(rows, clipIds, y, seed).values()) {
      for (String clip : clips) {
        foldOfClip.put(clip, dealt++ % folds); // continue across classes to even out fold sizes
      }
    }
    List<Split> splits = new ArrayList<>();
    for (int f = 0; f < folds; f++) {
      List<Integer> train = new ArrayList<>();
      List<Integer> validation = new ArrayList<>();
      for (int r : rows) {
        (foldOfClip.get(clipIds[r]) == f ? validation : train).add(r);
      }
      splits.add(new Split(toArray(train), toArray(validation)));
    }
    return splits;
  }

  /** Number of distinct clips per class among {@code rows}. */
  static int[] clipsPerClass(int[] rows, String[] clipIds, int[] y, int numClasses) {
    int[] counts = new int[numClasses];
    clipsByClass(rows, clipIds, y, 0).forEach((c, clips) -> counts[c] = clips.size());
    return counts;
  }

  private static Map<Integer, List<String>> clipsByClass(
      int[] rows, String[] clipIds, int[] y, long seed) {
    Map<Integer, Set<String>> sets = new TreeMap<>();
    for (int r : rows) {
      sets.computeIfAbsent(y[r], c -> new TreeSet<>()).add(clipIds[r]);
    }
    Random random = new Random(seed);
    Map<Integer, List<String>> result = new TreeMap<>();
    sets.forEach(
        (c, clips) -> {
          List<String> list = new ArrayList<>(clips); // sorted first so the shuffle is reproducible
          Collections.shuffle(list, random);
          result.put(c, list);
        });
    return result;
  }

  private static int[] toArray(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).toArray();
  }
}
