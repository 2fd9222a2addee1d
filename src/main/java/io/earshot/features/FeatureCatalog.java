package io.earshot.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What each v2 feature means, for {@code /api/v1/visualizations/feature-info} and for grouping
 * model explanations. Names follow the pattern {@code <family>[_<index or pitch
 * class>]_<statistic>}; a family gives the group and the three audience texts, the statistic and
 * index sharpen the description.
 */
public final class FeatureCatalog {

  /** Groups in display order. */
  public static final List<String> GROUPS =
      List.of(
          "timbre",
          "brightness",
          "noisiness",
          "loudness",
          "pitch",
          "pitch stability",
          "rhythm",
          "harmony");

  private static final Pattern STATISTIC = Pattern.compile("^(.*)_(mean|std|p10|p90)$");
  private static final Pattern INDEXED =
      Pattern.compile("^(mfcc_delta|mfcc|spectral_contrast|chroma)_([^_]+)$");

  private static final String[] CONTRAST_BANDS = {
    "below 200 Hz",
    "200-400 Hz",
    "400-800 Hz",
    "800-1600 Hz",
    "1.6-3.2 kHz",
    "3.2-6.4 kHz",
    "above 6.4 kHz"
  };

  private FeatureCatalog() {}

  /** The description of a feature, or empty if the name is not a v2 feature. */
  public static Optional<FeatureInfo> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    String base = name;
    String statistic = null;
    Matcher s = STATISTIC.matcher(name);
    if (s.matches()) {
      base = s.group(1);
      statistic = s.group(2);
    }
    String family = base;
    String index = null;
    Matcher i = INDEXED.matcher(base);
    if (i.matches()) {
      family = i.group(1);
      index = i.group(2);
    }
    Family f = family(family, index);
    if (f == null || (statistic == null) != f.scalar) {
      return Optional.empty();
    }
    String description = f.what;
    if (statistic != null) {
      description = statisticPhrase(statistic) + lowerFirst(f.what);
    }
    return Optional.of(
        new FeatureInfo(name, f.group, f.unit, description, f.singer, f.voice, f.ecology));
  }

  /** Like {@link #find} but fails with a clear message for unknown names. */
  public static FeatureInfo describe(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException("unknown feature: " + name));
  }

  public static String groupOf(String name) {
    return describe(name).group();
  }

  /** Descriptions of every feature of a schema, in schema order. */
  public static List<FeatureInfo> describeAll(FeatureSchema schema) {
    List<FeatureInfo> all = new ArrayList<>(schema.size());
    for (String name : schema.names()) {
      all.add(describe(name));
    }
    return all;
  }

  private static String statisticPhrase(String statistic) {
    return switch (statistic) {
      case "mean" -> "Average over the clip of ";
      case "std" -> "Frame-to-frame variation (standard deviation) over the clip of ";
      case "p10" -> "Low end (10th percentile over frames) of ";
      case "p90" -> "High end (90th percentile over frames) of ";
      default -> throw new IllegalStateException(statistic);
    };
  }

  private static String lowerFirst(String text) {
    return Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  /** Family-level texts; {@code scalar} families have no statistic suffix. */
  private record Family(
      String group,
      String unit,
      boolean scalar,
      String what,
      String singer,
      String voice,
      String ecology) {}

  private static Family family(String family, String index) {
    return switch (family) {
      case "mfcc" -> mfcc(index, false);
      case "mfcc_delta" -> mfcc(index, true);
      case "spectral_centroid" ->
          new Family(
              "brightness",
              "Hz",
              false,
              "The spectral centre of mass: where the 'average' frequency of the sound lies.",
              "Higher means a brighter, more forward tone; lower a darker, rounder one.",
              "Vocoders and TTS often have an unnaturally steady or band-limited centroid.",
              "Separates low rumbles (vehicles, thunder) from high calls (birds, insects).");
      case "spectral_bandwidth" ->
          new Family(
              "brightness",
              "Hz",
              false,
              "The spread of the spectrum around its centroid.",
              "Wide means a rich, full tone with many overtones; narrow a pure or thin one.",
              "Band-limited synthesis or codecs narrow the bandwidth.",
              "Broadband events (gunshots, rain) are wide; tonal calls are narrow.");
      case "spectral_rolloff" ->
          new Family(
              "brightness",
              "Hz",
              false,
              "The frequency below which 85% of the spectral magnitude lies.",
              "Shows how much energy reaches the upper overtones (ring and air in the voice).",
              "A hard ceiling (e.g. 8 kHz) hints at a low-rate synthesiser or phone codec.",
              "High for hissy or high-pitched sources, low for engines and wind.");
      case "spectral_flatness" ->
          new Family(
              "noisiness",
              "ratio 0-1",
              false,
              "How noise-like the spectrum is: 1 for white noise or silence, near 0 for a pure tone.",
              "Breathy or hoarse singing is flatter; clear, resonant tone is peaky.",
              "Synthetic voices are often too clean between harmonics (too low a flatness).",
              "Wind, rain and engines are flat; birdsong and alarms are tonal.");
      case "spectral_contrast" -> contrast(index);
      case "zcr" ->
          new Family(
              "noisiness",
              "crossings per sample",
              false,
              "The zero-crossing rate: how often the waveform changes sign, a crude noisiness and pitch cue.",
              "Rises with breathiness, sibilants (s, sh) and high notes.",
              "Unusual crossing rates in fricatives can reveal synthesis artefacts.",
              "High for hiss, insects and rain; low for engines and low calls.");
      case "rms" ->
          new Family(
              "loudness",
              "linear amplitude (full scale = 1)",
              false,
              "The root-mean-square level of each frame: how loud the sound is.",
              "Shows dynamics and breath support; a steady level means controlled phrasing.",
              "Over-compressed or normalised audio has unnaturally little level variation.",
              "Separates silence and distant sources from close, loud events.");
      case "chroma" -> chroma(index);
      case "onset_strength" ->
          new Family(
              "rhythm",
              "dB per frame",
              false,
              "The spectral flux: how sharply the sound changes from one frame to the next.",
              "Crisp note attacks and clear consonants give strong onsets.",
              "Spliced or generated speech can have too smooth or oddly regular transitions.",
              "Impulsive events (gunshots, barks, knocks) give strong onsets.");
      case "onset_rate" ->
          new Family(
              "rhythm",
              "onsets per second",
              true,
              "How many distinct sound events (note or syllable starts) occur per second.",
              "Syllable and note rate: tempo of the phrase and articulation.",
              "Speaking rate; synthetic speech can be unnaturally even.",
              "Call repetition rate (e.g. bird song, dog barking bursts) and event density.");
      case "tempo_bpm" ->
          new Family(
              "rhythm",
              "beats per minute",
              true,
              "The dominant periodicity of the onsets, 40-240 BPM (0 when there is none).",
              "The pulse of the performance; steadiness helps accompanied singing.",
              "Rarely meaningful for speech; a strong periodicity can betray a looped sample.",
              "Regular repetitions: engines, alarms, some insects and frogs; 0 for random events.");
      case "pitch_f0_median_hz" ->
          new Family(
              "pitch",
              "Hz",
              true,
              "The median fundamental frequency over voiced frames (0 when nothing is voiced).",
              "The singer's typical pitch: tells the range being used.",
              "Typical speaking pitch; helps compare a voice with a claimed speaker.",
              "Pitch of tonal calls (birds, whistles, sirens).");
      case "pitch_voiced_fraction" ->
          new Family(
              "pitch",
              "fraction 0-1",
              true,
              "The share of frames with a clear pitch.",
              "How much of the clip is sustained, pitched tone rather than breath or silence.",
              "Natural speech alternates voiced and unvoiced sounds in typical proportions.",
              "High for tonal calls and sirens, near 0 for noise, gunshots and silence.");
      case "pitch_f0_spread_cents" ->
          new Family(
              "pitch stability",
              "cents",
              true,
              "The inter-quartile range of pitch in cents (100 cents = one semitone).",
              "How wide a pitch range the clip covers: melody span.",
              "Monotone (small spread) or exaggerated intonation can indicate synthesis.",
              "Frequency sweeps in calls and sirens give a large spread.");
      case "pitch_stability_cents" ->
          new Family(
              "pitch stability",
              "cents",
              true,
              "The median absolute pitch change between consecutive voiced frames (46 ms apart), in cents.",
              "Low means notes are held steadily; high means wobble or poor pitch control.",
              "Synthetic voices are often too stable or jump in unnatural steps.",
              "Steady whistles are near 0; trills and warbles are high.");
      default -> null;
    };
  }

  /** The index as a number in [0, bound), or -1. */
  private static int parseIndex(String index, int bound) {
    try {
      int i = Integer.parseInt(index);
      return i >= 0 && i < bound ? i : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Family mfcc(String index, boolean delta) {
    int c = parseIndex(index, AnalysisParameters.MFCC);
    if (c < 0) {
      return null;
    }
    String what =
        switch (c) {
          case 0 -> "MFCC 0: the overall level of the log-mel spectrum.";
          case 1 -> "MFCC 1: the spectral tilt, balance of low against high frequencies.";
          case 2, 3, 4 ->
              "MFCC " + c + ": the broad shape of the spectral envelope (formant regions).";
          default -> "MFCC " + c + ": finer detail of the spectral envelope.";
        };
    if (delta) {
      what = "The rate of change of " + lowerFirst(what);
      return new Family(
          "timbre",
          "dB per frame",
          false,
          what,
          "How quickly the vowel and tone colour move; smooth transitions suggest control.",
          "Natural articulation has characteristic transition speeds that synthesis often misses.",
          "Distinguishes sweeping or modulated calls from steady sounds.");
    }
    return new Family(
        "timbre",
        "dB (cepstral)",
        false,
        what,
        "Tone colour: vowel shape, resonance and timbre consistency.",
        "The spectral envelope fingerprint most used in speaker and spoof detection.",
        "The spectral envelope that separates species and sound sources.");
  }

  private static Family contrast(String index) {
    int band = parseIndex(index, CONTRAST_BANDS.length);
    if (band < 0) {
      return null;
    }
    return new Family(
        "noisiness",
        "dB",
        false,
        "Spectral contrast "
            + CONTRAST_BANDS[band]
            + ": how far spectral peaks stand above valleys.",
        "High contrast means clear, resonant harmonics in this range; low means breathy or noisy.",
        "Synthetic speech often has too clean or too smeared harmonics in some bands.",
        "Tonal calls give high contrast in their band; wind and rain give low contrast.");
  }

  private static Family chroma(String pitchClass) {
    int c = List.of(FeatureNames.PITCH_CLASSES).indexOf(pitchClass);
    if (c < 0) {
      return null;
    }
    return new Family(
        "harmony",
        "relative energy 0-1",
        false,
        "Chroma "
            + pitchClass
            + ": energy of pitch class "
            + pitchClass
            + " (all octaves), relative to the strongest class.",
        "Which notes dominate: key and intonation of the melody.",
        "Mostly a music cue; unusual harmonic balance can hint at synthesis.",
        "Tonal sources with a fixed pitch (sirens, some birds) concentrate in one class.");
  }
}
