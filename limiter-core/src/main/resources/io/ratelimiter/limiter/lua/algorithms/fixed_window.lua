-- Fixed window: one counter per calendar window, aligned on the clock. Cheapest; admits up to twice the quota
-- around a window boundary. Data: requests admitted in the window that holds the state's time.
ALG.f = function()
  return {
    width = 1,
    capacity = function(L, k) return L[k + 1] end,
    rebase = function(L, k, d, _, at, now)
      local w = L[k + 2] * 1000
      if windowStart(at, w) == windowStart(now, w) then return d, 0 end
      return 0, 0
    end,
    used = function(_, _, d) return d end,
    fromUsed = function(L, k, used) return math.min(L[k + 1], math.ceil(used - 1e-9)), 0 end,
    check = function(L, k, d, _, now)
      local q, w = L[k + 1], L[k + 2] * 1000
      local left = windowStart(now, w) + w - now
      local held = d > 0 and left or 0
      if d < q then
        return true, d + 1, 0, q - d - 1, q - d, left, held, left, held, 0
      end
      return false, d, 0, 0, 0, 0, left, 0, left, left
    end
  }
end
