package io.earshot.audio;

import static io.earshot.audio.FormatReader.undecodable;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC through jFLAC, frame by frame so that the duration limit and time budget are checked between
 * frames. An ID3v2 tag in front of the stream (some taggers write one) is skipped.
 */
final class FlacReader implements FormatReader {

  @Override
  public DecodedAudio read(byte[] bytes, DecodeBudget budget) throws AudioDecodeException {
    int start = AudioFormat.id3v2Length(bytes);
    if (start >= bytes.length) {
      throw undecodable("FLAC", "the file holds only an ID3 tag");
    }
    FLACDecoder decoder =
        new FLACDecoder(new ByteArrayInputStream(bytes, start, bytes.length - start));
    try {
      decoder.readMetadata();
      StreamInfo info = decoder.getStreamInfo();
      if (info == null) {
        throw undecodable("FLAC", "no STREAMINFO block");
      }
      int rate = info.getSampleRate();
      int channels = info.getChannels();
      FormatReader.checkStream("FLAC", rate, channels);
      MonoSink sink = new MonoSink(rate, budget, info.getTotalSamples());
      decodeFrames(decoder, channels, sink, budget);
      return new DecodedAudio(sink.toArray(), rate, channels, "flac");
    } catch (IOException e) {
      throw undecodable("FLAC", String.valueOf(e.getMessage()));
    }
  }

  private static void decodeFrames(FLACDecoder decoder, int channels, MonoSink sink,
      DecodeBudget budget) throws IOException, AudioDecodeException {
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
