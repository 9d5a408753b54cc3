-- Decisions per second of one bucket, counted by the check script, and its live windows.
-- KEYS[1] stats key prefix ("<prefix>:{<bucket>}:stats:")   KEYS[2] expiry index   ARGV[1] seconds to report
-- Returns {first second (epoch s), live windows, allowed, denied, shadow denied, allowed, ...} oldest first,
-- complete seconds only.
local t = redis.call('TIME')
local now = tonumber(t[1])
local nowMs = now * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = tonumber(ARGV[1])
local out = { now - n, redis.call('ZCOUNT', KEYS[2], nowMs, '+inf') }
for s = now - n, now - 1 do
  local v = redis.call('HMGET', KEYS[1] .. s, 'a', 'd', 's')
  out[#out + 1] = tonumber(v[1]) or 0
  out[#out + 1] = tonumber(v[2]) or 0
  out[#out + 1] = tonumber(v[3]) or 0
end
return out
