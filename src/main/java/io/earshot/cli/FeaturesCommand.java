package io.earshot.cli;

import io.earshot.pipeline.ClipFeatures;
import io.earshot.pipeline.FolderDataset;
import io.earshot.pipeline.ParallelExtractor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code features --data DIR}: one CSV row per clip on stdout, skipped files on stderr. */
final class FeaturesCommand {
  private FeaturesCommand() {}

  static int run(List<String> args, Toolkit kit, PrintStream out, PrintStream err)
      throws IOException {
    CliArgs cli = CliArgs.parse(args, Set.of("data"));
    ParallelExtractor.Report report =
        kit.parallel.extract(FolderDataset.scan(Path.of(cli.required("data"))), 0, 0);
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
    Reports.skipped(report, err);
    return report.clips().isEmpty() ? 1 : 0;
  }

  private static String csv(String field) {
    return field.matches("[^,\"\\n\\r]*") ? field : '"' + field.replace("\"", "\"\"") + '"';
  }
}
