-- Token bucket: holds up to lim.b tokens (the quota when no burst is set), refilled continuously at lim.q tokens
-- per lim.w microseconds; a request takes one token.
-- State fields of limit i: k<i> = tokens left after the last admitted request, u<i> = its time (µs).
-- A denied request writes nothing: the refill goes on as if it had never come.
ALG.token_bucket = function(state, i, lim, now)
  local capacity = lim.b > 0 and lim.b or lim.q
  local rate = lim.q / lim.w
  local v = redis.call('HMGET', state, 'k' .. i, 'u' .. i)
  local tokens = capacity
  if v[1] then
    tokens = math.min(capacity, tonumber(v[1]) + math.max(0, now - tonumber(v[2])) * rate)
  end
  if tokens >= 1 then
    local left = tokens - 1
    local full = math.ceil((capacity - left) / rate)
    return { ok = true, remaining = math.floor(left), reset = full, keep = full,
             commit = function() redis.call('HSET', state, 'k' .. i, left, 'u' .. i, now) end }
  end
  local full = math.ceil((capacity - tokens) / rate)
  return { ok = false, remaining = 0, reset = full, retry = math.ceil((1 - tokens) / rate), keep = full }
end
