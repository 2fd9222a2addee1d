-- Claim in one lane: first the job whose lease expired longest ago (takeover), else, while the
-- lane has room, the oldest queued job. Returns {code, claimed job fields, {jobs closed on the
-- way}}; code is TAKEOVER, CLAIMED, BUSY or EMPTY.
-- KEYS: 1 lane's queue list, 2 lane's leases zset (job id → lease deadline, server ms),
--       training lane only: 3 lease key and 4 running key of the single-lease layout (upgrade)
-- ARGV: 1 key prefix, 2 worker id, 3 visibility timeout (ms), 4 max attempts, 5 retention (s),
--       6 lane capacity (0 = unbounded)
-- Deadlines come from the server's clock, so instances with skewed clocks agree on expiry.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local deadline = now + tonumber(ARGV[3])
if KEYS[4] then
  -- a job left RUNNING by the single-lease layout has nobody heartbeating it any more: give it
  -- an expired lease, so it is taken over (or closed) below like any other
  local legacy = redis.call('GET', KEYS[4])
  redis.call('DEL', KEYS[3], KEYS[4])
  if legacy and redis.call('HGET', ARGV[1] .. 'job:' .. legacy, 'status') == 'RUNNING' then
    redis.call('ZADD', KEYS[2], 0, legacy)
  end
end
local closed = {}
while true do
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. now, 'LIMIT', 0, 1)[1]
  if not expired then
    break
  end
  redis.call('ZREM', KEYS[2], expired)
  local key = ARGV[1] .. 'job:' .. expired
  if redis.call('HGET', key, 'status') == 'RUNNING' then
    local previous = redis.call('HGET', key, 'worker') or '?'
    local reason = 'lease expired: worker ' .. previous .. ' stopped heartbeating'
    local attempts = tonumber(redis.call('HGET', key, 'attempts'))
    if redis.call('HGET', key, 'cancel') == '1' then
      redis.call('HSET', key, 'status', 'CANCELLED', 'finished_at', now)
    elseif attempts >= tonumber(ARGV[4]) then
      redis.call('HSET', key, 'status', 'DEAD', 'finished_at', now, 'error', reason)
    else
      redis.call('HSET', key, 'worker', ARGV[2], 'attempts', attempts + 1, 'started_at', now,
        'error', reason)
      redis.call('ZADD', KEYS[2], deadline, expired)
      return {'TAKEOVER', redis.call('HGETALL', key), closed}
    end
    redis.call('EXPIRE', key, ARGV[5])
    closed[#closed + 1] = redis.call('HGETALL', key)
  end
end
local capacity = tonumber(ARGV[6])
if capacity > 0 and redis.call('ZCARD', KEYS[2]) >= capacity then
  return {'BUSY', {}, closed}
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
    redis.call('HSET', key, 'status', 'RUNNING', 'worker', ARGV[2], 'started_at', now)
    redis.call('ZADD', KEYS[2], deadline, id)
    return {'CLAIMED', redis.call('HGETALL', key), closed}
  end
end
