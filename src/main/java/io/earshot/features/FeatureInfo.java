package io.earshot.features;

/**
 * Plain-words meaning of one feature: its group (for grouping explanations) and what it says in
 * general and to each of Earshot's three audiences.
 */
public record FeatureInfo(
    String name,
    String group,
    String unit,
    String description,
    String forSinger,
    String forVoiceAnalyst,
    String forEcologist) {}
