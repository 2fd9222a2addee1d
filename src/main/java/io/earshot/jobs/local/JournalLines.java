package io.earshot.jobs.local;

import io.earshot.jobs.FeatureCodec;
import io.earshot.jobs.StoredSample;
import io.earshot.training.DatasetVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** The lines of {@link LocalFeatureStore}'s journal: samples and the datasets trainings read. */
final class JournalLines {

  private JournalLines() {}

  static List<String> strings(JsonArray array) {
    return array.stream().map(String::valueOf).toList();
  }

  static JsonObject datasetToJson(DatasetVersion dataset) {
    JsonArray pairs = new JsonArray();
    dataset.pairs().forEach(p -> pairs.add(new JsonArray().add(p.sha256()).add(p.label())));
    return new JsonObject().put("version", dataset.version()).put("pairs", pairs);
  }

  static DatasetVersion datasetFromJson(JsonObject json) {
    List<DatasetVersion.Pair> pairs = new ArrayList<>();
    json.getJsonArray("pairs")
        .forEach(
            p -> {
              JsonArray pair = (JsonArray) p;
              pairs.add(new DatasetVersion.Pair(pair.getString(0), pair.getString(1)));
            });
    return new DatasetVersion(json.getString("version"), pairs);
  }

  static JsonObject toJson(StoredSample sample) {
    return new JsonObject()
        .put("sha256", sample.sha256())
        .put("label", sample.label())
        .put("schema", sample.schemaId())
        .put("features", Base64.getEncoder().encodeToString(FeatureCodec.encode(sample.features())))
        .put("filename", sample.filename())
        .put("at", sample.at().toEpochMilli())
        .put("duration", sample.durationSeconds());
  }

  static StoredSample fromJson(JsonObject json) {
    return new StoredSample(
        json.getString("sha256"),
        json.getString("label"),
        json.getString("schema"),
        FeatureCodec.decode(Base64.getDecoder().decode(json.getString("features"))),
        json.getString("filename"),
        Instant.ofEpochMilli(json.getLong("at")),
        json.getDouble("duration"));
  }
}
