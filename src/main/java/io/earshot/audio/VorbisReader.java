package io.earshot.audio;

import static io.earshot.audio.FormatReader.undecodable;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;

/**
 * Ogg Vorbis through JOrbis, fed in small slices and decoded packet by packet so that the duration
 * limit and time budget are checked throughout. Only the first logical stream is read.
 */
final class VorbisReader implements FormatReader {

  private static final int FEED_BYTES = 8192;
  private static final int HEADER_PACKETS = 3;

  /** At most one long block is padding; more means the granule positions are not to be trusted. */
  private static final int MAX_TRIM = 8192;

  /** Ogg framing state over the whole input. */
  private static final class OggInput {
    final byte[] bytes;
    final SyncState sync = new SyncState();
    final Page page = new Page();
    int fed;

    OggInput(byte[] bytes) {
      this.bytes = bytes;
      sync.init();
    }

    /** Next complete page, or false at end of input. */
    boolean nextPage(DecodeBudget budget) throws AudioDecodeException {
      while (true) {
        budget.checkTime();
        int result = sync.pageout(page);
        if (result == 1) {
          return true;
        }
        if (result == 0) { // need more data (negative means bytes were skipped to resync)
          if (fed >= bytes.length) {
            return false;
          }
          int n = Math.min(FEED_BYTES, bytes.length - fed);
          int at = sync.buffer(n);
          System.arraycopy(bytes, fed, sync.data, at, n);
          sync.wrote(n);
          fed += n;
        }
      }
    }
  }

  @Override
  public DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException {
    OggInput input = new OggInput(bytes);
    if (!input.nextPage(budget)) {
      throw undecodable("Ogg Vorbis", "no Ogg page found");
    }
    StreamState stream = new StreamState();
    stream.init(input.page.serialno());
    Info info = new Info();
    Comment comment = new Comment();
    info.init();
    comment.init();
    Packet packet = new Packet();
    stream.pagein(input.page);

    int headers = 0;
    while (headers < HEADER_PACKETS) {
      int result = stream.packetout(packet);
      if (result == 0) {
        if (!input.nextPage(budget)) {
          throw undecodable("Ogg Vorbis", "the stream ends inside its headers");
        }
        stream.pagein(input.page);
      } else if (result < 0 || info.synthesis_headerin(comment, packet) < 0) {
        throw undecodable("Ogg Vorbis", "header packet " + (headers + 1) + " is invalid");
      } else {
        headers++;
      }
    }
    FormatReader.checkStream("Ogg Vorbis", info.rate, info.channels);

    DspState dsp = new DspState();
    if (dsp.synthesis_init(info) != 0) {
      throw undecodable("Ogg Vorbis", "the codec setup is invalid");
    }
    Block block = new Block(dsp);
    MonoSink sink = new MonoSink(info.rate, budget);
    float[][][] pcm = new float[1][][];
    int[] index = new int[info.channels];
    long lastGranule = -1;
    boolean more = true;
    while (more) {
      int result = stream.packetout(packet);
      if (result == 0) {
        more = input.page.eos() == 0 && input.nextPage(budget);
        if (more && stream.pagein(input.page) == 0) { // other logical streams are refused
          lastGranule = Math.max(lastGranule, input.page.granulepos());
        }
      } else if (result > 0 && block.synthesis(packet) == 0) { // result < 0: a gap, go on
        dsp.synthesis_blockin(block);
        drain(dsp, pcm, index, info.channels, sink);
      }
    }
    // The last block is decoded whole; the final granule position says where the audio ends.
    long padding = sink.size() - lastGranule;
    if (lastGranule >= 0 && padding > 0 && padding <= MAX_TRIM) {
      sink.truncate((int) lastGranule);
    }
    return new DecodedAudio(sink.toArray(), info.rate, info.channels, "vorbis");
  }

  private static void drain(DspState dsp, float[][][] pcm, int[] index, int channels, MonoSink sink)
      throws AudioDecodeException {
    float scale = 1f / channels;
    int frames;
    while ((frames = dsp.synthesis_pcmout(pcm, index)) > 0) {
      sink.reserve(frames);
      float[][] channelData = pcm[0];
      for (int i = 0; i < frames; i++) {
        float sum = 0;
        for (int c = 0; c < channels; c++) {
          sum += channelData[c][index[c] + i];
        }
        sink.put(sum * scale);
      }
      dsp.synthesis_read(frames);
    }
  }
}
