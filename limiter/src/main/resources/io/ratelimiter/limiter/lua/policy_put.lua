-- Stores one policy or client rule whole: the hash is replaced in one atomic step, so no check reads half an edit.
-- KEYS[1] policy hash   KEYS[2] the bucket's policy index (zset, all scores 0, ordered by member)
-- ARGV[1] 'replace' | 'if-absent'   ARGV[2] index member ("default", "route:GET /x", "client:203.0.113.7")
-- ARGV[3..] field, value, field, value, ...
-- Returns {1} when written, {0} when the policy existed and ARGV[1] was 'if-absent'.
-- Policies are configuration, not state: they carry no expiry.
if ARGV[1] == 'if-absent' and redis.call('EXISTS', KEYS[1]) == 1 then return { 0 } end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], unpack(ARGV, 3))
redis.call('ZADD', KEYS[2], 0, ARGV[2])
return { 1 }
