-- GCRA (generic cell rate algorithm): the token bucket kept as one timestamp, the theoretical arrival time (TAT).
-- One request "costs" interval = lim.w / lim.q µs; up to capacity requests may arrive at once (lim.b, or the quota).
-- State field of limit i: g<i> = TAT in µs. A denied request writes nothing.
ALG.gcra = function(state, i, lim, now)
  local capacity = lim.b > 0 and lim.b or lim.q
  local interval = lim.w / lim.q
  local tat = tonumber(redis.call('HGET', state, 'g' .. i)) or now
  if tat < now then tat = now end
  local newTat = tat + interval
  local allowAt = newTat - capacity * interval
  -- Rounding in interval * capacity must neither admit an extra request nor refuse the last one.
  if allowAt <= now + 0.001 then
    local full = math.ceil(newTat - now)
    return { ok = true, remaining = math.floor((now - allowAt) / interval + 0.000001), reset = full, keep = full,
             commit = function() redis.call('HSET', state, 'g' .. i, newTat) end }
  end
  return { ok = false, remaining = 0, reset = math.ceil(tat - now), retry = math.ceil(allowAt - now),
           keep = math.ceil(tat - now) }
end
