package io.earshot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.audio.AudioDecodeException;
import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.Prediction;
import io.earshot.pipeline.PredictionPipeline;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code predict --model MODEL_DIR [--min-confidence P] FILE...}: one JSON line per file, through
 * the same pipeline and open-set rules as the HTTP service. A file that fails gets a line with its
 * error and the exit code becomes 1; an abstention is an answer, not a failure.
 */
final class PredictCommand {
  private PredictCommand() {}

  static int run(List<String> args, Toolkit kit, PrintStream out, PrintStream err) {
    CliArgs cli = CliArgs.parse(args, Set.of("model", "min-confidence"));
    OptionalDouble minConfidence = cli.fraction("min-confidence");
    if (cli.positional().isEmpty()) {
      throw new UsageException("give one or more audio files after --model MODEL_DIR");
    }
    ModelBundle bundle = ModelLoading.load(Path.of(cli.required("model")));
    int failures = 0;
    try (Classifier classifier = ModelLoading.classifier(bundle, kit)) {
      ModelHolder holder = new ModelHolder();
      holder.swap(new ActiveModel(bundle.metadata().version(), bundle, classifier));
      PredictionPipeline pipeline =
          new PredictionPipeline(kit.loader, kit.extractor, holder, kit.config.openSetPolicy());
      for (String file : cli.positional()) {
        ObjectNode line = Toolkit.json().createObjectNode().put("file", file);
        try {
          Prediction p = pipeline.predict(Files.readAllBytes(Path.of(file)), false, minConfidence);
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
        out.println(line);
      }
    }
    return failures == 0 ? 0 : 1;
  }
}
