package io.earshot.cli;

import io.earshot.audio.CodecRoundTrip;
import io.earshot.config.CodecAugmentation;
import io.earshot.config.ConfigException;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code train --data DIR --out MODEL_DIR [--augment N] [--search trials=N,time=S] [--cv K]
 * [--rounds N] ...}: extracts features on every core, trains, saves the bundle and prints its
 * metrics as JSON. Training options left out take {@link TrainingParams#defaults()}.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    sortSynopsis = false,
    defaultValueProvider = TrainCommand.Defaults.class,
    description = {
      "Train a model on a labelled folder and save its bundle.",
      "Extracts features on every core, trains, saves the bundle to MODEL_DIR and prints its"
          + " metrics as JSON; progress goes to stderr."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand private Cli cli;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description = "labelled clips: one sub-folder per class")
  private Path data;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "MODEL_DIR",
      description = "folder the model bundle is saved to")
  private Path out;

  @Option(
      names = "--augment",
      paramLabel = "N",
      defaultValue = "0",
      description = "augmented variants per clip, 0 to 20 (default: ${DEFAULT-VALUE})")
  private int augment;

  @Option(
      names = "--codec-augment",
      paramLabel = "auto|on|off",
      description =
          "send about half the augmented variants through MP3 or Vorbis (needs ffmpeg on the"
              + " PATH; auto: when it is there; default: CODEC_AUGMENTATION, else off)")
  private String codecAugment;

  @Option(
      names = "--search",
      paramLabel = "trials=N,time=S",
      converter = SearchOption.Converter.class,
      description = "hyperparameter search: N trials within S seconds (default: no search)")
  private SearchOption search;

  @Option(
      names = "--cv",
      paramLabel = "K",
      description = "cross-validation folds of the search (default: ${DEFAULT-VALUE})")
  private int cv;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description = "boosting rounds (default: ${DEFAULT-VALUE})")
  private int rounds;

  @Option(
      names = "--max-depth",
      paramLabel = "D",
      description = "tree depth (default: ${DEFAULT-VALUE})")
  private int maxDepth;

  @Option(
      names = "--eta",
      paramLabel = "E",
      description = "learning rate (default: ${DEFAULT-VALUE})")
  private double eta;

  @Option(
      names = "--min-child-weight",
      paramLabel = "W",
      description = "minimum hessian sum in a leaf (default: ${DEFAULT-VALUE})")
  private double minChildWeight;

  @Option(
      names = "--subsample",
      paramLabel = "F",
      description = "rows sampled per tree (default: ${DEFAULT-VALUE})")
  private double subsample;

  @Option(
      names = "--colsample-bytree",
      paramLabel = "F",
      description = "features sampled per tree (default: ${DEFAULT-VALUE})")
  private double colsampleBytree;

  @Option(
      names = "--lambda",
      paramLabel = "L",
      description = "L2 regularisation (default: ${DEFAULT-VALUE})")
  private double lambda;

  @Option(
      names = "--early-stopping-rounds",
      paramLabel = "N",
      description = "stop after N rounds without improvement (default: ${DEFAULT-VALUE})")
  private int earlyStoppingRounds;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "random seed (default: ${DEFAULT-VALUE})")
  private long seed;

  @Option(
      names = "--class-weight",
      paramLabel = "auto|balanced|none",
      description = "class weighting (default: ${DEFAULT-VALUE})")
  private String classWeight;

  @Option(
      names = "--unknown-threshold",
      paramLabel = "P",
      description =
          "confidence under which the model answers unknown, 0 = never (default: ${DEFAULT-VALUE})")
  private double unknownThreshold;

  @Option(
      names = "--validation-fraction",
      paramLabel = "F",
      description = "share held out for early stopping (default: ${DEFAULT-VALUE})")
  private double validationFraction;

  @Override
  public Integer call() throws IOException {
    if (augment < 0 || augment > 20) {
      throw new UsageException(
          "--augment must be between 0 and 20 variants per clip, was " + augment);
    }
    TrainingParams params = params();
    Toolkit kit = cli.toolkit();
    PrintStream err = cli.err;

    Optional<CodecRoundTrip> codecs = codecs(kit);
    long start = System.nanoTime();
    ParallelExtractor.Report report =
        kit.training(codecs).extract(FolderDataset.scan(data), augment, params.seed());
    Reports.skipped(report, err);
    err.printf(
        "extracted features of %d clips (%d augmented variants each%s) in %.1f s%n",
        report.clips().size(),
        augment,
        augment > 0 && codecs.isPresent() ? ", about half through a codec" : "",
        (System.nanoTime() - start) / 1e9);

    FeatureSchema schema = kit.extractor.schema();
    TrainingResult result = train(samples(report.clips()), schema, params, err);
    ModelBundle bundle = result.bundle();
    bundle.save(out);
    err.printf("saved model %s to %s%n", bundle.metadata().version(), out);
    cli.out.println(
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

  /**
   * The codec round trip the option, else the configuration, asks for; a bad value or "on" without
   * ffmpeg is a usage error.
   */
  private Optional<CodecRoundTrip> codecs(Toolkit kit) {
    try {
      CodecAugmentation chosen =
          codecAugment == null
              ? kit.config.codecAugmentation()
              : CodecAugmentation.parse(codecAugment);
      return chosen.codecs();
    } catch (ConfigException e) {
      throw new UsageException("--codec-augment: " + e.getMessage());
    }
  }

  private TrainingParams params() {
    Map<String, Object> values = new HashMap<>();
    values.put("rounds", rounds);
    values.put("max_depth", maxDepth);
    values.put("eta", eta);
    values.put("min_child_weight", minChildWeight);
    values.put("subsample", subsample);
    values.put("colsample_bytree", colsampleBytree);
    values.put("lambda", lambda);
    values.put("early_stopping_rounds", earlyStoppingRounds);
    values.put("seed", seed);
    values.put("class_weight", classWeight);
    values.put("unknown_threshold", unknownThreshold);
    values.put("validation_fraction", validationFraction);
    values.put("cv_folds", cv);
    values.put("search_trials", 0);
    if (search != null) {
      values.putAll(search.params());
    }
    try {
      return TrainingParams.fromMap(values);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * The defaults of the training options are {@link TrainingParams#defaults()}, so that {@code
   * --help} shows them; {@code --cv} is the search's {@code cv_folds}.
   */
  static final class Defaults implements IDefaultValueProvider {
    @Override
    public String defaultValue(ArgSpec arg) {
      if (!(arg instanceof OptionSpec option)) {
        return null;
      }
      String name = option.longestName().substring(2).replace('-', '_');
      Object value = TrainingParams.defaults().toMap().get(name.equals("cv") ? "cv_folds" : name);
      return value == null ? null : String.valueOf(value);
    }
  }
}
