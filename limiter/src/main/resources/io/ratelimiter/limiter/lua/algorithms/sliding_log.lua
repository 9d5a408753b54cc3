-- Sliding log: a sorted set of the admitted requests' times; exact, one entry per admitted request.
-- State of limit i: the sorted set <state>:log<i>, score = time in µs. Members must be unique even when two
-- requests share a microsecond: "<time>-<entries before it>" is, because nothing at the current time can have
-- been trimmed, so a second entry at the same time always sees one more entry than the first did.
-- A denied request adds nothing, so knocking on a closed door never extends the lock-out.
ALG.sliding_log = function(state, i, lim, now)
  local log = state .. ':log' .. i
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - lim.w)
  local n = redis.call('ZCARD', log)
  if n < lim.q then
    return { ok = true, remaining = lim.q - n - 1, reset = lim.w, keep = lim.w,
             commit = function()
               redis.call('ZADD', log, now, string.format('%.0f-%d', now, n))
               redis.call('PEXPIRE', log, math.ceil(lim.w / 1000))
             end }
  end
  -- The request fits again once the oldest n - q + 1 entries have left the window.
  local freeing = redis.call('ZRANGE', log, n - lim.q, n - lim.q, 'WITHSCORES')
  local newest = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
  local left = tonumber(newest[2]) + lim.w - now
  return { ok = false, remaining = 0, reset = left, retry = tonumber(freeing[2]) + lim.w - now, keep = left }
end
