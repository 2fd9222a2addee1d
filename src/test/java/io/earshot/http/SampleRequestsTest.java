package io.earshot.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the samples routes accept, without a server. */
class SampleRequestsTest {
  private static final String SHA = "ab".repeat(32);

  @Test
  void aListingDefaultsToTheFirstPageOfFifty() {
    assertEquals(new SampleRequests.Listing(null, 1, 50), SampleRequests.listing(null, null, null));
    SampleRequests.Listing third = SampleRequests.listing("bird", "3", "20");
    assertEquals(40, third.offset());
    assertEquals("bird", third.label());
  }

  @Test
  void pagesOutsideTheirRangeAreRefusedWithTheRange() {
    var tooBig =
        assertThrows(IllegalArgumentException.class, () -> SampleRequests.listing(null, "1", "0"));
    assertEquals("'page_size' must be a whole number from 1 to 500, got '0'", tooBig.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SampleRequests.listing(null, "-1", null));
    assertThrows(
        IllegalArgumentException.class, () -> SampleRequests.listing(null, "99999999", null));
  }

  @Test
  void aBulkDeleteNamesALabelOrHashesButNotBoth() {
    assertEquals(
        new SampleRequests.BulkDelete("wind", null),
        SampleRequests.bulkDelete(new JsonObject().put("label", "wind")));
    assertEquals(
        new SampleRequests.BulkDelete(null, List.of(SHA)),
        SampleRequests.bulkDelete(new JsonObject().put("sha256", new JsonArray().add(SHA))));
    assertThrows(
        IllegalArgumentException.class,
        () -> SampleRequests.bulkDelete(new JsonObject().put("sha256", SHA)),
        "a single hash is not a list");
    assertThrows(
        IllegalArgumentException.class,
        () -> SampleRequests.bulkDelete(new JsonObject().put("label", 3)));
  }

  @Test
  void aRelabelNeedsAValidLabelString() {
    assertEquals("wind", SampleRequests.relabel(new JsonObject().put("label", "wind")));
    assertThrows(
        IllegalArgumentException.class,
        () -> SampleRequests.relabel(new JsonObject().put("label", "")));
    assertThrows(
        IllegalArgumentException.class,
        () -> SampleRequests.relabel(new JsonObject().put("label", "x".repeat(65))));
  }
}
