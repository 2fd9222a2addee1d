package io.earshot.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.training.DatasetVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} at the root of a dataset archive: what each clip is (hash, label, the name
 * it was uploaded under, length, when) and the dataset version of exactly the clips in the archive,
 * the version a training on them records. Clips the store lists but whose audio this instance does
 * not have are named in {@code missing_audio}, not in the archive.
 *
 * @param items the clips in the archive, in archive order
 * @param missingAudio clips left out because their audio is not on this instance
 */
public record DatasetManifest(Instant exportedAt, List<Item> items, List<String> missingAudio) {
  public static final String NAME = "manifest.json";
  public static final String FORMAT = "earshot-dataset/1";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * One clip.
   *
   * @param path its entry in the archive, {@code label/sha256.ext}
   * @param durationSeconds null when the store does not know it
   */
  public record Item(
      String path,
      String sha256,
      String label,
      String filename,
      Double durationSeconds,
      Instant uploadedAt,
      long bytes) {}

  public DatasetManifest {
    items = List.copyOf(items);
    missingAudio = List.copyOf(missingAudio);
  }

  /** The version of the (clip, label) pairs in the archive. */
  public DatasetVersion dataset() {
    return DatasetVersion.of(
        items.stream().map(i -> new DatasetVersion.Pair(i.sha256(), i.label())).toList());
  }

  public byte[] toJson() {
    DatasetVersion dataset = dataset();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("dataset_version", dataset.version());
    root.put("exported_at", exportedAt.toString());
    root.put("clips", items.size());
    ObjectNode counts = root.putObject("counts");
    dataset.counts().forEach(counts::put);
    ArrayNode list = root.putArray("items");
    for (Item item : items) {
      ObjectNode json =
          list.addObject()
              .put("path", item.path())
              .put("sha256", item.sha256())
              .put("label", item.label())
              .put("filename", item.filename())
              .put("duration_s", item.durationSeconds())
              .put("bytes", item.bytes());
      json.put("uploaded_at", item.uploadedAt() == null ? null : item.uploadedAt().toString());
    }
    ArrayNode missing = root.putArray("missing_audio");
    missingAudio.forEach(missing::add);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The names clips were uploaded under, by archive entry, from a manifest's bytes.
   *
   * @throws IllegalArgumentException when the bytes are not a manifest
   */
  public static Map<String, String> filenames(byte[] manifest) {
    JsonNode root;
    try {
      root = JSON.readTree(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          NAME + " is not valid JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // bytes in memory
    }
    if (root == null || !root.path("items").isArray()) {
      throw new IllegalArgumentException(
          NAME
              + " has no 'items' list: leave it out, or keep the one GET /api/v1/datasets/export"
              + " wrote");
    }
    Map<String, String> names = new HashMap<>();
    for (JsonNode item : root.get("items")) {
      String path = item.path("path").asText("");
      String filename = item.path("filename").asText("");
      if (!path.isEmpty() && !filename.isEmpty()) {
        names.put(path, filename);
      }
    }
    return names;
  }
}
