package io.earshot.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A clip encoded with a lossy codec and decoded again, the way a user's MP3 or Ogg upload reaches
 * the features: for training on what compressed uploads look like (docs/FEATURES.md, "Codec
 * augmentation"). The encoder is the {@code ffmpeg} on the PATH (LAME and libvorbis; no encoder of
 * either is kept up on Maven Central); the decoding is Earshot's own, in the JVM. Optional: without
 * ffmpeg, training simply has no codec variants. Blocks: call on a worker thread.
 */
public final class CodecRoundTrip {

  /** The codecs and settings Earshot's users send most, as the codec harness measures them. */
  public enum Codec {
    MP3_64K("libmp3lame", "-b:a", "64k", "mp3"),
    MP3_128K("libmp3lame", "-b:a", "128k", "mp3"),
    VORBIS_Q2("libvorbis", "-q:a", "2", "ogg"),
    VORBIS_Q4("libvorbis", "-q:a", "4", "ogg");

    private final String encoder;
    private final String settingFlag;
    private final String setting;
    private final String container;

    Codec(String encoder, String settingFlag, String setting, String container) {
      this.encoder = encoder;
      this.settingFlag = settingFlag;
      this.setting = setting;
      this.container = container;
    }
  }

  /** Rate the clip is encoded at: the usual rate of the MP3 and Ogg files users send. */
  static final int ENCODE_RATE = 44_100;

  private static final long TIMEOUT_SECONDS = 60;

  private final Path ffmpeg;
  private final AudioLoader decoder = new AudioLoader(AudioLimits.defaults(), Optional.empty());

  CodecRoundTrip(Path ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /** The round trip through the {@code ffmpeg} on the PATH; empty when there is none. */
  public static Optional<CodecRoundTrip> onPath() {
    return FfmpegReader.executableOnPath().map(CodecRoundTrip::new);
  }

  /**
   * The clip after {@code codec}: encoded at {@value #ENCODE_RATE} Hz, decoded by Earshot's own
   * decoder back to the analysis rate, and cut or padded to the clip's length (encoders add
   * padding). The same clip and codec always give the same samples for one ffmpeg build.
   *
   * @throws UncheckedIOException when ffmpeg fails or its output does not decode
   */
  public AudioClip apply(AudioClip clip, Codec codec) {
    byte[] wav = WavEncoder.float32(clip.samples(), clip.sampleRate(), 1);
    byte[] coded = encode(wav, codec);
    try {
      float[] decoded = decoder.load(coded).samples();
      float[] fitted = Arrays.copyOf(decoded, clip.samples().length);
      for (int i = 0; i < fitted.length; i++) {
        fitted[i] = Math.max(-1f, Math.min(1f, fitted[i]));
      }
      return new AudioClip(fitted, clip.sampleRate());
    } catch (AudioDecodeException e) {
      throw new UncheckedIOException(
          new IOException(codec + " output of ffmpeg does not decode: " + e.getMessage(), e));
    }
  }

  private byte[] encode(byte[] wav, Codec codec) {
    List<String> command =
        new ArrayList<>(
            List.of(
                ffmpeg.toString(),
                "-hide_banner",
                "-loglevel",
                "error",
                "-i",
                "pipe:0",
                "-ar",
                String.valueOf(ENCODE_RATE),
                "-c:a",
                codec.encoder,
                codec.settingFlag,
                codec.setting,
                // no encoder name, time or random serial in the output: the same input, the same
                // bytes
                "-fflags",
                "+bitexact",
                "-flags:a",
                "+bitexact",
                "-f",
                codec.container,
                "pipe:1"));
    Process process = null;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      Process running = process;
      Thread feeder =
          new Thread(
              () -> {
                try (OutputStream in = running.getOutputStream()) {
                  in.write(wav);
                } catch (IOException stopped) {
                  // ffmpeg stopped reading; its exit code says why
                }
              },
              "earshot-codec-feed");
      feeder.setDaemon(true);
      feeder.start();
      byte[] coded = process.getInputStream().readAllBytes();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          || process.exitValue() != 0
          || coded.length == 0) {
        throw new IOException("ffmpeg could not encode " + codec);
      }
      return coded;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UncheckedIOException(new IOException("interrupted while encoding " + codec, e));
    } finally {
      if (process != null) {
        FfmpegReader.kill(process);
      }
    }
  }
}
