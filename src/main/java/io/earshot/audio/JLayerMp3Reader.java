package io.earshot.audio;

import static io.earshot.audio.FormatReader.undecodable;

import java.io.ByteArrayInputStream;
import javazoom.jl.decoder.Bitstream;
import javazoom.jl.decoder.BitstreamException;
import javazoom.jl.decoder.Decoder;
import javazoom.jl.decoder.DecoderException;
import javazoom.jl.decoder.Header;

/**
 * MPEG-1/2/2.5 layer I-III through JLayer, frame by frame so that the duration limit and time
 * budget are checked between frames. A leading ID3v2 tag is skipped by JLayer itself. {@link
 * Mp3Reader} sends here only what Earshot's own layer III decoder leaves out.
 */
final class JLayerMp3Reader implements FormatReader {

  /** Damaged frames are skipped, but a stream that is mostly damage is refused. */
  private static final int MAX_CONSECUTIVE_BAD_FRAMES = 64;

  static {
    warmUp();
  }

  @Override
  public DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException {
    Bitstream stream = new Bitstream(new ByteArrayInputStream(bytes));
    Decoder decoder = new Decoder();
    Mp3FrameBuffer frame = new Mp3FrameBuffer();
    decoder.setOutputBuffer(frame);
    Mp3Gapless gapless = Mp3Gapless.parse(bytes);
    boolean skipInfoFrame = gapless.hasInfoFrame();
    int startTrim = gapless.startTrim();
    MonoSink sink = null;
    int sampleRate = 0;
    int channels = 0;
    int badInARow = 0;
    try {
      for (Header header = stream.readFrame(); header != null; header = stream.readFrame()) {
        budget.checkTime();
        try {
          decoder.decodeFrame(header, stream);
        } catch (DecoderException | RuntimeException damaged) {
          if (++badInARow > MAX_CONSECUTIVE_BAD_FRAMES) {
            throw damaged;
          }
          continue;
        } finally {
          stream.closeFrame();
        }
        badInARow = 0;
        if (skipInfoFrame) {
          skipInfoFrame = false; // the Info frame decodes as silence; it is not part of the audio
          continue;
        }
        if (sink == null) {
          // The decoder fixes its output layout on the first frame; later frames follow it.
          sampleRate = decoder.getOutputFrequency();
          channels = decoder.getOutputChannels();
          FormatReader.checkStream("MP3", sampleRate, channels);
          sink = new MonoSink(sampleRate, budget);
        }
        startTrim -= append(frame, channels, startTrim, sink);
      }
    } catch (BitstreamException | DecoderException e) {
      if (sink == null) {
        throw undecodable("MP3", String.valueOf(e.getMessage()));
      }
      // A damaged tail after good audio: keep what was decoded.
    }
    if (sink == null) {
      throw undecodable("MP3", "no MPEG audio frame found");
    }
    sink.truncate(sink.size() - gapless.endTrim());
    return new DecodedAudio(sink.toArray(), sampleRate, channels, "mp3");
  }

  /**
   * JLayer fills two static tables (Huffman codes, reorder table) on first use, publishing each
   * array before filling it: two first decodes at once can read half-built tables. Decoding one
   * silent frame during class initialisation, which the JVM runs once and publishes safely, builds
   * them before any real decode can start.
   */
  private static void warmUp() {
    int frameBytes = 417; // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding
    byte[] silence = new byte[2 * frameBytes];
    for (int at = 0; at < silence.length; at += frameBytes) {
      silence[at] = (byte) 0xff;
      silence[at + 1] = (byte) 0xfb;
      silence[at + 2] = (byte) 0x90;
      silence[at + 3] = (byte) 0xc4; // mono
    }
    Bitstream stream = new Bitstream(new ByteArrayInputStream(silence));
    try {
      new Decoder().decodeFrame(stream.readFrame(), stream);
    } catch (BitstreamException | DecoderException e) {
      throw new IllegalStateException("JLayer cannot decode a silent frame", e);
    }
  }

  /** Appends the frame's samples after dropping up to {@code skip}; returns how many it dropped. */
  private static int append(Mp3FrameBuffer frame, int channels, int skip, MonoSink sink)
      throws AudioDecodeException {
    int frames = frame.frameLength(channels);
    int skipped = Math.min(Math.max(0, skip), frames);
    sink.reserve(frames - skipped);
    // JLayer's synthesis scales full scale to 32768 (16-bit range); the sink clips to [-1, 1].
    float scale = 1f / (32768f * channels);
    float[] first = frame.channel(0);
    if (channels == 1) {
      for (int f = skipped; f < frames; f++) {
        sink.put(first[f] * scale);
      }
      return skipped;
    }
    for (int f = skipped; f < frames; f++) {
      float sum = first[f];
      for (int c = 1; c < channels; c++) {
        sum += frame.channel(c)[f];
      }
      sink.put(sum * scale);
    }
    return skipped;
  }
}
