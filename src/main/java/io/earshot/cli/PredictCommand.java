package io.earshot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.audio.AudioDecodeException;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.Prediction;
import io.earshot.pipeline.PredictionPipeline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code predict --model MODEL_DIR [--min-confidence P] FILE...}: one JSON line per file, through
 * the same pipeline and open-set rules as the HTTP service. A file that fails gets a line with its
 * error and the exit code becomes 1; an abstention is an answer, not a failure.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Classify audio files with a saved model.",
      "One JSON line per file, through the same pipeline and open-set rules as the HTTP"
          + " service. A file that fails gets a line with its error and exit code 1; an"
          + " abstention is an answer, not a failure."
    })
final class PredictCommand implements Callable<Integer> {
  @ParentCommand private Cli cli;

  @Mixin private SharedOptions.Model model;

  @Mixin private SharedOptions.MinConfidence minConfidence;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "audio files to classify")
  private List<Path> files;

  @Override
  public Integer call() {
    Toolkit kit = cli.toolkit();
    ModelBundle bundle = ModelLoading.load(model.dir);
    int failures = 0;
    try (ActiveModel active = ModelLoading.active(bundle, kit)) {
      ModelHolder holder = new ModelHolder();
      holder.swap(active);
      PredictionPipeline pipeline =
          new PredictionPipeline(kit.loader, holder, kit.config.openSetPolicy());
      for (Path file : files) {
        ObjectNode line = Toolkit.json().createObjectNode().put("file", file.toString());
        try {
          Prediction p = pipeline.predict(Files.readAllBytes(file), false, minConfidence.value);
          line.put("predicted_class", p.predictedClass()).put("confidence", p.confidence());
          line.put(
              "unknown_reason", p.unknownReason() == null ? null : p.unknownReason().wireName());
          if (!Double.isNaN(p.novelty())) {
            line.put("novelty", p.novelty());
          }
          line.set("probabilities", Toolkit.json().valueToTree(p.probabilities()));
          line.put("model_version", p.modelVersion())
              .put("processing_time_ms", p.timings().totalMs())
              .put("duration_s", p.durationSeconds());
        } catch (AudioDecodeException | IOException e) {
          failures++;
          line.put("error", e.getMessage());
        }
        cli.out.println(line);
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
