package io.earshot.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Names, order and parameters of a feature vector. The {@code id} is derived from all of them
 * ("earshot-v2-" + the first 12 hex digits of a SHA-256), so two extractors agree on the id exactly
 * when they produce interchangeable vectors, and a model trained on another schema can be refused.
 */
public record FeatureSchema(
    String id, int version, List<String> names, Map<String, Object> parameters) {

  public FeatureSchema {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("schema id is required");
    }
    names = List.copyOf(names);
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      if (!seen.add(name)) {
        throw new IllegalArgumentException("duplicate feature name: " + name);
      }
    }
  }

  /** Builds a schema whose id is computed from the version, names (in order) and parameters. */
  public static FeatureSchema of(int version, List<String> names, Map<String, Object> parameters) {
    return new FeatureSchema(idFor(version, names, parameters), version, names, parameters);
  }

  public int size() {
    return names.size();
  }

  public int indexOf(String name) {
    return names.indexOf(name);
  }

  static String idFor(int version, List<String> names, Map<String, Object> parameters) {
    StringBuilder canonical = new StringBuilder();
    canonical.append("v").append(version).append('\n');
    names.forEach(n -> canonical.append(n).append('\n'));
    parameters.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> canonical.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return "earshot-v" + version + "-" + HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
    }
  }
}
