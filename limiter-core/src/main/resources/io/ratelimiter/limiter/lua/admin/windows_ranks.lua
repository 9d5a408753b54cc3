-- Members of one bucket's indexes in the order a page of windows shows them; never scans.
-- KEYS[1] the bucket's expiry index   KEYS[2] its index of clients at half a limit or more
-- ARGV[1] time µs ('' = TIME)   ARGV[2] 'recent' | 'used'   ARGV[3] offset   ARGV[4] count
-- Returns {member, score, member, score, ...}: 'recent' = windows not yet expired, latest expiry first; 'used' =
-- clients near a limit, highest share first. The read that follows drops what expired meanwhile.
local now = clock(ARGV[1])
local offset, count = tonumber(ARGV[3]), tonumber(ARGV[4])
if ARGV[2] == 'used' then
  return redis.call('ZREVRANGE', KEYS[2], offset, offset + count - 1, 'WITHSCORES')
end
return redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', string.format('%d', math.floor(now / 1000)), 'WITHSCORES',
  'LIMIT', offset, count)
