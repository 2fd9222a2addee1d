package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MonoSinkTest {

  private static MonoSink sink(int sampleRate) {
    return new MonoSink(sampleRate, new DecodeBudget(AudioLimits.defaults()));
  }

  @Test
  void putFiniteAppendsTheRangeClippedLikePut() throws AudioDecodeException {
    float[] block = {9f, 0.25f, -0.5f, 1.5f, -3f, 1f, -1f, 0f, 7f};
    MonoSink bulk = sink(8000);
    bulk.reserve(2);
    bulk.put(0.125f);
    bulk.put(-2f);
    bulk.reserve(7);
    bulk.putFinite(block, 1, 8);

    MonoSink single = sink(8000);
    single.reserve(9);
    single.put(0.125f);
    single.put(-2f);
    for (int i = 1; i < 8; i++) {
      single.put(block[i]);
    }
    assertArrayEquals(single.toArray(), bulk.toArray());
    assertArrayEquals(
        new float[] {0.125f, -1f, 0.25f, -0.5f, 1f, -1f, 1f, -1f, 0f}, bulk.toArray());
  }

  @Test
  void putFiniteGrowsWithReserveAcrossManyBlocks() throws AudioDecodeException {
    MonoSink sink = sink(44_100);
    float[] block = new float[1152];
    for (int i = 0; i < block.length; i++) {
      block[i] = i / 1152f;
    }
    for (int frame = 0; frame < 100; frame++) {
      sink.reserve(block.length);
      sink.putFinite(block, 0, block.length);
    }
    float[] all = sink.toArray();
    assertEquals(115_200, all.length);
    assertEquals(block[1151], all[115_199]);
    assertEquals(block[17], all[1152 * 42 + 17]);
  }

  @Test
  void reserveRefusesMoreThanTheDurationLimit() throws AudioDecodeException {
    MonoSink sink = sink(8000);
    long limit = (long) Math.floor(AudioLimits.defaults().maxDurationSeconds() * 8000);
    sink.reserve((int) limit); // exactly the limit is allowed
    AudioDecodeException e =
        assertThrows(AudioDecodeException.class, () -> sink.reserve((int) limit + 1));
    assertEquals(AudioDecodeException.Reason.TOO_LONG, e.reason());
  }
}
