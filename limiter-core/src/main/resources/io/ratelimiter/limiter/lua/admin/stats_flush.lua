-- Adds one node's decisions of the last second to the per-second totals every node shares, and forgets seconds
-- older than the retention. KEYS[1] the totals hash ("<second>:a|d|s" fields)
-- ARGV[1] time µs ('' = TIME)   ARGV[2] allowed   ARGV[3] denied   ARGV[4] shadow denied   ARGV[5] retention s
-- Returns {the second counted}.
local second = math.floor(clock(ARGV[1]) / 1000000)
local s = string.format('%d', second)
if tonumber(ARGV[2]) > 0 then redis.call('HINCRBY', KEYS[1], s .. ':a', ARGV[2]) end
if tonumber(ARGV[3]) > 0 then redis.call('HINCRBY', KEYS[1], s .. ':d', ARGV[3]) end
if tonumber(ARGV[4]) > 0 then redis.call('HINCRBY', KEYS[1], s .. ':s', ARGV[4]) end
local retention = tonumber(ARGV[5])
local old = {}
for past = second - retention - 10, second - retention - 1 do
  local p = string.format('%d', past)
  old[#old + 1] = p .. ':a'
  old[#old + 1] = p .. ':d'
  old[#old + 1] = p .. ':s'
end
redis.call('HDEL', KEYS[1], unpack(old))
redis.call('EXPIRE', KEYS[1], retention * 2)
return { second }
