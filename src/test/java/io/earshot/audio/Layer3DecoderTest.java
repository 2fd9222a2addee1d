package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Earshot's layer III decoder ({@link Mp3Reader}) against JLayer ({@link JLayerMp3Reader}) on the
 * fixtures in src/test/resources/audio/mp3 (see the README there), plus a known answer that does
 * not depend on JLayer, the fallback to JLayer for what the decoder leaves out, and damaged files.
 */
class Layer3DecoderTest {

  /**
   * JLayer's output is ours times this, within {@link #GAIN_TOLERANCE}: JLayer's synthesis comes
   * out 0.2 % quiet (measured at 1/1.002079; mpg123 1.31 agrees with ours, not with JLayer).
   * Exactly 1 would mean the file went through JLayer, not our decoder.
   */
  private static final double JLAYER_GAIN = 0.998;

  private static final double GAIN_TOLERANCE = 0.001;

  private static final double MIN_SNR_DB = 100;

  /** What the README says each fixture is, read from its own headers and side information. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, MPEG version, sample rate, mode (0 stereo, 1 joint, 2 dual, 3 mono), what it is for
    "tone440-mono-44100-128k.mp3, 1, 44100, 3, info",
    "mono-44100-128k.mp3, 1, 44100, 3, info",
    "joint-44100-128k.mp3, 1, 44100, 1, midside",
    "stereo-44100-128k.mp3, 1, 44100, 0, info",
    "dual-44100-128k.mp3, 1, 44100, 2, blocktypes",
    "crc-joint-44100-128k.mp3, 1, 44100, 1, crc",
    "vbr-joint-44100-v2.mp3, 1, 44100, 1, vbr",
    "joint-44100-320k.mp3, 1, 44100, 1, linbits",
    "joint-48000-128k.mp3, 1, 48000, 1, midside",
    "joint-32000-96k.mp3, 1, 32000, 1, midside",
    "mpeg2-joint-22050-64k.mp3, 2, 22050, 1, midside",
    "mpeg2-mono-16000-32k.mp3, 2, 16000, 3, noinfo",
    "mpeg25-joint-11025-32k.mp3, 2.5, 11025, 1, midside",
    "mpeg25-mono-8000-16k.mp3, 2.5, 8000, 3, noinfo",
    "clicks-mono-44100-128k.mp3, 1, 44100, 3, short"
  })
  void fixtureHoldsWhatTheReadmeSays(
      String file, String version, int rate, int mode, String purpose) {
    byte[] bytes = fixture(file);
    List<Mp3Frames.Frame> frames = Mp3Frames.read(bytes);
    assertTrue(frames.size() >= 9, "frames: " + frames.size());
    Mp3Frames.Frame last = frames.get(frames.size() - 1);
    assertEquals(bytes.length, last.offset() + last.bytes(), "frames end where the file does");
    int shortGranules = 0;
    int longGranules = 0;
    int differentBlockTypes = 0;
    int maxTable = 0;
    Set<Integer> bitrates = new HashSet<>();
    for (Mp3Frames.Frame frame : frames) {
      assertEquals(3, frame.layer());
      assertEquals(version, frame.version());
      assertEquals(rate, frame.sampleRate());
      assertEquals(mode, frame.mode());
      bitrates.add(frame.kbps());
      // Nothing the decoder hands to JLayer: no intensity stereo, no mixed blocks, and mid/side
      // only with equal block types.
      assertEquals(0, frame.modeExtension() & 1, "intensity stereo at " + frame.offset());
      for (List<Mp3Frames.Granule> granule : frame.granules()) {
        for (Mp3Frames.Granule g : granule) {
          assertFalse(g.mixedBlock(), "mixed blocks at " + frame.offset());
          shortGranules += g.blockType() == 2 ? 1 : 0;
          longGranules += g.blockType() != 2 ? 1 : 0;
          for (int table : g.tableSelect()) {
            maxTable = Math.max(maxTable, table);
          }
        }
        if (granule.size() == 2 && granule.get(0).blockType() != granule.get(1).blockType()) {
          assertFalse(frame.midSide(), "mid/side with different block types at " + frame.offset());
          differentBlockTypes++;
        }
      }
    }
    boolean info = frames.get(0).isInfo(bytes);
    switch (purpose) {
      case "info" -> assertTrue(info, "LAME Info frame first");
      case "noinfo" -> assertFalse(info, "no Info frame: nothing to trim");
      case "midside" ->
          assertTrue(frames.stream().skip(1).allMatch(Mp3Frames.Frame::midSide), "mid/side");
      case "blocktypes" -> assertTrue(differentBlockTypes > 0, "channels with other block types");
      case "crc" -> assertTrue(frames.stream().allMatch(Mp3Frames.Frame::crc), "CRC");
      case "vbr" -> assertTrue(bitrates.size() >= 4, "bit rates " + bitrates);
      case "linbits" -> assertTrue(maxTable >= 24, "largest table " + maxTable);
      case "short" -> {
        assertTrue(shortGranules >= 8, "short-block granules: " + shortGranules);
        assertTrue(longGranules >= 8, "long-block granules: " + longGranules);
      }
      default -> throw new IllegalArgumentException(purpose);
    }
    // Every file but the tone has some short blocks (sawtooth edges); the decoder must meet them.
    if (!file.startsWith("tone")) {
      assertTrue(shortGranules > 0, "no short blocks");
    }
  }

  /**
   * Same rate, channels and length as JLayer, and the same signal up to JLayer's gain: anything
   * wrong in the Huffman decoding, requantisation, stereo, reordering, IMDCT or synthesis leaves
   * far more than -100 dB of difference.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, sample rate, source channels, decoded samples (0.5 s after the gapless trim, or every
    // frame's samples where lame wrote no Info frame)
    "tone440-mono-44100-128k.mp3, 44100, 1, 22050",
    "mono-44100-128k.mp3, 44100, 1, 22050",
    "joint-44100-128k.mp3, 44100, 2, 22050",
    "stereo-44100-128k.mp3, 44100, 2, 22050",
    "dual-44100-128k.mp3, 44100, 2, 22050",
    "crc-joint-44100-128k.mp3, 44100, 2, 22050",
    "vbr-joint-44100-v2.mp3, 44100, 2, 22050",
    "joint-44100-320k.mp3, 44100, 2, 22050",
    "joint-48000-128k.mp3, 48000, 2, 24000",
    "joint-32000-96k.mp3, 32000, 2, 16000",
    "mpeg2-joint-22050-64k.mp3, 22050, 2, 11025",
    "mpeg2-mono-16000-32k.mp3, 16000, 1, 9216",
    "mpeg25-joint-11025-32k.mp3, 11025, 2, 5512",
    "mpeg25-mono-8000-16k.mp3, 8000, 1, 5184",
    "clicks-mono-44100-128k.mp3, 44100, 1, 22050"
  })
  void decodesLikeJLayer(String file, int rate, int channels, int samples) throws Exception {
    byte[] bytes = fixture(file);
    DecodedAudio ours = new Mp3Reader().read(bytes, budget());
    DecodedAudio jlayer = new JLayerMp3Reader().read(bytes, budget());

    assertEquals(rate, ours.sampleRate());
    assertEquals(jlayer.sampleRate(), ours.sampleRate());
    assertEquals(channels, ours.sourceChannels());
    assertEquals(jlayer.sourceChannels(), ours.sourceChannels());
    assertEquals(samples, ours.samples().length);
    assertEquals(jlayer.samples().length, ours.samples().length);
    // Signal well inside full scale, so neither decoder's output was clipped.
    assertTrue(peak(ours.samples()) > 0.2 && peak(ours.samples()) < 0.8, "peak");
    assertMatches(jlayer.samples(), ours.samples(), file);
  }

  /** A known answer without JLayer: 440 Hz at amplitude 0.5 comes out as 440 Hz at RMS 0.354. */
  @Test
  void toneDecodesToItsFrequencyAndLevel() throws Exception {
    DecodedAudio decoded = new Mp3Reader().read(fixture("tone440-mono-44100-128k.mp3"), budget());
    float[] x = decoded.samples();

    assertEquals(440, strongestFrequency(x, decoded.sampleRate()), 2.0);
    double rmsDb = 20 * Math.log10(Signals.middleRms(x) / (0.5 / Math.sqrt(2)));
    assertEquals(0, rmsDb, 1.0, "RMS against the source's, in dB");
    // Gapless: sample-aligned with the source sine (a shift of 1 ms would cost half of it).
    float[] source = Signals.sine(440, 0.5, 44100, x.length, 1);
    assertTrue(correlation(source, x) > 0.99, "correlation " + correlation(source, x));
  }

  /**
   * Intensity stereo, made by setting mode extension bit 0 in every header of joint-stereo files:
   * the whole file goes to JLayer, so the result is JLayer's, bit for bit.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"joint-44100-128k.mp3", "mpeg2-joint-22050-64k.mp3"})
  void intensityStereoIsDecodedByJLayer(String file) throws Exception {
    byte[] bytes = fixture(file);
    for (Mp3Frames.Frame frame : Mp3Frames.read(bytes)) {
      bytes[frame.offset() + 3] |= 0x10;
    }

    float[] jlayer = new JLayerMp3Reader().read(bytes, budget()).samples();
    float[] ours = new Mp3Reader().read(bytes, budget()).samples();

    assertArrayEquals(jlayer, ours);
    float[] original = new Mp3Reader().read(fixture(file), budget()).samples();
    assertFalse(Arrays.equals(original, ours), "the intensity bit changed nothing");
  }

  /**
   * Mixed blocks, made by setting the mixed-block flag of every short-block granule (the main data
   * is then read with another layout, but JLayer decodes it all the same): JLayer's result.
   */
  @Test
  void mixedBlocksAreDecodedByJLayer() throws Exception {
    byte[] bytes = fixture("clicks-mono-44100-128k.mp3");
    int set = 0;
    for (Mp3Frames.Frame frame : Mp3Frames.read(bytes)) {
      for (List<Mp3Frames.Granule> granule : frame.granules()) {
        for (Mp3Frames.Granule g : granule) {
          if (g.blockType() == 2) {
            setBit(bytes, g.mixedBlockBit());
            set++;
          }
        }
      }
    }
    assertTrue(set > 0);

    assertArrayEquals(
        new JLayerMp3Reader().read(bytes, budget()).samples(),
        new Mp3Reader().read(bytes, budget()).samples());
  }

  /**
   * Mid/side with block types that differ between the channels, made by turning the second
   * channel's start blocks (type 1) into stop blocks (type 3): both are long blocks, so the stream
   * stays valid. The decoder leaves this to JLayer.
   */
  @Test
  void midSideWithDifferentBlockTypesIsDecodedByJLayer() throws Exception {
    byte[] bytes = fixture("joint-44100-128k.mp3");
    int changed = 0;
    for (Mp3Frames.Frame frame : Mp3Frames.read(bytes)) {
      for (List<Mp3Frames.Granule> granule : frame.granules()) {
        Mp3Frames.Granule right = granule.get(1);
        if (frame.midSide() && right.blockType() == 1) {
          setBit(bytes, right.blockTypeBit()); // 01 -> 11
          changed++;
        }
      }
    }
    assertTrue(changed > 0);

    assertArrayEquals(
        new JLayerMp3Reader().read(bytes, budget()).samples(),
        new Mp3Reader().read(bytes, budget()).samples());
  }

  /** Layer II holds no layer III frame: JLayer decodes it, and it is the 440 Hz tone. */
  @Test
  void layer2IsDecodedByJLayer() throws Exception {
    byte[] bytes = fixture("tone440-mono-44100-128k.mp2");
    List<Mp3Frames.Frame> frames = Mp3Frames.read(bytes);
    assertTrue(frames.size() > 10);
    assertTrue(frames.stream().allMatch(f -> f.layer() == 2), "layer II throughout");

    DecodedAudio ours = new Mp3Reader().read(bytes, budget());
    DecodedAudio jlayer = new JLayerMp3Reader().read(bytes, budget());

    assertArrayEquals(jlayer.samples(), ours.samples());
    assertEquals(44100, ours.sampleRate());
    assertEquals(1, ours.sourceChannels());
    assertEquals(frames.size() * 1152, ours.samples().length);
    assertEquals(440, Signals.toneFrequency(ours.samples(), 44100), 2.0);
    assertEquals(0.5 / Math.sqrt(2), Signals.middleRms(ours.samples()), 0.03);
  }

  /** A file cut inside a frame decodes to the frames before the cut, as the whole file does. */
  @Test
  void fileCutInsideAFrameKeepsTheFramesBefore() throws Exception {
    byte[] whole = fixture("joint-44100-128k.mp3");
    List<Mp3Frames.Frame> frames = Mp3Frames.read(whole);
    Mp3Frames.Frame cutFrame = frames.get(10);
    byte[] cut = Arrays.copyOf(whole, cutFrame.offset() + cutFrame.bytes() / 2);
    byte[] atBoundary = Arrays.copyOf(whole, cutFrame.offset());

    float[] decoded = new Mp3Reader().read(cut, budget()).samples();

    assertArrayEquals(new Mp3Reader().read(atBoundary, budget()).samples(), decoded);
    Mp3Gapless gapless = Mp3Gapless.parse(whole);
    int audioFrames = 9; // frames 1-9; frame 0 is the Info frame
    assertEquals(audioFrames * 1152 - gapless.startTrim() - gapless.endTrim(), decoded.length);
    float[] full = new Mp3Reader().read(whole, budget()).samples();
    assertArrayEquals(Arrays.copyOf(full, decoded.length), decoded);
  }

  /**
   * The first three frames removed: the first kept frame's main data began in them. Those frames
   * come out as silence and the rest as JLayer decodes it. JLayer differs in one way: it emits no
   * samples at all for a frame whose main data is missing (its output is shorter by those frames).
   */
  @Test
  void lostBitReservoirGivesSilenceThenTheRest() throws Exception {
    byte[] whole = fixture("joint-44100-128k.mp3");
    List<Mp3Frames.Frame> frames = Mp3Frames.read(whole);
    byte[] tail = Arrays.copyOfRange(whole, frames.get(3).offset(), whole.length);
    List<Mp3Frames.Frame> kept = Mp3Frames.read(tail);
    assertTrue(kept.get(0).mainDataBegin() > 0, "the first kept frame must reach back");
    int missing = 0;
    int reservoir = 0;
    for (Mp3Frames.Frame frame : kept) {
      if (frame.mainDataBegin() > reservoir) {
        missing++;
      }
      reservoir += frame.mainDataBytes();
    }
    assertEquals(1, missing);

    float[] ours = new Mp3Reader().read(tail, budget()).samples();
    float[] jlayer = new JLayerMp3Reader().read(tail, budget()).samples();

    assertEquals(kept.size() * 1152, ours.length); // no Info frame left: nothing is trimmed
    for (int i = 0; i < missing * 1152; i++) {
      assertEquals(0f, ours[i], "sample " + i);
    }
    assertEquals((kept.size() - missing) * 1152, jlayer.length);
    assertMatches(jlayer, Arrays.copyOfRange(ours, missing * 1152, ours.length), "after the loss");
  }

  /**
   * 2 KB of junk between two frames is skipped: the decode equals the undamaged file's. Seed 0 puts
   * a copy of a real header (same stream) into the junk, not followed by a frame.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void junkBetweenFramesIsSkipped(long seed) throws Exception {
    byte[] whole = fixture("joint-44100-128k.mp3");
    int at = Mp3Frames.read(whole).get(10).offset();
    byte[] junk = new byte[2048];
    new java.util.Random(seed).nextBytes(junk);
    if (seed == 0) {
      System.arraycopy(whole, at, junk, 1000, 4);
    }
    byte[] damaged = new byte[whole.length + junk.length];
    System.arraycopy(whole, 0, damaged, 0, at);
    System.arraycopy(junk, 0, damaged, at, junk.length);
    System.arraycopy(whole, at, damaged, at + junk.length, whole.length - at);

    assertArrayEquals(
        new Mp3Reader().read(whole, budget()).samples(),
        new Mp3Reader().read(damaged, budget()).samples());
  }

  /** An ID3v2 tag whose contents look like two frames is skipped by its length, not scanned. */
  @Test
  void id3TagHoldingFrameLikeBytesIsSkipped() throws Exception {
    byte[] audio = fixture("mono-44100-128k.mp3");
    List<Mp3Frames.Frame> frames = Mp3Frames.read(audio);
    // Two audio frames and the next header: scanned, they would pass for the stream's start.
    byte[] fakeFrames =
        Arrays.copyOfRange(audio, frames.get(1).offset(), frames.get(3).offset() + 4);
    byte[] tagged = new byte[10 + fakeFrames.length + audio.length];
    tagged[0] = 'I';
    tagged[1] = 'D';
    tagged[2] = '3';
    tagged[3] = 3;
    tagged[7] = (byte) (fakeFrames.length >> 14);
    tagged[8] = (byte) ((fakeFrames.length >> 7) & 0x7f);
    tagged[9] = (byte) (fakeFrames.length & 0x7f);
    System.arraycopy(fakeFrames, 0, tagged, 10, fakeFrames.length);
    System.arraycopy(audio, 0, tagged, 10 + fakeFrames.length, audio.length);

    assertArrayEquals(
        new Mp3Reader().read(audio, budget()).samples(),
        new Mp3Reader().read(tagged, budget()).samples());
  }

  /**
   * Least-squares gain g with jlayer = g * ours, then the signal-to-noise ratio of jlayer against g
   * * ours.
   */
  private static void assertMatches(float[] jlayer, float[] ours, String what) {
    assertEquals(jlayer.length, ours.length, what + ": length");
    double cross = 0;
    double energy = 0;
    double reference = 0;
    for (int i = 0; i < ours.length; i++) {
      cross += (double) ours[i] * jlayer[i];
      energy += (double) ours[i] * ours[i];
      reference += (double) jlayer[i] * jlayer[i];
    }
    assertTrue(energy > 0, what + ": silent");
    double gain = cross / energy;
    double noise = 0;
    for (int i = 0; i < ours.length; i++) {
      double d = jlayer[i] - gain * ours[i];
      noise += d * d;
    }
    double snr = 10 * Math.log10(reference / noise);
    assertEquals(JLAYER_GAIN, gain, GAIN_TOLERANCE, what + ": gain");
    assertTrue(snr >= MIN_SNR_DB, what + ": SNR " + snr + " dB");
  }

  /**
   * Frequency of the largest bin of a Hann-windowed, zero-padded DFT (0.34 Hz bins at 44.1 kHz).
   */
  static double strongestFrequency(float[] x, int rate) {
    int n = 1 << 17;
    double[] re = new double[n];
    double[] im = new double[n];
    for (int i = 0; i < x.length; i++) {
      re[i] = x[i] * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / (x.length - 1)));
    }
    fft(re, im);
    int best = 1;
    for (int k = 1; k < n / 2; k++) {
      if (re[k] * re[k] + im[k] * im[k] > re[best] * re[best] + im[best] * im[best]) {
        best = k;
      }
    }
    return (double) best * rate / n;
  }

  /** In-place radix-2 FFT. */
  private static void fft(double[] re, double[] im) {
    int n = re.length;
    for (int i = 1, j = 0; i < n; i++) {
      int bit = n >> 1;
      for (; (j & bit) != 0; bit >>= 1) {
        j ^= bit;
      }
      j ^= bit;
      if (i < j) {
        double t = re[i];
        re[i] = re[j];
        re[j] = t;
        t = im[i];
        im[i] = im[j];
        im[j] = t;
      }
    }
    for (int len = 2; len <= n; len <<= 1) {
      double angle = -2 * Math.PI / len;
      for (int start = 0; start < n; start += len) {
        for (int k = 0; k < len / 2; k++) {
          double wr = Math.cos(angle * k);
          double wi = Math.sin(angle * k);
          int a = start + k;
          int b = a + len / 2;
          double xr = re[b] * wr - im[b] * wi;
          double xi = re[b] * wi + im[b] * wr;
          re[b] = re[a] - xr;
          im[b] = im[a] - xi;
          re[a] += xr;
          im[a] += xi;
        }
      }
    }
  }

  private static double correlation(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      ab += (double) a[i] * b[i];
      aa += (double) a[i] * a[i];
      bb += (double) b[i] * b[i];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static double peak(float[] x) {
    double peak = 0;
    for (float v : x) {
      peak = Math.max(peak, Math.abs(v));
    }
    return peak;
  }

  private static void setBit(byte[] b, int bit) {
    b[bit >> 3] |= (byte) (0x80 >>> (bit & 7));
  }

  private static byte[] fixture(String name) {
    return Signals.resource("mp3/" + name);
  }

  private static DecodeBudget budget() {
    return new DecodeBudget(AudioLimits.defaults());
  }
}
