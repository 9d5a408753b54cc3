-- One rate-limit check: reads the policy that applies, takes the time, decides with the policy's algorithm,
-- updates the client's state and its expiry, and returns the decision. Atomic: no other check runs in between.
-- The files of algorithms/ are prepended when the script is loaded.
--
-- KEYS[1] the bucket's policy hash (client rules, copies of the route and default policies, their version "~v")
-- KEYS[2] the bucket's state hash   KEYS[3] its expiry index (zset)   KEYS[4] its index of clients near a limit
-- KEYS[5..7] this client's sliding log under its client rule, under the route's policy, under the default policy
-- All share one hash tag: one Redis Cluster slot.
-- ARGV[1] identity   ARGV[2] route ("GET /{code}")   ARGV[3] the policy version the node knows of ('' none)
-- ARGV[4] the time in µs ('' takes Redis' TIME; tests pass their clock's)
--
-- Returns {status, scope, policy name, failure mode (a|d), the route's failure mode, shadow (0|1), stale (0|1),
--          deny cache ms, problem, then per limit: quota, window ms, remaining, reset ms, retry ms, violated (0|1)}
-- status: 1 allowed, 0 denied, 2 denied but admitted in shadow mode, 3 always allowed, 4 blocked, 5 no policy,
--         6 the policy cannot be applied (problem says why; decided by the node per its failure mode).

local now
if ARGV[4] ~= '' then
  now = tonumber(ARGV[4])
else
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local identity, route = ARGV[1], ARGV[2]

-- The one read of policy: the client's rule, the route's and the default policy's copies, and their version.
local found = redis.call('HMGET', KEYS[1], 'client:' .. identity, 'route:' .. route, 'default', '~v')
local routeRaw = found[2] ~= '-' and found[2] or nil
local sharedRaw = routeRaw or found[3]
local shared = sharedRaw and parsePolicy(sharedRaw)
local routeFail = shared and shared.fail or 'a'
local stale = (ARGV[3] ~= '' and (tonumber(found[4]) or 0) < tonumber(ARGV[3])) and 1 or 0

local scope, raw, log, p = 'client', found[1], KEYS[5], nil
if raw then
  p = parsePolicy(raw)
elseif routeRaw then
  scope, raw, log, p = route, routeRaw, KEYS[6], shared
else
  scope, raw, log, p = 'default', found[3], KEYS[7], shared
end
if not raw then return { 5, 'default', '', routeFail, routeFail, 0, stale, 0, '' } end
if not p then return { 6, scope, '', routeFail, routeFail, 0, stale, 0, 'the stored policy cannot be read' } end
if p.mode == 'A' then return { 3, scope, '', 'a', routeFail, 0, stale, 0, '' } end
if p.mode == 'B' then return { 4, scope, '', 'd', routeFail, 0, stale, 0, '' } end
local alg = ALG[p.alg]
if not alg and p.alg ~= 'l' then
  return { 6, scope, p.name, p.fail, routeFail, 0, stale, 0, 'unknown algorithm ' .. p.alg }
end

local member = identity .. ' ' .. scope
local stored = redis.call('HMGET', KEYS[2], member, '~ttl')
local st = parseState(stored[1])
local ttl = tonumber(stored[2]) or 0

-- What the client used of a limit it had before an edit, seen from a limit of the new policy: the same window
-- tells it exactly; shorter windows give a floor (their requests lie inside the new window too); else the
-- nearest longer window, an upper bound the algorithms cap at the new quota. Nil when nothing applies.
local function usedOf(old)
  if old.a == 'l' then return LOG.used(log, old.w, now) end
  local a = ALG[old.a]
  if not a then return nil end
  return a.used(old, a.rebase(old, a.decode(st.data[old.sig]), st.at, now), now)
end
local function inherited(l)
  local floor, above = nil, nil
  for _, sig in ipairs(st.sigs) do
    local old = limitOfSig(sig)
    if old then
      if old.w == l.w then return usedOf(old) end
      if old.w < l.w then
        local u = usedOf(old)
        if u and (floor == nil or u > floor) then floor = u end
      elseif above == nil or old.w < above.w then
        above = old
      end
    end
  end
  if floor then return floor end
  if above then return usedOf(above) end
  return nil
end

local results, data, admitted, changed, counts, logFresh = {}, {}, true, false, nil, false
if st then
  for _, sig in ipairs(st.sigs) do
    local kept = false
    for _, l in ipairs(p.limits) do if l.sig == sig then kept = true end end
    if not kept then changed = true end
  end
end
if p.alg == 'l' then
  local known = st ~= nil
  if st and changed then
    -- Coming from a counter algorithm: what it counted becomes log entries.
    local most, fromCounter = 0, false
    for _, sig in ipairs(st.sigs) do if string.sub(sig, 1, 1) ~= 'l' then fromCounter = true end end
    if fromCounter then
      for _, l in ipairs(p.limits) do
        local u = inherited(l)
        if u then most = math.max(most, math.min(l.q, math.ceil(u - 1e-9))) end
      end
      LOG.inherit(log, most, now)
      logFresh = most > 0
    end
  end
  counts = LOG.counts(log, p, now, known or logFresh)
  results, admitted = LOG.check(log, p, counts, now)
else
  local fromLog = false
  for i, l in ipairs(p.limits) do
    local d
    local text = st and st.data[l.sig]
    if text then
      d = alg.rebase(l, alg.decode(text), st.at, now)
    else
      local u = st and inherited(l)
      if u then d = alg.fromUsed(l, u, now) else d = alg.fresh() end
      if st then changed = true end
    end
    data[i] = d
    results[i] = alg.check(l, d, now)
    if not results[i].ok then admitted = false end
  end
  if st and changed then
    for _, sig in ipairs(st.sigs) do if string.sub(sig, 1, 1) == 'l' then fromLog = true end end
    if fromLog then redis.call('DEL', log) end
  end
end
local status = admitted and 1 or (p.shadow and 2 or 0)

-- The answer, and how long any of this state matters (keep) and how close the client is to a limit (share).
local out = { status, scope, p.name, p.fail, routeFail, p.shadow and 1 or 0, stale, p.cache, '' }
local keep, share = 0, 0
local counter = p.alg == 'g' or p.alg == 't'
for i, l in ipairs(p.limits) do
  local r = results[i]
  local remaining, reset, k
  if admitted then
    remaining, reset, k = r.remaining, r.reset, r.keep
  else
    remaining, reset, k = r.ok and r.free or 0, r.resetNow, r.keepNow
  end
  if k > keep then keep = k end
  local size = counter and l.cap or l.q
  local used = (size - remaining) / size
  if used > share then share = used end
  out[#out + 1] = l.q
  out[#out + 1] = l.wms
  out[#out + 1] = remaining
  out[#out + 1] = math.ceil(reset / 1000)
  out[#out + 1] = r.ok and 0 or math.ceil(r.retry / 1000)
  out[#out + 1] = r.ok and 0 or 1
end

if admitted and p.alg == 'l' then LOG.commit(log, p, counts, now) end

-- Bookkeeping for the console, written only when what it ranks moves: the expiry index by whole seconds, the index
-- of clients near a limit when the client's tenth of the limit changes (5..10, 11 once over it, 0 below half).
local shq = 0
if not admitted then shq = 11 elseif share >= 0.5 then shq = math.floor(share * 10) end
local exps = math.ceil((now + keep) / 1000000)
local oldExps, oldShq = st and st.exps or 0, st and st.shq or 0
if admitted or changed or shq ~= oldShq or exps > oldExps then
  local parts = {}
  for i, l in ipairs(p.limits) do
    local text = ''
    if p.alg ~= 'l' then text = alg.encode(admitted and results[i].data or data[i]) end
    parts[i] = l.sig .. '=' .. text
  end
  redis.call('HSET', KEYS[2], member, int(now) .. '|' .. int(math.max(exps, oldExps)) .. '|' .. shq .. '|'
    .. table.concat(parts, ';'))
end
if exps > oldExps or logFresh then
  local at = math.max(exps, oldExps) * 1000
  if exps > oldExps then redis.call('ZADD', KEYS[3], int(exps * 1000), member) end
  if p.alg == 'l' then redis.call('PEXPIREAT', log, int(at)) end
  -- The bucket's hash and indexes outlive their last entry by an hour, so they vanish once every client went quiet,
  -- yet their expiry moves at most once an hour per bucket.
  if at > ttl then
    ttl = at + 3600000
    redis.call('HSET', KEYS[2], '~ttl', int(ttl))
    redis.call('PEXPIREAT', KEYS[2], int(ttl))
    redis.call('PEXPIREAT', KEYS[3], int(ttl))
    redis.call('PEXPIREAT', KEYS[4], int(ttl))
  end
end
if shq ~= oldShq then
  if shq >= 5 then
    redis.call('ZADD', KEYS[4], string.format('%.4f', share), member)
    if ttl > 0 then redis.call('PEXPIREAT', KEYS[4], int(ttl)) end
  elseif oldShq >= 5 then
    redis.call('ZREM', KEYS[4], member)
  end
end
return out
