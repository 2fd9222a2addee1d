-- Cancel a job of any lane: a queued one at once, a running one by raising the flag its worker
-- polls. The lane's queue key is built here from the job's lane (jobs stored before lanes
-- existed have none and are training jobs), so any lane's queue can cancel any job.
-- KEYS: 1 job hash
-- ARGV: 1 key prefix, 2 job id, 3 retention (s)
local status = redis.call('HGET', KEYS[1], 'status')
if not status then
  return redis.error_reply('NOJOB')
end
if status == 'QUEUED' then
  local lane = redis.call('HGET', KEYS[1], 'lane') or 'jobs'
  redis.call('LREM', ARGV[1] .. lane .. ':queue', 0, ARGV[2])
  local dedup = redis.call('HGET', KEYS[1], 'dedup')
  if dedup and redis.call('GET', dedup) == ARGV[2] then
    redis.call('DEL', dedup)
  end
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  redis.call('HSET', KEYS[1], 'status', 'CANCELLED', 'finished_at', now)
  redis.call('EXPIRE', KEYS[1], ARGV[3])
elseif status == 'RUNNING' then
  redis.call('HSET', KEYS[1], 'cancel', '1')
else
  return redis.error_reply('WRONG_STATE ' .. status)
end
return redis.call('HGETALL', KEYS[1])
