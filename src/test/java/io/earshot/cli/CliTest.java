package io.earshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.earshot.testing.TestAudio;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: folders in, exit codes and JSON/CSV out. */
class CliTest {
  @TempDir static Path root;
  static Path train;
  static Path test;
  static Path model;

  /** Three classes a listener tells apart at once: a low hum, a high whistle, hiss. */
  @BeforeAll
  static void makeFoldersAndTrain() throws Exception {
    train = folder("train", 0, 10);
    test = folder("test", 1000, 5);
    model = root.resolve("model");
    Result result =
        run("train", "--data", train.toString(), "--out", model.toString(), "--rounds", "60");
    assertEquals(0, result.code, result.err);
  }

  @Test
  void trainSavesABundleAndPrintsItsMetrics() throws Exception {
    assertTrue(Files.exists(model.resolve("model.json")));
    assertTrue(Files.exists(model.resolve("booster.ubj")));
    assertTrue(Files.exists(model.resolve("metrics.json")));
  }

  @Test
  void evaluateOnAFreshSplitReachesTheStatedAccuracy() throws Exception {
    Result result = run("evaluate", "--model", model.toString(), "--data", test.toString());
    assertEquals(0, result.code, result.err);
    JsonNode metrics = new ObjectMapper().readTree(result.out);
    assertTrue(metrics.get("accuracy").asDouble() >= 0.9, result.out);
    assertTrue(
        metrics.has("macro_f1") && metrics.has("per_class") && metrics.has("confusion_matrix"),
        result.out);
    assertEquals(15, metrics.get("samples").asInt());
  }

  @Test
  void predictPrintsOneJsonLinePerFileAndFailsOnABadOne() throws Exception {
    Path good = test.resolve("hiss").resolve("hiss0.wav");
    Path bad = Files.writeString(root.resolve("notes.txt"), "not audio");
    Result result = run("predict", "--model", model.toString(), good.toString(), bad.toString());
    assertEquals(1, result.code, "a file that cannot be read makes the exit code non-zero");
    String[] lines = result.out.strip().split("\n");
    assertEquals(2, lines.length);
    JsonNode first = new ObjectMapper().readTree(lines[0]);
    assertEquals("hiss", first.get("predicted_class").asText());
    assertTrue(new ObjectMapper().readTree(lines[1]).get("error").asText().contains("WAV"));
  }

  @Test
  void predictSaysWhyItAbstainsAndTakesAClientsThreshold() throws Exception {
    Path silence = Files.write(root.resolve("silence.wav"), TestAudio.wav(new float[22_050]));
    Path hiss = test.resolve("hiss").resolve("hiss1.wav");
    Result result =
        run("predict", "--model", model.toString(), silence.toString(), hiss.toString());
    assertEquals(0, result.code, "an abstention is an answer, not a failure: " + result.err);
    String[] lines = result.out.strip().split("\n");
    JsonNode silent = new ObjectMapper().readTree(lines[0]);
    assertTrue(silent.get("predicted_class").isNull());
    assertEquals("silent", silent.get("unknown_reason").asText());
    assertTrue(silent.has("novelty") && silent.has("probabilities"));
    JsonNode answered = new ObjectMapper().readTree(lines[1]);
    assertEquals("hiss", answered.get("predicted_class").asText());
    assertTrue(answered.get("unknown_reason").isNull());

    Result strict =
        run("predict", "--model", model.toString(), "--min-confidence", "1", hiss.toString());
    assertEquals(
        "uncertain", new ObjectMapper().readTree(strict.out).get("unknown_reason").asText());
  }

  @Test
  void evaluateReportsCoverageSelectiveAccuracyAndOpenSetAbstentions() throws Exception {
    Path mixed = root.resolve("mixed");
    Files.createDirectories(mixed.resolve("silence"));
    for (int i = 0; i < 3; i++) {
      Files.write(
          mixed.resolve("silence").resolve("s" + i + ".wav"),
          TestAudio.wav(new float[22_050 * (i + 1)]));
    }
    for (String label : new String[] {"hum", "whistle"}) {
      Files.createDirectories(mixed.resolve(label));
      for (int i = 0; i < 5; i++) {
        Path source = test.resolve(label).resolve(label + i + ".wav");
        Files.copy(source, mixed.resolve(label).resolve(label + i + ".wav"));
      }
    }
    Result result = run("evaluate", "--model", model.toString(), "--data", mixed.toString());
    assertEquals(0, result.code, result.err);
    JsonNode report = new ObjectMapper().readTree(result.out);
    assertEquals(10, report.get("samples").asInt(), "only known classes count in the metrics");
    JsonNode in = report.get("open_set").get("in_distribution");
    assertEquals(10, in.get("clips").asInt());
    assertEquals(
        in.get("answered").asDouble() / 10, in.get("coverage").asDouble(), 1e-9, result.out);
    assertTrue(in.get("selective_accuracy").asDouble() >= 0.9, result.out);
    JsonNode out = report.get("open_set").get("out_of_distribution");
    assertEquals(3, out.get("clips").asInt());
    assertEquals(3, out.get("abstained").get("silent").asInt());
    assertEquals(1.0, out.get("by_label").get("silence").get("abstained_share").asDouble());
  }

  @Test
  void analyzeFindsAWhistleInARecordingAndWritesItsTables() throws Exception {
    float[] recording = new float[6 * 22_050];
    float[] whistle = TestAudio.tone(2500, 2.0, 77);
    System.arraycopy(whistle, 0, recording, 2 * 22_050, whistle.length);
    Path wav = Files.write(root.resolve("night.wav"), TestAudio.wav(recording));

    Result csv =
        run(
            "analyze",
            "--model",
            model.toString(),
            "--window",
            "1",
            "--format",
            "csv",
            wav.toString());
    assertEquals(0, csv.code, csv.err);
    String[] rows = csv.out.strip().split("\r?\n");
    assertEquals("label,start_s,end_s,confidence", rows[0]);
    assertEquals(2, rows.length, csv.out);
    String[] event = rows[1].split(",");
    assertEquals("whistle", event[0]);
    assertEquals(2.0, Double.parseDouble(event[1]), 0.5 + 1e-9, "within one hop");
    assertEquals(4.0, Double.parseDouble(event[2]), 0.5 + 1e-9, "within one hop");

    Result json = run("analyze", "--model", model.toString(), "--window", "1", wav.toString());
    JsonNode result = new ObjectMapper().readTree(json.out);
    assertEquals(0.5, result.get("hop_s").asDouble(), "the default hop is half a window");
    assertEquals("silent", result.get("segments").get(0).get("unknown_reason").asText());
    assertEquals(1, result.get("events").size());

    Path out = root.resolve("tables");
    Result raven =
        run(
            "analyze",
            "--model",
            model.toString(),
            "--window",
            "1",
            "--format",
            "raven",
            "--out",
            out.toString(),
            wav.toString(),
            wav.toString());
    assertEquals(0, raven.code, raven.err);
    String table = Files.readString(out.resolve("night.selections.txt"));
    assertTrue(table.startsWith("Selection\tView\tChannel\tBegin Time (s)"), table);
    assertTrue(table.contains("\twhistle\t"), table);
  }

  @Test
  void analyzeRefusesBadWindowsAndFormatsWithOneLine() throws Exception {
    Path wav = test.resolve("hiss").resolve("hiss0.wav");
    assertOneLineFailure(
        run("analyze", "--model", model.toString(), "--window", "0", wav.toString()), "window_s");
    assertOneLineFailure(
        run("analyze", "--model", model.toString(), "--window", "2", "--hop", "3", wav.toString()),
        "hop_s");
    assertOneLineFailure(
        run("analyze", "--model", model.toString(), "--format", "xml", wav.toString()),
        "json, csv or raven");
    assertOneLineFailure(
        run(
            "analyze",
            "--model",
            model.toString(),
            "--format",
            "csv",
            wav.toString(),
            wav.toString()),
        "--out DIR");
    assertOneLineFailure(run("analyze", "--model", model.toString()), "recordings");
  }

  @Test
  void featuresPrintsACsvRowPerClip() throws Exception {
    Result result = run("features", "--data", test.toString());
    assertEquals(0, result.code, result.err);
    String[] lines = result.out.strip().split("\n");
    assertEquals(16, lines.length, "header plus 15 clips");
    int columns = lines[0].split(",").length;
    for (String line : lines) {
      assertEquals(columns, line.split(",").length);
    }
    assertTrue(lines[0].startsWith("file,label,sha256,duration_s,"));
  }

  @Test
  void badInputExitsNonZeroWithOneLine() throws Exception {
    assertOneLineFailure(run("train", "--out", "x"), "--data");
    assertOneLineFailure(
        run("train", "--data", root.resolve("missing").toString(), "--out", "x"), "does not exist");
    assertOneLineFailure(
        run("evaluate", "--model", root.resolve("nope").toString(), "--data", test.toString()),
        "does not exist");
    assertOneLineFailure(run("frobnicate"), "unknown command");
    assertOneLineFailure(
        run("train", "--data", train.toString(), "--out", "x", "--max-depth", "99"), "max_depth");
    assertOneLineFailure(
        run("train", "--data", train.toString(), "--out", "x", "--codec-augment", "maybe"),
        "--codec-augment: use auto");
    assertOneLineFailure(run("predict", "--model", model.toString()), "audio files");
    assertOneLineFailure(
        run("predict", "--model", model.toString(), "--min-confidence", "2", "x.wav"),
        "--min-confidence must be a number in [0, 1]");
  }

  @Test
  void optionsTakeEqualsSignsAndTheLastRepeatWins() throws Exception {
    Path hiss = test.resolve("hiss").resolve("hiss1.wav");
    Result result =
        run(
            "predict",
            "--model=" + model,
            "--min-confidence=1",
            "--min-confidence",
            "0",
            hiss.toString());
    assertEquals(0, result.code, result.err);
    JsonNode line = new ObjectMapper().readTree(result.out);
    assertEquals("hiss", line.get("predicted_class").asText(), result.out);
    assertEquals(hiss.toString(), line.get("file").asText());
  }

  @Test
  void anAtSignIsAFileNameNotAnArgumentFile() throws Exception {
    Path list = Files.writeString(root.resolve("args.txt"), "--help");
    Result result = run("predict", "--model", model.toString(), "@" + list);
    assertEquals(1, result.code, "a file that cannot be read, not expanded arguments");
    assertEquals("@" + list, new ObjectMapper().readTree(result.out).get("file").asText());
  }

  static void assertOneLineFailure(Result result, String mentions) {
    assertTrue(result.code != 0, "exit code must be non-zero");
    assertEquals(1, result.err.strip().lines().count(), "one line: " + result.err);
    assertTrue(result.err.contains(mentions), result.err);
  }

  private static Path folder(String name, long seedBase, int perClass) throws Exception {
    Path dir = root.resolve(name);
    for (String label : new String[] {"hum", "whistle", "hiss"}) {
      Files.createDirectories(dir.resolve(label));
      for (int i = 0; i < perClass; i++) {
        long seed = seedBase + i;
        float[] audio =
            switch (label) {
              case "hum" -> TestAudio.tone(150 + 10 * i, 1.0, seed);
              case "whistle" -> TestAudio.tone(2400 + 60 * i, 1.0, seed);
              default -> TestAudio.noise(1.0, seed);
            };
        Files.write(dir.resolve(label).resolve(label + i + ".wav"), TestAudio.wav(audio));
      }
    }
    return dir;
  }

  record Result(int code, String out, String err) {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
