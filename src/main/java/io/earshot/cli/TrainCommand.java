package io.earshot.cli;

import io.earshot.features.FeatureSchema;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ClipFeatures;
import io.earshot.pipeline.FolderDataset;
import io.earshot.pipeline.ParallelExtractor;
import io.earshot.training.LabeledSample;
import io.earshot.training.TrainingListener;
import io.earshot.training.TrainingParams;
import io.earshot.training.TrainingProgress;
import io.earshot.training.TrainingResult;
import io.earshot.training.TrialResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code train --data DIR --out MODEL_DIR [--augment N] [--search trials=N,time=S] [--cv K]
 * [--rounds N] ...}: extracts features on every core, trains, saves the bundle and prints its
 * metrics as JSON.
 */
final class TrainCommand {
  /** Options passed straight to {@link TrainingParams#fromMap} (kebab-case → snake_case). */
  private static final Set<String> PARAM_OPTIONS =
      Set.of(
          "rounds",
          "max-depth",
          "eta",
          "min-child-weight",
          "subsample",
          "colsample-bytree",
          "lambda",
          "early-stopping-rounds",
          "seed",
          "class-weight",
          "unknown-threshold",
          "validation-fraction");

  private TrainCommand() {}

  static int run(List<String> args, Toolkit kit, PrintStream out, PrintStream err)
      throws IOException {
    Set<String> allowed = new java.util.HashSet<>(PARAM_OPTIONS);
    allowed.addAll(Set.of("data", "out", "augment", "search", "cv"));
    CliArgs cli = CliArgs.parse(args, allowed);
    Path data = Path.of(cli.required("data"));
    Path outDir = Path.of(cli.required("out"));
    int augment = cli.intOption("augment", 0);
    if (augment < 0 || augment > 20) {
      throw new UsageException(
          "--augment must be between 0 and 20 variants per clip, was " + augment);
    }
    TrainingParams params = params(cli);

    long start = System.nanoTime();
    ParallelExtractor.Report report =
        kit.parallel.extract(FolderDataset.scan(data), augment, params.seed());
    Reports.skipped(report, err);
    err.printf(
        "extracted features of %d clips (%d augmented variants each) in %.1f s%n",
        report.clips().size(), augment, (System.nanoTime() - start) / 1e9);

    FeatureSchema schema = kit.extractor.schema();
    TrainingResult result = train(samples(report.clips()), schema, params, err);
    ModelBundle bundle = result.bundle();
    bundle.save(outDir);
    err.printf("saved model %s to %s%n", bundle.metadata().version(), outDir);
    out.println(
        Toolkit.json().writerWithDefaultPrettyPrinter().writeValueAsString(bundle.metrics()));
    return 0;
  }

  static TrainingResult train(
      List<LabeledSample> samples, FeatureSchema schema, TrainingParams params, PrintStream err) {
    try {
      return io.earshot.training.Trainer.train(
          samples,
          schema.id(),
          schema.names(),
          params,
          new TrainingListener() {
            @Override
            public void onRound(TrainingProgress p) {
              if (p.round() % 25 == 0 || p.round() == p.totalRounds()) {
                err.println("round " + p.round() + "/" + p.totalRounds() + " " + p);
              }
            }

            @Override
            public void onTrial(TrialResult trial) {
              err.println("trial " + trial);
            }
          });
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  static List<LabeledSample> samples(List<ClipFeatures> clips) {
    List<LabeledSample> samples = new ArrayList<>();
    for (ClipFeatures clip : clips) {
      samples.add(new LabeledSample(clip.sha256(), clip.file().label(), clip.original().values()));
      clip.augmented()
          .forEach(
              v -> samples.add(new LabeledSample(clip.sha256(), clip.file().label(), v.values())));
    }
    return samples;
  }

  private static TrainingParams params(CliArgs cli) {
    Map<String, Object> values = new HashMap<>();
    cli.options()
        .forEach(
            (name, value) -> {
              if (PARAM_OPTIONS.contains(name)) {
                values.put(name.replace('-', '_'), value);
              }
            });
    String search = cli.optional("search", null);
    if (search != null) {
      values.putAll(SearchOption.parse(search));
    } else {
      values.put("search_trials", 0);
    }
    String cv = cli.optional("cv", null);
    if (cv != null) {
      values.put("cv_folds", cv);
    }
    try {
      return TrainingParams.fromMap(values);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }
}
