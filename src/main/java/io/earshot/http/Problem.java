package io.earshot.http;

import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * An RFC 9457 problem detail: every error Earshot answers is one of these.
 *
 * @param slug short machine-readable name, becomes the {@code type} URI
 * @param detail what went wrong and what the caller can do about it
 */
public record Problem(
    int status, String slug, String title, String detail, Map<String, Object> extras) {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_BASE = "https://earshot.dev/problems/";

  public Problem {
    extras = extras == null ? Map.of() : Map.copyOf(extras);
  }

  public static Problem of(int status, String slug, String title, String detail) {
    return new Problem(status, slug, title, detail, Map.of());
  }

  public static Problem badRequest(String detail) {
    return of(400, "bad-request", "Bad request", detail);
  }

  public static Problem notFound(String detail) {
    return of(404, "not-found", "Not found", detail);
  }

  public static Problem unauthorized() {
    return of(
        401,
        "unauthorized",
        "Unauthorized",
        "this route needs an API key: send 'Authorization: Bearer KEY' or 'X-API-Key: KEY'");
  }

  public static Problem overloaded(int retryAfterSeconds) {
    return of(
        503,
        "overloaded",
        "Service overloaded",
        "all workers are busy and the hand-off queue is full; retry after "
            + retryAfterSeconds
            + " s");
  }

  /** Seconds a client waits before retrying while Redis is away: it restarts in a few. */
  static final int STORE_RETRY_AFTER_SECONDS = 2;

  /** Redis (jobs, models, training data) did not answer; the same request works once it is back. */
  public static Problem storeUnavailable() {
    return of(
            503,
            "store-unavailable",
            "Shared store unavailable",
            "the shared store (Redis) did not answer; retry after "
                + STORE_RETRY_AFTER_SECONDS
                + " s")
        .with("retry_after_s", STORE_RETRY_AFTER_SECONDS);
  }

  /**
   * A request with more files than its route takes (413), with the limit, so the client knows how
   * to split it.
   *
   * @param what the request, as a person names it ("a batch", "an upload")
   */
  public static Problem tooManyFiles(String slug, String what, int max, int got) {
    return of(
            413,
            slug,
            "Too many files in one request",
            what
                + " holds at most "
                + max
                + " files; this one had "
                + got
                + ". Split it into several requests.")
        .with("max_files", max);
  }

  public static Problem internal() {
    return of(
        500,
        "internal",
        "Internal error",
        "the server failed unexpectedly; the error was logged with the request id");
  }

  public Problem with(String key, Object value) {
    var copy = new java.util.LinkedHashMap<>(extras);
    copy.put(key, value);
    return new Problem(status, slug, title, detail, copy);
  }

  public JsonObject toJson(String instance) {
    JsonObject json =
        new JsonObject()
            .put("type", TYPE_BASE + slug)
            .put("title", title)
            .put("status", status)
            .put("detail", detail);
    if (instance != null) {
      json.put("instance", instance);
    }
    extras.forEach(json::put);
    return json;
  }
}
