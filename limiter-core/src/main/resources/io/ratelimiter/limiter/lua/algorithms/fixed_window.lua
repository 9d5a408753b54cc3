-- Fixed window: one counter per calendar window of l.w µs, aligned on the clock. Cheapest; admits up to twice the
-- quota around a window boundary. Data: requests admitted in the window that holds the state's time.
ALG.f = {
  fresh = function() return 0 end,
  decode = function(text) return tonumber(text) or 0 end,
  encode = function(d) return int(d) end,
  rebase = function(l, d, at, now)
    if windowStart(at, l.w) == windowStart(now, l.w) then return d end
    return 0
  end,
  used = function(l, d) return d end,
  fromUsed = function(l, used) return math.min(l.q, math.ceil(used - 1e-9)) end,
  check = function(l, d, now)
    local left = windowStart(now, l.w) + l.w - now
    local held = d > 0 and left or 0
    if d < l.q then
      return { ok = true, data = d + 1, remaining = l.q - d - 1, free = l.q - d, reset = left, resetNow = held,
               keep = left, keepNow = held }
    end
    return { ok = false, remaining = 0, free = 0, retry = left, resetNow = left, keepNow = left }
  end
}
