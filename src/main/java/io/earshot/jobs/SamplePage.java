package io.earshot.jobs;

import java.util.List;

/**
 * One page of clips, newest first.
 *
 * @param total clips that match, over all pages
 */
public record SamplePage(List<SampleInfo> items, long total) {

  public SamplePage {
    items = List.copyOf(items);
  }
}
