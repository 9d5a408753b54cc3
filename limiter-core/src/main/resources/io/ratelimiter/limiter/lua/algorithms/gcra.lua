-- GCRA (generic cell rate algorithm), which is the token bucket kept as one number: the debt, how far the client
-- is ahead of its steady rate. One request costs T; the debt drains at s per µs; a request is admitted while the
-- debt after it stays within C = capacity × T (capacity: the burst, or the quota).
-- Integer arithmetic only: with g = gcd(window µs, quota), s = quota / g and T = window / g are whole numbers
-- (computed once when the policy is stored), so time × s, the debt and C are integers. Validation refuses a limit
-- whose C would pass 2^53, where doubles stop holding every integer: no rate validation accepts loses precision.
-- token_bucket is the same algorithm under its other name: a bucket of capacity tokens is full when the debt is 0.
-- Data: the debt, as of the state's time.
ALG.g = {
  fresh = function() return 0 end,
  decode = function(text) return tonumber(text) or 0 end,
  encode = function(d) return int(d) end,
  rebase = function(l, d, at, now)
    local left = d - (now - at) * l.s
    if left < 0 then return 0 end
    return left
  end,
  used = function(l, d) return d / l.T end,
  fromUsed = function(l, used) return math.min(l.C, math.ceil(used * l.T)) end,
  check = function(l, d, now)
    local after = d + l.T
    local drained = math.ceil(d / l.s)
    local free = math.floor((l.C - d) / l.T)
    if after <= l.C then
      local full = math.ceil(after / l.s)
      return { ok = true, data = after, remaining = math.floor((l.C - after) / l.T), free = free,
               reset = full, resetNow = drained, keep = full, keepNow = drained }
    end
    return { ok = false, remaining = 0, free = free, retry = math.ceil((after - l.C) / l.s),
             resetNow = drained, keepNow = drained }
  end
}
ALG.t = ALG.g
