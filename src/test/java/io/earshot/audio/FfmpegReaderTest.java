package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.earshot.audio.AudioDecodeException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process handling of the ffmpeg fallback, with shell scripts standing in for ffmpeg (so it
 * runs where ffmpeg is not installed), and with the real ffmpeg when it is on the PATH.
 */
class FfmpegReaderTest {

  private static final byte[] NOT_DETECTED =
      "#!AMR\n not a format Earshot reads itself".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private Path script(String body) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs /bin/sh");
    Path file = dir.resolve("fake-ffmpeg");
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  private static AudioLoader loaderWith(Path ffmpeg, AudioLimits limits) {
    return new AudioLoader(limits, Optional.of(new FfmpegReader(ffmpeg)));
  }

  @Test
  void usesWhatFfmpegWritesAsMonoAtTheAnalysisRate() throws Exception {
    int samples = 4410;
    ByteBuffer pcm = ByteBuffer.allocate(samples * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < samples; i++) {
      pcm.putFloat((float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 22050.0)));
    }
    Path raw = Files.write(dir.resolve("out.f32"), pcm.array());
    Path fake = script("cat > /dev/null; cat '" + raw + "'");

    AudioClip clip = loaderWith(fake, AudioLimits.defaults()).load(NOT_DETECTED);

    assertEquals(samples, clip.samples().length);
    assertEquals(440, Signals.toneFrequency(clip.samples(), clip.sampleRate()), 1.0);
  }

  @Test
  void aFailingFfmpegMeansAnUnsupportedFormat() throws Exception {
    Path fake = script("cat > /dev/null; exit 1");
    AudioDecodeException e =
        assertThrows(
            AudioDecodeException.class,
            () -> loaderWith(fake, AudioLimits.defaults()).load(NOT_DETECTED));
    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
  }

  @Test
  void aHangingFfmpegIsKilledAtTheBudget() throws Exception {
    Path fake = script("exec sleep 30");
    AudioLimits limits = AudioLimits.defaults().withDecodeTimeBudgetMillis(300);
    AudioDecodeException e =
        assertThrows(AudioDecodeException.class, () -> loaderWith(fake, limits).load(NOT_DETECTED));
    assertEquals(Reason.TIMEOUT, e.reason());
  }

  @Test
  void endlessOutputStopsAtTheDurationLimit() throws Exception {
    Path fake = script("cat > /dev/null; exec cat /dev/zero");
    AudioLimits limits = AudioLimits.defaults().withMaxDurationSeconds(2);
    AudioDecodeException e =
        assertThrows(AudioDecodeException.class, () -> loaderWith(fake, limits).load(NOT_DETECTED));
    assertEquals(Reason.TOO_LONG, e.reason());
  }

  @Test
  void realFfmpegDecodesWhenInstalled() throws Exception {
    Optional<FfmpegReader> ffmpeg = FfmpegReader.onPath();
    assumeTrue(ffmpeg.isPresent(), "ffmpeg is not on the PATH");
    byte[] wav = WavEncoder.pcm16(Signals.sine(440, 0.5, 16000, 16000, 1), 16000, 1);

    DecodedAudio decoded = ffmpeg.get().read(wav, new DecodeBudget(AudioLimits.defaults()));

    assertEquals(1.0, decoded.durationSeconds(), 0.01);
    assertEquals(AudioClip.ANALYSIS_RATE, decoded.sampleRate());
  }
}
