-- The live state of chosen windows of one bucket, as the console shows them; the algorithm files are prepended, so
-- a window is read by the same code that decides. A window whose state has expired is removed from the indexes
-- and left out; so is, for a 'used' page, a client now below half of its limits.
-- KEYS[1] the bucket's policy hash   KEYS[2] its state hash   KEYS[3] its expiry index   KEYS[4] its near-limit
-- index   KEYS[4 + i] the sliding log of member i
-- ARGV[1] time µs ('' = TIME)   ARGV[2] 'used' or ''   ARGV[3..] members "<identity> <scope>"
-- Returns {now ms, then per live window: member, policy name, algorithm code, used, limit, window ms, remaining, reset ms, last seen ms, denied,
-- shadow (0|1), ...}: for each window, the limit closest to exhaustion.
local now = clock(ARGV[1])
local out = { math.floor(now / 1000) }
for i = 3, #ARGV do
  local member = ARGV[i]
  local log = KEYS[2 + i]
  local st = readState(redis.call('HGET', KEYS[2], member))
  local best
  if st then
    local R = rare()
    local bySig, sigs = R.stateBySig(st)
    for _, sig in ipairs(sigs) do
      local L, code = R.limitOfSig(sig), string.sub(sig, 1, 1)
      if L and ALG[code] then
        local a = algorithm(code)
        local w = { q = a.capacity(L, 1), wms = L[3], a = code }
        if code == 'l' then
          local used = a.used(log, L[3] * 1000, now)
          local newest = tonumber(redis.call('ZRANGE', log, -1, -1, 'WITHSCORES')[2])
          w.free, w.keep = math.max(0, L[2] - used), newest and newest + L[3] * 1000 - now or 0
          w.reset = used > 0 and w.keep or 0
        else
          local d = bySig[sig]
          local d1, d2 = a.rebase(L, 1, d[1], d[2], st[1], now)
          local _, free, resetNow, keepNow
          _, _, _, _, free, _, resetNow, _, keepNow = a.check(L, 1, d1, d2, now)
          w.free, w.reset, w.keep = free, resetNow, keepNow
        end
        if w.keep > 0 then
          w.share = (w.q - w.free) / w.q
          if best == nil or w.share > best.share then best = w end
        end
      end
    end
  end
  local identity = string.match(member, '^(%S+)')
  local scope = string.sub(member, #identity + 2)
  if best == nil then
    redis.call('HDEL', KEYS[2], member, member .. '#d')
    redis.call('ZREM', KEYS[3], member)
    redis.call('ZREM', KEYS[4], member)
  elseif ARGV[2] == 'used' and best.share < 0.5 then
    redis.call('ZREM', KEYS[4], member)
  else
    local field = scope == 'client' and 'client:' .. identity or (scope == 'default' and 'default' or 'route:' .. scope)
    local stored = redis.call('HGET', KEYS[1], field)
    local P = stored and stored ~= '-' and policyOf(stored)
    local denied, lastDenied = string.match(redis.call('HGET', KEYS[2], member .. '#d') or '', '^(%d+)|(%d+)$')
    local lastSeen = math.max(math.floor(st[1] / 1000), tonumber(lastDenied) or 0)
    out[#out + 1] = member
    out[#out + 1] = P and P[3] or ''
    out[#out + 1] = best.a
    out[#out + 1] = best.q - best.free
    out[#out + 1] = best.q
    out[#out + 1] = best.wms
    out[#out + 1] = best.free
    out[#out + 1] = math.ceil(best.reset / 1000)
    out[#out + 1] = lastSeen
    out[#out + 1] = tonumber(denied) or 0
    out[#out + 1] = (P and P[5] == 1) and 1 or 0
  end
end
return out
