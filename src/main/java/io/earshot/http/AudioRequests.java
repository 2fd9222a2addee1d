package io.earshot.http;

import io.earshot.openset.OpenSetPolicy;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.FileUpload;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Reading audio and its settings out of a request, the same way for every route that takes audio
 * (predictions, analyses, streams): a multipart field {@code file} or a JSON body with {@code
 * audio_base64}, and numbers from the query. Every failure is a 400 problem naming the field.
 */
final class AudioRequests {
  static final String MIN_CONFIDENCE = "min_confidence";

  /** The form fields of a request that takes many files. */
  static final Set<String> MANY_FIELDS = Set.of("files", "file");

  private AudioRequests() {}

  static boolean isJson(RoutingContext ctx) {
    return String.valueOf(ctx.request().getHeader("Content-Type")).startsWith("application/json");
  }

  /** The request body as JSON; 400 when it is not. */
  static JsonObject jsonBody(RoutingContext ctx) {
    return jsonBody(ctx.body().buffer());
  }

  /**
   * A JSON body read into a buffer, parsed (on a worker when it may be large); 400 when not JSON.
   */
  static JsonObject jsonBody(Buffer body) {
    try {
      return body == null ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      throw new ProblemException(
          Problem.badRequest("the body is not valid JSON: " + e.getMessage()));
    }
  }

  /**
   * The decoded {@code audio_base64} field of a JSON body; 400 when it is missing or not base64.
   *
   * @param what what the audio is, for the message ("audio file", "recording")
   */
  static byte[] base64Audio(JsonObject body, String what) {
    if (body == null
        || !(body.getValue("audio_base64") instanceof String encoded)
        || encoded.isBlank()) {
      throw new ProblemException(
          Problem.badRequest(
              "JSON body needs a non-empty string field 'audio_base64' holding the "
                  + what
                  + " in base64"));
    }
    return decodeBase64(encoded);
  }

  /**
   * The multipart field {@code file} as the body handler wrote it to disk, for a route that reads
   * it from there (and whose body handler deletes it when the response ends).
   *
   * @throws ProblemException 400 when the request has none
   */
  static Path uploadedPath(RoutingContext ctx, String how) {
    return Path.of(fileUpload(ctx, how).uploadedFileName());
  }

  /** The name the client gave the multipart field {@code file} (null when none was given). */
  static String uploadedName(RoutingContext ctx, String how) {
    return fileUpload(ctx, how).fileName();
  }

  private static FileUpload fileUpload(RoutingContext ctx, String how) {
    return ctx.fileUploads().stream()
        .filter(u -> "file".equals(u.name()))
        .findFirst()
        .orElseThrow(() -> new ProblemException(Problem.badRequest("no file: " + how)));
  }

  /**
   * The files of a request that takes many (multipart fields {@code files}, or {@code file}), in
   * the order sent.
   *
   * @param what the request as a person names it ("a batch"), for the 413 over {@code max}
   * @param slug the 413's problem type
   * @param none what to send, for the 400 when there are no files
   */
  static List<FileUpload> manyFiles(
      RoutingContext ctx, int max, String what, String slug, String none) {
    return checkCount(
        ctx.fileUploads().stream().filter(u -> MANY_FIELDS.contains(u.name())).toList(),
        max,
        what,
        slug,
        none);
  }

  /**
   * {@code files}, when there are from one to {@code max} of them; the parameters are {@link
   * #manyFiles}'.
   */
  static <T> List<T> checkCount(List<T> files, int max, String what, String slug, String none) {
    if (files.isEmpty()) {
      throw new ProblemException(Problem.badRequest("no files: " + none));
    }
    if (files.size() > max) {
      throw new ProblemException(Problem.tooManyFiles(slug, what, max, files.size()));
    }
    return files;
  }

  /**
   * The one file of a request that takes one (a single prediction).
   *
   * @param how how to send the audio, for the 400 when there is none
   * @throws ProblemException 400 when there is none, or more than one: only one would be answered
   */
  static <T> T oneFile(List<T> files, String how) {
    if (files.isEmpty()) {
      throw new ProblemException(Problem.badRequest("no file: " + how));
    }
    if (files.size() > 1) {
      throw new ProblemException(
          Problem.badRequest(
              "one file per request here, got "
                  + files.size()
                  + " form fields named 'file'; send several as fields named 'files' to"
                  + " /api/v1/predictions/batch, which answers each"));
    }
    return files.get(0);
  }

  /** Accepts plain or URL-safe base64, with or without a data: URI prefix and line breaks. */
  static byte[] decodeBase64(String encoded) {
    String data = encoded;
    int comma = data.indexOf(',');
    if (data.startsWith("data:") && comma > 0) {
      data = data.substring(comma + 1);
    }
    data = data.replaceAll("\\s+", "");
    try {
      return data.indexOf('-') >= 0 || data.indexOf('_') >= 0
          ? Base64.getUrlDecoder().decode(data)
          : Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.badRequest(
              "'audio_base64' is not valid base64 ("
                  + e.getMessage()
                  + "); encode the raw file bytes"));
    }
  }

  /**
   * A client's confidence threshold for one request, replacing the configured ones.
   *
   * @throws ProblemException 400 when it is not a number in [0, 1]
   */
  static OptionalDouble minConfidence(Object raw) {
    if (raw == null) {
      return OptionalDouble.empty();
    }
    try {
      double value =
          raw instanceof Number n ? n.doubleValue() : Double.parseDouble(raw.toString().trim());
      return OptionalDouble.of(OpenSetPolicy.checkConfidence(MIN_CONFIDENCE, value));
    } catch (IllegalArgumentException e) {
      throw new ProblemException(
          Problem.badRequest(
              "'"
                  + MIN_CONFIDENCE
                  + "' must be a number from 0 to 1 (the confidence below which the answer is "
                  + "\"uncertain\"), got '"
                  + raw
                  + "'"));
    }
  }

  /**
   * A number from the query, or {@code fallback} when absent.
   *
   * @param kind what the number is, for the message ("a number of seconds")
   * @throws IllegalArgumentException naming the parameter when it is not a number
   */
  static double queryNumber(RoutingContext ctx, String name, double fallback, String kind) {
    String raw = ctx.request().getParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(raw.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be " + kind + ", got '" + raw + "'");
    }
  }
}
