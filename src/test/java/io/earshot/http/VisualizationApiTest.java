package io.earshot.http;

import static io.earshot.testing.Await.await;
import static io.earshot.testing.ProblemAssertions.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.audio.AudioLimits;
import io.earshot.audio.AudioLoader;
import io.earshot.features.FeatureExtractor;
import io.earshot.jobs.StoredSample;
import io.earshot.jobs.StoredSamples;
import io.earshot.openset.OpenSetPolicy;
import io.earshot.pipeline.ModelHolder;
import io.earshot.pipeline.PredictionPipeline;
import io.earshot.testing.TestAudio;
import io.earshot.testing.TestModels;
import io.earshot.testing.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.multipart.MultipartForm;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Visualizations: against the real service (no training data wired yet, spectrogram, feature info),
 * and against the same routes fed with known training samples.
 */
class VisualizationApiTest {
  private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** Written so a person can look at them after a run. */
  private static final Path PICTURES = Path.of("target", "visualizations");

  @TempDir static Path root;
  static TestServer server;
  static Vertx vertx;
  static HttpServer withData;
  static WebClient dataClient;
  static List<StoredSample> samples;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start(TestServer.config(root));
    vertx = Vertx.vertx();
    FeatureExtractor extractor = new FeatureExtractor();
    samples = trainingSamples(extractor);
    withData = routesOnly(extractor, samples);
    dataClient = client(withData);
    Files.createDirectories(PICTURES);
  }

  /** The visualisation routes alone, on a model-less pipeline fed with {@code samples}. */
  private static HttpServer routesOnly(FeatureExtractor extractor, List<StoredSample> samples)
      throws Exception {
    PredictionPipeline pipeline =
        new PredictionPipeline(
            new AudioLoader(AudioLimits.defaults()), new ModelHolder(), OpenSetPolicy.defaults());
    Router router = Router.router(vertx);
    new VisualizationRoutes(
            pipeline,
            extractor,
            new BoundedWorkers(vertx, 2, 4, 1),
            () -> Future.succeededFuture(samples),
            false)
        .mount(
            router,
            vertx,
            BodyHandler.create(root.resolve("uploads").toString()),
            new ApiKeyAuth(null));
    router.route().failureHandler(new FailureHandler());
    return await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
  }

  private static WebClient client(HttpServer server) {
    return WebClient.create(
        vertx,
        new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.actualPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    await(vertx.close());
  }

  @Test
  void aFreshServiceDrawsTheServedModelsTrainingProfilesUntilTrainingDataIsUploaded()
      throws Exception {
    JsonObject fromModel =
        await(server.client().get("/api/v1/visualizations/spectral?format=json").send())
            .bodyAsJsonObject();
    assertEquals("model 1", fromModel.getString("source"), fromModel.encode());
    assertEquals(new JsonArray(TestModels.CLASSES), fromModel.getJsonArray("classes"));
    JsonObject centroid =
        fromModel.getJsonArray("features").getJsonObject(0).getJsonObject("per_class");
    assertTrue(
        centroid.getJsonObject("high").getDouble("mean")
            > centroid.getJsonObject("low").getDouble("mean"),
        "high tones have the higher spectral centroid: " + centroid.encode());
    HttpResponse<Buffer> modelPng =
        await(server.client().get("/api/v1/visualizations/mfcc").send());
    assertEquals(200, modelPng.statusCode());
    png(modelPng.body().getBytes(), "mfcc-shipped-model");

    MultipartForm form = MultipartForm.create().attribute("labels", "dark,bright,dark,bright");
    for (int i = 0; i < 4; i++) {
      double hz = i % 2 == 0 ? 200 + 10 * i : 3000 + 10 * i;
      form.binaryFileUpload(
          "files",
          i + ".wav",
          Buffer.buffer(TestAudio.wav(TestAudio.tone(hz, 1.0, 700 + i))),
          "audio/wav");
    }
    HttpResponse<Buffer> uploaded =
        await(server.client().post("/api/v1/upload-data").sendMultipartForm(form));
    assertEquals(200, uploaded.statusCode(), uploaded.bodyAsString());
    JsonObject body =
        await(server.client().get("/api/v1/visualizations/spectral?format=json").send())
            .bodyAsJsonObject();
    assertEquals(new JsonArray(List.of("bright", "dark")), body.getJsonArray("classes"));
    assertEquals(2, body.getJsonObject("counts").getInteger("dark"));
    assertEquals("uploaded_samples", body.getString("source"));
    HttpResponse<Buffer> png = await(server.client().get("/api/v1/visualizations/mfcc").send());
    assertEquals(200, png.statusCode());
    png(png.body().getBytes(), "mfcc-uploaded");
  }

  @Test
  void withNeitherTrainingDataNorAModelWithProfilesTheAnswerIs404() throws Exception {
    HttpServer empty = routesOnly(new FeatureExtractor(), List.of());
    WebClient client = client(empty);
    try {
      assertProblem(
          await(client.get("/api/v1/visualizations/mfcc").send()), 404, "no training data");
      assertProblem(
          await(client.get("/api/v1/visualizations/spectral?format=json").send()),
          404,
          "no training data");
    } finally {
      await(empty.close());
    }
  }

  @Test
  void mfccJsonSummarisesEachClass() throws Exception {
    HttpResponse<Buffer> response =
        await(dataClient.get("/api/v1/visualizations/mfcc?format=json").send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = response.bodyAsJsonObject();
    assertEquals(new JsonArray(List.of("high", "low", "noise")), body.getJsonArray("classes"));
    JsonArray features = body.getJsonArray("features");
    assertEquals(VisualizationRoutes.MFCC_MEANS.size(), features.size());
    assertEquals("mfcc_0_mean", features.getJsonObject(0).getString("name"));
    JsonObject low = features.getJsonObject(1).getJsonObject("per_class").getJsonObject("low");
    double[] expected = column(samples, "low", 1);
    assertEquals(Arrays.stream(expected).average().orElseThrow(), low.getDouble("mean"), 1e-4);
    assertTrue(
        low.getDouble("p10") <= low.getDouble("p50")
            && low.getDouble("p50") <= low.getDouble("p90"));
    assertEquals(6, body.getJsonObject("counts").getInteger("low"));
  }

  @Test
  void spectralJsonSeparatesBrightFromDarkClasses() throws Exception {
    JsonObject body =
        await(dataClient.get("/api/v1/visualizations/spectral?format=json").send())
            .bodyAsJsonObject();
    JsonObject centroid = body.getJsonArray("features").getJsonObject(0);
    assertEquals("spectral_centroid_mean", centroid.getString("name"));
    JsonObject perClass = centroid.getJsonObject("per_class");
    assertTrue(
        perClass.getJsonObject("high").getDouble("mean")
            > perClass.getJsonObject("low").getDouble("mean"),
        "a 1.8 kHz tone is brighter than a 220 Hz tone: " + perClass);
  }

  @Test
  void distributionPngsAreImagesOfASensibleSize() throws Exception {
    for (String kind : List.of("mfcc", "spectral")) {
      HttpResponse<Buffer> response =
          await(dataClient.get("/api/v1/visualizations/" + kind).send());
      assertEquals(200, response.statusCode(), response.bodyAsString());
      assertEquals("image/png", response.getHeader("Content-Type"));
      BufferedImage image = png(response.body().getBytes(), kind);
      assertTrue(
          image.getWidth() >= 600 && image.getWidth() <= 2000, kind + " width " + image.getWidth());
      assertTrue(
          image.getHeight() >= 300 && image.getHeight() <= 2000,
          kind + " height " + image.getHeight());
      assertTrue(distinctColours(image) > 8, kind + " should be more than a blank canvas");
    }
  }

  @Test
  void anUnknownFormatIsA400() throws Exception {
    assertProblem(
        await(dataClient.get("/api/v1/visualizations/mfcc?format=svg").send()), 400, "'json'");
  }

  @Test
  void spectrogramOfAnUploadIsAPng() throws Exception {
    HttpResponse<Buffer> response = uploadToServer(TestAudio.wav(chirp()));
    assertEquals(200, response.statusCode(), response.bodyAsString());
    assertEquals("image/png", response.getHeader("Content-Type"));
    BufferedImage image = png(response.body().getBytes(), "spectrogram");
    assertTrue(image.getWidth() >= 600 && image.getHeight() >= 400);
    assertTrue(distinctColours(image) > 50, "a heat map has many colours");
  }

  @Test
  void spectrogramErrorsAreProblemsLikePredictions() throws Exception {
    assertProblem(uploadToServer("just text".getBytes(StandardCharsets.UTF_8)), 415, "");
    assertProblem(
        uploadToServer(Arrays.copyOf(TestAudio.wav(TestAudio.tone(440, 1, 1)), 60)), 422, "");
    assertProblem(
        await(
            server
                .client()
                .post("/api/v1/visualizations/spectrogram")
                .sendMultipartForm(MultipartForm.create().attribute("x", "y"))),
        400,
        "'file'");
  }

  @Test
  void featureInfoDescribesEverySchemaFeature() throws Exception {
    HttpResponse<Buffer> response =
        await(server.client().get("/api/v1/visualizations/feature-info").send());
    assertEquals(200, response.statusCode(), response.bodyAsString());
    JsonArray features = response.bodyAsJsonObject().getJsonArray("features");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      JsonObject f = features.getJsonObject(i);
      names.add(f.getString("name"));
      assertTrue(
          !f.getString("group").isBlank() && f.getString("description").length() > 10, f.encode());
    }
    assertEquals(new FeatureExtractor().schema().names(), names);
  }

  private static HttpResponse<Buffer> uploadToServer(byte[] bytes) throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload("file", "chirp.wav", Buffer.buffer(bytes), "audio/wav");
    return await(
        server.client().post("/api/v1/visualizations/spectrogram").sendMultipartForm(form));
  }

  private static BufferedImage png(byte[] bytes, String name) throws Exception {
    assertArrayEquals(PNG_MAGIC, Arrays.copyOf(bytes, 8), "PNG signature");
    Files.write(PICTURES.resolve(name + ".png"), bytes);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertTrue(image != null, "decodable PNG");
    return image;
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 3) {
      for (int x = 0; x < image.getWidth(); x += 3) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }

  /** 2 s sweep from 200 Hz to 4 kHz, then noise: visibly different halves. */
  private static float[] chirp() {
    float[] tone = new float[TestAudio.RATE * 2];
    double phase = 0;
    for (int i = 0; i < tone.length; i++) {
      double f = 200 + 3800.0 * i / tone.length;
      phase += 2 * Math.PI * f / TestAudio.RATE;
      tone[i] = (float) (0.5 * Math.sin(phase));
    }
    float[] noise = TestAudio.noise(1.0, 9);
    float[] clip = Arrays.copyOf(tone, tone.length + noise.length);
    System.arraycopy(noise, 0, clip, tone.length, noise.length);
    return clip;
  }

  private static List<StoredSample> trainingSamples(FeatureExtractor extractor) {
    List<StoredSample> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      out.add(sample(extractor, "low", TestAudio.tone(220 + 15 * i, 1.0, i), out.size()));
      out.add(sample(extractor, "high", TestAudio.tone(1800 + 50 * i, 1.0, 50 + i), out.size()));
      out.add(sample(extractor, "noise", TestAudio.noise(1.0, 90 + i), out.size()));
    }
    // Another schema's sample and augmented variants must be left out rather than mixed in.
    out.add(
        new StoredSample(
            sha(999), "stale", "other-schema", new float[] {1, 2, 3}, "old.wav", null));
    out.add(
        new StoredSample(
            sha(998),
            "low",
            extractor.schema().id(),
            out.get(0).features(),
            StoredSamples.variantFilename(sha(0), 1),
            null));
    return out;
  }

  private static StoredSample sample(
      FeatureExtractor extractor, String label, float[] audio, int n) {
    return new StoredSample(
        sha(n),
        label,
        extractor.schema().id(),
        extractor.extract(TestAudio.clip(audio)).values(),
        label + n + ".wav",
        null);
  }

  private static String sha(int n) {
    return String.format("%064x", n);
  }

  private static double[] column(List<StoredSample> all, String label, int featureIndex) {
    String name = VisualizationRoutes.MFCC_MEANS.get(featureIndex);
    int column = new FeatureExtractor().schema().names().indexOf(name);
    return all.stream()
        .filter(s -> s.label().equals(label) && !s.isAugmentedVariant())
        .mapToDouble(s -> s.features()[column])
        .toArray();
  }
}
