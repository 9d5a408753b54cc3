-- The decisions of every node per second over the last seconds. KEYS[1] the totals hash
-- ARGV[1] time µs ('' = TIME)   ARGV[2] seconds to report
-- Returns {first second (epoch s), allowed, denied, shadow denied, allowed, ...} oldest first, complete seconds only.
local now = math.floor(clock(ARGV[1]) / 1000000)
local n = tonumber(ARGV[2])
local out = { now - n }
for second = now - n, now - 1 do
  local s = string.format('%d', second)
  local v = redis.call('HMGET', KEYS[1], s .. ':a', s .. ':d', s .. ':s')
  out[#out + 1] = tonumber(v[1]) or 0
  out[#out + 1] = tonumber(v[2]) or 0
  out[#out + 1] = tonumber(v[3]) or 0
end
return out
