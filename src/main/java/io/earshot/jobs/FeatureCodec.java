package io.earshot.jobs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Features as little-endian IEEE-754 float32 bytes: exact, and 4 bytes a value. */
public final class FeatureCodec {

  private FeatureCodec() {}

  public static byte[] encode(float[] features) {
    ByteBuffer buffer =
        ByteBuffer.allocate(features.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(features);
    return buffer.array();
  }

  public static float[] decode(byte[] bytes) {
    if (bytes.length % Float.BYTES != 0) {
      throw new IllegalArgumentException(
          "feature bytes must be a multiple of 4, got " + bytes.length);
    }
    float[] features = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(features);
    return features;
  }
}
