package io.earshot.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;

/**
 * Which data a model learned from, as its metadata records it.
 *
 * @param version content hash over the sorted (clip sha256, label) pairs the training used
 * @param clips distinct clips (augmented variants are not counted)
 * @param counts clips per label
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DatasetSummary(String version, int clips, Map<String, Long> counts) {

  public DatasetSummary {
    counts = Map.copyOf(counts);
  }
}
