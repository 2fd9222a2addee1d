package io.earshot.cli;

import io.earshot.config.ConfigException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Every failure as one line on stderr, {@code earshot: what is wrong}, and its exit code: picocli's
 * parse errors, {@link UsageException} and {@link ConfigException} give 2, I/O and anything else 1.
 * Picocli's multi-line usage is never printed on an error; {@code --help} prints it.
 */
final class Failures implements IParameterExceptionHandler, IExecutionExceptionHandler {
  private final PrintStream err;

  Failures(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    return report(describe(ex), Cli.USAGE);
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
    if (ex instanceof UsageException || ex instanceof ConfigException) {
      return report(ex.getMessage(), Cli.USAGE);
    }
    if (ex instanceof IOException) {
      return report(ex.getMessage(), Cli.FAILED);
    }
    String name = command.getParent() == null ? "serve" : command.getCommandName();
    return report(name + " failed: " + ex, Cli.FAILED);
  }

  private int report(String message, int code) {
    err.println("earshot: " + String.valueOf(message).replaceAll("\\s*\\R\\s*", " "));
    err.flush();
    return code;
  }

  /** Picocli's parse error in the CLI's own words, naming the option or command at fault. */
  static String describe(ParameterException ex) {
    CommandLine command = ex.getCommandLine();
    String help = "; see '" + command.getCommandSpec().qualifiedName() + " --help'";
    if (ex instanceof UnmatchedArgumentException unmatched) {
      return unmatched(unmatched, command.getCommandSpec()) + help;
    }
    List<String> unknown = command.getUnmatchedArguments();
    if (!unknown.isEmpty()) {
      // Picocli checks required options before it reports what it did not recognise; with
      // "--dta DIR" the typo is the news, not the missing --data.
      UnmatchedArgumentException unmatched = new UnmatchedArgumentException(command, unknown);
      return unmatched(unmatched, command.getCommandSpec()) + help;
    }
    if (ex instanceof MissingParameterException missing) {
      return missing(missing) + help;
    }
    if (ex.getCause() instanceof TypeConversionException bad
        && ex.getArgSpec() instanceof OptionSpec option) {
      return "option " + option.longestName() + " " + bad.getMessage();
    }
    return ex.getMessage();
  }

  private static String unmatched(UnmatchedArgumentException ex, CommandSpec spec) {
    String arg = ex.getUnmatched().isEmpty() ? "" : ex.getUnmatched().get(0);
    if (arg.startsWith("-")) {
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      List<String> close = ex.getSuggestions();
      return "unknown option "
          + name
          + " for "
          + spec.name()
          + (close.isEmpty() ? "" : " (did you mean " + close.get(0) + "?)");
    }
    if (spec.parent() == null) {
      return "unknown command '" + arg + "' (commands: " + String.join(", ", commands(spec)) + ")";
    }
    return "unexpected argument '" + arg + "' for " + spec.name();
  }

  private static String missing(MissingParameterException ex) {
    // Picocli's wording for an option given without its value, e.g. a trailing "--data".
    if (ex.getMessage().startsWith("Missing required parameter for option")) {
      OptionSpec option = (OptionSpec) ex.getMissing().get(0);
      return "option " + option.longestName() + " needs a value (" + option.paramLabel() + ")";
    }
    List<String> options = new ArrayList<>();
    List<String> parts = new ArrayList<>();
    for (ArgSpec arg : ex.getMissing()) {
      if (arg instanceof OptionSpec option) {
        options.add(option.longestName());
      } else {
        parts.add(
            "give one or more "
                + String.join(" ", arg.description())
                + " ("
                + arg.paramLabel()
                + "...)");
      }
    }
    if (!options.isEmpty()) {
      parts.add(
          0,
          (options.size() == 1 ? "missing required option " : "missing required options ")
              + String.join(", ", options));
    }
    return String.join("; ", parts);
  }

  private static List<String> commands(CommandSpec spec) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, CommandLine> sub : spec.subcommands().entrySet()) {
      if (!sub.getValue().getCommandSpec().usageMessage().hidden()) {
        names.add(sub.getKey());
      }
    }
    return names;
  }
}
