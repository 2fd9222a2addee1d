package io.earshot.pipeline;

import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Training clips in, the counterpart of {@link PredictionPipeline}: the rules an upload meets
 * (labels, augmentation) and the blocking work on one clip (read it, decode it once, extract the
 * features of the clip and of its augmented variants, keep the raw clip under {@code clipsDir}).
 * Plain Java and synchronous; the service runs {@link #prepare} and {@link #keep} on its worker
 * pool and stores the features itself. Upload file names are never used as paths.
 */
public final class ClipIngest {
  /** What a label may look like: it names a folder and a class. */
  public static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** Maximum augmented variants a client may ask to store per uploaded clip. */
  public static final int MAX_AUGMENT = 10;

  private final ClipAnalyzer analyzer;
  private final Path clipsDir;

  /**
   * One clip, decoded and measured, ready to store.
   *
   * @param extension the format found in the bytes ({@code bin} when none), for the raw clip's name
   */
  public record PreparedClip(
      String filename, String label, String extension, ClipAnalyzer.Analysis analysis, byte[] raw) {
    public String sha256() {
      return analysis.sha256();
    }
  }

  /** What an upload does with a clip that is already stored under another label. */
  public enum OnConflict {
    /** Change nothing; the file's outcome is {@code label_conflict}, naming the stored label. */
    KEEP,
    /** Relabel the stored clip (and its variants) to the upload's label. */
    RELABEL;

    /**
     * From the {@code on_conflict} field ({@code keep} when absent).
     *
     * @throws IllegalArgumentException for anything else
     */
    public static OnConflict parse(String raw) {
      if (raw == null || raw.isBlank() || raw.trim().equals("keep")) {
        return KEEP;
      }
      if (raw.trim().equals("relabel")) {
        return RELABEL;
      }
      throw new IllegalArgumentException(
          "'on_conflict' must be 'keep' (a clip stored under another label is left as it is) or"
              + " 'relabel' (it takes this upload's label), got '"
              + raw
              + "'");
    }
  }

  public ClipIngest(ClipAnalyzer analyzer, Path clipsDir) {
    this.analyzer = analyzer;
    this.clipsDir = clipsDir;
  }

  /**
   * One valid label per file, from {@code labels} (one per file, or one comma-separated value) or
   * else {@code label} for all of them.
   *
   * @throws IllegalArgumentException with the rule a person has to follow
   */
  public static List<String> labels(List<String> perFile, String single, int count) {
    List<String> labels;
    if (!perFile.isEmpty()) {
      List<String> given =
          perFile.size() == 1 && perFile.get(0).contains(",")
              ? List.of(perFile.get(0).split("\\s*,\\s*"))
              : perFile;
      if (given.size() != count) {
        throw new IllegalArgumentException(
            "'labels' needs one label per file: got "
                + given.size()
                + " labels for "
                + count
                + " files");
      }
      labels = given;
    } else if (single != null) {
      labels = Collections.nCopies(count, single.trim());
    } else {
      throw new IllegalArgumentException(
          "missing label: send a 'label' field for all files, or 'labels' with one label per file");
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        throw new IllegalArgumentException(
            "label '" + label + "' is not valid: use 1 to 64 letters, digits, '_' or '-'");
      }
    }
    return labels;
  }

  /**
   * The variants to store per clip, from the {@code augment} field (0 when absent).
   *
   * @throws IllegalArgumentException outside 0 to {@link #MAX_AUGMENT}
   */
  public static int augment(String raw) {
    if (raw == null || raw.isBlank()) {
      return 0;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= 0 && n <= MAX_AUGMENT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // the same answer as a number out of range, below
    }
    throw new IllegalArgumentException(
        "'augment' must be a whole number from 0 to "
            + MAX_AUGMENT
            + ": the augmented variants (pitch shift, time stretch, noise) to store per clip");
  }

  /**
   * Reads an uploaded file and decodes it once: its features and those of {@code augment} variants
   * (seeded by the clip, so re-uploading gives the same variants). Blocks: call on a worker thread.
   */
  public PreparedClip prepare(Path file, String filename, String label, int augment)
      throws IOException, AudioDecodeException {
    byte[] bytes = Files.readAllBytes(file);
    String extension =
        AudioFormat.detect(bytes).map(f -> f.name().toLowerCase(Locale.ROOT)).orElse("bin");
    return new PreparedClip(
        filename, label, extension, analyzer.analyze(bytes, augment, 0L), bytes);
  }

  /** The raw clips {@link #keep} leaves, found, moved and deleted by hash. */
  public ClipFiles files() {
    return new ClipFiles(clipsDir);
  }

  /**
   * Keeps the raw clip as {@code clipsDir/<label>/<sha256>.<format>}, named by its content, never
   * by the client's file name. Blocks: call on a worker thread.
   */
  public Path keep(PreparedClip clip) throws IOException {
    Path dir = Files.createDirectories(clipsDir.resolve(clip.label()));
    return Files.write(dir.resolve(clip.sha256() + "." + clip.extension()), clip.raw());
  }

  /** {@link #keep}, unless the raw clip is already there (whole: same size). */
  public Path keepIfMissing(PreparedClip clip) throws IOException {
    Path kept = clipsDir.resolve(clip.label()).resolve(clip.sha256() + "." + clip.extension());
    if (Files.isRegularFile(kept) && Files.size(kept) == clip.raw().length) {
      return kept;
    }
    return keep(clip);
  }
}
