package io.earshot.cli;

import java.nio.file.Path;
import java.util.OptionalDouble;
import picocli.CommandLine.Option;

/** Options several commands share, as picocli mixins: one definition, one help text. */
final class SharedOptions {
  private SharedOptions() {}

  /** {@code --model MODEL_DIR}. */
  static final class Model {
    @Option(
        names = "--model",
        required = true,
        paramLabel = "MODEL_DIR",
        description = "folder of a saved model bundle")
    Path dir;
  }

  /** {@code --data DIR}. */
  static final class Data {
    @Option(
        names = "--data",
        required = true,
        paramLabel = "DIR",
        description = "labelled clips: one sub-folder per class")
    Path dir;
  }

  /** {@code --min-confidence P}. */
  static final class MinConfidence {
    @Option(
        names = "--min-confidence",
        paramLabel = "P",
        converter = Values.Fraction.class,
        description = "abstain under this confidence, 0 to 1 (default: the model's thresholds)")
    OptionalDouble value = OptionalDouble.empty();
  }
}
