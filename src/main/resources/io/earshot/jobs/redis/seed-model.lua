-- Register and activate the first model, unless a model was registered already; atomic, so that
-- instances starting together on an empty registry seed it once. Returns the active version
-- ('' when models exist but none is active).
-- KEYS: 1 version counter, 2 versions zset, 3 active pointer
-- ARGV: 1 key prefix, 2 bundle bytes, 3 metadata JSON, 4 metrics JSON, 5 now (ms), 6 activation channel
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.call('GET', KEYS[3]) or ''
end
local version = tostring(redis.call('INCR', KEYS[1]))
redis.call('HSET', ARGV[1] .. 'model:' .. version, 'bundle', ARGV[2], 'metadata', ARGV[3],
  'metrics', ARGV[4], 'registered_at', ARGV[5], 'size', string.len(ARGV[2]))
redis.call('ZADD', KEYS[2], version, version)
redis.call('SET', KEYS[3], version)
redis.call('PUBLISH', ARGV[6], version)
return version
