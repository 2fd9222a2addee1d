package io.earshot.config;

import java.util.Locale;

/**
 * One part of Earshot that an instance may run ({@code ROLES}): the HTTP API, the training lane's
 * job runner, or the analysis lane's job runner. Every instance answers health, readiness and
 * metrics whatever its roles.
 */
public enum Role {
  /** The API, the dashboard and the documentation; without it only probes and metrics answer. */
  HTTP,
  /** Claims retraining jobs (one at a time across all instances) and registers their models. */
  TRAINING,
  /** Claims analysis jobs: long recordings analysed in the background. */
  ANALYSIS;

  /** The name used in {@code ROLES}, the health answer and the docs: {@code http}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
