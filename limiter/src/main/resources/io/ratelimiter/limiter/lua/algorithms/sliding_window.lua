-- Sliding window counter (Cloudflare's): the current window's count plus the previous window's count weighted by
-- the share of the previous window still inside the sliding window. O(1) memory, close to exact.
-- State fields of limit i: w<i> = start of the current window (µs), c<i> = its count, p<i> = the previous window's.
ALG.sliding_window = function(state, i, lim, now)
  local w, q = lim.w, lim.q
  local start = now - (now % w)
  local v = redis.call('HMGET', state, 'w' .. i, 'c' .. i, 'p' .. i)
  local stored, cur, prev = tonumber(v[1]), 0, 0
  if stored == start then
    cur, prev = tonumber(v[2]), tonumber(v[3]) or 0
  elseif stored == start - w then
    prev = tonumber(v[2])
  end
  local elapsed = now - start
  local estimate = prev * (w - elapsed) / w + cur
  if estimate + 1 <= q then
    return { ok = true, remaining = math.floor(q - estimate - 1), reset = start + 2 * w - now,
             keep = start + 2 * w - now,
             commit = function() redis.call('HSET', state, 'w' .. i, start, 'c' .. i, cur + 1, 'p' .. i, prev) end }
  end
  -- Denied: the earliest moment the estimate leaves room for one request, first within this window (the previous
  -- window's weight shrinks), else in the next one (this window's count becomes the weighted one).
  local retry
  if cur <= q - 1 and prev > 0 then
    retry = math.ceil((w - elapsed) - (q - 1 - cur) * w / prev)
    if retry < 0 then retry = 0 end
  end
  if retry == nil or retry >= w - elapsed then
    retry = (w - elapsed) + math.ceil(math.max(0, w * (1 - (q - 1) / cur)))
  end
  return { ok = false, remaining = 0, reset = start + 2 * w - now, retry = retry, keep = start + 2 * w - now }
end
