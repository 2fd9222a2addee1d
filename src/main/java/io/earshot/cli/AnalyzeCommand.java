package io.earshot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.EventTables;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.RecordingAnalyzer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code analyze --model DIR FILE... [--window S] [--hop S] [--merge-gap S] [--min-confidence P]
 * [--format json|csv|raven] [--out DIR]}: what each recording held, window by window, and the
 * events merged from them. Files run side by side on every core; results come in input order. A
 * file that fails gets its error (a JSON line, or a line on stderr) and the exit code becomes 1.
 */
final class AnalyzeCommand {
  static final double DEFAULT_WINDOW_SECONDS = 3;

  private AnalyzeCommand() {}

  private enum Format {
    JSON("json"),
    CSV("csv"),
    RAVEN("selections.txt");

    final String extension;

    Format(String extension) {
      this.extension = extension;
    }
  }

  static int run(List<String> args, Toolkit kit, PrintStream out, PrintStream err)
      throws IOException {
    CliArgs cli =
        CliArgs.parse(
            args, Set.of("model", "window", "hop", "merge-gap", "min-confidence", "format", "out"));
    if (cli.positional().isEmpty()) {
      throw new UsageException("give one or more recordings after --model MODEL_DIR");
    }
    Format format = format(cli.optional("format", "json"));
    Path outDir = cli.optional("out", null) == null ? null : Path.of(cli.optional("out", null));
    if (outDir == null && format != Format.JSON && cli.positional().size() > 1) {
      throw new UsageException(
          "with several recordings and --format "
              + cli.optional("format", "")
              + ", give --out DIR: one table per recording");
    }
    RecordingAnalyzer.Request request = request(cli);
    if (outDir != null) {
      Files.createDirectories(outDir);
    }
    ModelBundle bundle = ModelLoading.load(Path.of(cli.required("model")));
    RecordingAnalyzer analyzer =
        new RecordingAnalyzer(
            new AudioLoader(kit.config.analysisLimits()),
            kit.extractor,
            kit.config.openSetPolicy());
    int failures = 0;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(cli.positional().size(), Runtime.getRuntime().availableProcessors()));
    try (Classifier classifier = ModelLoading.classifier(bundle, kit)) {
      ActiveModel model = new ActiveModel(bundle.metadata().version(), bundle, classifier);
      List<Future<AnalysisResult>> results = new ArrayList<>();
      for (String file : cli.positional()) {
        results.add(
            pool.submit(() -> analyzer.analyze(model, Files.readAllBytes(Path.of(file)), request)));
      }
      for (int i = 0; i < results.size(); i++) {
        String file = cli.positional().get(i);
        try {
          AnalysisResult result = await(results.get(i));
          String text = render(result, format, file);
          if (outDir != null) {
            Files.writeString(outDir.resolve(baseName(file) + "." + format.extension), text);
          } else {
            out.print(text);
          }
        } catch (AudioDecodeException | IOException e) {
          failures++;
          if (format == Format.JSON && outDir == null) {
            out.println(
                Toolkit.json().createObjectNode().put("file", file).put("error", e.getMessage()));
          } else {
            err.println("earshot: " + file + ": " + e.getMessage());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failures == 0 ? 0 : 1;
  }

  private static RecordingAnalyzer.Request request(CliArgs cli) {
    double window = seconds(cli, "window", DEFAULT_WINDOW_SECONDS);
    try {
      WindowPlan plan = new WindowPlan(window, seconds(cli, "hop", window / 2));
      return new RecordingAnalyzer.Request(
          plan, seconds(cli, "merge-gap", 0), cli.fraction("min-confidence"));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static double seconds(CliArgs cli, String name, double fallback) {
    String raw = cli.optional(name, null);
    if (raw == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(raw);
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " must be seconds, was '" + raw + "'");
    }
  }

  private static Format format(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "json" -> Format.JSON;
      case "csv" -> Format.CSV;
      case "raven" -> Format.RAVEN;
      default ->
          throw new UsageException("option --format must be json, csv or raven, was '" + raw + "'");
    };
  }

  private static String render(AnalysisResult result, Format format, String file) {
    return switch (format) {
      case CSV -> EventTables.csv(result.events());
      case RAVEN -> EventTables.raven(result.events());
      case JSON -> {
        ObjectNode json = Toolkit.json().createObjectNode().put("file", file);
        json.setAll((ObjectNode) Toolkit.json().valueToTree(result));
        yield json + "\n"; // one compact line per recording, like predict
      }
    };
  }

  private static String baseName(String file) {
    String name = Path.of(file).getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The result, or the failure that decoding or reading the file threw. */
  private static AnalysisResult await(Future<AnalysisResult> future)
      throws AudioDecodeException, IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while analysing", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AudioDecodeException a) {
        throw a;
      }
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("analysis failed: " + e.getCause(), e.getCause());
    }
  }
}
