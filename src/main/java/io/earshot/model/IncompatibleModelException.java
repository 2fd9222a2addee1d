package io.earshot.model;

/** A model was trained on features that the running extractor does not produce. */
public class IncompatibleModelException extends RuntimeException {

  public IncompatibleModelException(String message) {
    super(message);
  }
}
