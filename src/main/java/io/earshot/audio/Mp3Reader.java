package io.earshot.audio;

import io.earshot.audio.mp3.Layer3Decoder;
import io.earshot.audio.mp3.Mp3FrameScanner;
import io.earshot.audio.mp3.MpegAudioHeader;
import io.earshot.audio.mp3.UnsupportedMp3Feature;

/**
 * MP3 through Earshot's own layer III decoder ({@link Layer3Decoder}), frame by frame so that the
 * duration limit and time budget are checked between frames, with the encoder delay and padding
 * trimmed ({@link Mp3Gapless}). Files it does not cover (layers I and II, free format, intensity
 * stereo, mixed blocks, mid/side frames whose channels use different block types) are decoded whole
 * by {@link JLayerMp3Reader}.
 */
final class Mp3Reader implements FormatReader {

  /** Damaged frames are skipped, but a stream that is mostly damage is refused. */
  private static final int MAX_CONSECUTIVE_BAD_FRAMES = 64;

  @Override
  public DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException {
    try {
      DecodedAudio audio = decodeLayer3(bytes, budget);
      if (audio != null) {
        return audio;
      }
    } catch (UnsupportedMp3Feature e) {
      // Rare in files written today; JLayer covers the whole standard.
    }
    return new JLayerMp3Reader().read(bytes, budget);
  }

  /** The decoded clip, or null when the data holds no layer III frame. */
  private static DecodedAudio decodeLayer3(byte[] bytes, DecodeBudget budget)
      throws AudioDecodeException, UnsupportedMp3Feature {
    Mp3FrameScanner frames = new Mp3FrameScanner(bytes, AudioFormat.id3v2Length(bytes));
    Layer3Decoder decoder = new Layer3Decoder();
    Mp3Gapless gapless = Mp3Gapless.parse(bytes);
    boolean skipInfoFrame = gapless.hasInfoFrame();
    int startTrim = gapless.startTrim();
    float[] pcm = new float[1152];
    MonoSink sink = null;
    MpegAudioHeader first = null;
    int badInARow = 0;
    for (MpegAudioHeader header = frames.next(); header != null; header = frames.next()) {
      budget.checkTime();
      if (skipInfoFrame) {
        skipInfoFrame = false; // metadata, not audio
        continue;
      }
      if (first == null) {
        first = header;
        FormatReader.checkStream("MP3", header.sampleRate(), header.channels());
        long expected = (long) bytes.length / header.frameBytes() * header.samplesPerFrame();
        sink = new MonoSink(header.sampleRate(), budget, expected);
      }
      try {
        decoder.decodeFrame(header, bytes, frames.offset(), pcm);
        badInARow = 0;
      } catch (RuntimeException damaged) {
        if (++badInARow > MAX_CONSECUTIVE_BAD_FRAMES) {
          throw FormatReader.undecodable("MP3", "too many damaged frames", damaged);
        }
        continue;
      }
      int samples = header.samplesPerFrame();
      int skipped = Math.min(Math.max(0, startTrim), samples);
      startTrim -= skipped;
      sink.reserve(samples - skipped);
      // Finite by construction: at most 15 + 8191 to the 4/3, times 2^11.25, through fixed filters.
      sink.putFinite(pcm, skipped, samples);
    }
    if (sink == null) {
      return null;
    }
    sink.truncate(sink.size() - gapless.endTrim());
    return new DecodedAudio(sink.toArray(), first.sampleRate(), first.channels(), "mp3");
  }
}
