-- The shared policies a hash holds (the source, or a bucket's copy) and its version: the default and every route's,
-- deleted ones as '-', as text; never the client rules a copy also holds.
-- KEYS[1] a policy hash. Returns {version (0 when none), field, value, field, value, ...}.
local all = redis.call('HGETALL', KEYS[1])
local out = { 0 }
for i = 1, #all, 2 do
  local field = all[i]
  if field == '~v' then
    out[1] = tonumber(all[i + 1]) or 0
  elseif field == 'default' or string.sub(field, 1, 6) == 'route:' then
    out[#out + 1] = field
    out[#out + 1] = rare().text(all[i + 1])
  end
end
return out
