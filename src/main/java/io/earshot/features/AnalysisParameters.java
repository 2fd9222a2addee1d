package io.earshot.features;

import io.earshot.audio.AudioClip;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every number that shapes the v2 feature values. They are recorded in the {@link FeatureSchema}
 * (and so in its id): changing any of them changes the schema id and makes old models refuse to
 * load rather than silently mis-score.
 */
final class AnalysisParameters {

  static final int SAMPLE_RATE = AudioClip.ANALYSIS_RATE;
  static final int FRAME = 2048;
  static final int HOP = 512;
  static final int BINS = FRAME / 2 + 1;
  static final int MEL_BANDS = 128;
  static final int MFCC = 20;
  static final float LOG_FLOOR = 1e-10f;
  static final float TOP_DB = 80f;
  static final int DELTA_HALF_WIDTH = 4;
  static final double ROLLOFF = 0.85;
  static final double CONTRAST_MIN_HZ = 200.0;
  static final int CONTRAST_OCTAVES = 6;
  static final double CONTRAST_QUANTILE = 0.02;
  static final double TEMPO_MIN_BPM = 40;
  static final double TEMPO_MAX_BPM = 240;
  static final double TEMPO_PRIOR_BPM = 120;
  static final double TEMPO_PRIOR_OCTAVES = 1.0;
  static final int PITCH_FRAME = 1024;
  static final int PITCH_HOP = 1024;
  static final double YIN_THRESHOLD = 0.15;
  static final double PITCH_MIN_HZ = 50;
  static final double PITCH_MAX_HZ = 2000;
  static final double PITCH_SILENCE_RMS = 1e-3;

  private AnalysisParameters() {}

  static Map<String, Object> asMap() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("sample_rate", SAMPLE_RATE);
    p.put("frame_length", FRAME);
    p.put("hop_length", HOP);
    p.put("window", "hann-periodic");
    p.put("centered_frames", "zero-padded");
    p.put("mel_bands", MEL_BANDS);
    p.put("mel_scale", "slaney");
    p.put("mel_norm", "slaney");
    p.put("mfcc", MFCC);
    p.put("dct", "II-ortho");
    p.put("log_floor", (double) LOG_FLOOR);
    p.put("top_db", (double) TOP_DB);
    p.put("delta_width", 2 * DELTA_HALF_WIDTH + 1);
    p.put("rolloff", ROLLOFF);
    p.put("contrast_min_hz", CONTRAST_MIN_HZ);
    p.put("contrast_octaves", CONTRAST_OCTAVES);
    p.put("contrast_quantile", CONTRAST_QUANTILE);
    p.put("chroma_min_hz", ChromaMap.MIN_HZ);
    p.put("chroma_max_hz", ChromaMap.MAX_HZ);
    p.put("tempo_min_bpm", TEMPO_MIN_BPM);
    p.put("tempo_max_bpm", TEMPO_MAX_BPM);
    p.put("tempo_prior_bpm", TEMPO_PRIOR_BPM);
    p.put("tempo_prior_octaves", TEMPO_PRIOR_OCTAVES);
    // names the definition (TarsosDSP FastYin's YIN), which Yin computes; YinTest holds it to that
    p.put("pitch_algorithm", "tarsos-fastyin");
    p.put("pitch_frame", PITCH_FRAME);
    p.put("pitch_hop", PITCH_HOP);
    p.put("yin_threshold", YIN_THRESHOLD);
    p.put("pitch_min_hz", PITCH_MIN_HZ);
    p.put("pitch_max_hz", PITCH_MAX_HZ);
    p.put("pitch_silence_rms", PITCH_SILENCE_RMS);
    return Collections.unmodifiableMap(p);
  }
}
