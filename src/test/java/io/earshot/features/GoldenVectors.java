package io.earshot.features;

import io.earshot.audio.AudioClip;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the frozen vectors of each feature version ({@link #resource}): the vector of
 * each {@link ReferenceClips} clip, one line per clip ({@code name,v0,...,v141}, each float printed
 * so that it reads back exactly), after {@code #} comment lines saying where it came from.
 *
 * <p>Write a version's file once, when the version is made; never regenerate one that models were
 * trained on: {@code java -cp target/test-classes:target/classes:...
 * io.earshot.features.GoldenVectors 3 src/test/resources/features/golden-vectors-v3.csv "comment"}.
 */
final class GoldenVectors {

  private GoldenVectors() {}

  /** v2's file predates the versions and kept its name. */
  static String resource(FeatureVersion version) {
    return version == FeatureVersion.V2
        ? "/features/golden-vectors.csv"
        : "/features/golden-vectors-v" + version.number() + ".csv";
  }

  public static void main(String[] args) throws IOException {
    FeatureExtractor extractor = new FeatureExtractor(FeatureVersion.of(Integer.parseInt(args[0])));
    try (PrintWriter out =
        new PrintWriter(Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8))) {
      for (int i = 2; i < args.length; i++) {
        out.println("# " + args[i]);
      }
      out.println("# schema " + extractor.schema().id());
      for (Map.Entry<String, float[]> clip : ReferenceClips.all().entrySet()) {
        float[] v = extractor.extract(new AudioClip(clip.getValue(), ReferenceClips.RATE)).values();
        StringBuilder line = new StringBuilder(clip.getKey());
        for (float value : v) {
          line.append(',').append(value);
        }
        out.println(line);
      }
    }
  }

  /** The frozen vectors of {@code version} by clip name. */
  static Map<String, float[]> read(FeatureVersion version) throws IOException {
    Map<String, float[]> vectors = new LinkedHashMap<>();
    String resource = resource(version);
    try (InputStream in = GoldenVectors.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is missing");
      }
      List<String> lines =
          List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
      for (String line : lines) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split(",");
        float[] v = new float[fields.length - 1];
        for (int i = 1; i < fields.length; i++) {
          v[i - 1] = Float.parseFloat(fields[i]);
        }
        vectors.put(fields[0], v);
      }
    }
    return vectors;
  }
}
