package io.earshot.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.analysis.AnalysisResult;
import io.earshot.analysis.WindowPlan;
import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.audio.RecordingStream;
import io.earshot.features.FeatureExtractor;
import io.earshot.model.Classifier;
import io.earshot.model.ModelBundle;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.testing.TestModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A recording analysed block by block, from a file, gives exactly the result of the same recording
 * analysed whole (every window's vector, level, answer and confidence, every event), while holding
 * a bounded number of samples whatever its length.
 */
class RecordingPassTest {
  private static final int RATE = 22_050;
  private static final double HOUR = 3600;

  @TempDir static Path dir;
  private static Classifier classifier;
  private static ActiveModel model;
  private static FeatureExtractor extractor;
  private static AudioLoader loader;

  /** Four minutes of tones and noise bursts at known times over a quiet floor. */
  private static Path fourMinutes;

  @BeforeAll
  static void setUp() throws IOException {
    extractor = new FeatureExtractor();
    ModelBundle bundle = TestModels.tiny();
    classifier = new Classifier(bundle, extractor.schema().id(), extractor.schema().size(), 1);
    model = new ActiveModel("3", bundle, classifier, extractor);
    loader =
        new AudioLoader(AudioLimits.defaults().withMaxBytes(1L << 30).withMaxDurationSeconds(HOUR));
    fourMinutes = writeWav(dir.resolve("four-minutes.wav"), RATE, 1, 240L * RATE, 11);
  }

  @AfterAll
  static void close() {
    classifier.close();
  }

  @ParameterizedTest(name = "window {0} s, hop {1} s, blocks of {2} s")
  @CsvSource({
    "1.0, 0.5, 7.3",
    "3, 1.5, 60",
    "2.5, 2.5, 4.05",
    "1.3, 0.37, 2.9",
    "5, 1, 3.3", // blocks shorter than a window
    "60, 20, 45.7",
    "0.5, 0.1, 1.01"
  })
  void blocksGiveExactlyTheWholeRecordingsResult(double window, double hop, double block)
      throws Exception {
    RecordingAnalyzer.Request request = request(new WindowPlan(window, hop));
    AnalysisResult whole = wholeAnalyzer().analyze(model, loader.load(fourMinutes), request);
    AnalysisResult blocks =
        analyzer(block).analyze(model, fourMinutes, HOUR, request, RecordingAnalyzer.Listener.NONE);

    assertEquals(whole, blocks);
    Set<String> answers =
        whole.segments().stream()
            .map(s -> s.predictedClass() != null ? s.predictedClass() : "" + s.unknownReason())
            .collect(Collectors.toSet());
    // a minute-long window always holds a mixture, which the model finds novel
    assertTrue(
        answers.size() >= (window < 10 ? 3 : 1), "windows answered in several ways: " + answers);
  }

  @ParameterizedTest(name = "{0} Hz, {1} channels, {2} s")
  @CsvSource({
    "48000, 2, 75", // resampled and mixed on the way
    "44100, 1, 40",
    "22050, 1, 21", // ends exactly on a block boundary (blocks of 3 s)
    "22050, 1, 0.8" // shorter than one window
  })
  void sourcesOfEveryRateAndLengthGiveTheWholeResult(int rate, int channels, double seconds)
      throws Exception {
    Path file =
        writeWav(
            dir.resolve("r" + rate + "-" + seconds + ".wav"),
            rate,
            channels,
            (long) (seconds * rate),
            5);
    RecordingAnalyzer.Request request = request(new WindowPlan(2, 0.75));
    AnalysisResult whole = wholeAnalyzer().analyze(model, loader.load(file), request);
    assertEquals(
        whole, analyzer(3).analyze(model, file, HOUR, request, RecordingAnalyzer.Listener.NONE));
  }

  @Test
  void theBufferIsBoundedByABlockAndAWindowWhateverTheRecordingsLength() throws Exception {
    int block = 20 * RATE;
    WindowPlan plan = new WindowPlan(3, 1.5);
    long bound = RecordingPass.bufferBound(block, plan);
    long tenMinutes = maxBuffered(writeWav(dir.resolve("ten.wav"), RATE, 1, 600L * RATE, 1), plan);
    long thirtyMinutes =
        maxBuffered(writeWav(dir.resolve("thirty.wav"), RATE, 1, 1800L * RATE, 2), plan);
    assertTrue(tenMinutes <= bound, tenMinutes + " samples held, bound " + bound);
    assertEquals(tenMinutes, thirtyMinutes);
  }

  @Test
  void progressIsReportedAfterEveryBlockAndCancellingStopsThePass() throws Exception {
    List<double[]> progress = new ArrayList<>();
    AnalysisResult result =
        analyzer(30)
            .analyze(
                model,
                fourMinutes,
                HOUR,
                request(WindowPlan.of(3)),
                listener(progress, Integer.MAX_VALUE));
    assertEquals(9, progress.size(), "8 blocks of 30 s, then the end");
    for (int i = 0; i < 8; i++) {
      assertEquals(30.0 * (i + 1), progress.get(i)[0], 1e-9);
      assertEquals(240.0, progress.get(i)[1], 1e-9, "the header's length");
    }
    assertEquals(240.0, result.durationS());

    List<double[]> cancelled = new ArrayList<>();
    AnalysisCancelledException e =
        assertThrows(
            AnalysisCancelledException.class,
            () ->
                analyzer(30)
                    .analyze(
                        model,
                        fourMinutes,
                        HOUR,
                        request(WindowPlan.of(3)),
                        listener(cancelled, 2)));
    assertEquals("analysis cancelled after 60.0 s of 240.0 s", e.getMessage());
    assertEquals(2, cancelled.size());
  }

  @Test
  void aRecordingLongerThanTheLimitIsRefusedBeforeItIsAnalysed() {
    assertThrows(
        io.earshot.audio.AudioDecodeException.class,
        () ->
            analyzer(30)
                .analyze(
                    model,
                    fourMinutes,
                    120,
                    request(WindowPlan.of(3)),
                    RecordingAnalyzer.Listener.NONE));
  }

  private static long maxBuffered(Path file, WindowPlan plan) throws Exception {
    RecordingPass pass =
        new RecordingPass(
            analyzer(20), model, request(plan), RecordingAnalyzer.Listener.NONE, 20 * RATE);
    try (RecordingStream recording = loader.openRecording(file, HOUR)) {
      assertFalse(pass.run(recording).segments().isEmpty());
    }
    return pass.maxBufferedSamples();
  }

  private static RecordingAnalyzer.Listener listener(List<double[]> progress, int cancelAfter) {
    return new RecordingAnalyzer.Listener() {
      @Override
      public void onProgress(double analysedSeconds, double totalSeconds) {
        progress.add(new double[] {analysedSeconds, totalSeconds});
      }

      @Override
      public boolean cancelled() {
        return progress.size() >= cancelAfter;
      }
    };
  }

  private static RecordingAnalyzer.Request request(WindowPlan plan) {
    return new RecordingAnalyzer.Request(plan, 0.5, OptionalDouble.empty());
  }

  private static RecordingAnalyzer wholeAnalyzer() {
    return new RecordingAnalyzer(loader, OpenSetPolicy.defaults());
  }

  private static RecordingAnalyzer analyzer(double blockSeconds) {
    return new RecordingAnalyzer(
        loader, OpenSetPolicy.defaults(), (int) Math.round(blockSeconds * RATE));
  }

  /**
   * A 16-bit WAV written a piece at a time: a quiet noise floor and, every few seconds at a random
   * time, a high tone, a low tone or a noise burst of 0.4 to 5 s (the same in every channel, with a
   * little independent noise on each).
   */
  static Path writeWav(Path file, int rate, int channels, long frames, long seed)
      throws IOException {
    Random random = new Random(seed);
    try (FileChannel out =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      long dataBytes = frames * channels * 2;
      ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
      header.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes());
      header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) channels);
      header.putInt(rate).putInt(rate * channels * 2).putShort((short) (channels * 2));
      header.putShort((short) 16).put("data".getBytes()).putInt((int) dataBytes);
      out.write(header.flip());
      ByteBuffer pcm = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      long soundStart = 0;
      long soundEnd = 0;
      int kind = 0;
      double hz = 0;
      double phase = 0;
      for (long i = 0; i < frames; i++) {
        if (i >= soundEnd + rate) {
          soundStart = i + (long) (random.nextDouble() * 4 * rate);
          soundEnd = soundStart + (long) ((0.4 + random.nextDouble() * 4.6) * rate);
          kind = random.nextInt(3);
          hz = kind == 0 ? 1800 + random.nextInt(400) : 220 + random.nextInt(100);
          phase = 0;
        }
        boolean on = i >= soundStart && i < soundEnd;
        // harmonic tones with a little vibrato, like the ones the model was trained on
        phase += 2 * Math.PI * hz * (1 + 0.01 * Math.sin(2 * Math.PI * 4 * i / rate)) / rate;
        double v = on && kind < 2 ? 0.4 * Math.sin(phase) + 0.15 * Math.sin(2 * phase) : 0;
        double noise = on && kind == 2 ? 0.2 : on ? 0.02 : 0.0003;
        for (int c = 0; c < channels; c++) {
          if (!pcm.hasRemaining()) {
            out.write(pcm.flip());
            pcm.clear();
          }
          double sample = v + noise * random.nextGaussian();
          pcm.putShort((short) Math.round(Math.max(-1, Math.min(1, sample)) * 32767));
        }
      }
      out.write(pcm.flip());
    }
    return file;
  }
}
