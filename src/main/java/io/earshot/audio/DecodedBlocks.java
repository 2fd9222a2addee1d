package io.earshot.audio;

/** A recording decoded whole (a format that is not streamed), handed out a block at a time. */
final class DecodedBlocks implements MonoBlocks {

  private final DecodedAudio audio;
  private int at;

  DecodedBlocks(DecodedAudio audio) {
    this.audio = audio;
  }

  @Override
  public int sampleRate() {
    return audio.sampleRate();
  }

  @Override
  public int channels() {
    return audio.sourceChannels();
  }

  @Override
  public long declaredFrames() {
    return audio.samples().length;
  }

  @Override
  public String decoder() {
    return audio.decoder();
  }

  @Override
  public boolean streamed() {
    return false;
  }

  @Override
  public int read(float[] out, DecodeBudget budget) {
    int count = Math.min(out.length, audio.samples().length - at);
    if (count <= 0) {
      return -1;
    }
    System.arraycopy(audio.samples(), at, out, 0, count);
    at += count;
    return count;
  }

  @Override
  public void close() {
    // Holds no resources, only the decoded samples.
  }
}
