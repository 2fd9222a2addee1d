package io.earshot.cli;

import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ClipFeatures;
import io.earshot.pipeline.FolderDataset;
import io.earshot.pipeline.ParallelExtractor;
import io.earshot.training.EvaluationReport;
import io.earshot.training.Evaluator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code evaluate --model MODEL_DIR --data DIR}: metrics of a saved model on a labelled folder, as
 * JSON.
 */
final class EvaluateCommand {
  private EvaluateCommand() {}

  static int run(List<String> args, Toolkit kit, PrintStream out, PrintStream err)
      throws IOException {
    CliArgs cli = CliArgs.parse(args, Set.of("model", "data"));
    ModelBundle bundle = ModelLoading.load(Path.of(cli.required("model")));
    ParallelExtractor.Report report =
        kit.parallel.extract(FolderDataset.scan(Path.of(cli.required("data"))), 0, 0);
    Reports.skipped(report, err);
    List<String> classes = bundle.metadata().classes();
    List<ClipFeatures> clips = report.clips();
    if (clips.isEmpty()) {
      throw new UsageException("no clip in the data folder could be decoded");
    }
    int[] truth = new int[clips.size()];
    double[][] probabilities = new double[clips.size()][];
    try (Classifier classifier = ModelLoading.classifier(bundle, kit)) {
      for (int i = 0; i < clips.size(); i++) {
        String label = clips.get(i).file().label();
        truth[i] = classes.indexOf(label);
        if (truth[i] < 0) {
          throw new UsageException(
              "class '" + label + "' in the data folder is not one the model knows " + classes);
        }
        probabilities[i] = classifier.probabilities(clips.get(i).original().values());
      }
    }
    EvaluationReport metrics = Evaluator.evaluate(classes, truth, probabilities);
    out.println(Toolkit.json().writerWithDefaultPrettyPrinter().writeValueAsString(metrics));
    return 0;
  }
}
