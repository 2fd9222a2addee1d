package io.earshot.features;

import static org.bytedeco.fftw.global.fftw3.FFTW_PATIENT;
import static org.bytedeco.fftw.global.fftw3.fftwf_export_wisdom_to_string;
import static org.bytedeco.fftw.global.fftw3.fftwf_malloc;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_c2r_1d;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_r2c_1d;

import org.bytedeco.fftw.global.fftw3;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;

/**
 * Writes the wisdom {@link FftwTransform} ships: FFTW plans the transforms features use, patiently
 * (timing many candidates on this machine), and prints what it learned. The plans differ from run
 * to run; run it a few times and keep the fastest, as docs/PERFORMANCE.md describes:
 *
 * <pre>
 * ./mvnw -B -q test-compile -Djacoco.skip=true
 * java -cp target/earshot.jar:target/test-classes io.earshot.features.FftwWisdom \
 *   &gt; src/main/resources/io/earshot/features/fftw-wisdom-linux-x86_64.txt
 * </pre>
 */
public final class FftwWisdom {

  private FftwWisdom() {}

  public static void main(String[] args) {
    Loader.load(fftw3.class);
    for (int n : new int[] {AnalysisParameters.PITCH_FRAME, AnalysisParameters.FRAME}) {
      // the problems FftwTransform plans: out of place, on buffers of fftwf_malloc's alignment
      FloatPointer real = new FloatPointer(fftwf_malloc(Float.BYTES * (long) n));
      FloatPointer complex = new FloatPointer(fftwf_malloc(Float.BYTES * (n + 2L)));
      fftwf_plan_dft_r2c_1d(n, real, complex, FFTW_PATIENT);
      fftwf_plan_dft_c2r_1d(n, complex, real, FFTW_PATIENT);
    }
    System.out.print(fftwf_export_wisdom_to_string().getString());
  }
}
