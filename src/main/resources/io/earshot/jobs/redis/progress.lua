-- Store the latest progress of a job this worker holds. Returns the job fields.
-- KEYS: 1 job hash, 2 lane's leases zset
-- ARGV: 1 job id, 2 worker id, 3 progress JSON
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('NOJOB')
end
if redis.call('HGET', KEYS[1], 'status') ~= 'RUNNING'
    or redis.call('HGET', KEYS[1], 'worker') ~= ARGV[2]
    or not redis.call('ZSCORE', KEYS[2], ARGV[1]) then
  return redis.error_reply('LEASE_LOST')
end
redis.call('HSET', KEYS[1], 'progress', ARGV[3])
return redis.call('HGETALL', KEYS[1])
