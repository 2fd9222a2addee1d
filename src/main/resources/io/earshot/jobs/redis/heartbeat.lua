-- Extend the lease of a job this worker holds. An expired lease that nobody took over yet is
-- extended too: the worker was slow, not dead. Returns {held 0/1, cancel requested 0/1}.
-- KEYS: 1 job hash, 2 lane's leases zset (job id → lease deadline, server ms)
-- ARGV: 1 job id, 2 worker id, 3 visibility timeout (ms)
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('NOJOB')
end
local cancel = redis.call('HGET', KEYS[1], 'cancel') == '1' and 1 or 0
if redis.call('HGET', KEYS[1], 'status') ~= 'RUNNING'
    or redis.call('HGET', KEYS[1], 'worker') ~= ARGV[2]
    or not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return {0, cancel}
end
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('ZADD', KEYS[2], 'XX', now + tonumber(ARGV[3]), ARGV[1])
return {1, cancel}
