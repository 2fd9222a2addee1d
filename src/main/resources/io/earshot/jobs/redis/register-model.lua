-- Store a new model version under the next number. Returns the version.
-- KEYS: 1 version counter, 2 versions zset
-- ARGV: 1 key prefix, 2 bundle bytes, 3 metadata JSON, 4 metrics JSON, 5 now (ms)
local version = redis.call('INCR', KEYS[1])
redis.call('HSET', ARGV[1] .. 'model:' .. version, 'bundle', ARGV[2], 'metadata', ARGV[3],
  'metrics', ARGV[4], 'registered_at', ARGV[5], 'size', string.len(ARGV[2]))
redis.call('ZADD', KEYS[2], version, version)
return tostring(version)
