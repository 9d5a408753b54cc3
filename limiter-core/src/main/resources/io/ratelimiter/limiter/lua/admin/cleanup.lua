-- Removes windows whose state has expired from one bucket, oldest first: run by every node once a second, off the
-- path of a request, so the indexes stay as small as the live state. Sliding logs expire by themselves.
-- KEYS[1] the bucket's state hash   KEYS[2] its expiry index   KEYS[3] its near-limit index
-- ARGV[1] time µs ('' = TIME)   ARGV[2] at most this many windows in one call
-- Returns {windows removed}.
local now = clock(ARGV[1])
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. string.format('%d', math.floor(now / 1000)),
  'LIMIT', 0, tonumber(ARGV[2]))
for _, member in ipairs(expired) do
  redis.call('HDEL', KEYS[1], member, member .. '#d')
  redis.call('ZREM', KEYS[3], member)
end
if #expired > 0 then redis.call('ZREM', KEYS[2], unpack(expired)) end
return { #expired }
