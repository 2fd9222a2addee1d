package io.earshot.http;

import static io.earshot.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.features.FeatureExtractor;
import io.earshot.features.FeatureVersion;
import io.earshot.testing.TestAudio;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The upgrade from feature version 2 to 3 that docs/MODEL.md describes, end to end: an instance
 * trains a v2 model, restarts on v3, keeps answering with the v2 model, and its next retrain
 * re-extracts every stored clip from its raw audio and promotes a v3 model.
 */
abstract class FeatureUpgradeApiContract extends SamplesApiFixture {

  static final String V2 = new FeatureExtractor(FeatureVersion.V2).schema().id();
  static final String V3 = new FeatureExtractor(FeatureVersion.V3).schema().id();

  @Override
  JsonObject settings() {
    return new JsonObject().put("feature_version", 2);
  }

  JsonObject predict(byte[] clip) throws Exception {
    MultipartForm form =
        MultipartForm.create()
            .binaryFileUpload("file", "probe.wav", Buffer.buffer(clip), "audio/wav");
    HttpResponse<Buffer> answer =
        await(server.client().post("/api/v1/predictions/single").sendMultipartForm(form));
    assertEquals(200, answer.statusCode(), answer.bodyAsString());
    return answer.bodyAsJsonObject();
  }

  String servedSchema() throws Exception {
    return json("/api/v1/model-info").getJsonObject("feature_schema").getString("id");
  }

  @Test
  void aV2ModelKeepsAnsweringUntilTheRetrainOnV3ReplacesIt() throws Exception {
    Map<String, List<byte[]>> clips = uploadThreeClasses(1);
    String v2Model = trained(new JsonObject()).getString("model_version");
    assertEquals(V2, servedSchema());
    byte[] probe = clips.get("low").get(2);
    JsonObject beforeUpgrade = predict(probe);
    assertEquals("low", beforeUpgrade.getString("predicted_class"), beforeUpgrade.encode());

    restart(new JsonObject().put("feature_version", 3));

    assertEquals(v2Model, json("/api/v1/model-info").getString("version"));
    assertEquals(V2, servedSchema(), "the v2 model is served with the v2 extractor");
    JsonObject afterUpgrade = predict(probe);
    assertEquals(v2Model, afterUpgrade.getString("model_version"));
    assertEquals(
        beforeUpgrade.getDouble("confidence"),
        afterUpgrade.getDouble("confidence"),
        "the same model and the same features give the same answer");
    byte[] newClip = TestAudio.wav(TestAudio.tone(210, 1.0, 777));
    assertEquals(200, upload("low", 0, newClip).statusCode());

    JsonObject upgraded = retrained(new JsonObject());

    JsonObject upgrade = upgraded.getJsonObject("feature_upgrade");
    assertEquals(V3, upgrade.getString("schema"));
    assertEquals(18, upgrade.getInteger("clips"), "every clip uploaded under v2");
    assertEquals(36, upgrade.getInteger("samples"), "the clips and a variant each");
    assertEquals(0, upgrade.getInteger("missing_audio"));
    assertTrue(upgraded.getBoolean("promoted"), upgraded.encode());
    assertTrue(upgraded.getString("reason").contains("another feature version"), upgraded.encode());
    assertEquals(V3, servedSchema());
    assertEquals(
        19,
        json("/api/v1/model-info").getJsonObject("dataset").getInteger("clips"),
        "the v2 clips and the one uploaded after the upgrade");
    assertEquals(clips.get("low").size() + 1, counts().getInteger("low"));
    assertEquals(upgraded.getString("model_version"), predict(probe).getString("model_version"));
    assertEquals("low", predict(probe).getString("predicted_class"), "and still hears a low tone");

    JsonObject again = retrained(new JsonObject().put("force", true));
    assertEquals(null, again.getValue("feature_upgrade"), "nothing is left to re-extract");
  }
}
