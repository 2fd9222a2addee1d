package io.earshot.model;

import java.io.IOException;

/** A model directory or archive is missing a file or holds one that cannot be read. */
public class ModelFormatException extends IOException {

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
