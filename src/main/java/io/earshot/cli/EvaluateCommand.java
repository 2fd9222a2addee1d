package io.earshot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.model.ModelBundle;
import io.earshot.openset.AbstentionTally;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.ClipFeatures;
import io.earshot.pipeline.FolderDataset;
import io.earshot.pipeline.ParallelExtractor;
import io.earshot.pipeline.Prediction;
import io.earshot.pipeline.PredictionPipeline;
import io.earshot.training.EvaluationReport;
import io.earshot.training.Evaluator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code evaluate --model MODEL_DIR --data DIR [--min-confidence P]}: metrics of a saved model on a
 * labelled folder, as JSON, plus {@code open_set}: how often it abstained and why, coverage and
 * accuracy on the answered clips. Folders named after classes the model does not know are open-set
 * clips: they count only in {@code open_set.out_of_distribution}, where abstaining is right.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Score a saved model on a labelled folder.",
      "Prints JSON: accuracy, macro_f1, per-class precision/recall/f1, the confusion matrix and"
          + " open_set (coverage, abstentions per reason, selective accuracy). Sub-folders named"
          + " after classes the model does not know are open-set clips, reported apart."
    })
final class EvaluateCommand implements Callable<Integer> {
  @ParentCommand private Cli cli;

  @Mixin private SharedOptions.Model model;

  @Mixin private SharedOptions.Data data;

  @Mixin private SharedOptions.MinConfidence minConfidence;

  @Override
  public Integer call() throws IOException {
    Toolkit kit = cli.toolkit();
    PrintStream out = cli.out;
    OpenSetPolicy policy = kit.config.openSetPolicy();
    ModelBundle bundle = ModelLoading.load(model.dir);
    List<String> classes = bundle.metadata().classes();
    AbstentionTally tally = new AbstentionTally(new HashSet<>(classes));
    List<Integer> truth = new ArrayList<>();
    List<double[]> probabilities = new ArrayList<>();
    try (ActiveModel served = ModelLoading.active(bundle, kit)) {
      // the model's own feature version, which need not be the one new models get
      ParallelExtractor.Report report =
          kit.parallel(served.extractor()).extract(FolderDataset.scan(data.dir), 0, 0);
      Reports.skipped(report, cli.err);
      List<ClipFeatures> clips = report.clips();
      if (clips.isEmpty()) {
        throw new UsageException("no clip in the data folder could be decoded");
      }
      for (ClipFeatures clip : clips) {
        String label = clip.file().label();
        float[] features = clip.original().values();
        Prediction.Answered answered =
            PredictionPipeline.answer(
                served, features, clip.loudestFrameDbfs(), minConfidence.value, policy);
        tally.add(label, answered.scored().top().get(0).label(), answered.answer());
        if (classes.contains(label)) {
          truth.add(classes.indexOf(label));
          // the answer's own probabilities: the clip is scored once
          Map<String, Double> p = answered.scored().probabilities();
          probabilities.add(classes.stream().mapToDouble(p::get).toArray());
        }
      }
    }
    ObjectNode json = Toolkit.json().createObjectNode();
    if (!truth.isEmpty()) {
      EvaluationReport metrics =
          Evaluator.evaluate(
              classes,
              truth.stream().mapToInt(Integer::intValue).toArray(),
              probabilities.toArray(double[][]::new));
      json.setAll((ObjectNode) Toolkit.json().valueToTree(metrics));
    }
    json.set("open_set", Toolkit.json().valueToTree(tally.report()));
    out.println(Toolkit.json().writerWithDefaultPrettyPrinter().writeValueAsString(json));
    return 0;
  }
}
