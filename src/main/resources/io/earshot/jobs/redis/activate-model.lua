-- Point "active" at a registered version and tell every instance.
-- KEYS: 1 model hash, 2 active pointer
-- ARGV: 1 version, 2 activation channel
if redis.call('EXISTS', KEYS[1]) == 0 then
  return redis.error_reply('NOMODEL')
end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[1])
return 'OK'
