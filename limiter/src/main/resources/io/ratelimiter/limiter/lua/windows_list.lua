-- One page of client windows of one bucket, read from the indexes the check script keeps; never scans keys.
-- KEYS[1] expiry index   KEYS[2] use index   KEYS[3] identity index   (zsets of "<identity> <scope>")
-- ARGV[1] state key prefix of the bucket ("<prefix>:{<bucket>}:state:")
-- ARGV[2] 'used' | 'recent' | 'prefix'   ARGV[3] identity prefix   ARGV[4] offset   ARGV[5] count
-- ARGV[6] 'state' to read each window's state, 'ranks' for members and scores only (a cluster merges the buckets'
-- ranks first, then reads state just for the windows the page shows; see windows_read.lua)
-- Returns {now ms, more (0|1), member, score, meta, denied, policy name, member, score, ...}. meta is the check
-- script's "algorithm code|used|limit|window ms|last seen ms|ms to full quota|shadow"; windows that expired a moment ago are left
-- out, so a page can be shorter than count.
local t = redis.call('TIME')
local nowMs = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local offset, count = tonumber(ARGV[4]), tonumber(ARGV[5])
local found
if ARGV[2] == 'prefix' then
  local members = redis.call('ZRANGEBYLEX', KEYS[3], '[' .. ARGV[3], '(' .. ARGV[3] .. '\255', 'LIMIT', offset, count + 1)
  found = {}
  for _, m in ipairs(members) do found[#found + 1] = m; found[#found + 1] = '0' end
else
  local index = ARGV[2] == 'used' and KEYS[2] or KEYS[1]
  found = redis.call('ZREVRANGE', index, offset, offset + count, 'WITHSCORES')
end
local out = { nowMs, #found > 2 * count and 1 or 0 }
for j = 1, math.min(#found, 2 * count), 2 do
  if ARGV[6] == 'ranks' then
    out[#out + 1] = found[j]
    out[#out + 1] = found[j + 1]
  else
    local v = redis.call('HMGET', ARGV[1] .. found[j], 'm', 'd', 'n')
    if v[1] then
      out[#out + 1] = found[j]
      out[#out + 1] = found[j + 1]
      out[#out + 1] = v[1]
      out[#out + 1] = v[2] or '0'
      out[#out + 1] = v[3] or ''
    end
  end
end
return out
