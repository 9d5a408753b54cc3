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
local stale = (ARGV[3] ~= '' and (tonumber(found[4]) or 0) < tonumber(ARGV[3])) and 1 or 0

local scope, raw, log = 'client', found[1], KEYS[5]
if not raw then
  if routeRaw then scope, raw, log = route, routeRaw, KEYS[6] else scope, raw, log = 'default', found[3], KEYS[7] end
end
local P = raw and policyOf(raw)
-- The route's failure mode, from the shared policy that applies to the route (a client rule's mode is its own).
local routeFail
if scope == 'client' then
  routeFail = sharedRaw and rare().fail(sharedRaw) or 'a'
else
  routeFail = P and P[4] or 'a'
end
if not raw then return { 5, 'default', '', routeFail, routeFail, 0, stale, 0, '' } end
if not P then return { 6, scope, '', routeFail, routeFail, 0, stale, 0, 'the stored policy cannot be read' } end
if P[2] == 'A' then return { 3, scope, '', 'a', routeFail, 0, stale, 0, '' } end
if P[2] == 'B' then return { 4, scope, '', 'd', routeFail, 0, stale, 0, '' } end
local code, shadow = P[7], P[5] == 1
if not ALG[code] then
  return { 6, scope, P[3], P[4], routeFail, 0, stale, 0, 'unknown algorithm ' .. code }
end
local alg = algorithm(code)

local member = identity .. ' ' .. scope
local stored = redis.call('HMGET', KEYS[2], member, '~ttl')
local st = readState(stored[1])
local ttl = tonumber(stored[2]) or 0
-- The usual case: the state counts exactly the policy's limits, in its order. Otherwise (an edit since, or no
-- state) each limit finds its own data by sig, or inherits from what the client used under the old limits.
local same = st ~= nil and st[4] == P[8]
local changed = st ~= nil and not same
local bySig, sigs, inherited
if changed then
  local R = rare()
  bySig, sigs = R.stateBySig(st)
  -- What the client used of a limit it had before an edit, seen from a limit of the new policy: the same window
  -- tells it exactly; shorter windows give a floor (their requests lie inside the new window too); else the
  -- nearest longer window, an upper bound the algorithms cap at the new quota. Nil when nothing applies.
  local function usedOf(old)
    local a = string.sub(old[1], 1, 1)
    if a == 'l' then return algorithm('l').used(log, old[3] * 1000, now) end
    if not ALG[a] then return nil end
    local at, d = algorithm(a), bySig[old[1]]
    local d1, d2 = at.rebase(old, 1, d[1], d[2], st[1], now)
    return at.used(old, 1, d1, d2, now)
  end
  inherited = function(k)
    local floor, above = nil, nil
    for _, sig in ipairs(sigs) do
      local old = R.limitOfSig(sig)
      if old then
        if old[3] == P[k + 2] then return usedOf(old) end
        if old[3] < P[k + 2] then
          local u = usedOf(old)
          if u and (floor == nil or u > floor) then floor = u end
        elseif above == nil or old[3] < above[3] then
          above = old
        end
      end
    end
    if floor then return floor end
    if above then return usedOf(above) end
    return nil
  end
end

-- Per limit, RESULT values: what the algorithm's check returns (ok, data after admitting, remaining, free, reset,
-- resetNow, keep, keepNow, retry), then the data as it stands.
local RESULT = 12
local res, admitted, counts, logFresh = {}, true, nil, false
if code == 'l' then
  if changed then
    -- Coming from a counter algorithm: what it counted becomes log entries.
    local fromCounter = false
    for _, sig in ipairs(sigs) do if string.sub(sig, 1, 1) ~= 'l' then fromCounter = true end end
    if fromCounter then
      local most = 0
      for k = 10, #P, LIMIT do
        local u = inherited(k)
        if u then most = math.max(most, math.min(P[k + 1], math.ceil(u - 1e-9))) end
      end
      alg.inherit(log, most, now)
      logFresh = most > 0
    end
  end
  counts = alg.counts(log, P, now, st ~= nil or logFresh)
  admitted = alg.check(log, P, counts, now, res, RESULT)
else
  local r, width = 0, alg.width
  for k = 10, #P, LIMIT do
    local d1, d2 = 0, 0
    if same then
      local at = 5 + r / RESULT * width
      d1, d2 = alg.rebase(P, k, st[at] or 0, st[at + 1] or 0, st[1], now)
    elseif changed then
      local old = bySig[P[k]]
      if old then
        d1, d2 = alg.rebase(P, k, old[1], old[2], st[1], now)
      else
        local u = inherited(k)
        if u then d1, d2 = alg.fromUsed(P, k, u, now) end
      end
    end
    res[r + 1], res[r + 2], res[r + 3], res[r + 4], res[r + 5], res[r + 6], res[r + 7], res[r + 8], res[r + 9],
      res[r + 10] = alg.check(P, k, d1, d2, now)
    res[r + 11], res[r + 12] = d1, d2
    if not res[r + 1] then admitted = false end
    r = r + RESULT
  end
  if changed then
    local fromLog = false
    for _, sig in ipairs(sigs) do if string.sub(sig, 1, 1) == 'l' then fromLog = true end end
    if fromLog then redis.call('DEL', log) end
  end
end
local status = admitted and 1 or (shadow and 2 or 0)

-- The answer, and how long any of this state matters (keep) and how close the client is to a limit (share).
local out = { status, scope, P[3], P[4], routeFail, shadow and 1 or 0, stale, P[6], '' }
local keep, share, r = 0, 0, 0
for k = 10, #P, LIMIT do
  local ok, remaining, reset, kept = res[r + 1], nil, nil, nil
  if admitted then
    remaining, reset, kept = res[r + 4], res[r + 6], res[r + 8]
  else
    remaining, reset, kept = ok and res[r + 5] or 0, res[r + 7], res[r + 9]
  end
  if kept > keep then keep = kept end
  local size = alg.capacity(P, k)
  local used = (size - remaining) / size
  if used > share then share = used end
  local n = #out
  out[n + 1], out[n + 2], out[n + 3], out[n + 4] = P[k + 1], P[k + 2], remaining, math.ceil(reset / 1000)
  out[n + 5], out[n + 6] = ok and 0 or math.ceil(res[r + 10] / 1000), ok and 0 or 1
  r = r + RESULT
end

if admitted and code == 'l' then alg.commit(log, counts, now) end

-- Bookkeeping for the console, written only when what it ranks moves: the expiry index by whole seconds, the index
-- of clients near a limit when the client's tenth of the limit changes (5..10, 11 once over it, 0 below half).
local shq = 0
if not admitted then shq = 11 elseif share >= 0.5 then shq = math.floor(share * 10) end
local exps = math.ceil((now + keep) / 1000000)
local oldExps, oldShq = st and st[2] or 0, st and st[3] or 0
if admitted or changed or shq ~= oldShq or exps > oldExps then
  local kept, width, limits = math.max(exps, oldExps), alg.width, (#P - 9) / LIMIT
  local from = admitted and 2 or 11
  local packed
  if limits == 1 and width == 1 then
    packed = cmsgpack.pack(now, kept, shq, P[8], res[from]) -- the usual shape, without a table for it
  else
    local fields = { now, kept, shq, P[8] }
    for r = 0, (limits - 1) * RESULT, RESULT do
      for j = 0, width - 1 do fields[#fields + 1] = res[r + from + j] end
    end
    packed = cmsgpack.pack(unpack(fields))
  end
  redis.call('HSET', KEYS[2], member, packed)
end
if exps > oldExps or logFresh then
  local at = math.max(exps, oldExps) * 1000
  -- The score is the expiry second in ms, plus the check's place in its second as a fraction: below the next
  -- second, so cleanup and the counts read whole seconds as before, yet the many clients that expire in one second
  -- are told apart by number; with equal scores ZADD compared their names (0.5 µs of a 12.7 µs check).
  if exps > oldExps then redis.call('ZADD', KEYS[3], exps * 1000 + math.fmod(now, 1000000) / 1000000, member) end
  if code == 'l' then redis.call('PEXPIREAT', log, at) end
  -- The bucket's hash and indexes outlive their last entry by an hour, so they vanish once every client went quiet,
  -- yet their expiry moves at most once an hour per bucket.
  if at > ttl then
    ttl = at + 3600000
    redis.call('HSET', KEYS[2], '~ttl', ttl)
    redis.call('PEXPIREAT', KEYS[2], ttl)
    redis.call('PEXPIREAT', KEYS[3], ttl)
    redis.call('PEXPIREAT', KEYS[4], ttl)
  end
end
if shq ~= oldShq then
  if shq >= 5 then
    redis.call('ZADD', KEYS[4], string.format('%.4f', share), member)
    if ttl > 0 then redis.call('PEXPIREAT', KEYS[4], ttl) end
  elseif oldShq >= 5 then
    redis.call('ZREM', KEYS[4], member)
  end
end
return out
