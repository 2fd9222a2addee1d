-- Give a clip and its augmented variants another label, in one step. Returns the label the clip
-- had, or false when there is no such clip (unknown, or an augmented variant).
-- KEYS: 1 label counts hash, 2 trained set
-- ARGV: 1 key prefix, 2 clip sha256, 3 new label, 4.. the clip's possible variant hashes
local prefix, sha, label = ARGV[1], ARGV[2], ARGV[3]
local clip = prefix .. 'sample:' .. sha
local fields = redis.call('HMGET', clip, 'label', 'filename', 'at')
local old = fields[1]
if not old or string.sub(fields[2] or '', 1, 4) == 'aug:' then
  return false
end
if old == label then
  return old
end
redis.call('HSET', clip, 'label', label)
for i = 4, #ARGV do
  local variant = prefix .. 'sample:' .. ARGV[i]
  if redis.call('EXISTS', variant) == 1 then
    redis.call('HSET', variant, 'label', label)
  end
end
if redis.call('HINCRBY', KEYS[1], old, -1) <= 0 then
  redis.call('HDEL', KEYS[1], old)
end
redis.call('HINCRBY', KEYS[1], label, 1)
redis.call('ZREM', prefix .. 'samples:label:' .. old, sha)
redis.call('ZADD', prefix .. 'samples:label:' .. label, fields[3], sha)
redis.call('SREM', KEYS[2], sha)
return old
