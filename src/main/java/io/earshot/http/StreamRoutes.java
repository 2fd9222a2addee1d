package io.earshot.http;

import io.earshot.analysis.Event;
import io.earshot.analysis.EventMerger;
import io.earshot.analysis.LiveEvents;
import io.earshot.analysis.LiveWindows;
import io.earshot.analysis.PcmFormat;
import io.earshot.analysis.Segment;
import io.earshot.analysis.WindowPlan;
import io.earshot.pipeline.LiveAnalyzer;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.NoModelException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.OptionalDouble;

/**
 * {@code WS /api/v1/ws/stream}: a sensor sends binary PCM frames, and gets one JSON message per
 * window ({@code {"type":"segment",...}}) and one per closed event ({@code {"type":"event",...}}).
 * A text message {@code end} closes the open events and the socket (1000).
 *
 * <p>Windows are answered in order on the bounded worker pool. A stream may have at most {@link
 * #MAX_PENDING_WINDOWS} windows waiting; a sensor that sends faster than they can be answered gets
 * {@code {"type":"overrun",...}} and the socket is closed with {@link #CLOSE_OVERRUN} (1013, "try
 * again later"). Malformed PCM gets {@code {"type":"error",...}} and {@link #CLOSE_BAD_DATA}
 * (1007).
 */
public final class StreamRoutes implements RouteGroup {
  static final String PATH = "/api/v1/ws/stream";

  /** Windows a stream may have waiting: at real time a window is answered long before the next. */
  public static final int MAX_PENDING_WINDOWS = 8;

  public static final short CLOSE_OVERRUN = 1013;
  public static final short CLOSE_BAD_DATA = 1007;
  private static final double DEFAULT_WINDOW_SECONDS = 3;

  private final ModelHolder models;
  private final LiveAnalyzer analyzer;
  private final BoundedWorkers workers;
  private final boolean needsKey;

  public StreamRoutes(
      ModelHolder models, LiveAnalyzer analyzer, BoundedWorkers workers, boolean needsKey) {
    this.models = models;
    this.analyzer = analyzer;
    this.workers = workers;
    this.needsKey = needsKey;
  }

  @Override
  public void mount(Router router, Vertx vertx, BodyHandler body, ApiKeyAuth auth) {
    var route = router.get(PATH);
    if (needsKey) {
      route.handler(auth);
    }
    route.handler(this::open);
  }

  /** What a stream asked for in its query. */
  private record Settings(
      PcmFormat format, WindowPlan plan, double mergeGap, OptionalDouble minConfidence) {}

  private void open(RoutingContext ctx) {
    Settings settings;
    try {
      double window = number(ctx, "window_s", DEFAULT_WINDOW_SECONDS);
      settings =
          new Settings(
              new PcmFormat(
                  (int) number(ctx, "sample_rate", Double.NaN),
                  (int) number(ctx, "channels", 1),
                  ctx.request().getParam("encoding", "pcm_s16le")),
              new WindowPlan(window, number(ctx, "hop_s", window / 2)),
              EventMerger.checkMergeGap(number(ctx, "merge_gap_s", 0)),
              AudioRequests.minConfidence(ctx.request().getParam("min_confidence")));
    } catch (IllegalArgumentException e) {
      ctx.fail(new ProblemException(Problem.badRequest(e.getMessage())));
      return;
    }
    if (models.current().isEmpty()) {
      ctx.fail(new NoModelException());
      return;
    }
    ctx.request()
        .toWebSocket()
        .onSuccess(socket -> new Stream(socket, settings))
        .onFailure(ctx::fail);
  }

  private static double number(RoutingContext ctx, String name, double fallback) {
    if (Double.isNaN(fallback) && ctx.request().getParam(name) == null) {
      throw new IllegalArgumentException(name + " is required");
    }
    return AudioRequests.queryNumber(ctx, name, fallback, "a number");
  }

  /** One connected sensor. Its state is only touched on its event loop. */
  private final class Stream {
    private final ServerWebSocket socket;
    private final Settings settings;
    private final LiveWindows windows;
    private final LiveEvents events;
    private Future<Void> answered = Future.succeededFuture();
    private int pending;
    private boolean done;

    Stream(ServerWebSocket socket, Settings settings) {
      this.socket = socket;
      this.settings = settings;
      this.windows = new LiveWindows(settings.plan(), settings.format().sampleRate());
      this.events = new LiveEvents(settings.mergeGap());
      socket.binaryMessageHandler(this::samples);
      socket.textMessageHandler(this::command);
      socket.closeHandler(v -> done = true);
    }

    private void samples(Buffer data) {
      if (done) {
        return;
      }
      List<LiveWindows.Window> ready;
      try {
        ready = windows.accept(settings.format().toMono(data.getBytes()));
      } catch (IllegalArgumentException e) {
        stop("error", e.getMessage(), CLOSE_BAD_DATA);
        return;
      }
      for (LiveWindows.Window w : ready) {
        if (pending >= MAX_PENDING_WINDOWS) {
          stop(
              "overrun",
              "audio is arriving faster than it can be analysed ("
                  + MAX_PENDING_WINDOWS
                  + " windows waiting); send at real time, or fewer streams at once",
              CLOSE_OVERRUN);
          return;
        }
        pending++;
        answered = answered.compose(v -> answer(w));
      }
    }

    private Future<Void> answer(LiveWindows.Window w) {
      if (done) {
        return Future.succeededFuture();
      }
      var model = models.current();
      if (model.isEmpty()) {
        stop("error", new NoModelException().getMessage(), CLOSE_OVERRUN);
        return Future.succeededFuture();
      }
      return workers
          .submit(
              () ->
                  analyzer.answer(
                      model.get(), w, settings.format().sampleRate(), settings.minConfidence()))
          .map(
              segment -> {
                pending--;
                send(segment);
                return (Void) null;
              })
          .recover(
              failure -> {
                stop("overrun", "the server is too busy to analyse this stream", CLOSE_OVERRUN);
                return Future.succeededFuture();
              });
    }

    private void send(Segment segment) {
      if (done) {
        return;
      }
      socket.writeTextMessage(JsonObject.mapFrom(segment).put("type", "segment").encode());
      events.accept(segment).forEach(this::send);
    }

    private void send(Event event) {
      socket.writeTextMessage(JsonObject.mapFrom(event).put("type", "event").encode());
    }

    private void command(String text) {
      if ("end".equals(text.trim()) || text.contains("\"end\"")) {
        answered.onComplete(
            v -> {
              if (!done) {
                events.finish().forEach(this::send);
                done = true;
                socket.close();
              }
            });
      }
    }

    private void stop(String type, String detail, short code) {
      if (done) {
        return;
      }
      done = true;
      socket.writeTextMessage(new JsonObject().put("type", type).put("detail", detail).encode());
      socket.close(code, type);
    }
  }
}
