package io.earshot.cli;

import io.earshot.config.EarshotConfig;
import io.earshot.service.EarshotService;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.ParentCommand;

/**
 * The command line, parsed by picocli: {@code earshot} alone serves; every failure becomes one line
 * on stderr and exit code 2 (bad input or configuration) or 1 (I/O, a file that fails).
 */
@Command(
    name = "earshot",
    mixinStandardHelpOptions = true,
    versionProvider = Cli.Version.class,
    description = {
      "Audio classification: the HTTP service, and training and scoring from folders.",
      "Exit codes: 0 ok, 1 an I/O failure or files that failed, 2 bad input or configuration."
    },
    footer = "Without a command, earshot serves. 'earshot COMMAND --help' describes a command.")
public final class Cli implements Callable<Integer> {
  /** Returned by {@code serve}: the process lives on until it is stopped. */
  public static final int KEEP_RUNNING = -1;

  /** Exit code of bad command-line input or configuration. */
  static final int USAGE = 2;

  /** Exit code of an I/O failure or of files that failed. */
  static final int FAILED = 1;

  /**
   * The commands by the name each one's {@code @Command} gives it, in the order help lists them.
   * Named here rather than in {@code @Command(subcommands = ...)} so that a run builds only the
   * command it runs (see {@link #commandLine(PrintStream, PrintStream, String)}).
   */
  static final Map<String, Class<?>> COMMANDS = commands();

  /**
   * Picocli's system property naming the built-in converters it should not load by reflection. No
   * option here is a date, time or SQL type, and loading theirs cost some 80 classes and 40 ms of a
   * one-core start. A value set on the command line wins.
   */
  private static final String EXCLUDED_CONVERTERS = "picocli.converters.excludes";

  final PrintStream out;
  final PrintStream err;

  private Cli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static int run(String[] argv, PrintStream out, PrintStream err) {
    CommandLine cli = commandLine(out, err, argv.length == 0 ? null : argv[0]);
    try {
      return cli.execute(argv);
    } finally {
      cli.getOut().flush();
      cli.getErr().flush();
    }
  }

  /** The whole command tree, writing to {@code out} and {@code err}. */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    return commandLine(out, err, null);
  }

  /**
   * The command tree for a run whose first argument is {@code first}: when that names a command
   * other than {@code help} and {@code generate-completion}, the tree holds that command alone,
   * else every command. Picocli builds each command's model by reading its annotations, which took
   * a quarter of a second of a one-core start for all eight; a command's own help, options and
   * errors need only its own model, and everything else (no command, a root option, a misspelt
   * command, help) gets the whole tree as before.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err, String first) {
    if (System.getProperty(EXCLUDED_CONVERTERS) == null) {
      System.setProperty(EXCLUDED_CONVERTERS, "java\\.sql\\..*|java\\.time\\..*");
    }
    Failures failures = new Failures(err);
    CommandLine cli = new CommandLine(new Cli(out, err));
    Class<?> only =
        first == null || first.equals("help") || first.equals("generate-completion")
            ? null
            : COMMANDS.get(first);
    // the commands first: the settings below reach only the commands added so far
    for (Class<?> command : only == null ? COMMANDS.values() : List.of(only)) {
      cli.addSubcommand(command);
    }
    cli.setOut(writer(out))
        .setErr(writer(err))
        // Colours only where the help goes to the terminal itself.
        .setColorScheme(Help.defaultColorScheme(out == System.out ? Ansi.AUTO : Ansi.OFF))
        // A recording may be called @take1.wav: no argument files.
        .setExpandAtFiles(false)
        // The last of a repeated option wins, as scripts written for the old parser expect.
        .setOverwrittenOptionsAllowed(true)
        .setParameterExceptionHandler(failures)
        .setExecutionExceptionHandler(failures)
        .registerConverter(Integer.class, new Values.WholeNumber())
        .registerConverter(Integer.TYPE, new Values.WholeNumber())
        .registerConverter(Long.class, new Values.LongNumber())
        .registerConverter(Long.TYPE, new Values.LongNumber())
        .registerConverter(Double.class, new Values.Decimal())
        .registerConverter(Double.TYPE, new Values.Decimal());
    CommandLine completion = cli.getSubcommands().get("generate-completion");
    if (completion != null) {
      completion.getCommandSpec().usageMessage().hidden(true);
    }
    return cli;
  }

  private static Map<String, Class<?>> commands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("serve", Serve.class);
    commands.put("train", TrainCommand.class);
    commands.put("evaluate", EvaluateCommand.class);
    commands.put("predict", PredictCommand.class);
    commands.put("analyze", AnalyzeCommand.class);
    commands.put("features", FeaturesCommand.class);
    commands.put("help", HelpCommand.class);
    commands.put("generate-completion", GenerateCompletion.class);
    return Collections.unmodifiableMap(commands);
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }

  @Override
  public Integer call() {
    EarshotService.startAndAwait(EarshotConfig.load());
    return KEEP_RUNNING;
  }

  /** The parts every command shares, from the configuration the service uses. */
  Toolkit toolkit() {
    return new Toolkit(EarshotConfig.load());
  }

  @Command(
      name = "serve",
      mixinStandardHelpOptions = true,
      description = {
        "Run the HTTP service until stopped.",
        "What earshot does without a command; configured by conf/config.json (or the file in"
            + " EARSHOT_CONFIG) and the environment, as the README describes."
      })
  static final class Serve implements Callable<Integer> {
    @ParentCommand private Cli cli;

    @Override
    public Integer call() {
      return cli.call();
    }
  }

  /** Earshot's own version, from the jar manifest when packaged ({@code dev} otherwise). */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Cli.class.getPackage().getImplementationVersion();
      return new String[] {"earshot " + (version == null ? "dev" : version)};
    }
  }
}
