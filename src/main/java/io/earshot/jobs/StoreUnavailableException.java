package io.earshot.jobs;

/**
 * The shared store (Redis) did not answer: refused, dropped or timed out, or still loading its data
 * after a restart. Nothing is wrong with the request; the same request succeeds once the store is
 * back, so HTTP answers 503 with {@code Retry-After} rather than 500.
 */
public final class StoreUnavailableException extends RuntimeException {

  public StoreUnavailableException(Throwable cause) {
    super("the shared store is unreachable: " + cause.getMessage(), cause);
  }
}
