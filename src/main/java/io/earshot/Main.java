package io.earshot;

import io.earshot.cli.Cli;

/**
 * {@code java -jar earshot.jar [COMMAND] ...}: see {@link Cli}; {@code --help} lists the commands.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int code = Cli.run(args, System.out, System.err);
    if (code != Cli.KEEP_RUNNING) {
      System.exit(code);
    }
  }
}
