package io.earshot.audio;

import io.earshot.audio.mp3.MpegAudioHeader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** Container formats Earshot decodes in pure Java, recognised by their leading bytes only. */
public enum AudioFormat {
  WAV("WAV", "audio/wav"),
  MP3("MP3", "audio/mpeg"),
  FLAC("FLAC", "audio/flac"),
  OGG_VORBIS("Ogg Vorbis", "audio/ogg"),
  AIFF("AIFF", "audio/aiff");

  private final String displayName;
  private final String mediaType;

  AudioFormat(String displayName, String mediaType) {
    this.displayName = displayName;
    this.mediaType = mediaType;
  }

  /** The IANA media type, for a Content-Type header. */
  public String mediaType() {
    return mediaType;
  }

  /** The name people know the format by, for messages. */
  public String displayName() {
    return displayName;
  }

  /** Enough leading bytes for {@link #detect} in all cases except long ID3 tags before FLAC. */
  public static final int DETECT_BYTES = 64;

  /**
   * Recognises the format from the first bytes of a file (file names are never trusted). Pass the
   * whole file when available: an ID3v2 tag may precede a FLAC stream, which is only seen past the
   * tag.
   */
  public static Optional<AudioFormat> detect(byte[] head) {
    if (head == null || head.length < 4) {
      return Optional.empty();
    }
    if (isRiffWave(head)) {
      return Optional.of(WAV);
    }
    if (startsWith(head, 0, "fLaC")) {
      return Optional.of(FLAC);
    }
    if (startsWith(head, 0, "OggS")) {
      return isVorbisFirstPage(head) ? Optional.of(OGG_VORBIS) : Optional.empty();
    }
    boolean aiff = startsWith(head, 8, "AIFF") || startsWith(head, 8, "AIFC");
    if (startsWith(head, 0, "FORM") && aiff) {
      return Optional.of(AIFF);
    }
    int afterId3 = id3v2Length(head);
    if (afterId3 > 0) {
      return startsWith(head, afterId3, "fLaC") ? Optional.of(FLAC) : Optional.of(MP3);
    }
    return MpegAudioHeader.isSync(head, 0) ? Optional.of(MP3) : Optional.empty();
  }

  /** Formats named in refusals (first match wins): where their magic bytes are, what they are. */
  private record Signature(int offset, String magic, String name) {}

  private static final List<Signature> UNSUPPORTED =
      List.of(
          new Signature(4, "ftyp", "MP4/M4A (AAC or ALAC)"),
          new Signature(28, "OpusHead", "Ogg Opus"),
          new Signature(0, "OggS", "Ogg (not Vorbis)"),
          new Signature(0, "\u001aE\u00df\u00a3", "WebM/Matroska"),
          new Signature(0, "#!AMR", "AMR"),
          new Signature(0, "caff", "Core Audio (CAF)"),
          new Signature(0, "RIFX", "big-endian WAV (RIFX)"),
          new Signature(0, ".snd", "Sun/NeXT audio (.au)"),
          new Signature(0, "MAC ", "Monkey's Audio (APE)"),
          new Signature(0, "wvpk", "WavPack"));

  /**
   * Names formats that Earshot recognises but does not decode itself (ffmpeg may), so that a
   * refusal can say what was sent: "MP4/M4A (AAC or ALAC)", "Ogg Opus", "WebM/Matroska"...
   */
  public static Optional<String> describeUnsupported(byte[] head) {
    if (head == null || head.length < 4) {
      return Optional.empty();
    }
    for (Signature signature : UNSUPPORTED) {
      if (startsWith(head, signature.offset(), signature.magic())) {
        return Optional.of(signature.name());
      }
    }
    boolean adts = (head[0] & 0xff) == 0xff && (head[1] & 0xf6) == 0xf0; // sync, layer 00
    return adts ? Optional.of("AAC (ADTS)") : Optional.empty();
  }

  /** Length of a leading ID3v2 tag including its header (and footer), or 0 when there is none. */
  static int id3v2Length(byte[] b) {
    if (b.length < 10 || !startsWith(b, 0, "ID3")) {
      return 0;
    }
    // The size is four 7-bit bytes ("synchsafe"); a set high bit means this is not a tag.
    int size = 0;
    for (int i = 6; i < 10; i++) {
      if ((b[i] & 0x80) != 0) {
        return 0;
      }
      size = (size << 7) | (b[i] & 0x7f);
    }
    boolean footer = (b[5] & 0x10) != 0;
    return 10 + size + (footer ? 10 : 0);
  }

  private static boolean isRiffWave(byte[] b) {
    boolean riff = startsWith(b, 0, "RIFF") || startsWith(b, 0, "RF64") || startsWith(b, 0, "BW64");
    return riff && startsWith(b, 8, "WAVE");
  }

  /** The first Ogg page must carry a Vorbis identification header ("\1vorbis"). */
  private static boolean isVorbisFirstPage(byte[] b) {
    if (b.length < 27) {
      return false;
    }
    int segments = b[26] & 0xff;
    int packetStart = 27 + segments;
    return packetStart < b.length
        && b[packetStart] == 1
        && startsWith(b, packetStart + 1, "vorbis");
  }

  /** True when the bytes at {@code offset} are {@code ascii} (one byte per char, ISO-8859-1). */
  static boolean startsWith(byte[] b, int offset, String ascii) {
    byte[] expected = ascii.getBytes(StandardCharsets.ISO_8859_1);
    if (offset < 0 || offset + expected.length > b.length) {
      return false;
    }
    for (int i = 0; i < expected.length; i++) {
      if (b[offset + i] != expected[i]) {
        return false;
      }
    }
    return true;
  }
}
