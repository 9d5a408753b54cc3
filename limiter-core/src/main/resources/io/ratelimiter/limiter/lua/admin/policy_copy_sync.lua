-- Brings a bucket's copy up to a version of the source whole: every shared policy of the source at that version,
-- deleted ones as '-', packed as checks read them. A copy already at that version or newer is left alone.
-- KEYS[1] the bucket's policy hash   ARGV[1] version   ARGV[2..] field, value, field, value, ...
-- Returns {1} when it was brought up to date, {0} when it already was.
local version = tonumber(redis.call('HGET', KEYS[1], '~v')) or 0
if version >= tonumber(ARGV[1]) then return { 0 } end
if #ARGV > 1 then
  local packed = {}
  for i = 2, #ARGV, 2 do
    packed[#packed + 1] = ARGV[i]
    packed[#packed + 1] = rare().pack(ARGV[i + 1])
  end
  redis.call('HSET', KEYS[1], unpack(packed))
end
redis.call('HSET', KEYS[1], '~v', ARGV[1])
return { 1 }
