package io.earshot.audio;

import io.earshot.audio.AudioDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Optional fallback for formats the pure-Java readers do not know (AAC/M4A, Opus, WebM...), used
 * only when an {@code ffmpeg} executable is on the PATH. ffmpeg mixes to mono and resamples to the
 * analysis rate itself; its output is read only up to the duration limit and the process is killed
 * when the time budget runs out.
 */
final class FfmpegReader implements FormatReader {

  private final Path executable;

  FfmpegReader(Path executable) {
    this.executable = executable;
  }

  static Optional<FfmpegReader> onPath() {
    return executableOnPath().map(FfmpegReader::new);
  }

  /** The first {@code ffmpeg} executable on the PATH, if any. */
  static Optional<Path> executableOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "ffmpeg");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  @Override
  public DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException {
    int rate = AudioClip.ANALYSIS_RATE;
    List<String> command =
        List.of(
            executable.toString(),
            "-hide_banner",
            "-loglevel",
            "error",
            "-i",
            "pipe:0",
            "-vn",
            "-ac",
            "1",
            "-ar",
            String.valueOf(rate),
            "-f",
            "f32le",
            "pipe:1");
    Process process;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new AudioDecodeException(Reason.UNSUPPORTED_FORMAT, unrecognised(), e);
    }
    Thread feeder = new Thread(() -> feed(process, bytes, budget), "earshot-ffmpeg-feed");
    feeder.setDaemon(true);
    feeder.start();
    try {
      byte[] pcm = readBounded(process.getInputStream(), budget.maxFrames(rate) * 4, budget);
      if (!process.waitFor(budget.limits().decodeTimeBudgetMillis(), TimeUnit.MILLISECONDS)) {
        throw DecodeBudget.timeout(budget.limits());
      }
      budget.checkTime();
      if (process.exitValue() != 0 || pcm.length == 0) {
        throw new AudioDecodeException(Reason.UNSUPPORTED_FORMAT, unrecognised());
      }
      float[] samples = new float[pcm.length / 4];
      ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(samples);
      MonoSink sink = new MonoSink(rate, budget, samples.length);
      sink.reserve(samples.length);
      for (float s : samples) {
        sink.put(s);
      }
      return new DecodedAudio(sink.toArray(), rate, 1, "ffmpeg");
    } catch (IOException e) {
      throw new AudioDecodeException(Reason.UNDECODABLE, "ffmpeg failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DecodeBudget.timeout(budget.limits());
    } finally {
      kill(process);
    }
  }

  /** Writes the upload to ffmpeg, then kills ffmpeg if it outlives the budget. */
  private static void feed(Process process, byte[] bytes, DecodeBudget budget) {
    try (OutputStream in = process.getOutputStream()) {
      in.write(bytes);
    } catch (IOException ignored) {
      // ffmpeg stopped reading (it gave up on the format): its exit code tells the reader.
    }
    try {
      if (!process.waitFor(budget.limits().decodeTimeBudgetMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
      }
    } catch (InterruptedException e) {
      kill(process);
    }
  }

  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static byte[] readBounded(InputStream out, long maxBytes, DecodeBudget budget)
      throws IOException, AudioDecodeException {
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    byte[] buffer = new byte[1 << 16];
    for (int n = out.read(buffer); n >= 0; n = out.read(buffer)) {
      budget.checkTime();
      if (pcm.size() + (long) n > maxBytes) {
        throw budget.tooLongSoFar(AudioClip.ANALYSIS_RATE);
      }
      pcm.write(buffer, 0, n);
    }
    return pcm.toByteArray();
  }

  private static String unrecognised() {
    return "unrecognised audio format; send WAV, MP3, FLAC, Ogg Vorbis or AIFF";
  }
}
