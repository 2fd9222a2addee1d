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
 * Writes and reads {@code features/golden-vectors.csv}: the vector of each {@link ReferenceClips}
 * clip, one line per clip ({@code name,v0,...,v141}, each float printed so that it reads back
 * exactly), after {@code #} comment lines saying where it came from.
 *
 * <p>Regenerate only on purpose (a schema change): {@code java -cp
 * target/test-classes:target/classes:... io.earshot.features.GoldenVectors
 * src/test/resources/features/golden-vectors.csv "comment"}.
 */
final class GoldenVectors {

  static final String RESOURCE = "/features/golden-vectors.csv";

  private GoldenVectors() {}

  public static void main(String[] args) throws IOException {
    FeatureExtractor extractor = new FeatureExtractor();
    try (PrintWriter out =
        new PrintWriter(Files.newBufferedWriter(Path.of(args[0]), StandardCharsets.UTF_8))) {
      for (int i = 1; i < args.length; i++) {
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

  /** The frozen vectors by clip name. */
  static Map<String, float[]> read() throws IOException {
    Map<String, float[]> vectors = new LinkedHashMap<>();
    try (InputStream in = GoldenVectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IOException(RESOURCE + " is missing");
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
