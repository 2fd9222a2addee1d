-- Delete clips with their augmented variants, in one step. Returns the clips deleted.
-- KEYS: 1 label counts hash, 2 clips zset, 3 trained set
-- ARGV: 1 key prefix, 2 variants per clip (n), then per clip: its sha256 and n variant hashes
local prefix, n = ARGV[1], tonumber(ARGV[2])
local deleted = {}
local function drop(sha)
  local key = prefix .. 'sample:' .. sha
  local schema = redis.call('HGET', key, 'schema')
  if schema then
    redis.call('SREM', prefix .. 'samples:schema:' .. schema, sha)
    redis.call('DEL', key)
  end
end
for i = 3, #ARGV, n + 1 do
  local sha = ARGV[i]
  local fields = redis.call('HMGET', prefix .. 'sample:' .. sha, 'label', 'filename')
  if fields[1] and string.sub(fields[2] or '', 1, 4) ~= 'aug:' then
    drop(sha)
    for j = 1, n do
      drop(ARGV[i + j])
    end
    if redis.call('HINCRBY', KEYS[1], fields[1], -1) <= 0 then
      redis.call('HDEL', KEYS[1], fields[1])
    end
    redis.call('ZREM', KEYS[2], sha)
    redis.call('ZREM', prefix .. 'samples:label:' .. fields[1], sha)
    redis.call('SREM', KEYS[3], sha)
    deleted[#deleted + 1] = sha
  end
end
return deleted
