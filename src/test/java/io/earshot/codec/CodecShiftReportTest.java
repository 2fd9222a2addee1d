package io.earshot.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.earshot.audio.WavEncoder;
import io.earshot.pipeline.FolderDataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The codec harness end to end with the real ffmpeg (issue 17); skipped where ffmpeg is absent. */
class CodecShiftReportTest {

  private static final int RATE = 44_100;

  @BeforeAll
  static void needsFfmpeg() {
    assumeTrue(Codec.ffmpegAvailable(), "ffmpeg is not on the PATH");
  }

  @Test
  void losslessFlacMovesNothingAndLowBitrateMp3MovesTheTopBand(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    for (int i = 0; i < 3; i++) {
      writeClip(data.resolve("tone").resolve("tone" + i + ".wav"), 440 * (i + 1), i);
    }
    Path out = dir.resolve("out");
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    Map<Codec, List<FeatureShift>> shifts =
        new CodecShiftReport()
            .run(
                FolderDataset.scan(data),
                List.of(Codec.FLAC, Codec.MP3_64),
                out,
                new PrintStream(log, true, StandardCharsets.UTF_8));

    // FLAC decodes to the same samples, so every feature is exactly where it was
    for (FeatureShift s : shifts.get(Codec.FLAC)) {
      assertEquals(0.0, s.meanAbsolute(), 0.0, s.feature());
    }
    // 64 kbit/s MP3 low-passes the noise above ~11 kHz away: the top contrast band moves, and
    // something moves by a visible fraction of the between-clip spread
    List<FeatureShift> mp3 = shifts.get(Codec.MP3_64);
    assertTrue(mp3.get(0).meanAbsolute() > 0.05, () -> "largest mp3 shift " + mp3.get(0));
    assertTrue(
        mp3.stream()
                .filter(s -> s.feature().startsWith("spectral_contrast_6"))
                .mapToDouble(FeatureShift::meanAbsolute)
                .max()
                .orElseThrow()
            > 0,
        "the top contrast band moved");
    assertTrue(Files.exists(out.resolve("mp3-64k/tone/tone0.mp3")), "encoded clips are kept");
    assertTrue(Files.exists(out.resolve("flac/tone/tone2.flac")));
    String csv = Files.readString(out.resolve("shifts.csv"));
    assertEquals(1 + 2 * 142, csv.lines().count(), "a header and one row per codec and feature");
    assertTrue(Files.readString(out.resolve("shifts.md")).contains("## mp3-64k: the 15 features"));
    assertTrue(log.toString(StandardCharsets.UTF_8).startsWith("3 clips measured (0 skipped)"));
  }

  @Test
  void aClipFfmpegCannotReadIsSkippedAndNamed(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    for (int i = 0; i < 2; i++) {
      writeClip(data.resolve("tone").resolve("tone" + i + ".wav"), 300 + 100 * i, i);
    }
    Files.writeString(data.resolve("tone").resolve("broken.wav"), "not audio");
    ByteArrayOutputStream log = new ByteArrayOutputStream();

    new CodecShiftReport()
        .run(
            FolderDataset.scan(data),
            List.of(Codec.FLAC),
            dir.resolve("out"),
            new PrintStream(log, true, StandardCharsets.UTF_8));

    String printed = log.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("skipped " + data.resolve("tone/broken.wav")), printed);
    assertTrue(printed.contains("2 clips measured (1 skipped)"), printed);
  }

  /** A harmonic tone over broadband noise, 2 s at 44.1 kHz: energy up to Nyquist. */
  private static void writeClip(Path file, double hz, long seed) throws Exception {
    Random random = new Random(seed);
    float[] x = new float[2 * RATE];
    for (int n = 0; n < x.length; n++) {
      double t = (double) n / RATE;
      x[n] =
          (float)
              (0.3 * Math.sin(2 * Math.PI * hz * t)
                  + 0.1 * Math.sin(2 * Math.PI * 3 * hz * t)
                  + 0.05 * (2 * random.nextDouble() - 1));
    }
    Files.createDirectories(file.getParent());
    Files.write(file, WavEncoder.pcm16(x, RATE, 1));
  }
}
