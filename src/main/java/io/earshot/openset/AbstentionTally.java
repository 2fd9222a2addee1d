package io.earshot.openset;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts answers and abstentions clip by clip, then sums them up as an {@link AbstentionReport}.
 */
public final class AbstentionTally {
  private final Set<String> knownClasses;
  private final Counts inDistribution = new Counts();
  private final Map<String, Counts> outByLabel = new TreeMap<>();
  private int mostProbableRight;
  private int answeredRight;

  /**
   * @param knownClasses the classes of the model; every other label counts as open-set
   */
  public AbstentionTally(Set<String> knownClasses) {
    this.knownClasses = Set.copyOf(knownClasses);
  }

  /**
   * @param truth the clip's label
   * @param mostProbable the model's most probable class for the clip (answered or not)
   */
  public void add(String truth, String mostProbable, OpenSetPolicy.Answer answer) {
    if (!knownClasses.contains(truth)) {
      outByLabel.computeIfAbsent(truth, l -> new Counts()).add(answer);
      return;
    }
    inDistribution.add(answer);
    if (truth.equals(mostProbable)) {
      mostProbableRight++;
    }
    if (truth.equals(answer.predictedClass())) {
      answeredRight++;
    }
  }

  public AbstentionReport report() {
    AbstentionReport.InDistribution in = null;
    if (inDistribution.clips > 0) {
      int answered = inDistribution.clips - inDistribution.abstainedTotal();
      in =
          new AbstentionReport.InDistribution(
              inDistribution.clips,
              answered,
              (double) answered / inDistribution.clips,
              inDistribution.byReason(),
              (double) mostProbableRight / inDistribution.clips,
              answered == 0 ? Double.NaN : (double) answeredRight / answered);
    }
    AbstentionReport.OutOfDistribution out = null;
    if (!outByLabel.isEmpty()) {
      Counts all = new Counts();
      Map<String, AbstentionReport.LabelShare> byLabel = new LinkedHashMap<>();
      outByLabel.forEach(
          (label, counts) -> {
            all.merge(counts);
            byLabel.put(label, counts.share());
          });
      out =
          new AbstentionReport.OutOfDistribution(
              all.clips, all.share().abstainedShare(), all.byReason(), byLabel);
    }
    return new AbstentionReport(in, out);
  }

  private static final class Counts {
    int clips;
    final EnumMap<UnknownReason, Integer> abstained = new EnumMap<>(UnknownReason.class);

    void add(OpenSetPolicy.Answer answer) {
      clips++;
      if (answer.abstained()) {
        abstained.merge(answer.unknownReason(), 1, Integer::sum);
      }
    }

    void merge(Counts other) {
      clips += other.clips;
      other.abstained.forEach((reason, n) -> abstained.merge(reason, n, Integer::sum));
    }

    int abstainedTotal() {
      return abstained.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Every reason, zeros included, so a report always has the same keys. */
    Map<String, Integer> byReason() {
      Map<String, Integer> out = new LinkedHashMap<>();
      for (UnknownReason reason : UnknownReason.values()) {
        out.put(reason.wireName(), abstained.getOrDefault(reason, 0));
      }
      return out;
    }

    AbstentionReport.LabelShare share() {
      return new AbstentionReport.LabelShare(
          clips, clips == 0 ? 0 : (double) abstainedTotal() / clips, byReason());
    }
  }
}
