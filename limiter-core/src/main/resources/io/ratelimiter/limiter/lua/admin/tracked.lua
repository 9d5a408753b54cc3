-- Windows of one bucket whose state has not expired. KEYS[1] the bucket's expiry index   ARGV[1] time µs ('' = TIME)
-- Returns {count}. Expiry is indexed by whole seconds, so a window is counted up to a second past its end.
local now = clock(ARGV[1])
return { redis.call('ZCOUNT', KEYS[1], string.format('%d', math.floor(now / 1000)), '+inf') }
