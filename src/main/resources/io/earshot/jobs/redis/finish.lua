-- End the run of a job this worker holds and release its lease.
-- Outcome SUCCEEDED, FAILED or CANCELLED is final; RETRY re-queues at the head while attempts
-- remain, else the job is DEAD. Returns the job fields.
-- KEYS: 1 job hash, 2 lane's leases zset, 3 lane's queue list
-- ARGV: 1 job id, 2 worker id, 3 outcome, 4 field to set (result|error|-), 5 its value,
--       6 max attempts, 7 retention (s)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('NOJOB')
end
if redis.call('HGET', KEYS[1], 'status') ~= 'RUNNING'
    or redis.call('HGET', KEYS[1], 'worker') ~= ARGV[2]
    or not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return redis.error_reply('LEASE_LOST')
end
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[4] ~= '-' then
  redis.call('HSET', KEYS[1], ARGV[4], ARGV[5])
end
local outcome = ARGV[3]
if outcome == 'RETRY' then
  if tonumber(redis.call('HGET', KEYS[1], 'attempts')) < tonumber(ARGV[6]) then
    redis.call('HSET', KEYS[1], 'status', 'QUEUED')
    redis.call('LPUSH', KEYS[3], ARGV[1])
    local dedup = redis.call('HGET', KEYS[1], 'dedup')
    if dedup then
      redis.call('SET', dedup, ARGV[1], 'NX')
    end
    return redis.call('HGETALL', KEYS[1])
  end
  outcome = 'DEAD'
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], 'status', outcome, 'finished_at', now)
redis.call('EXPIRE', KEYS[1], ARGV[7])
return redis.call('HGETALL', KEYS[1])
