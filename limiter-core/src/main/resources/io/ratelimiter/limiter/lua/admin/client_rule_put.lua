-- Stores (or replaces) one client's rule in its bucket, packed where the check reads it, and in the bucket's index
-- of rules.
-- KEYS[1] the bucket's policy hash   KEYS[2] the bucket's rule index (zset, all scores 0, ordered by identity)
-- ARGV[1] identity   ARGV[2] the stored rule. Returns {1}.
redis.call('HSET', KEYS[1], 'client:' .. ARGV[1], rare().pack(ARGV[2]))
redis.call('ZADD', KEYS[2], 0, ARGV[1])
return { 1 }
