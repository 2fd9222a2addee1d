package io.earshot.analysis;

import java.util.List;
import java.util.Locale;

/**
 * Events as tables people open elsewhere: CSV for spreadsheets, and Raven selection tables (the
 * tab-separated format Raven Pro and Raven Lite read, one selection per event).
 */
public final class EventTables {

  /** The analysis rate's Nyquist frequency: the band every event covers in a Raven selection. */
  public static final double HIGH_FREQ_HZ = 11_025;

  static final String RAVEN_HEADER =
      "Selection\tView\tChannel\tBegin Time (s)\tEnd Time (s)\tLow Freq (Hz)\tHigh Freq (Hz)"
          + "\tLabel\tConfidence";

  private EventTables() {}

  /** One row per event: {@code label,start_s,end_s,confidence}, RFC 4180 quoting. */
  public static String csv(List<Event> events) {
    StringBuilder out = new StringBuilder("label,start_s,end_s,confidence\r\n");
    for (Event e : events) {
      out.append(csvField(e.label()))
          .append(',')
          .append(seconds(e.startS()))
          .append(',')
          .append(seconds(e.endS()))
          .append(',')
          .append(probability(e.confidence()))
          .append("\r\n");
    }
    return out.toString();
  }

  /** A Raven selection table: selections numbered from 1, spectrogram view, channel 1. */
  public static String raven(List<Event> events) {
    StringBuilder out = new StringBuilder(RAVEN_HEADER).append('\n');
    int selection = 1;
    for (Event e : events) {
      out.append(selection++)
          .append("\tSpectrogram 1\t1\t")
          .append(seconds(e.startS()))
          .append('\t')
          .append(seconds(e.endS()))
          .append("\t0.0\t")
          .append(String.format(Locale.ROOT, "%.1f", HIGH_FREQ_HZ))
          .append('\t')
          .append(ravenField(e.label()))
          .append('\t')
          .append(probability(e.confidence()))
          .append('\n');
    }
    return out.toString();
  }

  private static String seconds(double s) {
    return String.format(Locale.ROOT, "%.3f", s);
  }

  private static String probability(double p) {
    return String.format(Locale.ROOT, "%.4f", p);
  }

  private static String csvField(String value) {
    if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }

  /** Raven has no quoting: a tab or line break inside a label would shift the columns. */
  private static String ravenField(String value) {
    return value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
