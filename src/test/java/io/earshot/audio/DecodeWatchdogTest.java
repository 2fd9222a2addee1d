package io.earshot.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.earshot.audio.AudioDecodeException.Reason;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Whatever a third-party decoder does, the caller gets an AudioDecodeException. */
class DecodeWatchdogTest {

  private final AudioLoader loader =
      new AudioLoader(AudioLimits.defaults().withDecodeTimeBudgetMillis(200), Optional.empty());

  private AudioDecodeException failure(FormatReader reader) {
    return assertThrows(
        AudioDecodeException.class, () -> loader.withinBudget(reader, new byte[] {1}, "MP3"));
  }

  @Test
  void aRuntimeExceptionBecomesUndecodable() {
    AudioDecodeException e =
        failure(
            (bytes, budget) -> {
              throw new ArrayIndexOutOfBoundsException("Index 4096 out of bounds for length 4096");
            });
    assertEquals(Reason.UNDECODABLE, e.reason());
    assertInstanceOf(ArrayIndexOutOfBoundsException.class, e.getCause());
    assertEquals(
        "MP3 data could not be decoded: the decoder failed"
            + " (ArrayIndexOutOfBoundsException); the file may be truncated or corrupt, re-export it"
            + " and try again",
        e.getMessage());
  }

  @Test
  void anErrorBecomesUndecodable() {
    AudioDecodeException e =
        failure(
            (bytes, budget) -> {
              throw new OutOfMemoryError("Java heap space");
            });
    assertEquals(Reason.UNDECODABLE, e.reason());
    assertInstanceOf(OutOfMemoryError.class, e.getCause());
  }

  @Test
  void aReaderThatRunsOutOfTimeByItselfReportsTimeout() {
    AudioDecodeException e =
        failure(
            (bytes, budget) -> {
              while (true) {
                budget.checkTime();
                Thread.onSpinWait();
              }
            });
    assertEquals(Reason.TIMEOUT, e.reason());
  }

  @Test
  void aReaderThatNeverChecksTheBudgetStillReleasesTheCaller() {
    AtomicBoolean stop = new AtomicBoolean();
    try {
      AudioDecodeException e =
          failure(
              (bytes, budget) -> {
                while (!stop.get()) {
                  Thread
                      .onSpinWait(); // ignores the budget and interruption, like a looping decoder
                }
                return null;
              });
      assertEquals(Reason.TIMEOUT, e.reason());
    } finally {
      stop.set(true);
    }
  }
}
