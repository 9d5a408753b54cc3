-- Reads one policy or client rule. KEYS[1] policy hash. Returns {field, value, ...}, empty when there is none.
return redis.call('HGETALL', KEYS[1])
