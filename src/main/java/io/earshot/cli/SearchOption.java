package io.earshot.cli;

import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --search trials=N,time=S} as training parameters ({@code search_trials}, {@code
 * search_time_seconds}); {@link io.earshot.training.TrainingParams#fromMap} checks the numbers.
 */
record SearchOption(Map<String, Object> params) {
  SearchOption {
    params = Map.copyOf(params);
  }

  static final class Converter implements ITypeConverter<SearchOption> {
    @Override
    public SearchOption convert(String spec) {
      Map<String, Object> values = new HashMap<>();
      for (String part : spec.split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length != 2) {
          throw new TypeConversionException("takes trials=N,time=SECONDS, was '" + spec + "'");
        }
        switch (kv[0].trim()) {
          case "trials" -> values.put("search_trials", kv[1].trim());
          case "time" -> values.put("search_time_seconds", kv[1].trim());
          default ->
              throw new TypeConversionException(
                  "knows trials and time, not '" + kv[0] + "' in '" + spec + "'");
        }
      }
      return new SearchOption(values);
    }
  }
}
