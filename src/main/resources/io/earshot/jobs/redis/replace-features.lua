-- Give samples the vectors of another feature schema, in one step (a feature upgrade). A sample
-- changes only while it is stored under the old schema: one deleted or already upgraded meanwhile
-- is left alone. Labels, listings and trained marks do not change. Returns the samples changed.
-- KEYS: 1 the old schema's set, 2 the new schema's set
-- ARGV: 1 key prefix, 2 old schema id, 3 new schema id, then pairs: sample sha256, feature bytes
local prefix, from, to = ARGV[1], ARGV[2], ARGV[3]
local changed = 0
for i = 4, #ARGV, 2 do
  local sha = ARGV[i]
  local sample = prefix .. 'sample:' .. sha
  if redis.call('HGET', sample, 'schema') == from then
    redis.call('HSET', sample, 'schema', to, 'features', ARGV[i + 1])
    redis.call('SREM', KEYS[1], sha)
    redis.call('SADD', KEYS[2], sha)
    changed = changed + 1
  end
end
return changed
