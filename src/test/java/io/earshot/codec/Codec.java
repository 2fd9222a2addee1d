package io.earshot.codec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The lossy and lossless encodings Earshot's users send, made with ffmpeg (Debian's package; test
 * scope only, the jar stays pure Java). Each encodes a clip at its own sample rate and channel
 * count, as a phone or a field recorder would, so the decoder and resampler see what they see in
 * production.
 */
public enum Codec {
  MP3_64("mp3-64k", "mp3", "-c:a", "libmp3lame", "-b:a", "64k"),
  MP3_128("mp3-128k", "mp3", "-c:a", "libmp3lame", "-b:a", "128k"),
  OGG_Q2("ogg-q2", "ogg", "-c:a", "libvorbis", "-q:a", "2"),
  OGG_Q4("ogg-q4", "ogg", "-c:a", "libvorbis", "-q:a", "4"),
  FLAC("flac", "flac", "-c:a", "flac");

  private static final long TIMEOUT_SECONDS = 60;

  private final String label;
  private final String extension;
  private final List<String> arguments;

  Codec(String label, String extension, String... arguments) {
    this.label = label;
    this.extension = extension;
    this.arguments = List.of(arguments);
  }

  /** Short name, used for folder and column names: {@code mp3-64k}, {@code ogg-q2}, ... */
  public String label() {
    return label;
  }

  public String extension() {
    return extension;
  }

  /** True when an ffmpeg binary answers {@code -version}. */
  public static boolean ffmpegAvailable() {
    try {
      Process p = new ProcessBuilder("ffmpeg", "-version").redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Encodes {@code source} into {@code target} (its extension should be {@link #extension()}). */
  public void encode(Path source, Path target) throws IOException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    command.addAll(List.of("-i", source.toString()));
    command.addAll(arguments);
    command.add(target.toString());
    Files.createDirectories(target.toAbsolutePath().getParent());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    try {
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("ffmpeg took over " + TIMEOUT_SECONDS + " s on " + source);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while encoding " + source, e);
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "ffmpeg " + label + " failed on " + source + ": " + new String(output).strip());
    }
  }
}
