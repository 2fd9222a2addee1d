package io.earshot.jobs.redis;

import static io.earshot.jobs.redis.RedisReplies.text;

import io.earshot.jobs.JobLane;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobStatus;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.Map;

/** Reads a {@code P job:<id>} hash (field names as the Lua scripts write them) into a snapshot. */
final class RedisJobFields {

  private RedisJobFields() {}

  static JobSnapshot snapshot(Map<String, Response> fields) {
    String lane = text(fields, "lane");
    return new JobSnapshot(
        text(fields, "id"),
        text(fields, "type"),
        // hashes written before lanes existed belong to the training lane
        lane == null ? JobLane.TRAINING.name() : lane,
        JobStatus.valueOf(text(fields, "status")),
        json(text(fields, "params")),
        Integer.parseInt(text(fields, "attempts")),
        instant(text(fields, "created_at")),
        instant(text(fields, "started_at")),
        instant(text(fields, "finished_at")),
        json(text(fields, "progress")),
        json(text(fields, "result")),
        text(fields, "error"),
        text(fields, "worker"),
        "1".equals(text(fields, "cancel")));
  }

  private static JsonObject json(String text) {
    return text == null || text.isEmpty() ? new JsonObject() : new JsonObject(text);
  }

  private static Instant instant(String epochMillis) {
    return epochMillis == null ? null : Instant.ofEpochMilli(Long.parseLong(epochMillis));
  }
}
