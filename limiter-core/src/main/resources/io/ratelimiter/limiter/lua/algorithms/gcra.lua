-- GCRA (generic cell rate algorithm), which is the token bucket kept as one number: the debt, how far the client
-- is ahead of its steady rate. One request costs T; the debt drains at s per µs; a request is admitted while the
-- debt after it stays within C = capacity × T (capacity: the burst, or the quota).
-- Integer arithmetic only: with g = gcd(window µs, quota), s = quota / g and T = window / g are whole numbers
-- (computed once when the policy is stored), so time × s, the debt and C are integers. Validation refuses a limit
-- whose C would pass 2^53, where doubles stop holding every integer: no rate validation accepts loses precision.
-- token_bucket is the same algorithm under its other name: a bucket of capacity tokens is full when the debt is 0.
-- Data: the debt, as of the state's time.
--
-- Every algorithm takes a limit as (L, k) (see prelude.lua) and answers in values, not tables:
--   rebase(L, k, d1, d2, at, now) -> the data as of now;  used(L, k, d1, d2, now) -> requests the data counts
--   fromUsed(L, k, used, now) -> data that counts `used` requests
--   check(L, k, d1, d2, now) -> ok, data after admitting (two numbers), remaining, free, reset, resetNow, keep,
--     keepNow, retry: remaining, reset and keep if admitted; free, resetNow and keepNow as things stand
--   capacity(L, k) -> what `remaining` counts down from
ALG.g = function()
  local function capacity(L, k)
    local b = L[k + 3]
    return b > 0 and b or L[k + 1]
  end
  return {
    width = 1,
    capacity = capacity,
    rebase = function(L, k, d, _, at, now)
      local left = d - (now - at) * L[k + 4]
      if left < 0 then return 0, 0 end
      return left, 0
    end,
    used = function(L, k, d) return d / L[k + 5] end,
    fromUsed = function(L, k, used) return math.min(capacity(L, k) * L[k + 5], math.ceil(used * L[k + 5])), 0 end,
    check = function(L, k, d, _, now)
      local s, T = L[k + 4], L[k + 5]
      local C = capacity(L, k) * T
      local after = d + T
      local drained = math.ceil(d / s)
      local free = math.floor((C - d) / T)
      if after <= C then
        local full = math.ceil(after / s)
        return true, after, 0, math.floor((C - after) / T), free, full, drained, full, drained, 0
      end
      return false, d, 0, 0, free, 0, drained, 0, drained, math.ceil((after - C) / s)
    end
  }
end
ALG.t = ALG.g
