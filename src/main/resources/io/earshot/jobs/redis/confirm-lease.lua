-- Right before a side effect: 1 if this worker holds the job and its lease has not expired (on
-- the server's clock), and then the lease is extended by a full visibility timeout; else 0.
-- Unlike a heartbeat, an expired lease is not re-acquired: a worker paused past its deadline must
-- not act even if nobody took the job over yet.
-- KEYS: 1 job hash, 2 lane's leases zset (job id → lease deadline, server ms)
-- ARGV: 1 job id, 2 worker id, 3 visibility timeout (ms)
if redis.call('HGET', KEYS[1], 'status') ~= 'RUNNING'
    or redis.call('HGET', KEYS[1], 'worker') ~= ARGV[2] then
  return 0
end
local deadline = redis.call('ZSCORE', KEYS[2], ARGV[1])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
if not deadline or tonumber(deadline) < now then
  return 0
end
redis.call('ZADD', KEYS[2], 'XX', now + tonumber(ARGV[3]), ARGV[1])
return 1
