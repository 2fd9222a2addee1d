package io.earshot.jobs;

import java.time.Instant;

/**
 * A stored clip as listings show it, without its features.
 *
 * @param durationSeconds null for clips stored before lengths were kept
 * @param trained whether a training has read the clip under its current label (a relabel clears it
 *     until the next training)
 */
public record SampleInfo(
    String sha256,
    String label,
    String filename,
    Double durationSeconds,
    Instant uploadedAt,
    boolean trained) {}
