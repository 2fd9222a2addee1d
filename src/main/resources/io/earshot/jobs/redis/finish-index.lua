-- After the earlier clips are listed: carry the earlier version's auto-retrain counters over to
-- the trained mark (its last training read every clip but the newest added - trained), once.
-- Returns the clips marked trained.
-- KEYS: 1 clips zset, 2 trained set (samples:used), 3 added counter, 4 trained counter, 5 done marker
if redis.call('EXISTS', KEYS[5]) == 1 then
  return 0
end
redis.call('SET', KEYS[5], '1')
if redis.call('EXISTS', KEYS[4]) == 0 then
  return 0
end
local pending = math.max(0, tonumber(redis.call('GET', KEYS[3]) or '0') - tonumber(redis.call('GET', KEYS[4])))
local trained = redis.call('ZCARD', KEYS[1]) - pending
if trained <= 0 then
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, trained - 1)
for _, sha in ipairs(oldest) do
  redis.call('SADD', KEYS[2], sha)
end
return #oldest
