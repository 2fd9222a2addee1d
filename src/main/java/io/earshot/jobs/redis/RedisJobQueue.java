package io.earshot.jobs.redis;

import static io.earshot.jobs.redis.RedisReplies.fields;
import static io.earshot.jobs.redis.RedisReplies.isError;
import static io.earshot.jobs.redis.RedisReplies.text;

import io.earshot.jobs.ClaimedJob;
import io.earshot.jobs.HeartbeatReply;
import io.earshot.jobs.JobEvent;
import io.earshot.jobs.JobEvents;
import io.earshot.jobs.JobException;
import io.earshot.jobs.JobQueue;
import io.earshot.jobs.JobQueueOptions;
import io.earshot.jobs.JobRequest;
import io.earshot.jobs.JobSnapshot;
import io.earshot.jobs.JobStatus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The shared queue: a list of queued ids, one hash per job, a lease key whose expiry is the
 * visibility timeout, and Lua scripts that make each transition atomic. See docs/JOBS.md.
 *
 * <p>Keys ({@code P} = prefix): {@code P job:<id>} hash; {@code P jobs:queue} list; {@code P
 * jobs:index} zset by creation time; {@code P jobs:lease} (job id, PX visibility timeout); {@code P
 * jobs:running} (job id while one is RUNNING); {@code P jobs:dedup:<sha>}.
 */
public final class RedisJobQueue implements JobQueue {

  /** How many job ids the index keeps for {@link #list}. */
  private static final int INDEX_CAP = 10_000;

  private static final RedisScript SUBMIT = RedisScript.load("submit.lua");
  private static final RedisScript CLAIM = RedisScript.load("claim.lua");
  private static final RedisScript HEARTBEAT = RedisScript.load("heartbeat.lua");
  private static final RedisScript PROGRESS = RedisScript.load("progress.lua");
  private static final RedisScript FINISH = RedisScript.load("finish.lua");
  private static final RedisScript CANCEL = RedisScript.load("cancel.lua");

  private final RedisConnector redis;
  private final JobEvents events;
  private final JobQueueOptions options;
  private final String prefix;
  private final String queueKey;
  private final String indexKey;
  private final String leaseKey;
  private final String runningKey;

  public RedisJobQueue(RedisConnector redis, JobEvents events, JobQueueOptions options) {
    this.redis = redis;
    this.events = events;
    this.options = options;
    this.prefix = redis.keyPrefix();
    this.queueKey = prefix + "jobs:queue";
    this.indexKey = prefix + "jobs:index";
    this.leaseKey = prefix + "jobs:lease";
    this.runningKey = prefix + "jobs:running";
  }

  @Override
  public Future<JobSnapshot> submit(JobRequest request) {
    String id = UUID.randomUUID().toString();
    return SUBMIT
        .run(
            redis,
            List.of(jobKey(id), prefix + "jobs:dedup:" + request.dedupKey(), queueKey, indexKey),
            List.of(prefix, id, request.type(), request.params().encode(), nowMs(), INDEX_CAP))
        .compose(
            reply -> {
              JobSnapshot job = snapshot(fields(reply.get(1)));
              return "MERGED".equals(reply.get(0).toString())
                  ? Future.succeededFuture(job)
                  : JobEvent.QUEUED.announce(events, job);
            });
  }

  @Override
  public Future<Optional<ClaimedJob>> claim(String workerId) {
    return CLAIM
        .run(
            redis,
            List.of(queueKey, leaseKey, runningKey),
            List.of(
                prefix,
                workerId,
                nowMs(),
                options.visibilityTimeout().toMillis(),
                options.maxAttempts(),
                options.retention().toSeconds()))
        .compose(
            reply -> {
              String code = reply.get(0).toString();
              Future<?> closing = announceClosed(fields(reply.get(2)));
              if (!"CLAIMED".equals(code) && !"TAKEOVER".equals(code)) {
                return closing.map(Optional.<ClaimedJob>empty());
              }
              ClaimedJob claimed =
                  new ClaimedJob(snapshot(fields(reply.get(1))), workerId, "TAKEOVER".equals(code));
              return closing
                  .compose(ignored -> JobEvent.STARTED.announce(events, claimed.job()))
                  .map(job -> Optional.of(claimed));
            });
  }

  /** A job closed while taking over an expired lease (cancelled or dead). */
  private Future<?> announceClosed(Map<String, Response> closed) {
    if (closed.isEmpty()) {
      return Future.succeededFuture();
    }
    JobSnapshot job = snapshot(closed);
    return JobEvent.forStatus(job.status()).announce(events, job);
  }

  @Override
  public Future<HeartbeatReply> heartbeat(String jobId, String workerId) {
    return HEARTBEAT
        .run(
            redis,
            List.of(jobKey(jobId), leaseKey, runningKey),
            List.of(jobId, workerId, options.visibilityTimeout().toMillis()))
        .map(
            reply ->
                new HeartbeatReply(reply.get(0).toInteger() == 1, reply.get(1).toInteger() == 1))
        .recover(failure -> refusal(failure, jobId, workerId));
  }

  @Override
  public Future<Void> progress(String jobId, String workerId, JsonObject progress) {
    return PROGRESS
        .run(redis, List.of(jobKey(jobId), runningKey), List.of(jobId, workerId, progress.encode()))
        .compose(reply -> JobEvent.PROGRESS.announce(events, snapshot(fields(reply))))
        .recover(failure -> refusal(failure, jobId, workerId))
        .mapEmpty();
  }

  @Override
  public Future<JobSnapshot> complete(String jobId, String workerId, JsonObject result) {
    return finish(jobId, workerId, "SUCCEEDED", "result", result.encode());
  }

  @Override
  public Future<JobSnapshot> fail(String jobId, String workerId, String error) {
    return finish(jobId, workerId, "RETRY", "error", error);
  }

  @Override
  public Future<JobSnapshot> failPermanently(String jobId, String workerId, String error) {
    return finish(jobId, workerId, "FAILED", "error", error);
  }

  @Override
  public Future<JobSnapshot> acknowledgeCancel(String jobId, String workerId) {
    return finish(jobId, workerId, "CANCELLED", "-", "");
  }

  private Future<JobSnapshot> finish(
      String jobId, String workerId, String outcome, String field, String value) {
    return FINISH
        .run(
            redis,
            List.of(jobKey(jobId), leaseKey, runningKey, queueKey),
            List.of(
                jobId,
                workerId,
                outcome,
                field,
                value == null ? "" : value,
                nowMs(),
                options.maxAttempts(),
                options.retention().toSeconds()))
        .recover(failure -> refusal(failure, jobId, workerId))
        .compose(
            reply -> {
              JobSnapshot job = snapshot(fields(reply));
              return JobEvent.forStatus(job.status()).announce(events, job);
            });
  }

  @Override
  public Future<JobSnapshot> cancel(String jobId) {
    return CANCEL
        .run(
            redis,
            List.of(jobKey(jobId), queueKey),
            List.of(jobId, nowMs(), options.retention().toSeconds()))
        .recover(failure -> refusal(failure, jobId, null))
        .compose(
            reply -> {
              JobSnapshot job = snapshot(fields(reply));
              return job.status() == JobStatus.CANCELLED
                  ? JobEvent.CANCELLED.announce(events, job)
                  : Future.succeededFuture(job);
            });
  }

  /** Maps the scripts' error replies to the queue's exceptions. */
  private static <T> Future<T> refusal(Throwable failure, String jobId, String workerId) {
    if (isError(failure, "NOJOB")) {
      return Future.failedFuture(new JobException.UnknownJob(jobId));
    }
    if (isError(failure, "LEASE_LOST")) {
      return Future.failedFuture(new JobException.LeaseLost(jobId, workerId));
    }
    if (isError(failure, "WRONG_STATE")) {
      String status = failure.getMessage().replaceAll(".*WRONG_STATE\\s+(\\w+).*", "$1");
      return Future.failedFuture(
          new JobException.WrongState(jobId, JobStatus.valueOf(status), "cancel"));
    }
    return Future.failedFuture(failure);
  }

  @Override
  public Future<Boolean> isCancelRequested(String jobId) {
    return get(jobId)
        .map(job -> job.orElseThrow(() -> new JobException.UnknownJob(jobId)).cancelRequested());
  }

  @Override
  public Future<Optional<JobSnapshot>> get(String jobId) {
    return redis
        .send(Request.cmd(Command.HGETALL).arg(jobKey(jobId)))
        .map(
            reply -> {
              Map<String, Response> fields = fields(reply);
              return fields.isEmpty() ? Optional.empty() : Optional.of(snapshot(fields));
            });
  }

  @Override
  public Future<Optional<JobSnapshot>> latest() {
    return list(1).map(jobs -> jobs.stream().findFirst());
  }

  /**
   * Reads the newest ids from the index and their hashes in one pipeline. Ids whose hash has
   * expired are dropped from the index, and the read goes on until {@code limit} jobs are found.
   */
  @Override
  public Future<List<JobSnapshot>> list(int limit) {
    return limit <= 0 ? Future.succeededFuture(List.of()) : listFrom(0, limit, new ArrayList<>());
  }

  private Future<List<JobSnapshot>> listFrom(int start, int limit, List<JobSnapshot> found) {
    int wanted = limit - found.size();
    return redis
        .send(
            Request.cmd(Command.ZRANGE).arg(indexKey).arg(start).arg(start + wanted - 1).arg("REV"))
        .compose(
            ids -> {
              List<String> idList = ids.stream().map(Response::toString).toList();
              List<Request> reads =
                  idList.stream().map(id -> Request.cmd(Command.HGETALL).arg(jobKey(id))).toList();
              return redis
                  .batch(reads)
                  .compose(
                      replies -> {
                        List<String> expired = new ArrayList<>();
                        for (int i = 0; i < replies.size(); i++) {
                          Map<String, Response> fields = fields(replies.get(i));
                          if (fields.isEmpty()) {
                            expired.add(idList.get(i));
                          } else {
                            found.add(snapshot(fields));
                          }
                        }
                        Future<?> pruning =
                            expired.isEmpty()
                                ? Future.succeededFuture()
                                : redis.send(zrem(expired));
                        boolean more = idList.size() == wanted && found.size() < limit;
                        return pruning.compose(
                            ignored ->
                                more
                                    ? listFrom(start + idList.size() - expired.size(), limit, found)
                                    : Future.succeededFuture(found));
                      });
            });
  }

  private Request zrem(List<String> ids) {
    Request request = Request.cmd(Command.ZREM).arg(indexKey);
    ids.forEach(request::arg);
    return request;
  }

  private String jobKey(String jobId) {
    return prefix + "job:" + jobId;
  }

  private static long nowMs() {
    return System.currentTimeMillis();
  }

  private static JobSnapshot snapshot(Map<String, Response> fields) {
    return new JobSnapshot(
        text(fields, "id"),
        text(fields, "type"),
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
