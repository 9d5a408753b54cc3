-- Deletes one client's rule. KEYS[1] the bucket's policy hash   KEYS[2] its rule index   ARGV[1] identity
-- Returns {1} when there was one, else {0}.
redis.call('ZREM', KEYS[2], ARGV[1])
return { redis.call('HDEL', KEYS[1], 'client:' .. ARGV[1]) }
