package io.earshot.pipeline;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The model this instance serves. A swap is one atomic reference write: a request that already took
 * the old model finishes on it, the next one gets the new model.
 */
public final class ModelHolder {
  private final AtomicReference<ActiveModel> current = new AtomicReference<>();
  private volatile String unavailableReason;

  public Optional<ActiveModel> current() {
    return Optional.ofNullable(current.get());
  }

  /** Installs a model and returns the one it replaced (the caller releases it later). */
  public Optional<ActiveModel> swap(ActiveModel next) {
    return Optional.ofNullable(current.getAndSet(next));
  }

  /** Why no model is served (for health), or null. */
  public String unavailableReason() {
    return current.get() == null ? unavailableReason : null;
  }

  public void markUnavailable(String reason) {
    this.unavailableReason = reason;
  }

  public String versionOrNull() {
    ActiveModel model = current.get();
    return model == null ? null : model.version();
  }
}
