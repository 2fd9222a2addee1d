package io.earshot.cli;

import io.earshot.model.IncompatibleModelException;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ActiveModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a model folder for the CLI, turning every problem into a one-line reason. */
final class ModelLoading {
  private ModelLoading() {}

  static ModelBundle load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new UsageException("model folder " + dir + " does not exist");
    }
    try {
      return ModelBundle.load(dir);
    } catch (IOException e) {
      throw new UsageException("cannot load the model in " + dir + ": " + e.getMessage());
    }
  }

  /** The model ready to score, with the extractor of the schema it was trained on. */
  static ActiveModel active(ModelBundle bundle, Toolkit kit) {
    try {
      return ActiveModel.of(bundle, kit.extractors);
    } catch (IncompatibleModelException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
