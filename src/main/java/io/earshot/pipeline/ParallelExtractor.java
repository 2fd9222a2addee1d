package io.earshot.pipeline;

import io.earshot.audio.AudioDecodeException;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Turns a folder's worth of files into features on every core, keeping input order. */
public final class ParallelExtractor {
  private final ClipAnalyzer analyzer;
  private final int threads;

  public ParallelExtractor(AudioLoader loader, FeatureExtractor extractor, int threads) {
    this(new ClipAnalyzer(loader, extractor), threads);
  }

  public ParallelExtractor(ClipAnalyzer analyzer, int threads) {
    this.analyzer = analyzer;
    this.threads = Math.max(1, threads);
  }

  /** The outcome for a whole folder: what was extracted and what was skipped, and why. */
  public record Report(List<ClipFeatures> clips, List<ExtractionFailure> failures) {}

  /**
   * @param augmentPerClip augmented variants to add per clip (0 for none)
   * @param seed makes augmentation reproducible; each clip derives its own seed from it
   */
  public Report extract(List<LabeledFile> files, int augmentPerClip, long seed) {
    ExecutorService pool = DaemonPool.fixed(threads, "earshot-extract");
    try {
      List<Future<Object>> pending = new ArrayList<>(files.size());
      for (LabeledFile file : files) {
        pending.add(pool.submit(() -> extractOne(file, augmentPerClip, seed)));
      }
      List<ClipFeatures> clips = new ArrayList<>();
      List<ExtractionFailure> failures = new ArrayList<>();
      for (Future<Object> f : pending) {
        Object outcome = await(f);
        if (outcome instanceof ClipFeatures c) {
          clips.add(c);
        } else {
          failures.add((ExtractionFailure) outcome);
        }
      }
      return new Report(clips, failures);
    } finally {
      pool.shutdownNow();
    }
  }

  private Object extractOne(LabeledFile file, int augmentPerClip, long seed) {
    try {
      ClipAnalyzer.Analysis clip =
          analyzer.analyze(Files.readAllBytes(file.path()), augmentPerClip, seed);
      return new ClipFeatures(
          file,
          clip.sha256(),
          clip.durationSeconds(),
          clip.loudestFrameDbfs(),
          clip.original(),
          clip.augmented());
    } catch (AudioDecodeException e) {
      return new ExtractionFailure(file, e.getMessage());
    } catch (IOException e) {
      return new ExtractionFailure(file, "cannot read file: " + e.getMessage());
    }
  }

  private static Object await(Future<Object> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while extracting features", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("feature extraction failed: " + e.getCause(), e.getCause());
    }
  }
}
