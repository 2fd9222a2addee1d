-- Record the dataset a training has read and mark its clips trained, unless relabelled since.
-- KEYS: 1 trained set, 2 the dataset's hash (clip sha256 -> label), 3 datasets zset
-- ARGV: 1 key prefix, 2 dataset version, 3 now (ms), then pairs: clip sha256, label
local prefix = ARGV[1]
local fresh = redis.call('EXISTS', KEYS[2]) == 0
for i = 4, #ARGV, 2 do
  local sha, label = ARGV[i], ARGV[i + 1]
  if fresh then
    redis.call('HSET', KEYS[2], sha, label)
  end
  if redis.call('HGET', prefix .. 'sample:' .. sha, 'label') == label then
    redis.call('SADD', KEYS[1], sha)
  end
end
redis.call('ZADD', KEYS[3], 'NX', ARGV[3], ARGV[2])
return 1
