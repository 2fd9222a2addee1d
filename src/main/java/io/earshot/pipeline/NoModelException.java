package io.earshot.pipeline;

/** Thrown when a prediction is asked for before any model is loaded. */
public final class NoModelException extends RuntimeException {
  public NoModelException() {
    super("no model is loaded yet: train one (POST /api/v1/retrain) or activate a version");
  }
}
