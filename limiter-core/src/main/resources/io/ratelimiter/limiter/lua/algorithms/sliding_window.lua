-- Sliding window counter (Cloudflare's): the current window's count plus the previous window's count weighted by
-- the share of the previous window still inside the sliding window. O(1) memory, close to exact.
-- Data: the current count and the previous one, for the window that holds the state's time.
ALG.s = function()
  local function estimate(w, cur, prev, now)
    local start = windowStart(now, w)
    return prev * (w - (now - start)) / w + cur, start
  end
  return {
    width = 2,
    capacity = function(L, k) return L[k + 1] end,
    rebase = function(L, k, cur, prev, at, now)
      local w = L[k + 2] * 1000
      local was, is = windowStart(at, w), windowStart(now, w)
      if was == is then return cur, prev end
      if was + w == is then return 0, cur end
      return 0, 0
    end,
    used = function(L, k, cur, prev, now) return (estimate(L[k + 2] * 1000, cur, prev, now)) end,
    fromUsed = function(L, k, used) return math.min(L[k + 1], math.ceil(used - 1e-9)), 0 end,
    check = function(L, k, cur, prev, now)
      local q, w = L[k + 1], L[k + 2] * 1000
      local est, start = estimate(w, cur, prev, now)
      local elapsed = now - start
      local held = cur > 0 and start + 2 * w - now or (prev > 0 and start + w - now or 0)
      local free = math.max(0, math.floor(q - est + 1e-9))
      if est + 1 <= q + 1e-9 then
        local reset = start + 2 * w - now
        return true, cur + 1, prev, math.max(0, math.floor(q - est - 1 + 1e-9)), free, reset, held, reset, held, 0
      end
      -- Denied: the earliest moment the estimate leaves room for one request, first within this window (the
      -- previous window's weight shrinks), else in the next one (this window's count becomes the weighted one).
      local retry
      if cur <= q - 1 and prev > 0 then
        retry = math.ceil((w - elapsed) - (q - 1 - cur) * w / prev)
        if retry < 0 then retry = 0 end
      end
      if retry == nil or retry >= w - elapsed then
        retry = (w - elapsed) + math.ceil(math.max(0, w * (1 - (q - 1) / cur)))
      end
      return false, cur, prev, 0, free, 0, held, 0, held, retry
    end
  }
end
