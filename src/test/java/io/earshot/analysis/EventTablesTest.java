package io.earshot.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EventTablesTest {
  private static final List<Event> EVENTS =
      List.of(
          new Event("bird", 1.5, 6, 0.91234, 0.8, 4),
          new Event("engine, idling", 10, 12.25, 0.7, 0.7, 1));

  @Test
  void csvHasOneRowPerEventAndQuotesLabelsWithCommas() {
    assertEquals(
        "label,start_s,end_s,confidence\r\n"
            + "bird,1.500,6.000,0.9123\r\n"
            + "\"engine, idling\",10.000,12.250,0.7000\r\n",
        EventTables.csv(EVENTS));
  }

  @Test
  void ravenSelectionTableNumbersSelectionsAndCoversTheAnalysedBand() {
    String[] lines = EventTables.raven(EVENTS).split("\n");
    assertEquals(3, lines.length);
    assertEquals(
        "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)"
            + "\tLabel\tConfidence",
        lines[0]);
    assertEquals("1\tSpectrogram 1\t1\t1.500\t6.000\t0.0\t11025.0\tbird\t0.9123", lines[1]);
    assertEquals(9, lines[2].split("\t").length);
    assertEquals("2", lines[2].split("\t")[0]);
  }

  @Test
  void aTabInALabelCannotShiftRavenColumns() {
    String table = EventTables.raven(List.of(new Event("a\tb", 0, 1, 0.5, 0.5, 1)));
    assertEquals(9, table.split("\n")[1].split("\t").length);
  }

  @Test
  void noEventsIsJustTheHeader() {
    assertEquals("label,start_s,end_s,confidence\r\n", EventTables.csv(List.of()));
    assertEquals(EventTables.RAVEN_HEADER + "\n", EventTables.raven(List.of()));
  }
}
