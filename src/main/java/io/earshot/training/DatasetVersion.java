package io.earshot.training;

import io.earshot.model.DatasetSummary;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The data one training used, named by its content: the SHA-256 of the sorted {@code "<clip
 * sha256>\t<label>\n"} lines of its distinct (clip, label) pairs. Two trainings with the same
 * version saw the same clips under the same labels (augmented variants follow their clip and are
 * not part of the name; the retrain's {@code augment} parameter says how many were used).
 *
 * @param pairs distinct (clip, label) pairs, sorted by clip then label
 */
public record DatasetVersion(String version, List<Pair> pairs) {

  /** One clip under one label. */
  public record Pair(String sha256, String label) implements Comparable<Pair> {
    @Override
    public int compareTo(Pair other) {
      int bySha = sha256.compareTo(other.sha256);
      return bySha != 0 ? bySha : label.compareTo(other.label);
    }
  }

  public DatasetVersion {
    pairs = List.copyOf(pairs);
  }

  /** The version of these pairs, in any order and with repeats. */
  public static DatasetVersion of(Collection<Pair> pairs) {
    TreeSet<Pair> sorted = new TreeSet<>(pairs);
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (Pair pair : sorted) {
        digest.update(
            (pair.sha256() + "\t" + pair.label() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return new DatasetVersion(HexFormat.of().formatHex(digest.digest()), List.copyOf(sorted));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM ships SHA-256", e);
    }
  }

  /** The version of the clips behind these training samples (variants share their clip's id). */
  public static DatasetVersion ofSamples(Collection<LabeledSample> samples) {
    return of(samples.stream().map(s -> new Pair(s.clipId(), s.label())).toList());
  }

  /** Clips per label. */
  public SortedMap<String, Long> counts() {
    SortedMap<String, Long> counts = new TreeMap<>();
    pairs.forEach(pair -> counts.merge(pair.label(), 1L, Long::sum));
    return Collections.unmodifiableSortedMap(counts);
  }

  /** Each clip's label (a clip listed under two labels keeps the last in sort order). */
  public Map<String, String> labels() {
    Map<String, String> labels = new TreeMap<>();
    pairs.forEach(pair -> labels.put(pair.sha256(), pair.label()));
    return labels;
  }

  public DatasetSummary summary() {
    return new DatasetSummary(version, pairs.size(), counts());
  }
}
