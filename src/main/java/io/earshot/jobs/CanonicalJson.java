package io.earshot.jobs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** JSON with object keys sorted at every depth, so equal parameters encode to equal text. */
final class CanonicalJson {

  private CanonicalJson() {}

  static String encode(JsonObject json) {
    return ((JsonObject) sorted(json)).encode();
  }

  private static Object sorted(Object value) {
    if (value instanceof JsonObject object) {
      Map<String, Object> keys = new TreeMap<>();
      object.forEach(e -> keys.put(e.getKey(), sorted(e.getValue())));
      JsonObject out = new JsonObject();
      keys.forEach(out::put);
      return out;
    }
    if (value instanceof JsonArray array) {
      JsonArray out = new JsonArray();
      array.forEach(v -> out.add(sorted(v)));
      return out;
    }
    return value;
  }

  static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
