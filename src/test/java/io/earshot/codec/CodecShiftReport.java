package io.earshot.codec;

import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.pipeline.FolderDataset;
import io.earshot.pipeline.LabeledFile;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Issue 17's measurement: every clip of a labelled folder encoded with each {@link Codec}, decoded
 * by Earshot's own decoders and measured by its feature extractor, against the original.
 *
 * <p>{@code CodecShiftReport --data DIR --out DIR [--codecs mp3-64k,ogg-q2,...]} writes
 *
 * <ul>
 *   <li>{@code OUT/<codec>/<class>/<clip>.<ext>}: the encoded clips, in the layout {@code evaluate
 *       --data} reads, so a model's accuracy per codec is one command each;
 *   <li>{@code OUT/shifts.csv}: per codec and feature, the mean and median |shift| and the mean
 *       signed shift, in between-clip standard deviations ({@link FeatureShift});
 *   <li>{@code OUT/shifts.md}: the features that move most per codec, and per feature family.
 * </ul>
 *
 * Run through {@code scripts/codec-shift.sh}, which also trains and evaluates.
 */
public final class CodecShiftReport {

  private static final int TOP = 15;

  private final AudioLoader loader = new AudioLoader(AudioLimits.defaults());
  private final FeatureExtractor extractor = new FeatureExtractor();

  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    Path data = Path.of(required(options, "--data"));
    Path out = Path.of(required(options, "--out"));
    List<Codec> codecs = new ArrayList<>();
    for (String label : options.getOrDefault("--codecs", all()).split(",")) {
      codecs.add(byLabel(label.strip()));
    }
    if (!Codec.ffmpegAvailable()) {
      throw new IllegalStateException("ffmpeg is not on the PATH (apt-get install -y ffmpeg)");
    }
    new CodecShiftReport().run(FolderDataset.scan(data), codecs, out, System.out);
  }

  /** Features of every clip before and after each codec; writes the report files into out. */
  Map<Codec, List<FeatureShift>> run(
      List<LabeledFile> clips, List<Codec> codecs, Path out, PrintStream log) throws Exception {
    List<ClipResult> results = measureAll(clips, codecs, out);
    List<ClipResult> measured = results.stream().filter(r -> r.failure == null).toList();
    results.stream()
        .filter(r -> r.failure != null)
        .forEach(r -> log.println("skipped " + r.clip.path() + ": " + r.failure));
    List<String> names = extractor.schema().names();
    List<float[]> original = measured.stream().map(r -> r.original).toList();
    Map<Codec, List<FeatureShift>> shifts = new EnumMap<>(Codec.class);
    for (Codec codec : codecs) {
      List<float[]> coded = measured.stream().map(r -> r.coded.get(codec)).toList();
      shifts.put(codec, FeatureShift.rank(names, original, coded));
    }
    Files.writeString(out.resolve("shifts.csv"), csv(shifts), StandardCharsets.UTF_8);
    Files.writeString(
        out.resolve("shifts.md"), markdown(shifts, measured.size()), StandardCharsets.UTF_8);
    log.printf(
        Locale.ROOT,
        "%d clips measured (%d skipped), %d codecs; wrote %s and %s%n",
        measured.size(),
        results.size() - measured.size(),
        codecs.size(),
        out.resolve("shifts.csv"),
        out.resolve("shifts.md"));
    return shifts;
  }

  private List<ClipResult> measureAll(List<LabeledFile> clips, List<Codec> codecs, Path out)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    try {
      List<Future<ClipResult>> futures = new ArrayList<>();
      for (LabeledFile clip : clips) {
        futures.add(pool.submit(() -> measure(clip, codecs, out)));
      }
      List<ClipResult> results = new ArrayList<>();
      for (Future<ClipResult> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private ClipResult measure(LabeledFile clip, List<Codec> codecs, Path out) {
    ClipResult result = new ClipResult(clip);
    try {
      result.original = extractor.extract(loader.load(clip.path())).values();
      String stem = stem(clip.path());
      for (Codec codec : codecs) {
        Path coded =
            out.resolve(codec.label())
                .resolve(clip.label())
                .resolve(stem + "." + codec.extension());
        codec.encode(clip.path(), coded);
        result.coded.put(codec, extractor.extract(loader.load(coded)).values());
      }
    } catch (IOException | AudioDecodeException | RuntimeException e) {
      result.failure = e.getMessage();
    }
    return result;
  }

  private static String csv(Map<Codec, List<FeatureShift>> shifts) {
    StringBuilder sb = new StringBuilder("codec,feature,mean_abs,median_abs,mean_signed,spread\n");
    shifts.forEach(
        (codec, list) ->
            list.forEach(
                s ->
                    sb.append(
                        String.format(
                            Locale.ROOT,
                            "%s,%s,%.6f,%.6f,%.6f,%.6g%n",
                            codec.label(),
                            s.feature(),
                            s.meanAbsolute(),
                            s.medianAbsolute(),
                            s.meanSigned(),
                            s.spread()))));
    return sb.toString();
  }

  private static String markdown(Map<Codec, List<FeatureShift>> shifts, int clips) {
    StringBuilder sb = new StringBuilder();
    sb.append("# Feature shifts through codecs\n\n")
        .append(clips)
        .append(" clips. A shift is (coded - original) / the feature's standard deviation over the")
        .append(" original clips. The family table gives the mean |shift| over each family's")
        .append(
            " statistics; the tables per codec also give the mean signed shift (its direction).\n\n");
    sb.append("## Per feature family (mean |shift| over the family's statistics)\n\n| family |");
    shifts.keySet().forEach(c -> sb.append(' ').append(c.label()).append(" |"));
    sb.append("\n|---|");
    shifts.keySet().forEach(c -> sb.append("---:|"));
    sb.append('\n');
    Map<String, Map<Codec, double[]>> families = new LinkedHashMap<>();
    shifts.forEach(
        (codec, list) ->
            list.forEach(
                s -> {
                  double[] sum =
                      families
                          .computeIfAbsent(family(s.feature()), k -> new EnumMap<>(Codec.class))
                          .computeIfAbsent(codec, k -> new double[2]);
                  sum[0] += s.meanAbsolute();
                  sum[1]++;
                }));
    families.entrySet().stream()
        .sorted(
            (a, b) ->
                Double.compare(average(b.getValue().values()), average(a.getValue().values())))
        .forEach(
            e -> {
              sb.append("| ").append(e.getKey()).append(" |");
              e.getValue()
                  .values()
                  .forEach(
                      sum -> sb.append(String.format(Locale.ROOT, " %.3f |", sum[0] / sum[1])));
              sb.append('\n');
            });
    shifts.forEach(
        (codec, list) -> {
          sb.append("\n## ").append(codec.label()).append(": the ").append(TOP);
          sb.append(
              " features that move most\n\n| feature | mean abs | median abs | mean signed |\n");
          sb.append("|---|---:|---:|---:|\n");
          list.stream()
              .limit(TOP)
              .forEach(
                  s ->
                      sb.append(
                          String.format(
                              Locale.ROOT,
                              "| %s | %.3f | %.3f | %+.3f |%n",
                              s.feature(),
                              s.meanAbsolute(),
                              s.medianAbsolute(),
                              s.meanSigned())));
        });
    return sb.toString();
  }

  private static double average(Iterable<double[]> sums) {
    double total = 0;
    double count = 0;
    for (double[] s : sums) {
      total += s[0];
      count += s[1];
    }
    return count == 0 ? 0 : total / count;
  }

  /**
   * The family of a feature: its name without the statistic ({@code spectral_contrast_6_std} is
   * {@code spectral_contrast_6}, {@code mfcc_3_mean} is {@code mfcc_3}), and one family for the 12
   * chroma classes.
   */
  static String family(String feature) {
    String name = feature.replaceAll("_(mean|std|min|max|median|p\\d+|skew|range|iqr)$", "");
    return name.startsWith("chroma_") ? "chroma" : name;
  }

  private static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static Codec byLabel(String label) {
    for (Codec c : Codec.values()) {
      if (c.label().equals(label)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown codec '" + label + "'; known: " + all());
  }

  private static String all() {
    return String.join(",", java.util.Arrays.stream(Codec.values()).map(Codec::label).toList());
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i], args[i + 1]);
    }
    return options;
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      throw new IllegalArgumentException(
          "usage: CodecShiftReport --data DIR --out DIR [--codecs " + all() + "]");
    }
    return value;
  }

  /** One clip's features, before and after each codec, or why it could not be measured. */
  private static final class ClipResult {
    final LabeledFile clip;
    final Map<Codec, float[]> coded = new EnumMap<>(Codec.class);
    float[] original;
    String failure;

    ClipResult(LabeledFile clip) {
      this.clip = clip;
    }
  }
}
