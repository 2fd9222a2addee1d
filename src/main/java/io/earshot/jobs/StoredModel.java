package io.earshot.jobs;

/** A model version with its opaque bundle (whatever the model package serialised). */
public record StoredModel(ModelInfo info, byte[] bundle) {

  public String version() {
    return info.version();
  }
}
