package io.earshot.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.ResultFormat;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.model.ModelBundle;
import io.earshot.pipeline.ActiveModel;
import io.earshot.pipeline.RecordingAnalyzer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code analyze --model DIR FILE... [--window S] [--hop S] [--merge-gap S] [--min-confidence P]
 * [--format json|csv|raven] [--out DIR]}: what each recording held, window by window, and the
 * events merged from them. Files run side by side on every core; results come in input order. A
 * file that fails gets its error (a JSON line, or a line on stderr) and the exit code becomes 1.
 * Each recording is read block by block ({@link RecordingAnalyzer}), so its length (up to {@link
 * RecordingAnalyzer#MAX_RECORDING_SECONDS}) does not set the memory it takes.
 */
@Command(
    name = "analyze",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    sortSynopsis = false,
    description = {
      "Find the events in long recordings, window by window.",
      "Classifies every window of each recording and merges them into events. Recordings run"
          + " side by side on every core; results come in input order. A file that fails gets"
          + " its error (a JSON line, or a line on stderr) and exit code 1."
    })
final class AnalyzeCommand implements Callable<Integer> {
  static final double DEFAULT_WINDOW_SECONDS = 3;

  @ParentCommand private Cli cli;

  @Mixin private SharedOptions.Model model;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "recordings to analyse")
  private List<Path> files;

  @Option(
      names = "--window",
      paramLabel = "S",
      defaultValue = "" + DEFAULT_WINDOW_SECONDS,
      description = {
        "window length in seconds, "
            + WindowPlan.MIN_WINDOW_SECONDS
            + " to "
            + WindowPlan.MAX_WINDOW_SECONDS
            + " (default: ${DEFAULT-VALUE})"
      })
  private double window;

  @Option(
      names = "--hop",
      paramLabel = "S",
      description =
          "seconds from one window's start to the next, at most the window (default: half a"
              + " window)")
  private Double hop;

  @Option(
      names = "--merge-gap",
      paramLabel = "S",
      defaultValue = "0",
      description = "merge events of one class this many seconds apart (default: ${DEFAULT-VALUE})")
  private double mergeGap;

  @Mixin private SharedOptions.MinConfidence minConfidence;

  @Option(
      names = "--format",
      paramLabel = "json|csv|raven",
      defaultValue = "json",
      converter = FormatConverter.class,
      completionCandidates = FormatConverter.class,
      description =
          "json: a line per recording with its windows and events; csv or raven: its events as"
              + " a table (raven: a Raven selection table) (default: ${DEFAULT-VALUE})")
  private ResultFormat format;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "write one file per recording into DIR, named after it: NAME.json, NAME.csv or"
              + " NAME.selections.txt (needed for csv or raven with several recordings)")
  private Path out;

  /** {@code --format} in any case; also the names bash completion offers. */
  static final class FormatConverter implements ITypeConverter<ResultFormat>, Iterable<String> {
    @Override
    public ResultFormat convert(String raw) {
      return ResultFormat.parse(raw)
          .orElseThrow(
              () -> new TypeConversionException("must be json, csv or raven, was '" + raw + "'"));
    }

    @Override
    public Iterator<String> iterator() {
      return List.of("json", "csv", "raven").iterator();
    }
  }

  @Override
  public Integer call() throws IOException {
    if (out == null && format != ResultFormat.JSON && files.size() > 1) {
      throw new UsageException(
          "with several recordings and --format "
              + format.name().toLowerCase(Locale.ROOT)
              + ", give --out DIR: one table per recording");
    }
    RecordingAnalyzer.Request request = request();
    Toolkit kit = cli.toolkit();
    if (out != null) {
      Files.createDirectories(out);
    }
    ModelBundle bundle = ModelLoading.load(model.dir);
    RecordingAnalyzer analyzer =
        new RecordingAnalyzer(
            new AudioLoader(kit.config.analysisLimits()), kit.config.openSetPolicy());
    int failures = 0;
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(files.size(), Runtime.getRuntime().availableProcessors()));
    try (ActiveModel active = ModelLoading.active(bundle, kit)) {
      List<Future<AnalysisResult>> results = new ArrayList<>();
      for (Path file : files) {
        results.add(
            pool.submit(
                () ->
                    analyzer.analyze(
                        active,
                        file,
                        RecordingAnalyzer.MAX_RECORDING_SECONDS,
                        request,
                        RecordingAnalyzer.Listener.NONE)));
      }
      for (int i = 0; i < results.size(); i++) {
        Path file = files.get(i);
        try {
          AnalysisResult result = await(results.get(i));
          String text = render(result, format, file.toString());
          if (out != null) {
            Files.writeString(out.resolve(baseName(file) + "." + format.extension), text);
          } else {
            cli.out.print(text);
          }
        } catch (AudioDecodeException | IOException e) {
          failures++;
          if (format == ResultFormat.JSON && out == null) {
            cli.out.println(
                Toolkit.json()
                    .createObjectNode()
                    .put("file", file.toString())
                    .put("error", e.getMessage()));
          } else {
            cli.err.println("earshot: " + file + ": " + e.getMessage());
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return failures == 0 ? 0 : 1;
  }

  private RecordingAnalyzer.Request request() {
    try {
      WindowPlan plan = new WindowPlan(window, hop == null ? window / 2 : hop);
      return new RecordingAnalyzer.Request(plan, mergeGap, minConfidence.value);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static String render(AnalysisResult result, ResultFormat format, String file) {
    if (format != ResultFormat.JSON) {
      return format.table(result.events());
    }
    ObjectNode json = Toolkit.json().createObjectNode().put("file", file);
    json.setAll((ObjectNode) Toolkit.json().valueToTree(result));
    return json + "\n"; // one compact line per recording, like predict
  }

  private static String baseName(Path file) {
    String name = file.getFileName().toString();
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
