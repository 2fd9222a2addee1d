package io.earshot.jobs.local;

import io.earshot.jobs.FeatureCodec;
import io.earshot.jobs.FeatureStore;
import io.earshot.jobs.StoredSample;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples for a single instance without Redis: in memory, and, when opened on a directory,
 * journaled to {@code samples.jsonl} (one JSON line per sample, appended) plus {@code trained} (the
 * sample count at the last training), so that uploads survive a restart. A line torn by a crash is
 * skipped on load.
 */
public final class LocalFeatureStore implements FeatureStore {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFeatureStore.class);

  private final Map<String, StoredSample> samples = new LinkedHashMap<>();
  private final Vertx vertx;
  private final Path journal;
  private final Path trainedFile;
  private long addedAtLastTraining;

  /** Memory only: everything is gone when the process ends. */
  public LocalFeatureStore() {
    this(null, null);
  }

  private LocalFeatureStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.journal = dir == null ? null : dir.resolve("samples.jsonl");
    this.trainedFile = dir == null ? null : dir.resolve("trained");
  }

  /** Loads (or creates) the journal in {@code dir}; file work runs on a worker thread. */
  public static Future<LocalFeatureStore> open(Vertx vertx, Path dir) {
    LocalFeatureStore store = new LocalFeatureStore(vertx, dir);
    return vertx.executeBlocking(
        () -> {
          store.load(dir);
          return store;
        });
  }

  private synchronized void load(Path dir) throws IOException {
    Files.createDirectories(dir);
    if (Files.isRegularFile(journal)) {
      int lineNumber = 0;
      for (String line : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
        lineNumber++;
        try {
          StoredSample sample = fromJson(new JsonObject(line));
          samples.putIfAbsent(sample.sha256(), sample);
        } catch (RuntimeException torn) {
          LOG.warn("skipping unreadable line {} of {}: {}", lineNumber, journal, torn.getMessage());
        }
      }
      endWithNewline();
    }
    if (Files.isRegularFile(trainedFile)) {
      addedAtLastTraining = Long.parseLong(Files.readString(trainedFile).trim());
    }
  }

  /** After a torn write, start the next line on a line of its own so it is not torn too. */
  private void endWithNewline() throws IOException {
    try (SeekableByteChannel channel =
        Files.newByteChannel(journal, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      if (channel.size() == 0) {
        return;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.position(channel.size() - 1).read(last);
      if (last.get(0) != '\n') {
        channel.position(channel.size()).write(ByteBuffer.wrap(new byte[] {'\n'}));
      }
    }
  }

  @Override
  public Future<Boolean> put(StoredSample sample) {
    if (journal == null) {
      return Future.succeededFuture(remember(sample));
    }
    return vertx.executeBlocking(
        () -> {
          synchronized (this) {
            if (samples.containsKey(sample.sha256())) {
              return false;
            }
            // journal first: a sample is only acknowledged once it is on disk
            Files.writeString(
                journal,
                toJson(sample).encode() + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
            return remember(sample);
          }
        });
  }

  private synchronized boolean remember(StoredSample sample) {
    return samples.putIfAbsent(sample.sha256(), sample) == null;
  }

  @Override
  public synchronized Future<Optional<StoredSample>> get(String sha256) {
    return Future.succeededFuture(Optional.ofNullable(samples.get(sha256)));
  }

  @Override
  public synchronized Future<List<StoredSample>> all(String schemaId) {
    return Future.succeededFuture(
        samples.values().stream().filter(sample -> sample.schemaId().equals(schemaId)).toList());
  }

  @Override
  public synchronized Future<Map<String, Long>> counts() {
    Map<String, Long> counts = new TreeMap<>();
    samples.values().stream()
        .filter(sample -> !sample.isAugmentedVariant())
        .forEach(sample -> counts.merge(sample.label(), 1L, Long::sum));
    return Future.succeededFuture(counts);
  }

  /** Uploaded clips, not counting their augmented variants. */
  private synchronized long clipCount() {
    return samples.values().stream().filter(sample -> !sample.isAugmentedVariant()).count();
  }

  @Override
  public synchronized Future<Long> countSinceLastTraining() {
    return Future.succeededFuture(clipCount() - addedAtLastTraining);
  }

  @Override
  public Future<Void> markTrained() {
    long added;
    synchronized (this) {
      added = clipCount();
      addedAtLastTraining = added;
    }
    if (trainedFile == null) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(
        () -> {
          Path staging = Files.createTempFile(trainedFile.getParent(), ".trained-", ".tmp");
          Files.writeString(staging, Long.toString(added));
          Files.move(
              staging,
              trainedFile,
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          return null;
        });
  }

  private static JsonObject toJson(StoredSample sample) {
    return new JsonObject()
        .put("sha256", sample.sha256())
        .put("label", sample.label())
        .put("schema", sample.schemaId())
        .put("features", Base64.getEncoder().encodeToString(FeatureCodec.encode(sample.features())))
        .put("filename", sample.filename())
        .put("at", sample.at().toEpochMilli());
  }

  private static StoredSample fromJson(JsonObject json) {
    return new StoredSample(
        json.getString("sha256"),
        json.getString("label"),
        json.getString("schema"),
        FeatureCodec.decode(Base64.getDecoder().decode(json.getString("features"))),
        json.getString("filename"),
        Instant.ofEpochMilli(json.getLong("at")));
  }
}
