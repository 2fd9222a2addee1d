package io.earshot.audio;

import static io.earshot.audio.FormatReader.undecodable;

import java.io.IOException;
import java.io.InputStream;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * The audio frames of a FLAC stream through jFLAC, one frame at a time and mixed to mono: {@link
 * FlacReader} takes them all at once, a streamed recording as it needs them.
 *
 * <p>jFLAC reads through an input stream that ends its own retry loops: it checks the budget on
 * every read and, when jFLAC keeps reading past the end (a damaged last frame made it retry
 * forever), it stops decoding.
 */
final class FlacFrames {

  /** The longest FLAC block, in samples per channel. */
  static final int MAX_FRAME = 65_536;

  /** jFLAC asks again after end of data while it retries a frame; a few times is normal. */
  private static final int MAX_READS_AFTER_END = 64;

  /** Thrown through jFLAC (which only catches IOExceptions) to end decoding. */
  private static final class StopDecoding extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient AudioDecodeException failure; // null: the data has simply ended

    StopDecoding(AudioDecodeException failure) {
      super(null, null, false, false);
      this.failure = failure;
    }
  }

  /** The audio bytes, with the budget checked on every read and a bound on reads past the end. */
  private static final class GuardedInput extends InputStream {
    private final InputStream in;
    private DecodeBudget budget;
    private int readsAfterEnd;

    GuardedInput(InputStream in, DecodeBudget budget) {
      this.in = in;
      this.budget = budget;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        budget.checkTime();
      } catch (AudioDecodeException e) {
        throw new StopDecoding(e);
      }
      int n = in.read(b, off, len);
      if (n < 0 && ++readsAfterEnd > MAX_READS_AFTER_END) {
        throw new StopDecoding(null);
      }
      return n;
    }
  }

  private final FLACDecoder decoder;
  private final GuardedInput input;
  private final int sampleRate;
  private final int channels;
  private boolean ended;

  private FlacFrames(FLACDecoder decoder, GuardedInput input, StreamInfo info) {
    this.decoder = decoder;
    this.input = input;
    this.sampleRate = info.getSampleRate();
    this.channels = info.getChannels();
  }

  /**
   * Reads the stream's metadata.
   *
   * @param stream "fLaC", the STREAMINFO block and the audio frames after it
   */
  static FlacFrames open(InputStream stream, DecodeBudget budget) throws AudioDecodeException {
    GuardedInput input = new GuardedInput(stream, budget);
    FLACDecoder decoder = new FLACDecoder(input);
    try {
      decoder.readMetadata();
      StreamInfo info = decoder.getStreamInfo();
      if (info == null) {
        throw undecodable("FLAC", "no STREAMINFO block");
      }
      FormatReader.checkStream("FLAC", info.getSampleRate(), info.getChannels());
      return new FlacFrames(decoder, input, info);
    } catch (StopDecoding stop) {
      throw stop.failure != null ? stop.failure : undecodable("FLAC", "the metadata is incomplete");
    } catch (IOException e) {
      throw undecodable("FLAC", String.valueOf(e.getMessage()));
    }
  }

  int sampleRate() {
    return sampleRate;
  }

  int channels() {
    return channels;
  }

  /** The budget the following reads are held to (a streamed recording gives one per block). */
  void budget(DecodeBudget budget) {
    input.budget = budget;
  }

  /**
   * Decodes the next frame into {@code out} (at least {@link #MAX_FRAME} long) as mono, not yet
   * {@linkplain MonoSink#clean cleaned}; returns its length (0 for a frame that made no sense and
   * was skipped), or -1 once the data has ended.
   */
  int next(float[] out) throws AudioDecodeException {
    if (ended) {
      return -1;
    }
    try {
      if (!decoder.isEOF()) {
        input.budget.checkTime();
        Frame frame = decoder.readNextFrame();
        if (frame != null) {
          return mix(frame, decoder.getChannelData(), out);
        }
      }
    } catch (StopDecoding stop) {
      if (stop.failure != null) {
        throw stop.failure;
      }
    } catch (IOException e) {
      throw undecodable("FLAC", String.valueOf(e.getMessage()));
    }
    ended = true;
    return -1;
  }

  private int mix(Frame frame, ChannelData[] data, float[] out) {
    int frameChannels = Math.min(Math.min(frame.header.channels, channels), data.length);
    int bits = frame.header.bitsPerSample;
    int frames = frame.header.blockSize;
    if (frameChannels < 1 || bits < 4 || bits > 32 || frames < 0) {
      return 0; // a header jFLAC accepted but that makes no sense: skip the frame
    }
    for (int c = 0; c < frameChannels; c++) {
      frames = Math.min(frames, data[c].getOutput().length);
    }
    frames = Math.min(frames, out.length);
    double scale = 1.0 / ((double) (1L << (bits - 1)) * frameChannels);
    for (int i = 0; i < frames; i++) {
      long sum = 0;
      for (int c = 0; c < frameChannels; c++) {
        sum += data[c].getOutput()[i];
      }
      out[i] = (float) (sum * scale);
    }
    return frames;
  }
}
