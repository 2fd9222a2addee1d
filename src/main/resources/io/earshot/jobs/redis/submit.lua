-- Queue a job in a lane, or return the queued job with the same dedup key (merge).
-- KEYS: 1 job hash, 2 dedup key, 3 lane's queue list, 4 index zset (all lanes), 5 lane's latest id
-- ARGV: 1 key prefix, 2 job id, 3 type, 4 params JSON, 5 index cap, 6 lane name
local existing = redis.call('GET', KEYS[2])
if existing then
  local existingKey = ARGV[1] .. 'job:' .. existing
  if redis.call('HGET', existingKey, 'status') == 'QUEUED' then
    return {'MERGED', redis.call('HGETALL', existingKey)}
  end
end
-- the server's clock, so that instances with skewed clocks still order jobs the same way
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
redis.call('HSET', KEYS[1], 'id', ARGV[2], 'type', ARGV[3], 'lane', ARGV[6], 'params', ARGV[4],
  'status', 'QUEUED', 'attempts', 0, 'created_at', now, 'dedup', KEYS[2])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('RPUSH', KEYS[3], ARGV[2])
redis.call('SET', KEYS[5], ARGV[2])
redis.call('ZADD', KEYS[4], now, ARGV[2])
-- the index only lists jobs; keep it bounded (job hashes expire on their own)
redis.call('ZREMRANGEBYRANK', KEYS[4], 0, -(tonumber(ARGV[5]) + 1))
return {'QUEUED', redis.call('HGETALL', KEYS[1])}
