-- One step of a search by identity prefix through one bucket's expiry index (ZSCAN: a search reads the index in
-- steps, so no call holds Redis for long).
-- KEYS[1] the bucket's expiry index   ARGV[1] time µs ('' = TIME)   ARGV[2] cursor   ARGV[3] MATCH pattern
-- ARGV[4] entries to look at in this step
-- Returns {next cursor ('0' when done), member, member, ...} of windows not yet expired.
local now = clock(ARGV[1])
local reply = redis.call('ZSCAN', KEYS[1], ARGV[2], 'MATCH', ARGV[3], 'COUNT', tonumber(ARGV[4]))
local out = { reply[1] }
local items, nowMs = reply[2], math.floor(now / 1000)
for i = 1, #items, 2 do
  if tonumber(items[i + 1]) >= nowMs then out[#out + 1] = items[i] end
end
return out
