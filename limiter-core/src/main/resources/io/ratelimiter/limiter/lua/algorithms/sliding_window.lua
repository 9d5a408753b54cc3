-- Sliding window counter (Cloudflare's): the current window's count plus the previous window's count weighted by
-- the share of the previous window still inside the sliding window. O(1) memory, close to exact.
-- Data: {current count, previous count} for the window that holds the state's time.
local function slidingEstimate(l, d, now)
  local start = windowStart(now, l.w)
  return d[2] * (l.w - (now - start)) / l.w + d[1], start
end

ALG.s = {
  fresh = function() return { 0, 0 } end,
  decode = function(text)
    local cur, prev = string.match(text, '^(%d+):(%d+)$')
    return { tonumber(cur) or 0, tonumber(prev) or 0 }
  end,
  encode = function(d) return int(d[1]) .. ':' .. int(d[2]) end,
  rebase = function(l, d, at, now)
    local was, is = windowStart(at, l.w), windowStart(now, l.w)
    if was == is then return d end
    if was + l.w == is then return { 0, d[1] } end
    return { 0, 0 }
  end,
  used = function(l, d, now) return (slidingEstimate(l, d, now)) end,
  fromUsed = function(l, used) return { math.min(l.q, math.ceil(used - 1e-9)), 0 } end,
  check = function(l, d, now)
    local cur, prev, w, q = d[1], d[2], l.w, l.q
    local estimate, start = slidingEstimate(l, d, now)
    local elapsed = now - start
    local held = cur > 0 and start + 2 * w - now or (prev > 0 and start + w - now or 0)
    local free = math.max(0, math.floor(q - estimate + 1e-9))
    if estimate + 1 <= q + 1e-9 then
      return { ok = true, data = { cur + 1, prev }, remaining = math.max(0, math.floor(q - estimate - 1 + 1e-9)),
               free = free, reset = start + 2 * w - now, resetNow = held, keep = start + 2 * w - now, keepNow = held }
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
    return { ok = false, remaining = 0, free = free, retry = retry, resetNow = held, keepNow = held }
  end
}
