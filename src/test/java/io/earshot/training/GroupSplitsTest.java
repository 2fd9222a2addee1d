package io.earshot.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GroupSplitsTest {

  private final TrainingData data =
      TrainingData.of(SyntheticData.blobs(3, 20, 3, 2, 5, 1), SyntheticData.featureNames(2));

  private Set<String> clipsOf(int[] rows) {
    return Arrays.stream(rows).mapToObj(r -> data.clipIds[r]).collect(Collectors.toSet());
  }

  @Test
  void holdoutKeepsClipsTogetherAndStratifies() {
    GroupSplits.Split split = GroupSplits.holdout(data.allRows(), data.clipIds, data.y, 0.2, 7);
    Set<String> train = clipsOf(split.train());
    Set<String> held = clipsOf(split.validation());
    train.retainAll(held);
    assertTrue(train.isEmpty(), "clips on both sides: " + train);
    assertEquals(data.y.length, split.train().length + split.validation().length);
    int[] heldClips = GroupSplits.clipsPerClass(split.validation(), data.clipIds, data.y, 3);
    assertTrue(Arrays.stream(heldClips).allMatch(c -> c == 4), Arrays.toString(heldClips));
  }

  @Test
  void holdoutIsReproducibleForASeed() {
    int[] a = GroupSplits.holdout(data.allRows(), data.clipIds, data.y, 0.2, 7).validation();
    int[] b = GroupSplits.holdout(data.allRows(), data.clipIds, data.y, 0.2, 7).validation();
    assertTrue(Arrays.equals(a, b));
  }

  @Test
  void kFoldPutsEveryClipInExactlyOneValidationFold() {
    List<GroupSplits.Split> folds = GroupSplits.kFold(data.allRows(), data.clipIds, data.y, 5, 3);
    Set<String> seen = new HashSet<>();
    for (GroupSplits.Split fold : folds) {
      Set<String> validation = clipsOf(fold.validation());
      Set<String> overlap = new HashSet<>(clipsOf(fold.train()));
      overlap.retainAll(validation);
      assertTrue(overlap.isEmpty(), "leaked clips " + overlap);
      for (String clip : validation) {
        assertTrue(seen.add(clip), clip + " validated twice");
      }
      int[] perClass = GroupSplits.clipsPerClass(fold.validation(), data.clipIds, data.y, 3);
      assertTrue(Arrays.stream(perClass).allMatch(c -> c == 4), Arrays.toString(perClass));
    }
    assertEquals(60, seen.size());
  }

  @Test
  void singleClipClassStaysInTraining() {
    int[] rows = {0, 1, 2};
    String[] clips = {"x", "y", "y"};
    int[] y = {0, 1, 1};
    GroupSplits.Split split = GroupSplits.holdout(rows, clips, y, 0.5, 1);
    assertEquals(3, split.train().length);
  }
}
