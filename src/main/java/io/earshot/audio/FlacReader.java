package io.earshot.audio;

import static io.earshot.audio.FormatReader.undecodable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC through jFLAC, frame by frame so that the duration limit and time budget are checked between
 * frames. An ID3v2 tag in front of the stream (some taggers write one) is skipped.
 *
 * <p>Metadata blocks are walked here, not by jFLAC: its parsers trust declared counts (a damaged
 * Vorbis comment block made it loop for billions of iterations), and only STREAMINFO is needed.
 * jFLAC sees "fLaC", STREAMINFO marked as the last block, then the audio frames, through an input
 * stream that ends jFLAC's own retry loops: it checks the budget on every read and, when jFLAC
 * keeps reading past the end (a damaged last frame made it retry forever), it stops decoding.
 */
final class FlacReader implements FormatReader {

  private static final int STREAMINFO = 0;
  private static final int STREAMINFO_BYTES = 34;
  private static final int MAX_BLOCKS = 1024;

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
    private final DecodeBudget budget;
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

  @Override
  public DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException {
    int start = AudioFormat.id3v2Length(bytes);
    if (start + 8 > bytes.length || !AudioFormat.startsWith(bytes, start, "fLaC")) {
      throw undecodable("FLAC", "no FLAC stream marker");
    }
    int streamInfoAt = -1;
    int pos = start + 4;
    boolean last = false;
    for (int blocks = 0; !last && blocks < MAX_BLOCKS; blocks++) {
      if (pos + 4 > bytes.length) {
        throw undecodable("FLAC", "the file ends inside its metadata");
      }
      int type = bytes[pos] & 0x7f;
      last = (bytes[pos] & 0x80) != 0;
      int length = (int) (Chunks.u32be(bytes, pos) & 0xffffff);
      if (type == STREAMINFO && length == STREAMINFO_BYTES && streamInfoAt < 0) {
        streamInfoAt = pos + 4;
      }
      pos += 4 + length;
    }
    if (streamInfoAt < 0 || streamInfoAt + STREAMINFO_BYTES > bytes.length) {
      throw undecodable("FLAC", "no complete STREAMINFO block");
    }
    int audioStart = Math.min(pos, bytes.length);
    byte[] header = new byte[4 + 4 + STREAMINFO_BYTES];
    System.arraycopy(bytes, start, header, 0, 4); // "fLaC"
    header[4] = (byte) 0x80; // STREAMINFO, last metadata block
    header[7] = STREAMINFO_BYTES;
    System.arraycopy(bytes, streamInfoAt, header, 8, STREAMINFO_BYTES);
    long declaredFrames = ((header[8 + 13] & 0x0fL) << 32) | Chunks.u32be(header, 8 + 14);
    // Total samples "unknown": once past a declared total jFLAC stops searching for frame sync
    // and retries the same bad header forever, so it must not know the total.
    header[8 + 13] &= (byte) 0xf0;
    java.util.Arrays.fill(header, 8 + 14, 8 + 18, (byte) 0);
    InputStream sanitised =
        new SequenceInputStream(
            new ByteArrayInputStream(header),
            new ByteArrayInputStream(bytes, audioStart, bytes.length - audioStart));
    return decode(new FLACDecoder(new GuardedInput(sanitised, budget)), declaredFrames, budget);
  }

  private static DecodedAudio decode(FLACDecoder decoder, long declaredFrames, DecodeBudget budget)
      throws AudioDecodeException {
    try {
      decoder.readMetadata();
      StreamInfo info = decoder.getStreamInfo();
      if (info == null) {
        throw undecodable("FLAC", "no STREAMINFO block");
      }
      int rate = info.getSampleRate();
      int channels = info.getChannels();
      FormatReader.checkStream("FLAC", rate, channels);
      MonoSink sink = new MonoSink(rate, budget, declaredFrames);
      try {
        decodeFrames(decoder, channels, sink, budget);
      } catch (StopDecoding stop) {
        if (stop.failure != null) {
          throw stop.failure;
        }
      }
      return new DecodedAudio(sink.toArray(), rate, channels, "flac");
    } catch (StopDecoding stop) {
      throw stop.failure != null ? stop.failure : undecodable("FLAC", "the metadata is incomplete");
    } catch (IOException e) {
      throw undecodable("FLAC", String.valueOf(e.getMessage()));
    }
  }

  private static void decodeFrames(
      FLACDecoder decoder, int channels, MonoSink sink, DecodeBudget budget)
      throws IOException, AudioDecodeException {
    while (!decoder.isEOF()) {
      budget.checkTime();
      Frame frame = decoder.readNextFrame();
      if (frame == null) {
        break;
      }
      ChannelData[] data = decoder.getChannelData();
      int frameChannels = Math.min(Math.min(frame.header.channels, channels), data.length);
      int bits = frame.header.bitsPerSample;
      int frames = frame.header.blockSize;
      if (frameChannels < 1 || bits < 4 || bits > 32 || frames < 0) {
        continue; // a header jFLAC accepted but that makes no sense: skip the frame
      }
      for (int c = 0; c < frameChannels; c++) {
        frames = Math.min(frames, data[c].getOutput().length);
      }
      sink.reserve(frames);
      double scale = 1.0 / ((double) (1L << (bits - 1)) * frameChannels);
      for (int i = 0; i < frames; i++) {
        long sum = 0;
        for (int c = 0; c < frameChannels; c++) {
          sum += data[c].getOutput()[i];
        }
        sink.put((float) (sum * scale));
      }
    }
  }
}
