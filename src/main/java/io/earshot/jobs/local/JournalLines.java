package io.earshot.jobs.local;

import io.earshot.jobs.FeatureCodec;
import io.earshot.jobs.StoredSample;
import io.earshot.training.DatasetVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

  /** Feature vectors by sample hash: {@code {"vectors": {"<sha256>": "<base64 float32>"}}}. */
  static JsonObject vectorsToJson(Map<String, float[]> vectors) {
    JsonObject byHash = new JsonObject();
    vectors.forEach((sha, vector) -> byHash.put(sha, encode(vector)));
    return new JsonObject().put("vectors", byHash);
  }

  static Map<String, float[]> vectorsFromJson(JsonObject json) {
    Map<String, float[]> vectors = new LinkedHashMap<>();
    json.getJsonObject("vectors")
        .forEach(e -> vectors.put(e.getKey(), decode((String) e.getValue())));
    return vectors;
  }

  private static String encode(float[] vector) {
    return Base64.getEncoder().encodeToString(FeatureCodec.encode(vector));
  }

  private static float[] decode(String base64) {
    return FeatureCodec.decode(Base64.getDecoder().decode(base64));
  }

  static JsonObject toJson(StoredSample sample) {
    return new JsonObject()
        .put("sha256", sample.sha256())
        .put("label", sample.label())
        .put("schema", sample.schemaId())
        .put("features", encode(sample.features()))
        .put("filename", sample.filename())
        .put("at", sample.at().toEpochMilli())
        .put("duration", sample.durationSeconds());
  }

  static StoredSample fromJson(JsonObject json) {
    return new StoredSample(
        json.getString("sha256"),
        json.getString("label"),
        json.getString("schema"),
        decode(json.getString("features")),
        json.getString("filename"),
        Instant.ofEpochMilli(json.getLong("at")),
        json.getDouble("duration"));
  }
}
