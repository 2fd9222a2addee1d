package io.earshot.analysis;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How an analysis is handed out, the same from HTTP ({@code ?format=}) and the CLI ({@code
 * --format}): the whole result as JSON, or its events as a table.
 */
public enum ResultFormat {
  JSON("json", "application/json"),
  CSV("csv", "text/csv; charset=utf-8"),
  RAVEN("selections.txt", "text/tab-separated-values; charset=utf-8");

  /** The file name ending a saved result gets ({@code NAME.selections.txt} is Raven's habit). */
  public final String extension;

  public final String contentType;

  ResultFormat(String extension, String contentType) {
    this.extension = extension;
    this.contentType = contentType;
  }

  /** {@code json}, {@code csv} or {@code raven}, in any case; empty for anything else. */
  public static Optional<ResultFormat> parse(String raw) {
    return switch (raw.toLowerCase(Locale.ROOT)) {
      case "json" -> Optional.of(JSON);
      case "csv" -> Optional.of(CSV);
      case "raven" -> Optional.of(RAVEN);
      default -> Optional.empty();
    };
  }

  /** The events as this format's table; JSON is no table (render the whole result instead). */
  public String table(List<Event> events) {
    return switch (this) {
      case CSV -> EventTables.csv(events);
      case RAVEN -> EventTables.raven(events);
      case JSON -> throw new IllegalStateException("JSON is the whole result, not a table");
    };
  }
}
