package io.earshot.cli;

import io.earshot.pipeline.ClipFeatures;
import io.earshot.pipeline.FolderDataset;
import io.earshot.pipeline.ParallelExtractor;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code features --data DIR}: one CSV row per clip on stdout, skipped files on stderr. */
@Command(
    name = "features",
    mixinStandardHelpOptions = true,
    description = {
      "Print the features of a labelled folder as CSV.",
      "One CSV row per clip on stdout, skipped files on stderr; exit code 1 when no clip"
          + " could be read."
    })
final class FeaturesCommand implements Callable<Integer> {
  @ParentCommand private Cli cli;

  @Mixin private SharedOptions.Data data;

  @Override
  public Integer call() throws IOException {
    Toolkit kit = cli.toolkit();
    PrintStream out = cli.out;
    ParallelExtractor.Report report = kit.parallel.extract(FolderDataset.scan(data.dir), 0, 0);
    StringBuilder header = new StringBuilder("file,label,sha256,duration_s");
    kit.extractor.schema().names().forEach(n -> header.append(',').append(n));
    out.println(header);
    for (ClipFeatures clip : report.clips()) {
      StringBuilder row =
          new StringBuilder()
              .append(csv(clip.file().path().toString()))
              .append(',')
              .append(csv(clip.file().label()))
              .append(',')
              .append(clip.sha256())
              .append(',')
              .append(clip.durationSeconds());
      for (float v : clip.original().values()) {
        row.append(',').append(v);
      }
      out.println(row);
    }
    Reports.skipped(report, cli.err);
    return report.clips().isEmpty() ? 1 : 0;
  }

  private static String csv(String field) {
    return field.matches("[^,\"\\n\\r]*") ? field : '"' + field.replace("\"", "\"\"") + '"';
  }
}
