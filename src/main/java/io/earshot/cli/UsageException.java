package io.earshot.cli;

/**
 * Bad input that a command finds after picocli has parsed its line (a model folder that does not
 * load, training parameters out of range): the message is the one line the user sees before exit
 * code 2.
 */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
