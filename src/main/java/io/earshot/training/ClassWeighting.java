package io.earshot.training;

/** How sample weights compensate for unequal class sizes. */
public enum ClassWeighting {
  /**
   * Balanced weights when the largest class has more than 1.5 times the samples of the smallest.
   */
  AUTO,
  /** Always weight each sample by n / (classes * samples of its class). */
  BALANCED,
  /** Every sample weighs 1. */
  NONE
}
