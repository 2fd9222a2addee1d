package io.earshot.audio;

import static io.earshot.audio.Chunks.u16le;
import static io.earshot.audio.Chunks.u32le;
import static io.earshot.audio.Chunks.u64le;
import static io.earshot.audio.FormatReader.undecodable;

import io.earshot.audio.AudioDecodeException.Reason;
import io.earshot.audio.Chunks.Chunk;
import io.earshot.audio.PcmLayout.Coding;

/**
 * RIFF/RF64 WAVE: integer PCM of 8, 16, 24 or 32 bits, IEEE float of 32 or 64 bits, 8-bit mu-law
 * and A-law, any channel count, plain or WAVE_FORMAT_EXTENSIBLE. A data chunk that claims more
 * bytes than the file holds (truncated uploads, streaming writers) is read as far as it goes.
 */
final class WavReader implements FormatReader {

  private static final int TAG_PCM = 0x0001;
  private static final int TAG_FLOAT = 0x0003;
  private static final int TAG_A_LAW = 0x0006;
  private static final int TAG_MU_LAW = 0x0007;
  private static final int TAG_EXTENSIBLE = 0xfffe;
  private static final long RF64_PLACEHOLDER = 0xffffffffL;

  private record Fmt(int tag, int channels, long sampleRate, int blockAlign, int bits) {}

  @Override
  public DecodedAudio read(byte[] b, DecodeBudget budget) throws AudioDecodeException {
    return locate(b, b.length).decode(b, budget);
  }

  /**
   * The samples' place and layout from the start of a file ({@code head}, or the whole file) whose
   * full length is {@code fileLength}; the chunks it needs must lie in {@code head}.
   */
  static PcmData locate(byte[] head, long fileLength) throws AudioDecodeException {
    boolean rf64 = !AudioFormat.startsWith(head, 0, "RIFF");
    Fmt fmt = null;
    Chunk data = null;
    long ds64DataSize = -1;
    for (Chunk chunk : Chunks.walk(head, 12, false)) {
      switch (chunk.id()) {
        case "ds64" -> {
          if (chunk.availableSize() >= 16) {
            ds64DataSize = u64le(head, chunk.bodyOffset() + 8);
          }
        }
        case "fmt " -> fmt = parseFmt(head, chunk);
        case "data" -> data = data == null ? chunk : data;
        default -> {} // LIST, fact, bext, cue, JUNK...: metadata we do not need
      }
    }
    if (fmt == null) {
      throw undecodable("WAV", "no 'fmt ' chunk found");
    }
    if (data == null) {
      throw undecodable("WAV", "no 'data' chunk found");
    }
    PcmLayout layout = layout(fmt);
    long declared = data.declaredSize();
    if (rf64 && declared == RF64_PLACEHOLDER && ds64DataSize >= 0) {
      declared = ds64DataSize;
    }
    long bytes = Math.min(declared, fileLength - data.bodyOffset());
    return new PcmData(
        layout, (int) fmt.sampleRate(), data.bodyOffset(), bytes / layout.frameBytes(), "wav");
  }

  private static Fmt parseFmt(byte[] b, Chunk chunk) throws AudioDecodeException {
    if (chunk.availableSize() < 16) {
      throw undecodable("WAV", "'fmt ' chunk is " + chunk.availableSize() + " bytes, need 16");
    }
    int p = chunk.bodyOffset();
    int tag = u16le(b, p);
    if (tag == TAG_EXTENSIBLE && chunk.availableSize() >= 26) {
      tag = u16le(b, p + 24); // the first two bytes of the SubFormat GUID are the real tag
    }
    return new Fmt(tag, u16le(b, p + 2), u32le(b, p + 4), u16le(b, p + 12), u16le(b, p + 14));
  }

  private static PcmLayout layout(Fmt fmt) throws AudioDecodeException {
    FormatReader.checkStream("WAV", fmt.sampleRate(), fmt.channels());
    if ((fmt.tag() == TAG_MU_LAW || fmt.tag() == TAG_A_LAW) && fmt.bits() == 8) {
      Coding coding = fmt.tag() == TAG_MU_LAW ? Coding.MU_LAW : Coding.A_LAW;
      return new PcmLayout(fmt.channels(), 1, coding, false);
    }
    if (fmt.tag() != TAG_PCM && fmt.tag() != TAG_FLOAT) {
      throw new AudioDecodeException(
          Reason.UNSUPPORTED_FORMAT,
          String.format(
              "WAV encoding 0x%04x (%s) is not supported; convert it to PCM or float WAV, or to FLAC",
              fmt.tag(), encodingName(fmt.tag())));
    }
    boolean floating = fmt.tag() == TAG_FLOAT;
    int container = containerBytes(fmt);
    boolean valid =
        floating
            ? (container == 4 || container == 8)
            : (fmt.bits() >= 1 && fmt.bits() <= 32 && container >= 1 && container <= 4);
    if (!valid) {
      throw new AudioDecodeException(
          Reason.UNSUPPORTED_FORMAT,
          String.format(
              "WAV with %d-bit %s samples is not supported; use 8/16/24/32-bit PCM or 32/64-bit float",
              fmt.bits(), floating ? "float" : "integer"));
    }
    Coding coding = floating ? Coding.FLOAT : (container == 1 ? Coding.UNSIGNED : Coding.SIGNED);
    return new PcmLayout(fmt.channels(), container, coding, false);
  }

  /** Samples sit in containers of blockAlign / channels bytes (e.g. 20-bit audio in 3 bytes). */
  private static int containerBytes(Fmt fmt) {
    int fromBits = (fmt.bits() + 7) / 8;
    int fromAlign = fmt.blockAlign() / fmt.channels();
    boolean alignConsistent =
        fmt.blockAlign() % fmt.channels() == 0 && fromAlign >= fromBits && fromAlign <= 8;
    return alignConsistent ? fromAlign : fromBits;
  }

  private static String encodingName(int tag) {
    return switch (tag) {
      case 0x0002 -> "Microsoft ADPCM";
      case 0x0011 -> "IMA ADPCM";
      case 0x0031 -> "GSM 6.10";
      case 0x0055 -> "MPEG layer 3";
      default -> "unknown";
    };
  }
}
