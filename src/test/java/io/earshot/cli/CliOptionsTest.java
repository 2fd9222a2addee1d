package io.earshot.cli;

import static io.earshot.cli.CliTest.assertOneLineFailure;
import static io.earshot.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.cli.CliTest.Result;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;

/**
 * The command line's own surface, no model needed: help, version, parse errors as one line with
 * exit code 2, the bash completion script.
 */
class CliOptionsTest {
  @Test
  void everyCommandHasHelpWithItsOptionsOnStdout() {
    Result analyze = run("analyze", "--help");
    assertEquals(0, analyze.code(), analyze.err());
    assertEquals("", analyze.err());
    assertTrue(analyze.out().startsWith("Usage: earshot analyze"), analyze.out());
    for (String option :
        new String[] {
          "--model=MODEL_DIR",
          "FILE...",
          "--window=S",
          "--hop=S",
          "--merge-gap=S",
          "--min-confidence=P",
          "--format=json|csv|raven",
          "--out=DIR",
          "(default: json)"
        }) {
      assertTrue(analyze.out().contains(option), option + " in " + analyze.out());
    }

    Result train = run("train", "-h");
    assertEquals(0, train.code(), train.err());
    for (String option :
        new String[] {
          "--data",
          "--out",
          "--augment",
          "--search",
          "--cv",
          "--rounds",
          "--max-depth",
          "--eta",
          "--min-child-weight",
          "--subsample",
          "--colsample-bytree",
          "--lambda",
          "--early-stopping-rounds",
          "--seed",
          "--class-weight",
          "--unknown-threshold",
          "--validation-fraction"
        }) {
      assertTrue(train.out().contains(option + "="), option + " in " + train.out());
    }
    assertTrue(train.out().contains("(default: 200)"), "training defaults shown: " + train.out());

    for (String command : new String[] {"serve", "evaluate", "predict", "features"}) {
      Result help = run(command, "--help");
      assertEquals(0, help.code(), help.err());
      assertTrue(help.out().startsWith("Usage: earshot " + command), help.out());
    }
    Result viaHelp = run("help", "predict");
    assertEquals(0, viaHelp.code(), viaHelp.err());
    assertTrue(viaHelp.out().contains("--min-confidence=P"), viaHelp.out());

    Result top = run("--help");
    assertEquals(0, top.code(), top.err());
    for (String command :
        new String[] {"serve", "train", "evaluate", "predict", "analyze", "features"}) {
      assertTrue(top.out().contains("\n  " + command + " "), command + " in " + top.out());
    }
    assertFalse(top.out().contains("generate-completion"), "hidden: " + top.out());
  }

  @Test
  void aRunBuildsOnlyTheCommandItNamesAndEverythingElseTheWholeTree() {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    assertEquals(
        Set.of("features"), Cli.commandLine(quiet, quiet, "features").getSubcommands().keySet());
    assertEquals(Set.of("serve"), Cli.commandLine(quiet, quiet, "serve").getSubcommands().keySet());
    for (String first : new String[] {null, "help", "generate-completion", "--help", "featurs"}) {
      assertEquals(
          List.copyOf(Cli.COMMANDS.keySet()),
          List.copyOf(Cli.commandLine(quiet, quiet, first).getSubcommands().keySet()),
          "first argument " + first);
    }
  }

  /** The table's names are the commands' own: a run of a renamed command would find no command. */
  @Test
  void theCommandTableNamesEachCommandAsItsAnnotationDoes() {
    assertEquals(8, Cli.COMMANDS.size());
    Cli.COMMANDS.forEach(
        (name, type) ->
            assertEquals(name, type.getAnnotation(Command.class).name(), type.getName()));
  }

  /** Picocli is told not to load its date, time and SQL converters: no option may need one. */
  @Test
  void noOptionIsADateTimeOrSqlType() {
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
    for (CommandLine command : Cli.commandLine(quiet, quiet).getSubcommands().values()) {
      for (ArgSpec arg : command.getCommandSpec().args()) {
        for (Class<?> type : arg.auxiliaryTypes()) { // the type, or a list's or map's elements
          String name = type.getName();
          assertFalse(
              name.startsWith("java.time.") || name.startsWith("java.sql."),
              command.getCommandName() + " " + arg.paramLabel() + ": " + name);
        }
      }
    }
    assertEquals(
        "java\\.sql\\..*|java\\.time\\..*", System.getProperty("picocli.converters.excludes"));
  }

  @Test
  void versionPrintsTheProjectVersion() {
    String version = Cli.class.getPackage().getImplementationVersion();
    for (String flag : new String[] {"--version", "-V"}) {
      Result result = run(flag);
      assertEquals(0, result.code(), result.err());
      assertEquals("earshot " + (version == null ? "dev" : version), result.out().strip());
    }
  }

  @Test
  void unknownOptionsAndBadValuesGiveOneLineAndExitCode2() {
    Result unknown = run("analyze", "--model", "models", "--windwo", "1", "night.wav");
    assertOneLineFailure(unknown, "unknown option --windwo for analyze (did you mean --window?)");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().startsWith("earshot: "), unknown.err());
    assertEquals("", unknown.out(), "no usage text on an error");

    Result typo = run("train", "--dta", "d", "--out", "o");
    assertOneLineFailure(typo, "unknown option --dta for train");
    assertEquals(2, typo.code());

    Result topLevel = run("--frobnicate");
    assertOneLineFailure(topLevel, "unknown option --frobnicate");
    assertEquals(2, topLevel.code());

    Result notANumber = run("train", "--data", "d", "--out", "o", "--rounds", "many");
    assertOneLineFailure(notANumber, "option --rounds must be a whole number, was 'many'");
    assertEquals(2, notANumber.code());

    Result noValue = run("predict", "--model");
    assertOneLineFailure(noValue, "option --model needs a value");
    assertEquals(2, noValue.code());

    Result search = run("train", "--data", "d", "--out", "o", "--search", "rounds=3");
    assertOneLineFailure(search, "option --search knows trials and time");
    assertEquals(2, search.code());

    Result window = run("analyze", "--model", "models", "--window=0", "night.wav");
    assertOneLineFailure(window, "window_s");
    assertEquals(2, window.code());

    Result extra = run("serve", "now");
    assertOneLineFailure(extra, "unexpected argument 'now' for serve");
    assertEquals(2, extra.code());
  }

  @Test
  void searchBecomesTrainingParameters() {
    assertEquals(
        Map.of("search_trials", "12", "search_time_seconds", "240"),
        new SearchOption.Converter().convert("trials=12, time=240").params());
    assertEquals(
        Map.of("search_trials", "3"), new SearchOption.Converter().convert("trials=3").params());
    Result bad = run("train", "--data", "d", "--out", "o", "--search=12");
    assertOneLineFailure(bad, "option --search takes trials=N,time=SECONDS, was '12'");
    assertEquals(2, bad.code());
  }

  @Test
  void bashCompletionNamesEveryCommandAndFormat() {
    Result result = run("generate-completion");
    assertEquals(0, result.code(), result.err());
    assertTrue(result.out().contains("complete -F _complete_earshot"), result.out());
    assertTrue(
        result.out().contains("serve train evaluate predict analyze features"),
        "the commands complete: " + result.out());
    assertTrue(result.out().contains("_picocli_earshot_analyze"), "per-command options");
    assertTrue(result.out().contains("(\"json\" \"csv\" \"raven\")"), "--format values");
  }
}
