package io.earshot.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;

/**
 * Checks that an answer is an RFC 9457 problem with the expected status and an actionable detail.
 */
public final class ProblemAssertions {
  private ProblemAssertions() {}

  public static void assertProblem(
      HttpResponse<Buffer> response, int status, String detailContains) {
    assertEquals(status, response.statusCode(), response.bodyAsString());
    assertEquals("application/problem+json", response.getHeader("Content-Type"));
    JsonObject problem = response.bodyAsJsonObject();
    assertEquals(status, problem.getInteger("status"));
    assertNotNull(problem.getString("title"));
    assertTrue(
        problem.getString("detail").contains(detailContains),
        "detail should mention '" + detailContains + "': " + problem.getString("detail"));
  }
}
