package io.earshot.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads a training folder laid out as one sub-folder per class. */
public final class FolderDataset {
  private FolderDataset() {}

  /**
   * Lists every regular, non-hidden file one level below each class folder, sorted so that runs are
   * reproducible.
   *
   * @throws IllegalArgumentException when the folder is missing or holds no labelled files
   */
  public static List<LabeledFile> scan(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IllegalArgumentException(
          "data folder " + root + " does not exist or is not a folder");
    }
    List<LabeledFile> files = new ArrayList<>();
    try (Stream<Path> classDirs = Files.list(root)) {
      for (Path classDir :
          classDirs.filter(Files::isDirectory).filter(p -> !hidden(p)).sorted().toList()) {
        String label = classDir.getFileName().toString();
        try (Stream<Path> clips = Files.list(classDir)) {
          clips
              .filter(Files::isRegularFile)
              .filter(p -> !hidden(p))
              .sorted()
              .forEach(p -> files.add(new LabeledFile(p, label)));
        }
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "data folder "
              + root
              + " holds no audio: expected one sub-folder per class with audio files inside");
    }
    return files;
  }

  private static boolean hidden(Path p) {
    return p.getFileName().toString().startsWith(".");
  }
}
