package io.earshot.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.earshot.openset.UnknownReason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plain-Java parts of a live stream: PCM frames, windows as they complete, closing events. */
class LiveStreamPartsTest {

  @Test
  void pcmIsMixedToMonoAndScaled() {
    PcmFormat stereo = new PcmFormat(16_000, 2, "pcm_s16le");
    ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    b.putShort((short) 16384).putShort((short) 0).putShort((short) -32768).putShort((short) -32768);
    assertArrayEquals(new float[] {0.25f, -1f}, stereo.toMono(b.array()), 1e-6f);
    PcmFormat floats = new PcmFormat(48_000, 1, "F32LE");
    ByteBuffer f = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    f.putFloat(0.5f).putFloat(Float.NaN);
    assertArrayEquals(new float[] {0.5f, 0f}, floats.toMono(f.array()), 0f);
  }

  @Test
  void badPcmSettingsAndPartialFramesAreRefusedByName() {
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new PcmFormat(4_000, 1, "f32le"))
            .getMessage()
            .contains("sample_rate"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new PcmFormat(16_000, 9, "f32le"))
            .getMessage()
            .contains("channels"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new PcmFormat(16_000, 1, "mp3"))
            .getMessage()
            .contains("encoding"));
    assertThrows(
        IllegalArgumentException.class,
        () -> new PcmFormat(16_000, 2, "pcm_s16le").toMono(new byte[6]));
  }

  @Test
  void windowsCompleteAsSamplesArriveAndOnlyWhatIsStillNeededIsKept() {
    LiveWindows live = new LiveWindows(new WindowPlan(1, 0.5), 100); // 100 samples per second
    List<LiveWindows.Window> ready = new ArrayList<>();
    float[] second = new float[100];
    for (int s = 0; s < 4; s++) {
      for (int i = 0; i < 100; i++) {
        second[i] = s * 100 + i; // each sample holds its own position
      }
      for (int k = 0; k < 10; k++) { // ten messages of 10 samples
        float[] piece = new float[10];
        System.arraycopy(second, k * 10, piece, 0, 10);
        ready.addAll(live.accept(piece));
        assertTrue(live.buffered() <= 150, "holds at most a window and a hop: " + live.buffered());
      }
    }
    assertEquals(7, ready.size(), "windows at 0, 0.5, ..., 3.0 s of a 4 s stream");
    for (int k = 0; k < ready.size(); k++) {
      LiveWindows.Window w = ready.get(k);
      assertEquals(k, w.index());
      assertEquals(0.5 * k, w.startSeconds(), 1e-9);
      assertEquals(0.5 * k + 1, w.endSeconds(), 1e-9);
      assertEquals(50f * k, w.samples()[0], "the window starts where it says");
      assertEquals(50f * k + 99, w.samples()[99]);
    }
  }

  @Test
  void eventsCloseWhenAWindowStartsPastTheGapOrWhenTheStreamEnds() {
    LiveEvents events = new LiveEvents(0);
    assertEquals(List.of(), events.accept(bird(0, 1, 0.8)));
    assertEquals(List.of(), events.accept(bird(0.5, 1.5, 0.9)));
    assertEquals(List.of(), events.accept(silent(1, 2)), "1.0 s is not past the run's end");
    assertEquals(List.of(), events.accept(silent(1.5, 2.5)), "touching windows still merge");
    List<Event> closed = events.accept(bird(2, 3, 0.7));
    assertEquals(1, closed.size(), "2.0 s is past 1.5 s");
    Event first = closed.get(0);
    assertEquals(0, first.startS());
    assertEquals(1.5, first.endS());
    assertEquals(0.9, first.confidence());
    assertEquals(0.85, first.meanConfidence(), 1e-12);
    assertEquals(2, first.segments());
    assertEquals(List.of(new Event("bird", 2, 3, 0.7, 0.7, 1)), events.finish());
    assertEquals(List.of(), events.finish());
  }

  private static Segment bird(double start, double end, double confidence) {
    return new Segment(start, end, "bird", confidence, null);
  }

  private static Segment silent(double start, double end) {
    return new Segment(start, end, null, 0.5, UnknownReason.SILENT);
  }
}
