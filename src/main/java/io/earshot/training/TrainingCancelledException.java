package io.earshot.training;

/** Training stopped because its listener asked for it. */
public class TrainingCancelledException extends RuntimeException {

  public TrainingCancelledException(String message) {
    super(message);
  }
}
