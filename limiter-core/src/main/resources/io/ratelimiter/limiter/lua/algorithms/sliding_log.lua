-- Sliding log: a sorted set of the admitted requests' times (µs), one per client and policy scope, shared by every
-- limit of the policy and kept for its longest window; each limit counts the entries inside its own window. So the
-- log is the client's real history, and an edit of quotas or windows is decided by it (as far back as the longest
-- window kept). Exact; one entry per admitted request. Members "<µs>-<entries before it>" are unique even for two
-- requests in one microsecond, since nothing at the current time can have been trimmed. A denied request adds
-- nothing, so knocking on a closed door never extends the lock-out.
local LOG = {}

-- Entries inside each limit's window; trims what no limit needs first. known: the log may exist.
function LOG.counts(log, p, now, known)
  local counts = {}
  if not known then
    for i = 1, #p.limits do counts[i] = 0 end
    return counts
  end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', int(now - p.maxW))
  local all
  for i, l in ipairs(p.limits) do
    if l.w == p.maxW then
      all = all or redis.call('ZCARD', log)
      counts[i] = all
    else
      counts[i] = redis.call('ZCOUNT', log, '(' .. int(now - l.w), '+inf')
    end
  end
  return counts
end

-- Requests inside the last w µs: what a changed policy inherits from a log.
function LOG.used(log, w, now)
  return redis.call('ZCOUNT', log, '(' .. int(now - w), '+inf')
end

function LOG.check(log, p, counts, now)
  local results, admitted, newest = {}, true, nil
  for i, l in ipairs(p.limits) do
    if counts[i] >= l.q then admitted = false end
  end
  for i, l in ipairs(p.limits) do
    local n = counts[i]
    if admitted then
      results[i] = { ok = true, remaining = l.q - n - 1, free = l.q - n, reset = l.w, resetNow = l.w, keep = p.maxW,
                     keepNow = p.maxW }
    else
      if newest == nil then
        local top = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
        newest = tonumber(top[2]) or now
      end
      local r = { ok = n < l.q, remaining = 0, free = math.max(0, l.q - n), resetNow = newest + l.w - now,
                  keepNow = newest + p.maxW - now }
      if not r.ok then
        -- The request fits again once the oldest n - q + 1 entries of this window have left it.
        local freeing = redis.call('ZRANGEBYSCORE', log, '(' .. int(now - l.w), '+inf', 'WITHSCORES', 'LIMIT', n - l.q, 1)
        r.retry = tonumber(freeing[2]) + l.w - now
      end
      results[i] = r
    end
  end
  return results, admitted
end

function LOG.commit(log, p, counts, now)
  local most = 0
  for i = 1, #counts do if counts[i] > most then most = counts[i] end end
  redis.call('ZADD', log, int(now), int(now) .. '-' .. int(most))
end

-- After an edit to the sliding log from a counter algorithm: what the counter knew becomes entries at now, so the
-- client is held as the new policy alone would hold that use (at most its quota, for at most its window).
function LOG.inherit(log, used, now)
  for n = 1, used do
    redis.call('ZADD', log, int(now), int(now) .. '-i' .. n)
  end
end
