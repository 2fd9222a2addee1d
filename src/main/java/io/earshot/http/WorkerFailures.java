package io.earshot.http;

import io.earshot.audio.AudioDecodeException;

/**
 * Maps failures coming back from the worker pool (audio, model) to the HTTP status a client can act
 * on.
 */
final class WorkerFailures {
  private WorkerFailures() {}

  static Problem of(AudioDecodeException e) {
    return switch (e.reason()) {
      case UNSUPPORTED_FORMAT ->
          Problem.of(415, "unsupported-audio-format", "Unsupported audio format", e.getMessage());
      case TOO_LARGE -> Problem.of(413, "audio-too-large", "Audio file too large", e.getMessage());
      case TOO_SHORT -> Problem.of(422, "audio-too-short", "Audio too short", e.getMessage());
      case TOO_LONG -> Problem.of(422, "audio-too-long", "Audio too long", e.getMessage());
      case TIMEOUT ->
          Problem.of(422, "audio-decode-timeout", "Audio took too long to decode", e.getMessage());
      case UNDECODABLE ->
          Problem.of(422, "audio-undecodable", "Audio cannot be decoded", e.getMessage());
    };
  }

  /**
   * Unwraps failures coming back from worker threads into problems. The router's {@link
   * FailureHandler} applies it to every failure; call it only where a problem is rendered inline (a
   * batch item, an upload's per-file result).
   */
  static Throwable toProblemException(Throwable failure) {
    if (failure instanceof AudioDecodeException ade) {
      return new ProblemException(of(ade));
    }
    if (failure instanceof io.earshot.pipeline.NoModelException nme) {
      return new ProblemException(Problem.of(503, "no-model", "No model loaded", nme.getMessage()));
    }
    if (failure instanceof io.earshot.jobs.StoreUnavailableException) {
      return new ProblemException(Problem.storeUnavailable());
    }
    if (failure instanceof io.earshot.model.IncompatibleModelException ime) {
      return new ProblemException(
          Problem.of(409, "incompatible-model", "Incompatible model", ime.getMessage()));
    }
    return failure;
  }
}
