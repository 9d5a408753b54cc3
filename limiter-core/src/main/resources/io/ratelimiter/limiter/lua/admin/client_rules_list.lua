-- A page of one bucket's client rules, in identity order. KEYS[1] the bucket's policy hash   KEYS[2] its rule index
-- ARGV[1] offset   ARGV[2] count. Returns {identity, rule, identity, rule, ...}.
local ids = redis.call('ZRANGE', KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[1]) + tonumber(ARGV[2]) - 1)
local out = {}
for _, id in ipairs(ids) do
  local rule = redis.call('HGET', KEYS[1], 'client:' .. id)
  if rule then
    out[#out + 1] = id
    out[#out + 1] = rare().text(rule)
  end
end
return out
