package io.earshot.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code --name value} options plus positional arguments, checked against what a command accepts.
 */
public final class CliArgs {
  private final Map<String, String> options;
  private final List<String> positional;

  private CliArgs(Map<String, String> options, List<String> positional) {
    this.options = options;
    this.positional = positional;
  }

  /**
   * @throws UsageException for an unknown option or an option without its value
   */
  public static CliArgs parse(List<String> args, Set<String> allowed) {
    Map<String, String> options = new HashMap<>();
    List<String> positional = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (!allowed.contains(name)) {
        throw new UsageException(
            "unknown option --"
                + name
                + " (accepted: --"
                + String.join(", --", allowed.stream().sorted().toList())
                + ")");
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          throw new UsageException("option --" + name + " needs a value");
        }
        value = args.get(++i);
      }
      options.put(name, value);
    }
    return new CliArgs(options, positional);
  }

  public String required(String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("missing required option --" + name);
    }
    return value;
  }

  public String optional(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  public int intOption(String name, int fallback) {
    String value = options.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new UsageException("option --" + name + " must be a whole number, was '" + value + "'");
    }
  }

  /** An optional decimal in [0, 1] (a probability or threshold). */
  public OptionalDouble fraction(String name) {
    String value = options.get(name);
    if (value == null) {
      return OptionalDouble.empty();
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed >= 0 && parsed <= 1) {
        return OptionalDouble.of(parsed);
      }
    } catch (NumberFormatException e) {
      // reported below with the option's name
    }
    throw new UsageException(
        "option --" + name + " must be a number in [0, 1], was '" + value + "'");
  }

  public Map<String, String> options() {
    return Map.copyOf(options);
  }

  public List<String> positional() {
    return List.copyOf(positional);
  }
}
