-- Store a sample once per SHA-256. Returns 1 when new, 0 when it was already there.
-- KEYS: 1 sample hash, 2 schema set, 3 label counts hash, 4 clips zset, 5 the label's clips zset
-- ARGV: 1 sha256, 2 label, 3 schema id, 4 feature bytes, 5 filename, 6 at (ms),
--       7 "1" when the sample is a clip of its own, "0" for an augmented variant (stored, not
--       counted, not listed), 8 duration in seconds ("" when unknown)
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'label', ARGV[2], 'schema', ARGV[3], 'features', ARGV[4],
  'filename', ARGV[5], 'at', ARGV[6])
if ARGV[8] ~= '' then
  redis.call('HSET', KEYS[1], 'duration', ARGV[8])
end
redis.call('SADD', KEYS[2], ARGV[1])
if ARGV[7] == '1' then
  redis.call('HINCRBY', KEYS[3], ARGV[2], 1)
  redis.call('ZADD', KEYS[4], ARGV[6], ARGV[1])
  redis.call('ZADD', KEYS[5], ARGV[6], ARGV[1])
end
return 1
