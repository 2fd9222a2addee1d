package io.earshot.config;

import io.earshot.audio.AudioLimits;
import io.earshot.features.FeatureVersion;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.openset.SignalGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * Every tunable of Earshot in one place. Each value is resolved in this order: the environment
 * variable (when it has one), then {@code conf/config.json}, then the default written next to it.
 *
 * <p>Keys in the JSON file are the record component names in snake_case.
 */
public record EarshotConfig(
    String host,
    int port,
    String redisUrl,
    String apiKey,
    Path modelDir,
    Path dataDir,
    int workers,
    Roles roles,
    long maxUploadBytes,
    double maxDurationSeconds,
    double minDurationSeconds,
    double analysisSyncMaxSeconds,
    double analysisMaxSeconds,
    long analysisMaxUploadBytes,
    long datasetImportMaxBytes,
    Duration decodeTimeBudget,
    int workerQueueCapacity,
    int retryAfterSeconds,
    int batchMaxFiles,
    int uploadMaxFiles,
    Duration httpIdleTimeout,
    Duration bodyTimeout,
    long bodyMinBytesPerSecond,
    boolean predictionsRequireKey,
    List<String> corsOrigins,
    double rateLimitPerSecond,
    int rateLimitBurst,
    OptionalDouble unknownThreshold,
    Map<String, Double> classThresholds,
    double silenceFloorDbfs,
    OptionalDouble noveltyThreshold,
    int autoRetrainThreshold,
    String redisKeyPrefix,
    Duration jobVisibilityTimeout,
    int jobMaxAttempts,
    Duration jobRecordTtl,
    int recentPredictionsCap,
    int driftWindow,
    int httpInstances,
    int retrainSearchTrials,
    int retrainSearchSeconds,
    int cvFolds,
    FeatureVersion featureVersion,
    CodecAugmentation codecAugmentation,
    Duration trainingPollInterval) {

  /** Where the service looks for the file part of the configuration unless EARSHOT_CONFIG says. */
  public static final Path DEFAULT_FILE = Path.of("conf", "config.json");

  /** Resolve from the process environment and the default file (if present). */
  public static EarshotConfig load() {
    Map<String, String> env = System.getenv();
    Path file = Path.of(env.getOrDefault("EARSHOT_CONFIG", DEFAULT_FILE.toString()));
    return load(file, env);
  }

  public static EarshotConfig load(Path file, Map<String, String> env) {
    return new Resolver(ConfigFile.read(file), env).resolve();
  }

  /** Defaults only: what a fresh checkout runs with. */
  public static EarshotConfig defaults() {
    return new Resolver(Map.of(), Map.of()).resolve();
  }

  /** Where uploaded training clips are kept as uploaded: {@code DATA_DIR/clips/<label>/}. */
  public Path clipsDir() {
    return dataDir.resolve("clips");
  }

  /** Where request bodies written to disk wait while they are handled: {@code DATA_DIR/uploads}. */
  public Path uploadsDir() {
    return dataDir.resolve("uploads");
  }

  public boolean redisEnabled() {
    return redisUrl != null && !redisUrl.isBlank();
  }

  public boolean apiKeyEnabled() {
    return apiKey != null && !apiKey.isBlank();
  }

  /** A copy with another port, model and data directory: what tests and the CLI need most. */
  public EarshotConfig withPortAndDirs(int newPort, Path newModelDir, Path newDataDir) {
    return new EarshotConfig(
        host,
        newPort,
        redisUrl,
        apiKey,
        newModelDir,
        newDataDir,
        workers,
        roles,
        maxUploadBytes,
        maxDurationSeconds,
        minDurationSeconds,
        analysisSyncMaxSeconds,
        analysisMaxSeconds,
        analysisMaxUploadBytes,
        datasetImportMaxBytes,
        decodeTimeBudget,
        workerQueueCapacity,
        retryAfterSeconds,
        batchMaxFiles,
        uploadMaxFiles,
        httpIdleTimeout,
        bodyTimeout,
        bodyMinBytesPerSecond,
        predictionsRequireKey,
        corsOrigins,
        rateLimitPerSecond,
        rateLimitBurst,
        unknownThreshold,
        classThresholds,
        silenceFloorDbfs,
        noveltyThreshold,
        autoRetrainThreshold,
        redisKeyPrefix,
        jobVisibilityTimeout,
        jobMaxAttempts,
        jobRecordTtl,
        recentPredictionsCap,
        driftWindow,
        httpInstances,
        retrainSearchTrials,
        retrainSearchSeconds,
        cvFolds,
        featureVersion,
        codecAugmentation,
        trainingPollInterval);
  }

  /**
   * The open-set rules this configuration asks for.
   *
   * @throws ConfigException when a threshold or the floor is out of range
   */
  public OpenSetPolicy openSetPolicy() {
    try {
      return new OpenSetPolicy(
          new SignalGate(silenceFloorDbfs), unknownThreshold, classThresholds, noveltyThreshold);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
  }

  /**
   * Limits of a recording analysed in one request or one CLI file: its byte limit, time budget per
   * block and shortest length; the longest is passed with each recording (the synchronous limit for
   * a request).
   */
  public AudioLimits analysisLimits() {
    return new AudioLimits(
        analysisMaxUploadBytes,
        analysisSyncMaxSeconds,
        minDurationSeconds,
        decodeTimeBudget.toMillis());
  }

  /** Looks each setting up in env, then file, then default; fails with the setting's name. */
  private static final class Resolver {
    private final Map<String, String> file;
    private final Map<String, String> env;

    Resolver(Map<String, String> file, Map<String, String> env) {
      this.file = file;
      this.env = env;
    }

    EarshotConfig resolve() {
      int cores = Runtime.getRuntime().availableProcessors();
      int workers = get("WORKERS", "workers", cores, Integer::parseInt);
      return new EarshotConfig(
          get("HOST", "host", "0.0.0.0", Function.identity()),
          get("PORT", "port", 8080, Integer::parseInt),
          get("REDIS_URL", "redis_url", null, Function.identity()),
          get("API_KEY", "api_key", null, Function.identity()),
          get("MODEL_DIR", "model_dir", Path.of("models"), Path::of),
          get("DATA_DIR", "data_dir", Path.of("data"), Path::of),
          positive("workers", workers),
          get("ROLES", "roles", Roles.ALL, Roles::parse),
          positive(
              "max_upload_bytes",
              get(null, "max_upload_bytes", 50L * 1024 * 1024, Long::parseLong)),
          get(null, "max_duration_seconds", 600.0, Double::parseDouble),
          get(null, "min_duration_seconds", 2048.0 / 22_050, Double::parseDouble),
          positive(
              "analysis_sync_max_seconds",
              get(null, "analysis_sync_max_seconds", 900.0, Double::parseDouble)),
          positive(
              "analysis_max_seconds",
              get(null, "analysis_max_seconds", 24 * 3600.0, Double::parseDouble)),
          positive(
              "analysis_max_upload_bytes",
              get(null, "analysis_max_upload_bytes", 1024L * 1024 * 1024, Long::parseLong)),
          positive(
              "dataset_import_max_bytes",
              get(null, "dataset_import_max_bytes", 2048L * 1024 * 1024, Long::parseLong)),
          Duration.ofMillis(get(null, "decode_time_budget_ms", 20_000L, Long::parseLong)),
          positive(
              "worker_queue_capacity",
              get(null, "worker_queue_capacity", workers * 16, Integer::parseInt)),
          get(null, "retry_after_seconds", 1, Integer::parseInt),
          positive("batch_max_files", get(null, "batch_max_files", 32, Integer::parseInt)),
          positive("upload_max_files", get(null, "upload_max_files", 1000, Integer::parseInt)),
          Duration.ofSeconds(
              positive(
                  "http_idle_timeout_s", get(null, "http_idle_timeout_s", 120L, Long::parseLong))),
          Duration.ofSeconds(
              positive("body_timeout_s", get(null, "body_timeout_s", 30L, Long::parseLong))),
          positive(
              "body_min_bytes_per_second",
              get(null, "body_min_bytes_per_second", 64L * 1024, Long::parseLong)),
          get("PREDICTIONS_REQUIRE_KEY", "predictions_require_key", false, Boolean::parseBoolean),
          get(
              "CORS_ORIGINS",
              "cors_origins",
              List.of(),
              s ->
                  Arrays.stream(s.split(",")).map(String::trim).filter(o -> !o.isEmpty()).toList()),
          get(null, "rate_limit_per_second", 0.0, Double::parseDouble),
          get(null, "rate_limit_burst", 100, Integer::parseInt),
          get(null, "unknown_threshold", OptionalDouble.empty(), Resolver::optionalNumber),
          get("CLASS_THRESHOLDS", "class_thresholds", Map.of(), Resolver::thresholds),
          get(
              "SILENCE_FLOOR_DBFS",
              "silence_floor_dbfs",
              SignalGate.DEFAULT_FLOOR_DBFS,
              Double::parseDouble),
          get(null, "novelty_threshold", OptionalDouble.empty(), Resolver::optionalNumber),
          get(null, "auto_retrain_threshold", 0, Integer::parseInt),
          get("REDIS_KEY_PREFIX", "redis_key_prefix", "earshot:", Function.identity()),
          Duration.ofMillis(get(null, "job_visibility_timeout_ms", 30_000L, Long::parseLong)),
          positive("job_max_attempts", get(null, "job_max_attempts", 3, Integer::parseInt)),
          Duration.ofHours(get(null, "job_record_ttl_hours", 24L * 7, Long::parseLong)),
          get(null, "recent_predictions_cap", 1000, Integer::parseInt),
          positive("drift_window", get(null, "drift_window", 500, Integer::parseInt)),
          positive("http_instances", get(null, "http_instances", cores, Integer::parseInt)),
          get(null, "retrain_search_trials", 8, Integer::parseInt),
          get(null, "retrain_search_time_s", 60, Integer::parseInt),
          positive("cv_folds", get(null, "cv_folds", 5, Integer::parseInt)),
          get(
              "FEATURE_VERSION",
              "feature_version",
              FeatureVersion.CURRENT,
              Resolver::featureVersion),
          get(
              "CODEC_AUGMENTATION",
              "codec_augmentation",
              CodecAugmentation.OFF,
              CodecAugmentation::parse),
          Duration.ofMillis(
              positive("training_poll_ms", get(null, "training_poll_ms", 1000L, Long::parseLong))));
    }

    private <T> T get(String envName, String key, T fallback, Function<String, T> parse) {
      String raw = envName == null ? null : env.get(envName);
      String source = "environment variable " + envName;
      if (raw == null || raw.isBlank()) {
        raw = file.get(key);
        if (raw == null) {
          return fallback;
        }
        source = "config key " + key;
      }
      try {
        return parse.apply(raw.trim());
      } catch (ConfigException e) {
        throw new ConfigException(
            source + " has an invalid value '" + raw + "': " + e.getMessage());
      } catch (RuntimeException e) {
        throw new ConfigException(source + " has an invalid value '" + raw + "'");
      }
    }

    private static FeatureVersion featureVersion(String raw) {
      try {
        return FeatureVersion.of(Integer.parseInt(raw));
      } catch (NumberFormatException e) {
        throw new ConfigException("give the feature version as a number, such as 3");
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage());
      }
    }

    private static OptionalDouble optionalNumber(String raw) {
      return OptionalDouble.of(Double.parseDouble(raw));
    }

    /** "gunshot=0.6,dog=0.5" → per-class confidence thresholds. */
    private static Map<String, Double> thresholds(String raw) {
      Map<String, Double> out = new LinkedHashMap<>();
      for (String pair : raw.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException("expected class=threshold, got '" + pair + "'");
        }
        out.put(pair.substring(0, eq).trim(), Double.parseDouble(pair.substring(eq + 1).trim()));
      }
      return Map.copyOf(out);
    }

    private static <N extends Number> N positive(String key, N value) {
      if (value.doubleValue() <= 0) {
        throw new ConfigException(key + " must be positive, was " + value);
      }
      return value;
    }
  }
}
