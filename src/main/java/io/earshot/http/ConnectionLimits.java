package io.earshot.http;

import io.earshot.config.EarshotConfig;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What one connection may cost the server, so that a slow or hostile client holds little for long:
 * an idle connection is closed, request lines, headers and forms are bounded, WebSocket frames and
 * messages too. Slow bodies are {@link BodyDeadline}'s.
 *
 * @param maxFormFields parts of one multipart form: every file and every text field (an upload of
 *     {@code upload_max_files} files may carry one label per file)
 */
public record ConnectionLimits(Duration idleTimeout, int maxFormFields) {
  public static final int MAX_INITIAL_LINE_BYTES = 4 * 1024;
  public static final int MAX_HEADER_BYTES = 8 * 1024;
  public static final int MAX_FORM_ATTRIBUTE_BYTES = 8 * 1024;
  public static final int MAX_WEBSOCKET_FRAME_BYTES = 64 * 1024;

  /** A live sensor's PCM message (README: at most 256 KiB each); larger closes with 1009. */
  public static final int MAX_WEBSOCKET_MESSAGE_BYTES = 256 * 1024;

  private static final String KEY = "earshot.max_form_fields";
  private static final Set<String> BROKEN_FORM = Set.of("Streaming aborted", "Pipe closed");

  public static ConnectionLimits of(EarshotConfig config) {
    int files = Math.max(config.uploadMaxFiles(), config.batchMaxFiles());
    return new ConnectionLimits(config.httpIdleTimeout(), 2 * files + 16);
  }

  HttpServerOptions applyTo(HttpServerOptions options) {
    return options
        .setIdleTimeout((int) idleTimeout.toSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setMaxInitialLineLength(MAX_INITIAL_LINE_BYTES)
        .setMaxHeaderSize(MAX_HEADER_BYTES)
        .setMaxFormAttributeSize(MAX_FORM_ATTRIBUTE_BYTES)
        .setMaxFormFields(maxFormFields)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_FRAME_BYTES)
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
  }

  /**
   * Notes the form limit on the request, so a refusal can name it (see {@link #formRefused}). A
   * platform handler, so Vert.x runs it before any body handler.
   */
  PlatformHandler note() {
    return ctx -> {
      ctx.put(KEY, maxFormFields);
      ctx.next();
    };
  }

  /** True when the request failed because the body handler cancelled a file it was writing. */
  static boolean uploadCancelled(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    return failure != null && BROKEN_FORM.contains(String.valueOf(failure.getMessage()));
  }

  /**
   * The 400 for a multipart body whose stream broke while it was read: Vert.x reports a form over
   * {@code maxFormFields} parts, and a malformed one, only as the body handler's "Streaming
   * aborted", its file pipe's "Pipe closed", the decoder's own exception or a bare 400, whichever
   * it meets first. (A body over the route's byte limit breaks the same way; {@link
   * BodyLimit#exceeded} is asked before this.)
   */
  static Optional<Problem> formRefused(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    String type = ctx.request().getHeader("Content-Type");
    boolean multipart =
        type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    boolean broken =
        failure == null
            ? ctx.statusCode() == 400 // the body handler's own 400 for a form it could not decode
            // Netty's decoder exception, by name: Netty is Vert.x's, not a dependency of ours
            : "TooManyFormFieldsException".equals(failure.getClass().getSimpleName())
                || uploadCancelled(ctx);
    if (!multipart || !broken) {
      return Optional.empty();
    }
    Integer parts = ctx.get(KEY);
    String most = parts == null ? "a bounded number of" : "at most " + parts;
    Problem problem =
        Problem.of(
            400,
            "form-unreadable",
            "Form could not be read",
            "the multipart form could not be read: it may have "
                + most
                + " parts (a file and its label for each file a request may carry), and must"
                + " be well formed and complete");
    return Optional.of(parts == null ? problem : problem.with("max_form_parts", parts));
  }

  /**
   * How often a WebSocket that may sit quiet (a job watcher) is pinged, so the idle timeout never
   * closes it while its client is there.
   */
  public Duration pingEvery() {
    return idleTimeout.dividedBy(3);
  }
}
