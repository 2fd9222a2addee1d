package io.earshot.cli;

import io.earshot.config.ConfigException;
import io.earshot.config.EarshotConfig;
import io.earshot.service.EarshotService;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * Dispatches the command line; every failure becomes one line on stderr and a non-zero exit code.
 */
public final class Cli {
  /** Returned by {@code serve}: the process lives on until it is stopped. */
  public static final int KEEP_RUNNING = -1;

  private static final String USAGE =
      "usage: earshot [serve] | train --data DIR --out MODEL_DIR"
          + " | evaluate --model MODEL_DIR --data DIR | predict --model MODEL_DIR FILE..."
          + " | analyze --model MODEL_DIR FILE... [--window S] [--hop S] [--format json|csv|raven]"
          + " [--out DIR] | features --data DIR";

  private Cli() {}

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    String command = argv.length == 0 ? "serve" : argv[0];
    List<String> args = Arrays.asList(argv).subList(Math.min(1, argv.length), argv.length);
    try {
      EarshotConfig config = EarshotConfig.load();
      return switch (command) {
        case "serve" -> {
          EarshotService.startAndAwait(config);
          yield KEEP_RUNNING;
        }
        case "train" -> TrainCommand.run(args, new Toolkit(config), out, err);
        case "evaluate" -> EvaluateCommand.run(args, new Toolkit(config), out, err);
        case "predict" -> PredictCommand.run(args, new Toolkit(config), out, err);
        case "analyze" -> AnalyzeCommand.run(args, new Toolkit(config), out, err);
        case "features" -> FeaturesCommand.run(args, new Toolkit(config), out, err);
        case "help", "--help", "-h" -> {
          out.println(USAGE);
          yield 0;
        }
        default -> throw new UsageException("unknown command '" + command + "'; " + USAGE);
      };
    } catch (UsageException | ConfigException e) {
      err.println("earshot: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println("earshot: " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("earshot: " + command + " failed: " + e);
      return 1;
    }
  }
}
