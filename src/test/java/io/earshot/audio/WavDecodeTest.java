package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.earshot.audio.AudioDecodeException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WavDecodeTest {

  private static final double SINE_RMS = 0.5 / Math.sqrt(2);
  private final AudioLoader loader = new AudioLoader(AudioLimits.defaults());

  static Stream<Arguments> variants() {
    List<Arguments> all = new ArrayList<>();
    int[] rates = {8000, 16000, 22050, 44100, 48000, 96000};
    int[][] sampleFormats = {{8, 0}, {16, 0}, {24, 0}, {32, 0}, {32, 1}, {64, 1}};
    for (int rate : rates) {
      for (int[] format : sampleFormats) {
        for (int channels : new int[] {1, 2, 6}) {
          all.add(Arguments.of(rate, format[0], format[1] == 1, channels, false));
        }
      }
    }
    all.add(Arguments.of(44100, 24, false, 6, true));
    all.add(Arguments.of(48000, 32, true, 2, true));
    all.add(Arguments.of(16000, 16, false, 1, true));
    return all.stream();
  }

  @ParameterizedTest(name = "{0} Hz, {1}-bit, float={2}, {3} ch, extensible={4}")
  @MethodSource("variants")
  void decodesToTheRightLengthAndLevel(
      int rate, int bits, boolean floating, int channels, boolean extensible) throws Exception {
    int frames = (int) (rate * 0.75);
    float[] sine = Signals.sine(440, 0.5, rate, frames, channels);
    byte[] wav = WavEncoder.encode(sine, rate, channels, bits, floating, extensible);

    AudioClip clip = loader.load(wav);

    assertEquals(AudioClip.ANALYSIS_RATE, clip.sampleRate());
    double expectedLength = frames * (double) AudioClip.ANALYSIS_RATE / rate;
    assertEquals(expectedLength, clip.samples().length, 1.0);
    double tolerance = bits == 8 ? 0.01 : 0.003;
    assertEquals(SINE_RMS, Signals.middleRms(clip.samples()), tolerance);
    assertEquals(440, Signals.toneFrequency(clip.samples(), clip.sampleRate()), 0.5);
  }

  @Test
  void readsChunksAfterAnOddSizedChunkWithItsPadByte() throws Exception {
    byte[] plain = WavEncoder.pcm16(Signals.sine(440, 0.5, 22050, 4410, 1), 22050, 1);
    // RIFF header, fmt chunk (24 bytes), then an odd-sized LIST chunk and its pad before data.
    byte[] list = chunk("LIST", new byte[] {'I', 'N', 'F', 'O', 'x'});
    byte[] wav = concat(slice(plain, 0, 36), list, slice(plain, 36, plain.length));

    assertEquals(4410, loader.decode(wav).samples().length);
  }

  @Test
  void readsAsMuchAsThereIsOfATruncatedDataChunk() throws Exception {
    byte[] full = WavEncoder.pcm16(Signals.sine(440, 0.5, 22050, 22050, 1), 22050, 1);
    byte[] truncated = slice(full, 0, 44 + 2 * 10_001 + 1); // half a sample at the end

    DecodedAudio decoded = loader.decode(truncated);

    assertEquals(10_001, decoded.samples().length);
  }

  @Test
  void readsRf64WithItsDs64DataSize() throws Exception {
    float[] sine = Signals.sine(440, 0.5, 22050, 4000, 1);
    byte[] plain = WavEncoder.pcm16(sine, 22050, 1);
    ByteBuffer ds64 = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
    ds64.putLong(0).putLong(2 * 3000).putLong(3000).putInt(0); // data size says 3000 frames
    byte[] header = slice(plain, 0, 36);
    System.arraycopy("RF64".getBytes(StandardCharsets.US_ASCII), 0, header, 0, 4);
    byte[] data = slice(plain, 36, plain.length);
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0xffffffff);

    DecodedAudio decoded = loader.decode(concat(header, chunk("ds64", ds64.array()), data));

    assertEquals(3000, decoded.samples().length);
  }

  @Test
  void anAbsurdChunkSizeBeforeTheDataEndsTheWalkWithAClearError() {
    byte[] plain = WavEncoder.pcm16(Signals.sine(440, 0.5, 22050, 4410, 1), 22050, 1);
    byte[] junk = chunk("JUNK", new byte[16]);
    ByteBuffer.wrap(junk).order(ByteOrder.LITTLE_ENDIAN).putInt(4, 0xfffffff0);
    byte[] wav = concat(slice(plain, 0, 36), junk, slice(plain, 36, plain.length));

    AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> loader.decode(wav));

    assertEquals(Reason.UNDECODABLE, e.reason());
    assertEquals(true, e.getMessage().contains("no 'data' chunk"), e.getMessage());
  }

  @Test
  void anAbsurdDataSizeIsReadAsFarAsTheFileGoes() throws Exception {
    byte[] wav = WavEncoder.pcm16(Signals.sine(440, 0.5, 22050, 4410, 1), 22050, 1);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(40, 0x7fffffff);

    assertEquals(4410, loader.decode(wav).samples().length);
  }

  @Test
  void refusesHeadersWithImpossibleValues() {
    byte[] noChannels = WavEncoder.pcm16(new float[4410], 22050, 1);
    ByteBuffer.wrap(noChannels).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 0);
    byte[] rateZero = WavEncoder.pcm16(new float[4410], 22050, 1);
    ByteBuffer.wrap(rateZero).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 0);

    for (byte[] wav : List.of(noChannels, rateZero)) {
      AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> loader.decode(wav));
      assertEquals(Reason.UNDECODABLE, e.reason(), e.getMessage());
    }
  }

  @Test
  void compressedWavEncodingsAreUnsupportedWithTheirName() {
    byte[] wav = WavEncoder.pcm16(new float[4410], 22050, 1);
    ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putShort(20, (short) 0x0011);

    AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> loader.decode(wav));

    assertEquals(Reason.UNSUPPORTED_FORMAT, e.reason());
    assertEquals(true, e.getMessage().contains("IMA ADPCM"), e.getMessage());
  }

  @Test
  void nanAndOutOfRangeFloatsBecomeValidSamples() throws Exception {
    float[] samples = new float[4410];
    samples[0] = Float.NaN;
    samples[1] = 3f;
    samples[2] = Float.NEGATIVE_INFINITY;
    byte[] wav = WavEncoder.float32(samples, 22050, 1);
    // WavEncoder clips, so write the raw values into the data chunk afterwards.
    ByteBuffer data = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    data.putFloat(44, Float.NaN).putFloat(48, 3f).putFloat(52, Float.NEGATIVE_INFINITY);

    float[] decoded = loader.decode(wav).samples();

    assertEquals(0f, decoded[0]);
    assertEquals(1f, decoded[1]);
    assertEquals(-1f, decoded[2]);
  }

  static byte[] chunk(String id, byte[] body) {
    ByteBuffer b =
        ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
    b.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
    return b.array();
  }

  static byte[] slice(byte[] b, int from, int to) {
    return java.util.Arrays.copyOfRange(b, from, to);
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    ByteBuffer out = ByteBuffer.allocate(n);
    for (byte[] p : parts) {
      out.put(p);
    }
    return out.array();
  }
}
