package io.earshot.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerFileUpload;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The body handler of the prediction routes: a multipart form is read into memory as it arrives, so
 * a clip never goes to a temporary file to be written, read back and deleted. Any other body (JSON)
 * goes to the ordinary {@link BodyHandler}, under the same limit.
 *
 * <p>The whole body, framing and every part together, is bounded by the route's limit, as the body
 * handler bounds it: a declared length over it is refused before a byte is read; a body that
 * crosses it while arriving stops being read at once, what was kept is dropped, the 413 names the
 * limit (see {@link BodyLimit}) and the connection is closed once the answer is out, so a client
 * cannot make the server read more. Only parts named in {@code fields} are kept; others are read
 * and dropped. Nothing is admitted to the worker pool until the whole body is in, so a client that
 * hangs up mid-upload never holds a worker slot.
 */
final class MemoryForm implements Handler<RoutingContext> {
  private static final String KEY = "earshot.memory_form";

  /**
   * How long a connection refused for its body's size stays open after the 413 is written. Closing
   * a socket the client still writes to resets it, and a reset may reach the client before the
   * answer it has not yet read; the request is paused meanwhile, so nothing more is read.
   */
  private static final long CLOSE_AFTER_MS = 1000;

  /** The most a part's buffer is sized for ahead of its bytes: 12 s of 44.1 kHz mono WAV. */
  private static final long PRESIZE_BYTES = 1 << 20;

  private final long limit;
  private final Set<String> fields;
  private final BodyHandler otherBodies;

  /**
   * @param limit the most body bytes read, as noted by {@link BodyLimit#note}
   * @param fields the form fields whose files are kept
   * @param otherBodies reads bodies that are not multipart forms
   */
  MemoryForm(long limit, Set<String> fields, BodyHandler otherBodies) {
    this.limit = limit;
    this.fields = Set.copyOf(fields);
    this.otherBodies = otherBodies;
  }

  /** One file of the form: its field, the name its sender gave it and its bytes. */
  record Part(String field, String filename, Buffer data) {
    /** The file's bytes, copied out: call it on the worker thread that decodes them. */
    byte[] bytes() {
      return data.getBytes();
    }
  }

  /** The files of the request's form named {@code field}, in the order sent. */
  static List<Part> files(RoutingContext ctx, Set<String> field) {
    List<Part> parts = ctx.get(KEY);
    return parts == null
        ? List.of()
        : parts.stream().filter(p -> field.contains(p.field())).toList();
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (ctx.get(KEY) != null) {
      ctx.next(); // a reroute: the body was read before
      return;
    }
    if (!isForm(request)) {
      otherBodies.handle(ctx);
      return;
    }
    if (declaredLength(request) > limit) {
      refuseTooLarge(ctx); // before a byte of the body is read
      return;
    }
    String expect = request.getHeader(HttpHeaders.EXPECT);
    if (expect != null) {
      if (!"100-continue".equalsIgnoreCase(expect.trim())) {
        ctx.fail(417);
        return;
      }
      if (request.version() != HttpVersion.HTTP_1_0) {
        ctx.response().writeContinue();
      }
    }
    new Reading(ctx).start();
  }

  /**
   * The 413, with the rest of the body left unread: the request is paused, and an HTTP/1
   * connection, which cannot skip the rest of a body, is closed once the answer is out.
   */
  private static void refuseTooLarge(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    request.pause();
    if (request.version() != HttpVersion.HTTP_2) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      ctx.response()
          .endHandler(
              v -> ctx.vertx().setTimer(CLOSE_AFTER_MS, id -> request.connection().close()));
    }
    ctx.fail(413);
  }

  /** Whether the request declares a multipart/form-data body. */
  static boolean isForm(HttpServerRequest request) {
    String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
    return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  private static long declaredLength(HttpServerRequest request) {
    try {
      return Long.parseLong(String.valueOf(request.getHeader(HttpHeaders.CONTENT_LENGTH)).trim());
    } catch (NumberFormatException absent) {
      return -1;
    }
  }

  /** One request's form while it arrives. Runs on the request's event loop only. */
  private final class Reading {
    private final RoutingContext ctx;
    private final HttpServerRequest request;
    private final List<Part> parts = new ArrayList<>();
    private boolean failed;

    Reading(RoutingContext ctx) {
      this.ctx = ctx;
      this.request = ctx.request();
    }

    void start() {
      request.setExpectMultipart(true);
      request.uploadHandler(this::upload);
      // every byte of the body passes here, framing and text fields too: the limit counts them all
      request.handler(chunk -> checkLimit());
      request.exceptionHandler(this::broken);
      request.endHandler(v -> ended());
      request.resume(); // held back while the rate limiter answered
    }

    private void upload(HttpServerFileUpload upload) {
      if (failed || !fields.contains(upload.name())) {
        return; // a part nobody reads: without a handler its bytes are dropped as they come
      }
      // The first file is sized for the declared body (it is a little smaller): growing by
      // doubling from nothing allocated about four times a clip's bytes on the way. At most
      // PRESIZE_BYTES, since a declared length costs a client nothing to send; later files of a
      // batch grow as they come, or each would be sized for all of them. (The bytes read so far
      // are no guide: a whole small body may have arrived before its first part begins.)
      long size = parts.isEmpty() ? Math.min(declaredLength(request), PRESIZE_BYTES) : 0;
      Buffer data = size > 0 ? Buffer.buffer((int) size) : Buffer.buffer();
      parts.add(new Part(upload.name(), upload.filename(), data));
      upload.handler(
          chunk -> {
            // the request counts a chunk before handing its file bytes here: check first
            if (checkLimit()) {
              data.appendBuffer(chunk);
            }
          });
    }

    /** False, and the 413 under way, once the body has crossed the limit. */
    private boolean checkLimit() {
      if (failed) {
        return false;
      }
      if (request.bytesRead() <= limit) {
        return true;
      }
      failed = true;
      parts.clear();
      refuseTooLarge(ctx);
      return false;
    }

    /**
     * A form the decoder refused (malformed, too many parts) or a connection that went away:
     * nothing was admitted, so there is nothing to give back. {@link FailureHandler} names a
     * refused form's limit; a closed connection gets no answer.
     */
    private void broken(Throwable failure) {
      if (!failed) {
        failed = true;
        parts.clear();
        ctx.fail(400, failure);
      }
    }

    private void ended() {
      if (failed) {
        return;
      }
      request.params().addAll(request.formAttributes());
      ctx.put(KEY, List.copyOf(parts));
      ctx.next();
    }
  }
}
