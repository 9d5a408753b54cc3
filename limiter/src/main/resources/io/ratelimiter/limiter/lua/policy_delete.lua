-- Deletes one policy or client rule. KEYS[1] policy hash, KEYS[2] the bucket's policy index; ARGV[1] index member.
-- Returns {1} when there was one to delete, else {0}.
redis.call('ZREM', KEYS[2], ARGV[1])
return { redis.call('DEL', KEYS[1]) }
