package io.earshot.audio;

/**
 * Where the uncompressed samples of a WAV or AIFF file lie and how they are laid out: what its
 * header says, checked against the file's length. The same for a whole upload in memory and for a
 * recording streamed from disk, which reads only its header to find this.
 *
 * @param layout how a frame's samples are coded
 * @param sampleRate frames per second
 * @param dataStart file offset of the first frame
 * @param frames whole frames present (the header's count, cut to what the file holds)
 * @param decoder the format's name in {@link DecodedAudio#decoder()}
 */
record PcmData(PcmLayout layout, int sampleRate, long dataStart, long frames, String decoder) {

  int channels() {
    return layout.channels();
  }

  /** All of it, from the whole file in memory, within the budget. */
  DecodedAudio decode(byte[] file, DecodeBudget budget) throws AudioDecodeException {
    budget.checkDeclaredFrames(frames, sampleRate);
    MonoSink sink = new MonoSink(sampleRate, budget, frames);
    layout.mixToMono(file, (int) dataStart, (int) frames, sink);
    return new DecodedAudio(sink.toArray(), sampleRate, channels(), decoder);
  }
}
