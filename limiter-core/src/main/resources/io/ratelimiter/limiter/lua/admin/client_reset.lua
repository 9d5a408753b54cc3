-- Forgets the windows of one client in its bucket: state, denial counts, index entries and sliding logs.
-- KEYS[1] the bucket's state hash   KEYS[2] its expiry index   KEYS[3] its near-limit index
-- KEYS[3 + i] the sliding log of member i   ARGV[i] the members "<identity> <scope>" the client may have
-- Returns {windows removed}.
local removed = 0
for i, member in ipairs(ARGV) do
  removed = removed + redis.call('HDEL', KEYS[1], member)
  redis.call('HDEL', KEYS[1], member .. '#d')
  redis.call('ZREM', KEYS[2], member)
  redis.call('ZREM', KEYS[3], member)
  redis.call('DEL', KEYS[3 + i])
end
return { removed }
