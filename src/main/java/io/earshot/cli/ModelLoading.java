package io.earshot.cli;

import io.earshot.model.Classifier;
import io.earshot.model.IncompatibleModelException;
import io.earshot.model.ModelBundle;
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

  static Classifier classifier(ModelBundle bundle, Toolkit kit) {
    try {
      return new Classifier(bundle, kit.extractor.schema().id(), kit.extractor.schema().size());
    } catch (IncompatibleModelException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
