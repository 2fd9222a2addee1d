package io.earshot.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/** The samples of a WAV or AIFF file, read from disk a block at a time. */
final class PcmBlocks implements MonoBlocks {

  /** Bytes read at a time at most, whatever the frame size. */
  private static final int MAX_READ_BYTES = 1 << 20;

  private final FileChannel file;
  private final PcmData data;
  private ByteBuffer bytes = ByteBuffer.allocate(0);
  private long framesRead;

  PcmBlocks(Path path, PcmData data) throws IOException {
    this.file = FileChannel.open(path);
    this.data = data;
  }

  @Override
  public int sampleRate() {
    return data.sampleRate();
  }

  @Override
  public int channels() {
    return data.channels();
  }

  @Override
  public long declaredFrames() {
    return data.frames();
  }

  @Override
  public String decoder() {
    return data.decoder();
  }

  @Override
  public boolean streamed() {
    return true;
  }

  @Override
  public int read(float[] out, DecodeBudget budget) throws IOException, AudioDecodeException {
    budget.checkTime();
    if (out.length == 0) {
      return 0;
    }
    int frameBytes = data.layout().frameBytes();
    long left = data.frames() - framesRead;
    int wanted = (int) Math.min(Math.min(out.length, MAX_READ_BYTES / frameBytes), left);
    if (wanted <= 0) {
      return -1;
    }
    int size = wanted * frameBytes;
    if (bytes.capacity() < size) {
      bytes = ByteBuffer.allocate(size);
    }
    bytes.clear().limit(size);
    long position = data.dataStart() + framesRead * frameBytes;
    while (bytes.hasRemaining() && file.read(bytes, position + bytes.position()) >= 0) {
      budget.checkTime();
    }
    int frames = bytes.position() / frameBytes; // fewer only if the file shrank since it was opened
    data.layout().mixInto(bytes.array(), 0, frames, out, 0);
    framesRead += frames;
    return frames == 0 ? -1 : frames;
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
