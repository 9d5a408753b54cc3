-- Sliding log: a sorted set of the admitted requests' times (µs), one per client and policy scope, shared by every
-- limit of the policy and kept for its longest window; each limit counts the entries inside its own window. So the
-- log is the client's real history, and an edit of quotas or windows is decided by it (as far back as the longest
-- window kept). Exact; one entry per admitted request. Members "<µs>-<entries before it>" are unique even for two
-- requests in one microsecond, since nothing at the current time can have been trimmed. A denied request adds
-- nothing, so knocking on a closed door never extends the lock-out. No data in the state field (width 0).
ALG.l = function()
  local LOG = { width = 0 }

  function LOG.capacity(L, k) return L[k + 1] end

  -- Entries inside each limit's window (by the limit's k); trims what no limit needs first. known: the log may exist.
  function LOG.counts(log, P, now, known)
    local counts, maxW = {}, P[9]
    if not known then
      for k = 10, #P, LIMIT do counts[k] = 0 end
      return counts
    end
    redis.call('ZREMRANGEBYSCORE', log, '-inf', now - maxW)
    local all
    for k = 10, #P, LIMIT do
      local w = P[k + 2] * 1000
      if w == maxW then
        all = all or redis.call('ZCARD', log)
        counts[k] = all
      else
        counts[k] = redis.call('ZCOUNT', log, '(' .. int(now - w), '+inf')
      end
    end
    return counts
  end

  -- Requests inside the last w µs: what a changed policy inherits from a log.
  function LOG.used(log, w, now)
    return redis.call('ZCOUNT', log, '(' .. int(now - w), '+inf')
  end

  -- Decides with the counts, writing each limit's answer into res as the counter algorithms' check returns it
  -- (RESULT values per limit, in policy order); returns whether the request is admitted.
  function LOG.check(log, P, counts, now, res, RESULT)
    local admitted, newest, maxW = true, nil, P[9]
    for k = 10, #P, LIMIT do
      if counts[k] >= P[k + 1] then admitted = false end
    end
    local r = 0
    for k = 10, #P, LIMIT do
      local n, q, w = counts[k], P[k + 1], P[k + 2] * 1000
      if admitted then
        res[r + 1], res[r + 4], res[r + 5], res[r + 6], res[r + 7], res[r + 8], res[r + 9], res[r + 10] =
          true, q - n - 1, q - n, w, w, maxW, maxW, 0
      else
        if newest == nil then
          local top = redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')
          newest = tonumber(top[2]) or now
        end
        local ok, retry = n < q, 0
        if not ok then
          -- The request fits again once the oldest n - q + 1 entries of this window have left it.
          local freeing = redis.call('ZRANGEBYSCORE', log, '(' .. int(now - w), '+inf', 'WITHSCORES', 'LIMIT', n - q, 1)
          retry = tonumber(freeing[2]) + w - now
        end
        res[r + 1], res[r + 4], res[r + 5], res[r + 6], res[r + 7], res[r + 8], res[r + 9], res[r + 10] =
          ok, 0, math.max(0, q - n), 0, newest + w - now, 0, newest + maxW - now, retry
      end
      r = r + RESULT
    end
    return admitted
  end

  function LOG.commit(log, counts, now)
    local most = 0
    for _, n in pairs(counts) do if n > most then most = n end end
    redis.call('ZADD', log, now, string.format('%d-%d', now, most))
  end

  -- After an edit to the sliding log from a counter algorithm: what the counter knew becomes entries at now, so the
  -- client is held as the new policy alone would hold that use (at most its quota, for at most its window).
  function LOG.inherit(log, used, now)
    for n = 1, used do
      redis.call('ZADD', log, now, string.format('%d-i%d', now, n))
    end
  end

  return LOG
end
