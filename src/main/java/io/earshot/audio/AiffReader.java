package io.earshot.audio;

import static io.earshot.audio.Chunks.u16be;
import static io.earshot.audio.Chunks.u32be;
import static io.earshot.audio.FormatReader.undecodable;

import io.earshot.audio.AudioDecodeException.Reason;
import io.earshot.audio.Chunks.Chunk;
import java.nio.charset.StandardCharsets;

/**
 * AIFF and AIFF-C: big-endian integer PCM, and the AIFF-C encodings that are plain PCM in another
 * guise ("sowt" little-endian, "fl32"/"fl64" float). Compressed AIFF-C is refused.
 */
final class AiffReader implements FormatReader {

  @Override
  public DecodedAudio read(byte[] b, DecodeBudget budget) throws AudioDecodeException {
    return locate(b, b.length).decode(b, budget);
  }

  /**
   * The samples' place and layout from the start of a file ({@code head}, or the whole file) whose
   * full length is {@code fileLength}; the chunks it needs must lie in {@code head}.
   */
  static PcmData locate(byte[] b, long fileLength) throws AudioDecodeException {
    boolean aifc = AudioFormat.startsWith(b, 8, "AIFC");
    Chunk comm = null;
    Chunk ssnd = null;
    for (Chunk chunk : Chunks.walk(b, 12, true)) {
      if (chunk.id().equals("COMM") && comm == null) {
        comm = chunk;
      } else if (chunk.id().equals("SSND") && ssnd == null) {
        ssnd = chunk;
      }
    }
    if (comm == null || comm.availableSize() < 18) {
      throw undecodable("AIFF", "no complete 'COMM' chunk found");
    }
    if (ssnd == null || ssnd.availableSize() < 8) {
      throw undecodable("AIFF", "no 'SSND' chunk found");
    }
    int p = comm.bodyOffset();
    int channels = u16be(b, p);
    long declaredFrames = u32be(b, p + 2);
    int bits = u16be(b, p + 6);
    double rate = extendedToDouble(b, p + 8);
    FormatReader.checkStream("AIFF", Math.round(rate), channels);
    String compression =
        aifc && comm.availableSize() >= 22
            ? new String(b, p + 18, 4, StandardCharsets.ISO_8859_1)
            : "NONE";
    PcmLayout layout = layout(compression, channels, bits);

    long offset = u32be(b, ssnd.bodyOffset());
    long dataStart = ssnd.bodyOffset() + 8 + offset;
    long ssndEnd =
        ssnd.bodyOffset() + Math.min(ssnd.declaredSize(), fileLength - ssnd.bodyOffset());
    long available = Math.max(0, ssndEnd - dataStart);
    long frames = Math.min(declaredFrames, available / layout.frameBytes());
    return new PcmData(layout, (int) Math.round(rate), dataStart, frames, "aiff");
  }

  private static PcmLayout layout(String compression, int channels, int bits)
      throws AudioDecodeException {
    int bytes = (bits + 7) / 8;
    switch (compression) {
      case "NONE", "twos", "sowt" -> {
        if (bits < 1 || bits > 32) {
          throw undecodable("AIFF", bits + "-bit samples");
        }
        return new PcmLayout(channels, bytes, PcmLayout.Coding.SIGNED, !compression.equals("sowt"));
      }
      case "fl32", "FL32" -> {
        return new PcmLayout(channels, 4, PcmLayout.Coding.FLOAT, true);
      }
      case "fl64", "FL64" -> {
        return new PcmLayout(channels, 8, PcmLayout.Coding.FLOAT, true);
      }
      default ->
          throw new AudioDecodeException(
              Reason.UNSUPPORTED_FORMAT,
              "AIFF-C compression '"
                  + compression.strip()
                  + "' is not supported; export uncompressed AIFF, WAV or FLAC");
    }
  }

  /** The sample rate is an 80-bit IEEE 754 extended float: sign, 15-bit exponent, mantissa. */
  static double extendedToDouble(byte[] b, int p) {
    int exponent = ((b[p] & 0x7f) << 8) | (b[p + 1] & 0xff);
    long mantissa = (u32be(b, p + 2) << 32) | u32be(b, p + 6);
    if (exponent == 0 && mantissa == 0) {
      return 0;
    }
    double value = Math.scalb((double) (mantissa >>> 11), exponent - 16383 - 52);
    return (b[p] & 0x80) != 0 ? -value : value;
  }
}
