package io.earshot.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.Locale;

/**
 * The most body bytes a route reads, noted on the request so that the 413 the body handler answers
 * can name the limit: a client told "too large" and not how large may only guess.
 */
final class BodyLimit {
  private static final String KEY = "earshot.body_limit";

  /** Room for base64's 4/3 growth and the JSON or multipart framing around the files. */
  private static final long OVERHEAD = 64 * 1024;

  private BodyLimit() {}

  /** The body limit of a route whose files may each be {@code maxFileBytes}, sent raw or base64. */
  static long forFiles(long maxFileBytes) {
    return maxFileBytes * 4 / 3 + OVERHEAD;
  }

  /**
   * Notes {@code bytes} as the limit of the requests this route handles. A platform handler, so it
   * may stand before the body handler on the same route.
   */
  static PlatformHandler note(long bytes) {
    return ctx -> {
      ctx.put(KEY, bytes);
      ctx.next();
    };
  }

  /**
   * True when more of the body was read than the route takes. Asked before anything else: when a
   * multipart body crosses the limit, Vert.x's body handler cancels the files already written, and
   * cancelling one already closed throws, so the request may fail with the upload's "Streaming
   * aborted" instead of the handler's 413; the bytes read tell which it really was.
   */
  static boolean exceeded(RoutingContext ctx) {
    Long limit = ctx.get(KEY);
    return limit != null && ctx.request().bytesRead() > limit;
  }

  /**
   * Reads the rest of a body whose form failed, dropping it, until it passes the noted limit or
   * ends, then runs {@code answer} once. The body handler cancels the files of a form whose next
   * part declares a size over the limit before a byte of that part arrives, and the cancelled file
   * may fail the request with "Streaming aborted" before (or instead of, when cancelling throws)
   * the handler's own 413: the bytes still to come tell a form too large from a broken one.
   */
  static void readOn(RoutingContext ctx, Runnable answer) {
    Handler<Void> once =
        new Handler<>() {
          private boolean answered;

          @Override
          public void handle(Void ignored) {
            if (!answered) {
              answered = true;
              answer.run();
            }
          }
        };
    ctx.request()
        .handler(
            chunk -> {
              if (exceeded(ctx)) {
                once.handle(null);
              }
            })
        .endHandler(once)
        .exceptionHandler(err -> once.handle(null))
        // a cancelled file's write pipe may have paused the request while its disk caught up
        .resume();
  }

  /** The 413 problem for a body over the noted limit. */
  static Problem tooLarge(RoutingContext ctx) {
    Long limit = ctx.get(KEY);
    String detail =
        limit == null
            ? "the request body is larger than this server accepts; send a smaller file or split"
                + " the request"
            : String.format(
                Locale.ROOT,
                "the request body is larger than the %d bytes (%.1f MiB) this route accepts, all"
                    + " files together; send smaller files or split them over several requests",
                limit,
                limit / (1024.0 * 1024.0));
    Problem problem = Problem.of(413, "payload-too-large", "Payload too large", detail);
    return limit == null ? problem : problem.with("max_body_bytes", limit);
  }
}
