package io.earshot.http;

import io.earshot.pipeline.ClipIngest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the {@code /api/v1/samples} routes accept, checked without a server: each method returns the
 * value or throws {@link IllegalArgumentException} with the rule a person has to follow.
 */
final class SampleRequests {
  static final int DEFAULT_PAGE_SIZE = 50;
  static final int MAX_PAGE_SIZE = 500;
  static final int MAX_BULK = 1000;
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private SampleRequests() {}

  /**
   * One page of a listing.
   *
   * @param label null for every label
   * @param page 1-based
   */
  record Listing(String label, int page, int pageSize) {
    int offset() {
      return (page - 1) * pageSize;
    }
  }

  /** A bulk delete: every clip of one label, or the clips named by hash (exactly one is set). */
  record BulkDelete(String label, List<String> sha256s) {}

  static Listing listing(String label, String page, String pageSize) {
    return new Listing(
        label == null || label.isEmpty() ? null : label(label),
        number(page, "page", 1, 1, Integer.MAX_VALUE / MAX_PAGE_SIZE),
        number(pageSize, "page_size", DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE));
  }

  static String sha256(String raw) {
    if (raw == null || !SHA256.matcher(raw).matches()) {
      throw new IllegalArgumentException(
          "'"
              + raw
              + "' is not a clip's SHA-256: use the 64 lower-case hex digits GET /api/v1/samples"
              + " lists");
    }
    return raw;
  }

  static String label(String raw) {
    if (raw == null || !ClipIngest.LABEL.matcher(raw).matches()) {
      throw new IllegalArgumentException(
          "label '" + raw + "' is not valid: use 1 to 64 letters, digits, '_' or '-'");
    }
    return raw;
  }

  /** The body of {@code PATCH /api/v1/samples/{sha256}}. */
  static String relabel(JsonObject body) {
    Object label = body.getValue("label");
    if (!(label instanceof String text)) {
      throw new IllegalArgumentException(
          "send the new label as JSON: {\"label\": \"bird\"}"
              + (label == null ? "" : " (a string)"));
    }
    return label(text);
  }

  /** The body of {@code POST /api/v1/samples/delete}. */
  static BulkDelete bulkDelete(JsonObject body) {
    Object label = body.getValue("label");
    Object hashes = body.getValue("sha256");
    if ((label == null) == (hashes == null)) {
      throw new IllegalArgumentException(
          "send either {\"label\": \"vehicle\"} to delete every clip of a label, or {\"sha256\":"
              + " [\"…\", …]} to delete those clips; not both, not neither");
    }
    if (label != null) {
      if (!(label instanceof String text)) {
        throw new IllegalArgumentException("'label' must be a string");
      }
      return new BulkDelete(label(text), null);
    }
    if (!(hashes instanceof JsonArray array) || array.isEmpty() || array.size() > MAX_BULK) {
      throw new IllegalArgumentException(
          "'sha256' must be a list of 1 to " + MAX_BULK + " clip hashes; split longer lists");
    }
    List<String> shas = new ArrayList<>(array.size());
    for (Object item : array) {
      shas.add(sha256(item instanceof String text ? text : String.valueOf(item)));
    }
    return new BulkDelete(null, List.copyOf(shas));
  }

  private static int number(String raw, String name, int fallback, int min, int max) {
    if (raw == null || raw.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // the same answer as a number out of range, below
    }
    throw new IllegalArgumentException(
        "'" + name + "' must be a whole number from " + min + " to " + max + ", got '" + raw + "'");
  }
}
