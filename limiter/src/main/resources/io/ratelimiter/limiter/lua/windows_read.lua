-- The state of chosen windows of one bucket, for a page whose order was merged from every bucket's ranks.
-- KEYS[1] the bucket's expiry index (only to route the script to the bucket's slot)
-- ARGV[1] state key prefix of the bucket ("<prefix>:{<bucket>}:state:")   ARGV[2..] members ("<identity> <scope>")
-- Returns {member, meta, denied, policy name, ...} as windows_list.lua; windows that expired meanwhile are left out.
local out = {}
for j = 2, #ARGV do
  local v = redis.call('HMGET', ARGV[1] .. ARGV[j], 'm', 'd', 'n')
  if v[1] then
    out[#out + 1] = ARGV[j]
    out[#out + 1] = v[1]
    out[#out + 1] = v[2] or '0'
    out[#out + 1] = v[3] or ''
  end
end
return out
