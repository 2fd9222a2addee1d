-- Take the global training lease: first a job whose holder stopped heartbeating (takeover),
-- else the oldest queued job. Returns {code, claimed job fields, job closed on the way}.
-- KEYS: 1 queue list, 2 lease key (expires), 3 running key (job id while a job is RUNNING)
-- ARGV: 1 key prefix, 2 worker id, 3 now (ms), 4 visibility timeout (ms), 5 max attempts,
--       6 retention (s)
if redis.call('EXISTS', KEYS[2]) == 1 then
  return {'BUSY', {}, {}}
end
local closed = {}
local running = redis.call('GET', KEYS[3])
if running then
  redis.call('DEL', KEYS[3])
  local key = ARGV[1] .. 'job:' .. running
  if redis.call('HGET', key, 'status') == 'RUNNING' then
    local previous = redis.call('HGET', key, 'worker') or '?'
    local reason = 'lease expired: worker ' .. previous .. ' stopped heartbeating'
    local attempts = tonumber(redis.call('HGET', key, 'attempts'))
    if redis.call('HGET', key, 'cancel') == '1' then
      redis.call('HSET', key, 'status', 'CANCELLED', 'finished_at', ARGV[3])
    elseif attempts >= tonumber(ARGV[5]) then
      redis.call('HSET', key, 'status', 'DEAD', 'finished_at', ARGV[3], 'error', reason)
    else
      redis.call('HSET', key, 'worker', ARGV[2], 'attempts', attempts + 1, 'started_at', ARGV[3],
        'error', reason)
      redis.call('SET', KEYS[2], running, 'PX', ARGV[4])
      redis.call('SET', KEYS[3], running)
      return {'TAKEOVER', redis.call('HGETALL', key), {}}
    end
    redis.call('EXPIRE', key, ARGV[6])
    closed = redis.call('HGETALL', key)
  end
end
while true do
  local id = redis.call('LPOP', KEYS[1])
  if not id then
    return {'EMPTY', {}, closed}
  end
  local key = ARGV[1] .. 'job:' .. id
  -- ids of cancelled or expired jobs are skipped
  if redis.call('HGET', key, 'status') == 'QUEUED' then
    local dedup = redis.call('HGET', key, 'dedup')
    if dedup and redis.call('GET', dedup) == id then
      redis.call('DEL', dedup)
    end
    redis.call('HINCRBY', key, 'attempts', 1)
    redis.call('HSET', key, 'status', 'RUNNING', 'worker', ARGV[2], 'started_at', ARGV[3])
    redis.call('SET', KEYS[2], id, 'PX', ARGV[4])
    redis.call('SET', KEYS[3], id)
    return {'CLAIMED', redis.call('HGETALL', key), closed}
  end
end
