/**
 * Acoustic features of a clip, plain Java with no Vert.x types.
 *
 * <p>{@link io.earshot.features.FeatureExtractor} computes the versioned v2 vector ({@link
 * io.earshot.features.FeatureSchema}, {@link io.earshot.features.FeatureVector}) from one STFT per
 * clip plus TarsosDSP pitch; {@link io.earshot.features.SpectralAnalysis} is the frame-level view
 * for visualisations; {@link io.earshot.features.FeatureCatalog} says what each feature means.
 * Formulas are in docs/FEATURES.md, speed in docs/PERFORMANCE.md.
 */
package io.earshot.features;
