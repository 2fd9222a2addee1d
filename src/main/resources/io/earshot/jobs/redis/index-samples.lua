-- List clips stored by an earlier version (before the listing zsets): each clip of these hashes
-- that is in no listing yet goes into the clips zset and its label's zset. Returns how many.
-- KEYS: 1 clips zset
-- ARGV: 1 key prefix, 2.. sample hashes (variants are skipped)
local prefix = ARGV[1]
local added = 0
for i = 2, #ARGV do
  local sha = ARGV[i]
  local f = redis.call('HMGET', prefix .. 'sample:' .. sha, 'label', 'filename', 'at')
  if f[1] and string.sub(f[2] or '', 1, 4) ~= 'aug:' and not redis.call('ZSCORE', KEYS[1], sha) then
    redis.call('ZADD', KEYS[1], f[3], sha)
    redis.call('ZADD', prefix .. 'samples:label:' .. f[1], f[3], sha)
    added = added + 1
  end
end
return added
