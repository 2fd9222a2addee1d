package io.earshot.features;

import static org.bytedeco.fftw.global.fftw3.FFTW_ESTIMATE;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_c2r;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_r2c;
import static org.bytedeco.fftw.global.fftw3.fftwf_free;
import static org.bytedeco.fftw.global.fftw3.fftwf_malloc;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_c2r_1d;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_r2c_1d;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.fftw.global.fftw3;
import org.bytedeco.fftw.global.fftw3.fftwf_plan;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;

/**
 * FFTW's single-precision real transforms through JavaCPP. Plans are made once per size and shared
 * by every thread: FFTW's planner is not thread-safe, its execution is, given arrays of the plan's
 * alignment, which {@code fftwf_malloc} gives every buffer. Each instance has its own native
 * buffers, freed when it is collected. Plans are made with {@code FFTW_ESTIMATE}: measured plans
 * can differ from run to run, and with them the last bits of every feature.
 */
final class FftwTransform implements RealFft.Transform {

  private record Plans(fftwf_plan forward, fftwf_plan inverse) {}

  private static final Map<Integer, Plans> PLANS = new HashMap<>();

  private final int size;
  private final Plans plans;
  private final FloatPointer real;
  private final FloatPointer complex;

  FftwTransform(int size) {
    this.size = size;
    this.plans = plans(size);
    this.real = NativeFloats.allocate(size);
    this.complex = NativeFloats.allocate(size + 2);
  }

  /** Loads the native library, or throws. */
  static void load() {
    Loader.load(fftw3.class);
  }

  @Override
  public void forward(float[] x, float[] spectrum) {
    real.put(x, 0, size);
    fftwf_execute_dft_r2c(plans.forward(), real, complex);
    complex.get(spectrum, 0, size + 2);
  }

  @Override
  public void inverse(float[] spectrum, float[] x) {
    complex.put(spectrum, 0, size + 2); // c2r overwrites its input: the caller's stays as it was
    fftwf_execute_dft_c2r(plans.inverse(), complex, real);
    real.get(x, 0, size);
    float scale = 1f / size; // a power of two: exact
    for (int t = 0; t < size; t++) {
      x[t] *= scale;
    }
  }

  private static synchronized Plans plans(int size) {
    return PLANS.computeIfAbsent(
        size,
        n -> {
          // the planner reads these arrays' alignment, and c2r planning may write to them; the
          // plans are only ever run on other arrays, so these stay allocated for the JVM's life
          FloatPointer real = NativeFloats.allocate(n);
          FloatPointer complex = NativeFloats.allocate(n + 2);
          fftwf_plan forward = fftwf_plan_dft_r2c_1d(n, real, complex, FFTW_ESTIMATE);
          fftwf_plan inverse = fftwf_plan_dft_c2r_1d(n, complex, real, FFTW_ESTIMATE);
          if (forward == null || forward.isNull() || inverse == null || inverse.isNull()) {
            throw new IllegalStateException("FFTW could not plan a real transform of " + n);
          }
          return new Plans(forward, inverse);
        });
  }

  /** Floats in memory from {@code fftwf_malloc}, given back with {@code fftwf_free}. */
  private static final class NativeFloats extends FloatPointer {
    private NativeFloats(Pointer memory, long count) {
      super(memory);
      capacity(count);
      limit(count);
      Pointer address = new Pointer(memory); // the deallocator must not hold this object
      deallocator(() -> fftwf_free(address));
    }

    static FloatPointer allocate(long count) {
      Pointer memory = fftwf_malloc(Float.BYTES * count);
      if (memory == null || memory.isNull()) {
        throw new OutOfMemoryError("fftwf_malloc of " + count + " floats failed");
      }
      return new NativeFloats(memory, count);
    }
  }
}
