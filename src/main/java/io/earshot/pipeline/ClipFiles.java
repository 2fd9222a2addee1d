package io.earshot.pipeline;

import io.earshot.audio.AudioFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The raw training clips {@link ClipIngest#keep} leaves under {@code clipsDir} as {@code
 * <label>/<sha256>.<format>}: found by content hash whatever folder they are in, moved when their
 * clip is relabelled, deleted with it. Plain Java and blocking: call on a worker thread.
 */
public final class ClipFiles {
  private final Path clipsDir;

  public ClipFiles(Path clipsDir) {
    this.clipsDir = clipsDir;
  }

  /** The clip's file in any label's folder; empty when this instance has none. */
  public Optional<Path> find(String sha256) throws IOException {
    Path[] found = {null};
    walk(
        (sha, file) -> {
          if (sha.equals(sha256)) {
            found[0] = file;
          }
          return found[0] == null;
        });
    return Optional.ofNullable(found[0]);
  }

  /**
   * Every kept clip's file by its hash, walking the folders once (a dataset export reads them all).
   * A clip found in two folders keeps the first in name order.
   */
  public Map<String, Path> index() throws IOException {
    Map<String, Path> files = new TreeMap<>();
    walk(
        (sha, file) -> {
          files.putIfAbsent(sha, file);
          return true;
        });
    return files;
  }

  /** Moves the clip's file into {@code label}'s folder; false when there is no file to move. */
  public boolean move(String sha256, String label) throws IOException {
    Optional<Path> file = find(sha256);
    if (file.isEmpty()) {
      return false;
    }
    Path dir = Files.createDirectories(clipsDir.resolve(label));
    Files.move(
        file.get(), dir.resolve(file.get().getFileName()), StandardCopyOption.REPLACE_EXISTING);
    return true;
  }

  /**
   * Deletes the files of these clips, walking the folders once however many there are.
   *
   * @return the files deleted
   */
  public int deleteAll(Collection<String> sha256s) throws IOException {
    Set<String> wanted = new HashSet<>(sha256s);
    int[] deleted = {0};
    if (!wanted.isEmpty()) {
      walk(
          (sha, file) -> {
            if (wanted.contains(sha) && Files.deleteIfExists(file)) {
              deleted[0]++;
            }
            return true;
          });
    }
    return deleted[0];
  }

  /** Sees one kept clip; returns false to end the walk. */
  private interface Visitor {
    boolean visit(String sha256, Path file) throws IOException;
  }

  /**
   * Shows {@code visitor} every kept clip (a file named {@code <sha256>.<format>} in a label's
   * folder), folders and files in name order, until it returns false.
   */
  private void walk(Visitor visitor) throws IOException {
    if (!Files.isDirectory(clipsDir)) {
      return;
    }
    try (Stream<Path> labels = Files.list(clipsDir)) {
      for (Path dir : labels.filter(Files::isDirectory).sorted().toList()) {
        try (Stream<Path> clips = Files.list(dir)) {
          for (Path file : clips.filter(Files::isRegularFile).sorted().toList()) {
            String name = file.getFileName().toString();
            int dot = name.indexOf('.');
            if (dot > 0 && !visitor.visit(name.substring(0, dot), file)) {
              return;
            }
          }
        }
      }
    }
  }

  /** The media type of a kept clip, from the format its name records. */
  public static String mediaType(Path file) {
    String name = file.getFileName().toString();
    String extension = name.substring(name.lastIndexOf('.') + 1).toUpperCase(Locale.ROOT);
    try {
      return AudioFormat.valueOf(extension).mediaType();
    } catch (IllegalArgumentException unknown) {
      return "application/octet-stream";
    }
  }
}
