package io.earshot.jobs.redis;

import static io.earshot.jobs.redis.RedisReplies.fields;

import io.earshot.jobs.JobSnapshot;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The {@code P jobs:index} zset (job ids by creation time) that every lane shares: newest-first
 * reads of the job hashes it names, dropping ids whose hash has expired.
 */
final class RedisJobIndex {

  /** How many job ids the index keeps. */
  static final int CAP = 10_000;

  private final RedisConnector redis;
  private final String prefix;
  private final String key;

  RedisJobIndex(RedisConnector redis) {
    this.redis = redis;
    this.prefix = redis.keyPrefix();
    this.key = prefix + "jobs:index";
  }

  String key() {
    return key;
  }

  /**
   * Up to {@code limit} jobs that {@code wanted} accepts, newest first, reading at least {@code
   * page} ids a round trip (more than the limit when most jobs are filtered out).
   */
  Future<List<JobSnapshot>> newest(int limit, Predicate<JobSnapshot> wanted, int page) {
    return limit <= 0
        ? Future.succeededFuture(List.of())
        : readFrom(0, limit, wanted, page, new ArrayList<>());
  }

  /** Reads one page of ids and their hashes in one pipeline, then the next page if need be. */
  private Future<List<JobSnapshot>> readFrom(
      int start, int limit, Predicate<JobSnapshot> wanted, int page, List<JobSnapshot> found) {
    int count = Math.max(page, limit - found.size());
    return redis
        .send(Request.cmd(Command.ZRANGE).arg(key).arg(start).arg(start + count - 1).arg("REV"))
        .compose(
            ids -> {
              List<String> idList = ids.stream().map(Response::toString).toList();
              List<Request> reads =
                  idList.stream()
                      .map(id -> Request.cmd(Command.HGETALL).arg(prefix + "job:" + id))
                      .toList();
              return redis
                  .batch(reads)
                  .compose(
                      replies -> {
                        List<String> expired = new ArrayList<>();
                        for (int i = 0; i < replies.size(); i++) {
                          Map<String, Response> fields = fields(replies.get(i));
                          if (fields.isEmpty()) {
                            expired.add(idList.get(i));
                            continue;
                          }
                          JobSnapshot job = RedisJobFields.snapshot(fields);
                          if (found.size() < limit && wanted.test(job)) {
                            found.add(job);
                          }
                        }
                        Future<?> pruning =
                            expired.isEmpty()
                                ? Future.succeededFuture()
                                : redis.send(zrem(expired));
                        boolean more = idList.size() == count && found.size() < limit;
                        // pruned ids no longer take up ranks: the next page starts that much sooner
                        int next = start + idList.size() - expired.size();
                        return pruning.compose(
                            ignored ->
                                more
                                    ? readFrom(next, limit, wanted, page, found)
                                    : Future.succeededFuture(found));
                      });
            });
  }

  private Request zrem(List<String> ids) {
    Request request = Request.cmd(Command.ZREM).arg(key);
    ids.forEach(request::arg);
    return request;
  }
}
