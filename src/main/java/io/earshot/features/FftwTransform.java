package io.earshot.features;

import static org.bytedeco.fftw.global.fftw3.FFTW_ESTIMATE;
import static org.bytedeco.fftw.global.fftw3.FFTW_MEASURE;
import static org.bytedeco.fftw.global.fftw3.FFTW_WISDOM_ONLY;
import static org.bytedeco.fftw.global.fftw3.fftwf_destroy_plan;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_c2r;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_r2c;
import static org.bytedeco.fftw.global.fftw3.fftwf_free;
import static org.bytedeco.fftw.global.fftw3.fftwf_import_wisdom_from_string;
import static org.bytedeco.fftw.global.fftw3.fftwf_malloc;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_c2r_1d;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_r2c_1d;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * buffers, freed when it is collected.
 *
 * <p>Plans come from wisdom shipped in the jar, {@value #WISDOM}: plans that FFTW measured once
 * (patiently) for the sizes features use, 40 % faster than its estimated ones. Measuring at run
 * time would be as fast but picks a different plan nearly every run, and with it the last bits of
 * every feature; recorded wisdom gives the same plan, and the same bits, every run. Where the
 * wisdom does not apply (another platform, a CPU without the SIMD its codelets use, another size)
 * the plan is estimated, which is as reproducible. {@code FftwWisdom} in the tests writes the file.
 */
final class FftwTransform implements RealFft.Transform {

  /** Where the recorded wisdom lies, next to this class, for JavaCPP's name of the platform. */
  static final String WISDOM = "fftw-wisdom-{platform}.txt";

  /**
   * @param fromWisdom whether both came from the recorded wisdom (else they were estimated)
   */
  private record Plans(fftwf_plan forward, fftwf_plan inverse, boolean fromWisdom) {}

  private static final Map<Integer, Plans> PLANS = new HashMap<>();
  private static boolean wisdomRead;

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

  /** Whether the plans of this size came from the recorded wisdom. */
  static boolean plannedFromWisdom(int size) {
    return plans(size).fromWisdom();
  }

  private static synchronized Plans plans(int size) {
    if (!wisdomRead) {
      wisdomRead = true;
      String wisdom = recordedWisdom(Loader.getPlatform());
      if (wisdom != null) {
        // wisdom this FFTW cannot read leaves the estimated plans: slower, not wrong (and on
        // Linux x86-64 FftwWisdomTest fails)
        fftwf_import_wisdom_from_string(wisdom);
      }
    }
    return PLANS.computeIfAbsent(
        size,
        n -> {
          // the planner reads these arrays' alignment, and c2r planning may write to them; the
          // plans are only ever run on other arrays, so these stay allocated for the JVM's life
          FloatPointer real = NativeFloats.allocate(n);
          FloatPointer complex = NativeFloats.allocate(n + 2);
          int recorded = FFTW_MEASURE | FFTW_WISDOM_ONLY; // a measured plan from wisdom, or none
          fftwf_plan forward = fftwf_plan_dft_r2c_1d(n, real, complex, recorded);
          fftwf_plan inverse = fftwf_plan_dft_c2r_1d(n, complex, real, recorded);
          boolean fromWisdom = planned(forward) && planned(inverse);
          if (!fromWisdom) {
            destroy(forward);
            destroy(inverse);
            forward = fftwf_plan_dft_r2c_1d(n, real, complex, FFTW_ESTIMATE);
            inverse = fftwf_plan_dft_c2r_1d(n, complex, real, FFTW_ESTIMATE);
          }
          if (!planned(forward) || !planned(inverse)) {
            throw new IllegalStateException("FFTW could not plan a real transform of " + n);
          }
          return new Plans(forward, inverse, fromWisdom);
        });
  }

  private static boolean planned(fftwf_plan plan) {
    return plan != null && !plan.isNull();
  }

  private static void destroy(fftwf_plan plan) {
    if (planned(plan)) {
      fftwf_destroy_plan(plan);
    }
  }

  /** The wisdom recorded for this platform, or null when there is none. */
  static String recordedWisdom(String platform) {
    String name = WISDOM.replace("{platform}", platform);
    try (InputStream in = FftwTransform.class.getResourceAsStream(name)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
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
