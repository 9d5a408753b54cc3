-- Prepended to the console's scripts: now in µs, from ARGV[1] when a test passes its clock's, else Redis' TIME.
local function clock(given)
  if given ~= nil and given ~= '' then return tonumber(given) end
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
