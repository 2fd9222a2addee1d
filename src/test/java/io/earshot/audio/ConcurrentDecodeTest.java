package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Decoders share static tables (JLayer, JOrbis): parallel decodes must match a lone decode. */
class ConcurrentDecodeTest {

  @Test
  void parallelDecodesOfEveryFormatGiveIdenticalSamples() throws Exception {
    AudioLoader loader = new AudioLoader(AudioLimits.defaults());
    String[] files = {
      "tone440-44100-stereo.mp3",
      "tone440-16000-stereo.flac",
      "tone440-48000-stereo.ogg",
      "tone440-11025-mono.aiff"
    };
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (String file : files) {
        byte[] bytes = Signals.resource(file);
        List<Callable<AudioClip>> jobs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
          jobs.add(() -> loader.load(bytes));
        }
        float[] expected = loader.load(bytes).samples();
        for (Future<AudioClip> result : pool.invokeAll(jobs)) {
          assertArrayEquals(expected, result.get().samples(), file);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
