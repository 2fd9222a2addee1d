package io.earshot.cli;

import io.earshot.pipeline.ExtractionFailure;
import io.earshot.pipeline.ParallelExtractor;
import java.io.PrintStream;

/** Messages shared by the folder commands. */
final class Reports {
  private Reports() {}

  static void skipped(ParallelExtractor.Report report, PrintStream err) {
    for (ExtractionFailure failure : report.failures()) {
      err.println("skipped " + failure.file().path() + ": " + failure.reason());
    }
  }
}
