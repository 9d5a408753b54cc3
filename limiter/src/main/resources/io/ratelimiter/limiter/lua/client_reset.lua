-- Forgets every window of one client in one bucket: state, sliding logs and index entries.
-- KEYS[1] expiry index   KEYS[2] use index   KEYS[3] identity index
-- ARGV[1] state key prefix of the bucket ("<prefix>:{<bucket>}:state:")   ARGV[2] identity
-- Members are "<identity> <scope>" and identities hold no spaces, so "[id " .. "(id!" is exactly this client's.
-- Returns {windows removed}.
local members = redis.call('ZRANGEBYLEX', KEYS[3], '[' .. ARGV[2] .. ' ', '(' .. ARGV[2] .. '!')
for _, m in ipairs(members) do
  local state = ARGV[1] .. m
  redis.call('DEL', state, state .. ':log1', state .. ':log2', state .. ':log3', state .. ':log4')
  redis.call('ZREM', KEYS[1], m)
  redis.call('ZREM', KEYS[2], m)
  redis.call('ZREM', KEYS[3], m)
end
return { #members }
