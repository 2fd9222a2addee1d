package io.earshot.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The frames of a FLAC file, decoded from disk as they are needed. */
final class FlacBlocks implements MonoBlocks {

  private final InputStream file;
  private final FlacFrames frames;
  private final long declaredFrames;
  private final float[] frame = new float[FlacFrames.MAX_FRAME];
  private int frameAt;
  private int frameLength;

  private FlacBlocks(InputStream file, FlacFrames frames, long declaredFrames) {
    this.file = file;
    this.frames = frames;
    this.declaredFrames = declaredFrames;
  }

  /** Opens the file and reads its metadata; {@code head} is where {@link FlacReader} found it. */
  static FlacBlocks open(Path path, FlacReader.Head head, DecodeBudget budget)
      throws IOException, AudioDecodeException {
    InputStream file = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
    try {
      file.skipNBytes(head.audioStart());
      FlacFrames frames = FlacFrames.open(head.withAudio(file), budget);
      return new FlacBlocks(file, frames, head.declaredFrames() > 0 ? head.declaredFrames() : -1);
    } catch (IOException | AudioDecodeException | RuntimeException e) {
      file.close();
      throw e;
    }
  }

  @Override
  public int sampleRate() {
    return frames.sampleRate();
  }

  @Override
  public int channels() {
    return frames.channels();
  }

  @Override
  public long declaredFrames() {
    return declaredFrames;
  }

  @Override
  public String decoder() {
    return "flac";
  }

  @Override
  public boolean streamed() {
    return true;
  }

  @Override
  public int read(float[] out, DecodeBudget budget) throws AudioDecodeException {
    frames.budget(budget);
    int count = 0;
    while (count < out.length) {
      if (frameAt == frameLength) {
        frameLength = frames.next(frame);
        frameAt = 0;
        if (frameLength < 0) {
          frameLength = 0;
          break;
        }
        continue;
      }
      int take = Math.min(out.length - count, frameLength - frameAt);
      for (int i = 0; i < take; i++) {
        out[count + i] = MonoSink.clean(frame[frameAt + i]);
      }
      frameAt += take;
      count += take;
    }
    return count == 0 && out.length > 0 ? -1 : count;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
