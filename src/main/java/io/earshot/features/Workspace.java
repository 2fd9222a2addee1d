package io.earshot.features;

/**
 * One thread's reusable buffers. Frame-sized scratch is allocated once; per-clip series grow to the
 * longest clip seen and are then reused, so steady-state extraction allocates almost nothing. Never
 * shared between threads (see {@link FeatureExtractor}).
 */
final class Workspace {

  private static final int CONTRAST_BANDS = AnalysisParameters.CONTRAST_OCTAVES + 1;

  final RealFft stft;
  final float[] frame = new float[AnalysisParameters.FRAME];
  final float[] power = new float[AnalysisParameters.BINS];
  final float[] magnitude = new float[AnalysisParameters.BINS];
  final float[] mel = new float[AnalysisParameters.MEL_BANDS];
  final float[] dctSums = new float[AnalysisParameters.MFCC];
  final int[] contrastScratch;
  final float[] pitchFrame = new float[AnalysisParameters.PITCH_FRAME];
  final Yin yin;

  int capacity;
  float[] centroid;
  float[] bandwidth;
  float[] rolloff;
  float[] flatness;
  float[] zcr;
  float[] rms;
  float[] onset;
  float[] contrast;
  float[] chroma;
  float[] logMel;
  float[] mfcc;

  /** Per frame, its lowest log-mel before any clamp ({@link SpectralPass#framesWithCepstra}). */
  float[] lowestDb;

  /**
   * Per frame, its onset flux against the frame before it, of the log-mel before any clamp ({@link
   * SpectralPass#framesWithCepstra}); NaN where the frame before is not the one it was taken
   * against.
   */
  float[] unclampedFlux;

  float[] delta;
  float[] scratch;
  float[] scratch2;

  double[] blockEnergy = new double[0];
  int[] blockCrossings = new int[0];
  int[] blockEdgeCrossing = new int[0];

  int pitchCapacity;
  float[] f0;

  Workspace(int contrastScratch) {
    this(contrastScratch, RealFft.DEFAULT);
  }

  Workspace(int contrastScratch, RealFft.Backend fft) {
    this.stft = new RealFft(AnalysisParameters.FRAME, fft);
    this.yin =
        new Yin(
            AnalysisParameters.SAMPLE_RATE,
            AnalysisParameters.PITCH_FRAME,
            AnalysisParameters.YIN_THRESHOLD,
            fft);
    this.contrastScratch = new int[contrastScratch];
    ensureFrames(256);
    ensurePitchFrames(256);
  }

  void ensureFrames(int frames) {
    if (frames <= capacity) {
      return;
    }
    int n = Math.max(frames, capacity + capacity / 2);
    centroid = new float[n];
    bandwidth = new float[n];
    rolloff = new float[n];
    flatness = new float[n];
    zcr = new float[n];
    rms = new float[n];
    onset = new float[n];
    contrast = new float[n * CONTRAST_BANDS];
    chroma = new float[n * ChromaMap.CLASSES];
    logMel = new float[n * AnalysisParameters.MEL_BANDS];
    mfcc = new float[n * AnalysisParameters.MFCC];
    lowestDb = new float[n];
    unclampedFlux = new float[n];
    delta = new float[n * AnalysisParameters.MFCC];
    scratch = new float[Math.max(n, pitchCapacity)];
    scratch2 = new float[Math.max(n, pitchCapacity)];
    capacity = n;
  }

  void ensureBlocks(int blocks) {
    if (blocks <= blockEnergy.length) {
      return;
    }
    int n = Math.max(blocks, blockEnergy.length + blockEnergy.length / 2);
    blockEnergy = new double[n];
    blockCrossings = new int[n];
    blockEdgeCrossing = new int[n];
  }

  void ensurePitchFrames(int frames) {
    if (frames <= pitchCapacity) {
      return;
    }
    int n = Math.max(frames, pitchCapacity + pitchCapacity / 2);
    f0 = new float[n];
    pitchCapacity = n;
    if (scratch.length < n) {
      scratch = new float[n];
      scratch2 = new float[n];
    }
  }

  /**
   * Copies {@code frames} spectral frames of {@code source} from {@code sourceFrame} on to this
   * workspace's {@code targetFrame} on. The caller sizes this workspace first: growing it here
   * would drop the frames copied before.
   */
  void copyFrames(Workspace source, int sourceFrame, int targetFrame, int frames) {
    copy(source.centroid, centroid, sourceFrame, targetFrame, frames, 1);
    copy(source.bandwidth, bandwidth, sourceFrame, targetFrame, frames, 1);
    copy(source.rolloff, rolloff, sourceFrame, targetFrame, frames, 1);
    copy(source.flatness, flatness, sourceFrame, targetFrame, frames, 1);
    copy(source.zcr, zcr, sourceFrame, targetFrame, frames, 1);
    copy(source.rms, rms, sourceFrame, targetFrame, frames, 1);
    copy(source.contrast, contrast, sourceFrame, targetFrame, frames, CONTRAST_BANDS);
    copy(source.chroma, chroma, sourceFrame, targetFrame, frames, ChromaMap.CLASSES);
    copy(source.logMel, logMel, sourceFrame, targetFrame, frames, AnalysisParameters.MEL_BANDS);
    copy(source.mfcc, mfcc, sourceFrame, targetFrame, frames, AnalysisParameters.MFCC);
    copy(source.lowestDb, lowestDb, sourceFrame, targetFrame, frames, 1);
    copy(source.unclampedFlux, unclampedFlux, sourceFrame, targetFrame, frames, 1);
    // the copied run's first frame, and the frame after it, now follow a frame from elsewhere
    unclampedFlux[targetFrame] = Float.NaN;
    if (targetFrame + frames < capacity) {
      unclampedFlux[targetFrame + frames] = Float.NaN;
    }
  }

  /** The same for pitch frames. */
  void copyPitchFrames(Workspace source, int sourceFrame, int targetFrame, int frames) {
    System.arraycopy(source.f0, sourceFrame, f0, targetFrame, frames);
  }

  private static void copy(
      float[] from, float[] to, int sourceFrame, int targetFrame, int frames, int width) {
    System.arraycopy(from, sourceFrame * width, to, targetFrame * width, frames * width);
  }
}
