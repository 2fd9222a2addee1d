package io.earshot.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.earshot.training.EvaluationReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Everything needed to serve and describe one trained model: metadata, the booster in XGBoost's
 * UBJSON format, its held-out metrics and (for models trained since open-set answers) a summary of
 * its training features. On disk a directory of those files; as bytes (for Redis) a zip of the same
 * files.
 *
 * @param summary null for a model trained without one (it then answers without novelty)
 */
public record ModelBundle(
    ModelMetadata metadata, byte[] booster, EvaluationReport metrics, TrainingSummary summary) {

  public static final String METADATA_FILE = "model.json";
  public static final String BOOSTER_FILE = "booster.ubj";
  public static final String METRICS_FILE = "metrics.json";
  public static final String SUMMARY_FILE = "summary.json";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public ModelBundle {
    if (metadata == null || booster == null || booster.length == 0 || metrics == null) {
      throw new IllegalArgumentException(
          "a model bundle needs metadata, booster bytes and metrics");
    }
  }

  /** The mapper used for model.json and metrics.json (snake_case comes from the records). */
  public static ObjectMapper json() {
    return JSON;
  }

  /** A bundle of a model trained without a training summary. */
  public ModelBundle(ModelMetadata metadata, byte[] booster, EvaluationReport metrics) {
    this(metadata, booster, metrics, null);
  }

  public ModelBundle withVersion(String version) {
    return new ModelBundle(metadata.withVersion(version), booster, metrics, summary);
  }

  /** The fitted confidence floor, when the bundle has one. */
  public Optional<ConfidenceFloor> confidenceFloor() {
    return Optional.ofNullable(summary).map(TrainingSummary::confidence);
  }

  /** The novelty model, when the bundle has one. */
  public Optional<NoveltyModel> novelty() {
    return Optional.ofNullable(summary).map(TrainingSummary::novelty);
  }

  /**
   * Writes the three files into {@code dir} (created if needed). Each file is written to a
   * temporary name first and then renamed, so a failed save leaves earlier files whole.
   */
  public void save(Path dir) throws IOException {
    Files.createDirectories(dir);
    Map<String, byte[]> files = files();
    if (summary == null) {
      Files.deleteIfExists(dir.resolve(SUMMARY_FILE)); // never leave another model's summary
    }
    Map<Path, Path> staged = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      Path tmp = dir.resolve(e.getKey() + ".tmp");
      Files.write(tmp, e.getValue());
      staged.put(tmp, dir.resolve(e.getKey()));
    }
    for (Map.Entry<Path, Path> e : staged.entrySet()) {
      Files.move(
          e.getKey(),
          e.getValue(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
  }

  /** Reads a directory written by {@link #save}; checks that the booster loads. */
  public static ModelBundle load(Path dir) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    for (String name : new String[] {METADATA_FILE, BOOSTER_FILE, METRICS_FILE}) {
      try {
        files.put(name, Files.readAllBytes(dir.resolve(name)));
      } catch (NoSuchFileException e) {
        throw new ModelFormatException(
            "model directory "
                + dir
                + " has no "
                + name
                + " (expected "
                + METADATA_FILE
                + ", "
                + BOOSTER_FILE
                + ", "
                + METRICS_FILE
                + ")");
      }
    }
    Path summary = dir.resolve(SUMMARY_FILE);
    if (Files.isRegularFile(summary)) {
      files.put(SUMMARY_FILE, Files.readAllBytes(summary));
    }
    return fromFiles(files, "model directory " + dir);
  }

  /** The bundle as one zip archive holding the same files as {@link #save}. */
  public byte[] toBytes() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : files().entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  public static ModelBundle fromBytes(byte[] bytes) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        files.put(e.getName(), zip.readAllBytes());
      }
    } catch (IOException e) {
      throw new ModelFormatException("model archive is not a readable zip: " + e.getMessage(), e);
    }
    for (String name : new String[] {METADATA_FILE, BOOSTER_FILE, METRICS_FILE}) {
      if (!files.containsKey(name)) {
        throw new ModelFormatException("model archive has no " + name);
      }
    }
    return fromFiles(files, "model archive");
  }

  private Map<String, byte[]> files() throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(METADATA_FILE, JSON.writeValueAsBytes(metadata));
    files.put(BOOSTER_FILE, booster);
    files.put(METRICS_FILE, JSON.writeValueAsBytes(metrics));
    if (summary != null) {
      files.put(SUMMARY_FILE, JSON.writeValueAsBytes(summary));
    }
    return files;
  }

  private static ModelBundle fromFiles(Map<String, byte[]> files, String where)
      throws ModelFormatException {
    ModelMetadata metadata = readJson(files, METADATA_FILE, ModelMetadata.class, where);
    EvaluationReport metrics = readJson(files, METRICS_FILE, EvaluationReport.class, where);
    TrainingSummary summary =
        files.containsKey(SUMMARY_FILE)
            ? readJson(files, SUMMARY_FILE, TrainingSummary.class, where)
            : null;
    byte[] booster = files.get(BOOSTER_FILE);
    checkBooster(booster, metadata, where);
    checkSummary(summary, metadata, where);
    return new ModelBundle(metadata, booster, metrics, summary);
  }

  private static <T> T readJson(Map<String, byte[]> files, String name, Class<T> type, String where)
      throws ModelFormatException {
    try {
      return JSON.readValue(files.get(name), type);
    } catch (IOException | IllegalArgumentException e) {
      throw new ModelFormatException(where + ": " + name + " is corrupt: " + e.getMessage(), e);
    }
  }

  private static void checkSummary(TrainingSummary summary, ModelMetadata metadata, String where)
      throws ModelFormatException {
    if (summary != null
        && summary.novelty() != null
        && summary.novelty().width() != metadata.featureNames().size()) {
      throw new ModelFormatException(
          where
              + ": "
              + SUMMARY_FILE
              + " describes "
              + summary.novelty().width()
              + " features but "
              + METADATA_FILE
              + " lists "
              + metadata.featureNames().size());
    }
  }

  private static void checkBooster(byte[] bytes, ModelMetadata metadata, String where)
      throws ModelFormatException {
    Booster booster = null;
    try {
      booster = XGBoost.loadModel(bytes);
      long features = booster.getNumFeature();
      if (features != metadata.featureNames().size()) {
        throw new ModelFormatException(
            where
                + ": "
                + BOOSTER_FILE
                + " expects "
                + features
                + " features but "
                + METADATA_FILE
                + " lists "
                + metadata.featureNames().size());
      }
    } catch (XGBoostError | IOException | RuntimeException e) {
      if (e instanceof ModelFormatException m) {
        throw m;
      }
      throw new ModelFormatException(
          where + ": " + BOOSTER_FILE + " is corrupt: " + e.getMessage(), e);
    } finally {
      if (booster != null) {
        booster.dispose();
      }
    }
  }
}
