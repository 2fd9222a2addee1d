package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AudioFormatTest {

  private static byte[] bytes(String ascii, int... more) {
    byte[] head = ascii.getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = java.util.Arrays.copyOf(head, head.length + more.length);
    for (int i = 0; i < more.length; i++) {
      out[head.length + i] = (byte) more[i];
    }
    return out;
  }

  @Test
  void recognisesEachContainerByItsMagicBytes() {
    assertEquals(Optional.of(AudioFormat.WAV), AudioFormat.detect(bytes("RIFF\0\0\0\0WAVEfmt ")));
    assertEquals(Optional.of(AudioFormat.WAV), AudioFormat.detect(bytes("RF64\0\0\0\0WAVEds64")));
    assertEquals(Optional.of(AudioFormat.FLAC), AudioFormat.detect(bytes("fLaC\0\0\0\"")));
    assertEquals(Optional.of(AudioFormat.AIFF), AudioFormat.detect(bytes("FORM\0\0\0\0AIFFCOMM")));
    assertEquals(Optional.of(AudioFormat.AIFF), AudioFormat.detect(bytes("FORM\0\0\0\0AIFCFVER")));
    assertEquals(Optional.of(AudioFormat.MP3), AudioFormat.detect(bytes("ID3\3\0\0\0\0\0\0")));
    assertEquals(
        Optional.of(AudioFormat.MP3), AudioFormat.detect(bytes("", 0xff, 0xfb, 0x90, 0x64)));
    for (String fixture :
        new String[] {
          "tone440-44100-stereo.mp3",
          "tone440-16000-stereo.flac",
          "tone440-48000-stereo.ogg",
          "tone440-11025-mono.aiff"
        }) {
      assertEquals(true, AudioFormat.detect(Signals.resource(fixture)).isPresent(), fixture);
    }
  }

  @Test
  void findsFlacBehindAnId3Tag() {
    byte[] tagged = bytes("ID3\4\0\0\0\0\0\5", 1, 2, 3, 4, 5, 'f', 'L', 'a', 'C');
    assertEquals(Optional.of(AudioFormat.FLAC), AudioFormat.detect(tagged));
  }

  @Test
  void recognisesOggOnlyWhenItCarriesVorbis() {
    byte[] vorbis = new byte[40];
    byte[] opus = new byte[40];
    System.arraycopy(bytes("OggS"), 0, vorbis, 0, 4);
    System.arraycopy(bytes("OggS"), 0, opus, 0, 4);
    vorbis[26] = 1;
    opus[26] = 1;
    System.arraycopy(bytes("\1vorbis"), 0, vorbis, 28, 7);
    System.arraycopy(bytes("OpusHead"), 0, opus, 28, 8);
    assertEquals(Optional.of(AudioFormat.OGG_VORBIS), AudioFormat.detect(vorbis));
    assertEquals(Optional.empty(), AudioFormat.detect(opus));
  }

  @Test
  void refusesLookAlikes() {
    assertEquals(Optional.empty(), AudioFormat.detect(bytes("hello, world")));
    assertEquals(Optional.empty(), AudioFormat.detect(bytes("RIFF\0\0\0\0AVI LIST")));
    assertEquals(Optional.empty(), AudioFormat.detect(bytes("", 0xff, 0xf1, 0x50, 0x80))); // AAC
    assertEquals(Optional.empty(), AudioFormat.detect(bytes("", 0xff, 0xfb, 0xf0, 0x64))); // bad
    assertEquals(Optional.empty(), AudioFormat.detect(new byte[0]));
    assertEquals(Optional.empty(), AudioFormat.detect(null));
  }

  @Test
  void namesFormatsItDoesNotDecode() {
    byte[] webm = {0x1a, 0x45, (byte) 0xdf, (byte) 0xa3, 0, 0, 0, 0};
    assertEquals(Optional.of("WebM/Matroska"), AudioFormat.describeUnsupported(webm));
    assertEquals(
        Optional.of("AAC (ADTS)"),
        AudioFormat.describeUnsupported(bytes("", 0xff, 0xf1, 0x50, 0x80)));
    assertEquals(Optional.of("AMR"), AudioFormat.describeUnsupported(bytes("#!AMR\n")));
    assertEquals(Optional.empty(), AudioFormat.describeUnsupported(bytes("hello, world")));
  }
}
