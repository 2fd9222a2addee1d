package io.earshot.audio;

/**
 * A decoded clip before resampling: mono samples in [-1, 1] at the source's own rate.
 *
 * @param samples mono samples (the channels averaged), owned by this record
 * @param sampleRate the source's sample rate in Hz
 * @param sourceChannels how many channels the source had before mixing
 * @param decoder which decoder produced it (a format name, or "ffmpeg")
 */
public record DecodedAudio(float[] samples, int sampleRate, int sourceChannels, String decoder) {

  public double durationSeconds() {
    return (double) samples.length / sampleRate;
  }
}
