package io.earshot.jobs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.analysis.AnalysisResult;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where analysis jobs keep their files under {@code DATA_DIR}, which every instance shares (a
 * volume in compose): recordings waiting to be analysed, and the results of finished analyses.
 * Blocking file I/O: call from a worker thread.
 *
 * <p>A result is written to a temporary name and moved into place, so a reader sees a whole result
 * or none; the recording is deleted once its job has ended.
 */
public final class AnalysisFiles {
  /** A stored recording's name: a random UUID and the upload's extension, never a path. */
  private static final Pattern RECORDING_NAME = Pattern.compile("[0-9a-f-]{36}(\\.[a-z0-9]{1,8})?");

  /** Compact: a day of one-second hops is some 90,000 segments. */
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static final Pattern JOB_ID = Pattern.compile("[0-9A-Za-z-]{1,64}");

  private final Path recordings;
  private final Path results;

  public AnalysisFiles(Path dataDir) {
    this.recordings = dataDir.resolve("recordings");
    this.results = dataDir.resolve("analyses");
  }

  /** Moves an upload in; returns the name the job's parameters carry. */
  public String keepRecording(Path upload, String extension) throws IOException {
    Files.createDirectories(recordings);
    String suffix = extension == null || extension.isBlank() ? "" : "." + extension;
    String name = UUID.randomUUID() + suffix;
    Files.move(upload, recordings.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    return name;
  }

  /** The stored recording of that name; an {@link IllegalArgumentException} for a forged name. */
  public Path recording(String name) {
    if (name == null || !RECORDING_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a stored recording name: " + name);
    }
    return recordings.resolve(name);
  }

  public void deleteRecording(String name) throws IOException {
    Files.deleteIfExists(recording(name));
  }

  public void writeResult(String jobId, AnalysisResult result) throws IOException {
    Files.createDirectories(results);
    Path target = resultFile(jobId);
    Path partial = results.resolve(jobId + ".json.part");
    JSON.writeValue(partial.toFile(), result);
    Files.move(
        partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The stored result; empty when there is none (not finished, or removed after retention). */
  public Optional<AnalysisResult> readResult(String jobId) {
    try {
      return Optional.of(JSON.readValue(resultFile(jobId).toFile(), AnalysisResult.class));
    } catch (NoSuchFileException | FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Removes results and recordings last changed before {@code now - age}: results outlive their job
   * records by no more than that, and a recording whose job was cancelled while queued does not
   * stay forever.
   *
   * @return how many files were removed
   */
  public int sweep(Instant now, Duration age) throws IOException {
    Instant cutoff = now.minus(age);
    return sweep(recordings, cutoff) + sweep(results, cutoff);
  }

  private static int sweep(Path dir, Instant cutoff) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    int removed = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)
            && Files.deleteIfExists(file)) {
          removed++;
        }
      }
    }
    return removed;
  }

  private Path resultFile(String jobId) {
    if (!JOB_ID.matcher(jobId).matches()) {
      throw new IllegalArgumentException("not a job id: " + jobId);
    }
    return results.resolve(jobId + ".json");
  }
}
