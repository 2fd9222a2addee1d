-- Cancel a job: a queued one at once, a running one by raising the flag its worker polls.
-- KEYS: 1 job hash, 2 queue list
-- ARGV: 1 job id, 2 now (ms), 3 retention (s)
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return redis.error_reply('NOJOB')
end
if status == 'QUEUED' then
  redis.call('LREM', KEYS[2], 0, ARGV[1])
  local dedup = redis.call('HGET', KEYS[1], 'dedup')
  if dedup and redis.call('GET', dedup) == ARGV[1] then
    redis.call('DEL', dedup)
  end
  redis.call('HSET', KEYS[1], 'status', 'CANCELLED', 'finished_at', ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
elseif status == 'RUNNING' then
  redis.call('HSET', KEYS[1], 'cancel', '1')
else
  return redis.error_reply('WRONG_STATE ' .. status)
end
return redis.call('HGETALL', KEYS[1])
