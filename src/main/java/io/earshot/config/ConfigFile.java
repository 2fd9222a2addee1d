package io.earshot.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of {@code conf/config.json}, each as the text the resolver parses: a scalar as
 * written, an array as its items joined by commas, an object as {@code key=value} pairs joined by
 * commas (how the environment variables give them). A null value is as good as absent.
 *
 * <p>Read with Jackson's streaming parser, not its object mapper: every CLI command reads this
 * file, and setting the mapper up took 0.4 s of a one-core start.
 */
final class ConfigFile {

  private static final JsonFactory JSON = new JsonFactory();

  private ConfigFile() {}

  /** The file's settings, or none when there is no file. */
  static Map<String, String> read(Path file) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (file == null || !Files.isRegularFile(file)) {
      return settings;
    }
    try (JsonParser in = JSON.createParser(file.toFile())) {
      JsonToken first = in.nextToken();
      if (first == null) {
        return settings; // an empty file sets nothing
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ConfigException(file + " must hold one JSON object of settings");
      }
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String key = in.currentName();
        JsonToken value = in.nextToken();
        if (value == JsonToken.START_ARRAY) {
          settings.put(key, items(in, key, JsonToken.END_ARRAY));
        } else if (value == JsonToken.START_OBJECT) {
          settings.put(key, items(in, key, JsonToken.END_OBJECT));
        } else if (value == JsonToken.VALUE_NULL) {
          settings.remove(key);
        } else {
          settings.put(key, in.getText());
        }
      }
      if (in.nextToken() != null) {
        throw new ConfigException(file + " has more after its object of settings");
      }
      return settings;
    } catch (IOException e) {
      throw new ConfigException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** An array's items or an object's key=value pairs, joined by commas, up to {@code end}. */
  private static String items(JsonParser in, String key, JsonToken end) throws IOException {
    StringBuilder out = new StringBuilder();
    for (JsonToken token = in.nextToken(); token != end; token = in.nextToken()) {
      if (out.length() > 0) {
        out.append(',');
      }
      if (token == JsonToken.FIELD_NAME) {
        out.append(in.currentName()).append('=');
        token = in.nextToken();
      }
      if (token == null || token.isStructStart()) {
        throw new ConfigException(
            "config key " + key + " may hold a list or a map of plain values, not one inside");
      }
      out.append(in.getText());
    }
    return out.toString();
  }
}
