package io.earshot.cli;

import java.util.HashMap;
import java.util.Map;

/** Parses {@code --search trials=N,time=S} into training parameter names. */
final class SearchOption {
  private SearchOption() {}

  static Map<String, Object> parse(String spec) {
    Map<String, Object> values = new HashMap<>();
    for (String part : spec.split(",")) {
      String[] kv = part.split("=", 2);
      if (kv.length != 2) {
        throw new UsageException("--search takes trials=N,time=SECONDS, got '" + spec + "'");
      }
      switch (kv[0].trim()) {
        case "trials" -> values.put("search_trials", kv[1].trim());
        case "time" -> values.put("search_time_seconds", kv[1].trim());
        default -> throw new UsageException("--search knows trials and time, not '" + kv[0] + "'");
      }
    }
    return values;
  }
}
