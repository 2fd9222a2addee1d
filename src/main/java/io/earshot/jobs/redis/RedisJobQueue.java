package io.earshot.jobs.redis;

import static io.earshot.jobs.redis.RedisReplies.fields;
import static io.earshot.jobs.redis.RedisReplies.isError;

import io.earshot.jobs.ClaimedJob;
import io.earshot.jobs.HeartbeatReply;
import io.earshot.jobs.JobEvent;
import io.earshot.jobs.JobEvents;
import io.earshot.jobs.JobException;
import io.earshot.jobs.JobLane;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One lane of the shared queue: a list of queued ids and a zset of leases (job id → deadline on the
 * Redis server's clock) per lane, one hash per job, and Lua scripts that make each transition
 * atomic. See docs/JOBS.md.
 *
 * <p>Keys ({@code P} = prefix, {@code L} = lane name): {@code P L:queue} list; {@code P L:leases}
 * zset; {@code P L:dedup:<sha>}; {@code P L:latest} (id of the lane's newest job). Shared by all
 * lanes: {@code P job:<id>} hash (with its {@code lane}); {@code P jobs:index} zset by creation
 * time.
 */
public final class RedisJobQueue implements JobQueue {

  /** Ids read a round trip when looking for the newest job of a lane among all lanes' jobs. */
  private static final int LANE_SCAN_PAGE = 100;

  private static final RedisScript SUBMIT = RedisScript.load("submit.lua");
  private static final RedisScript CLAIM = RedisScript.load("claim.lua");
  private static final RedisScript HEARTBEAT = RedisScript.load("heartbeat.lua");
  private static final RedisScript CONFIRM_LEASE = RedisScript.load("confirm-lease.lua");
  private static final RedisScript PROGRESS = RedisScript.load("progress.lua");
  private static final RedisScript FINISH = RedisScript.load("finish.lua");
  private static final RedisScript CANCEL = RedisScript.load("cancel.lua");

  private final RedisConnector redis;
  private final JobEvents events;
  private final JobQueueOptions options;
  private final JobLane lane;
  private final String prefix;
  private final String queueKey;
  private final String leasesKey;
  private final String latestKey;
  private final RedisJobIndex index;

  /** What claim reads and deletes: the lane keys, plus the single-lease keys for training. */
  private final List<String> claimKeys;

  public RedisJobQueue(
      RedisConnector redis, JobEvents events, JobQueueOptions options, JobLane lane) {
    this.redis = redis;
    this.events = events;
    this.options = options;
    this.lane = lane;
    this.prefix = redis.keyPrefix();
    this.queueKey = queueKey(prefix, lane);
    this.leasesKey = laneKey("leases");
    this.latestKey = laneKey("latest");
    this.index = new RedisJobIndex(redis);
    // before lanes, one lease key and one running key held the training job; an upgraded
    // training lane takes over the job they name and deletes them (see claim.lua)
    this.claimKeys =
        lane.name().equals(JobLane.TRAINING.name())
            ? List.of(queueKey, leasesKey, prefix + "jobs:lease", prefix + "jobs:running")
            : List.of(queueKey, leasesKey);
  }

  @Override
  public JobLane lane() {
    return lane;
  }

  @Override
  public Future<JobSnapshot> submit(JobRequest request) {
    String id = UUID.randomUUID().toString();
    return SUBMIT
        .run(
            redis,
            List.of(
                jobKey(id),
                laneKey("dedup:" + request.dedupKey()),
                queueKey,
                index.key(),
                latestKey),
            List.of(
                prefix,
                id,
                request.type(),
                request.params().encode(),
                RedisJobIndex.CAP,
                lane.name()))
        .compose(
            reply -> {
              JobSnapshot job = snapshot(reply.get(1));
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
            claimKeys,
            List.of(
                prefix,
                workerId,
                options.visibilityTimeout().toMillis(),
                options.maxAttempts(),
                options.retention().toSeconds(),
                lane.capacity()))
        .compose(
            reply -> {
              String code = reply.get(0).toString();
              Future<?> closing = announceClosed(reply.get(2));
              if (!"CLAIMED".equals(code) && !"TAKEOVER".equals(code)) {
                return closing.map(Optional.<ClaimedJob>empty());
              }
              ClaimedJob claimed =
                  new ClaimedJob(snapshot(reply.get(1)), workerId, "TAKEOVER".equals(code));
              return closing
                  .compose(ignored -> JobEvent.STARTED.announce(events, claimed.job()))
                  .map(job -> Optional.of(claimed));
            });
  }

  /** Jobs closed (cancelled or dead) while taking over expired leases, in the order closed. */
  private Future<?> announceClosed(Response closed) {
    Future<?> announced = Future.succeededFuture();
    for (Response fields : closed) {
      JobSnapshot job = snapshot(fields);
      announced =
          announced.compose(ignored -> JobEvent.forStatus(job.status()).announce(events, job));
    }
    return announced;
  }

  @Override
  public Future<HeartbeatReply> heartbeat(String jobId, String workerId) {
    return HEARTBEAT
        .run(
            redis,
            List.of(jobKey(jobId), leasesKey),
            List.of(jobId, workerId, options.visibilityTimeout().toMillis()))
        .map(
            reply ->
                new HeartbeatReply(reply.get(0).toInteger() == 1, reply.get(1).toInteger() == 1))
        .recover(failure -> refusal(failure, jobId, workerId));
  }

  @Override
  public Future<Boolean> confirmLease(String jobId, String workerId) {
    return CONFIRM_LEASE
        .run(
            redis,
            List.of(jobKey(jobId), leasesKey),
            List.of(jobId, workerId, options.visibilityTimeout().toMillis()))
        .map(reply -> reply.toInteger() == 1);
  }

  @Override
  public Future<Void> progress(String jobId, String workerId, JsonObject progress) {
    return PROGRESS
        .run(redis, List.of(jobKey(jobId), leasesKey), List.of(jobId, workerId, progress.encode()))
        .compose(reply -> JobEvent.PROGRESS.announce(events, snapshot(reply)))
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
            List.of(jobKey(jobId), leasesKey, queueKey),
            List.of(
                jobId,
                workerId,
                outcome,
                field,
                value == null ? "" : value,
                options.maxAttempts(),
                options.retention().toSeconds()))
        .recover(failure -> refusal(failure, jobId, workerId))
        .compose(
            reply -> {
              JobSnapshot job = snapshot(reply);
              return JobEvent.forStatus(job.status()).announce(events, job);
            });
  }

  @Override
  public Future<JobSnapshot> cancel(String jobId) {
    return CANCEL
        .run(redis, List.of(jobKey(jobId)), List.of(prefix, jobId, options.retention().toSeconds()))
        .recover(failure -> refusal(failure, jobId, null))
        .compose(
            reply -> {
              JobSnapshot job = snapshot(reply);
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
              return fields.isEmpty()
                  ? Optional.empty()
                  : Optional.of(RedisJobFields.snapshot(fields));
            });
  }

  /**
   * The lane's newest job by its pointer; when that job has expired (or the pointer predates
   * lanes), the newest of the lane's jobs still in the shared index.
   */
  @Override
  public Future<Optional<JobSnapshot>> latest() {
    return redis
        .send(Request.cmd(Command.GET).arg(latestKey))
        .compose(id -> id == null ? Future.succeededFuture(Optional.empty()) : get(id.toString()))
        .compose(
            found ->
                found.isPresent()
                    ? Future.succeededFuture(found)
                    : index
                        .newest(1, job -> job.lane().equals(lane.name()), LANE_SCAN_PAGE)
                        .map(jobs -> jobs.stream().findFirst()));
  }

  /** Jobs of every lane, newest first; ids of expired hashes are pruned from the index. */
  @Override
  public Future<List<JobSnapshot>> list(int limit) {
    return index.newest(limit, job -> true, 1);
  }

  /**
   * The list of a lane's QUEUED job ids under a key prefix ({@code earshot:jobs:queue} for training
   * under the default prefix): what an autoscaler such as KEDA's Redis-list scaler reads.
   */
  public static String queueKey(String prefix, JobLane lane) {
    return prefix + lane.name() + ":queue";
  }

  private String jobKey(String jobId) {
    return prefix + "job:" + jobId;
  }

  private String laneKey(String suffix) {
    return prefix + lane.name() + ":" + suffix;
  }

  private static JobSnapshot snapshot(Response hgetall) {
    return RedisJobFields.snapshot(fields(hgetall));
  }
}
