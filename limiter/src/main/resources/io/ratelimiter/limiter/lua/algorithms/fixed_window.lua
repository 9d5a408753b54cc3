-- Fixed window: one counter per calendar window of lim.w microseconds, aligned on Redis' clock.
-- State fields of limit i: w<i> = start of the counted window (µs), c<i> = requests admitted in it.
-- Cheapest; admits up to twice the quota around a window boundary.
ALG.fixed_window = function(state, i, lim, now)
  local start = now - (now % lim.w)
  local v = redis.call('HMGET', state, 'w' .. i, 'c' .. i)
  local count = 0
  if tonumber(v[1]) == start then count = tonumber(v[2]) end
  local left = start + lim.w - now
  if count < lim.q then
    return { ok = true, remaining = lim.q - count - 1, reset = left, keep = left,
             commit = function() redis.call('HSET', state, 'w' .. i, start, 'c' .. i, count + 1) end }
  end
  return { ok = false, remaining = 0, reset = left, retry = left, keep = left }
end
