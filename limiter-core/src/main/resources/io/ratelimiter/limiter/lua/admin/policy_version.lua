-- The version of a policy hash (the source, or a bucket's copy). KEYS[1] the hash. Returns {version, 0 when none}.
return { tonumber(redis.call('HGET', KEYS[1], '~v')) or 0 }
