-- One rate-limit check: reads the policy that applies, takes the time from Redis, decides with the policy's
-- algorithm, updates state and its expiry, and returns the decision. Atomic: no other check runs in between.
-- The algorithm files (ALG.<name> = function(state, i, lim, now)) are prepended to this one when it is loaded.
--
-- KEYS[1] client rule hash       KEYS[2] route policy hash      KEYS[3] default policy hash
-- KEYS[4] state key prefix of this client ("<prefix>:{<bucket>}:state:<identity> "; the scope is appended)
-- KEYS[5] expiry index (zset)    KEYS[6] use index (zset)       KEYS[7] identity index (zset, lexicographic)
-- KEYS[8] stats key prefix ("<prefix>:{<bucket>}:stats:"; the second is appended)
-- All keys share one hash tag, so the script touches a single Redis Cluster slot.
-- ARGV[1] identity   ARGV[2] route ("GET /{code}")
--
-- Returns {status, scope, policy name, on_redis_failure, shadow (0|1), then per limit:
--          quota, window ms, remaining, reset ms, retry ms (0 unless violated), violated (0|1)}
-- status: 1 allowed, 0 denied, 2 denied but admitted in shadow mode, 3 always allowed, 4 blocked, 5 no policy.
-- Policy hashes hold: mode (client rules: limit|allow|block), name, algorithm, limits ("quota:window_ms:burst,..."),
-- on_redis_failure (allow|deny), shadow (0|1).

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nowMs = math.floor(now / 1000)

local function count(field)
  local key = KEYS[8] .. t[1]
  if redis.call('HINCRBY', key, field, 1) == 1 then redis.call('EXPIRE', key, 120) end
end

local FIELDS = { 'mode', 'name', 'algorithm', 'limits', 'on_redis_failure', 'shadow' }
local scope = 'client'
local p = redis.call('HMGET', KEYS[1], unpack(FIELDS))
if p[1] == 'allow' then count('a') return { 3, scope, '', 'allow', 0 } end
if p[1] == 'block' then count('d') return { 4, scope, '', 'allow', 0 } end
if not p[1] then
  scope = ARGV[2]
  p = redis.call('HMGET', KEYS[2], unpack(FIELDS))
  if not p[3] then
    scope = 'default'
    p = redis.call('HMGET', KEYS[3], unpack(FIELDS))
    if not p[3] then count('a') return { 5, scope, '', 'allow', 0 } end
  end
end

local algorithm = ALG[p[3]]
if not algorithm then return redis.error_reply('policy ' .. tostring(p[2]) .. ' names no known algorithm') end
local lims = {}
for q, w, b in string.gmatch(p[4], '(%d+):(%d+):(%d+)') do
  lims[#lims + 1] = { q = tonumber(q), w = tonumber(w) * 1000, b = tonumber(b) }
end

local state = KEYS[4] .. scope
local member = ARGV[1] .. ' ' .. scope
-- A policy switched to another algorithm would misread the old one's fields: start that client afresh.
-- One letter per algorithm keeps the meta field short: a hash with a value over 64 bytes leaves Redis' compact
-- listpack encoding and takes twice the memory.
local CODES = { sliding_log = 'l', sliding_window = 's', fixed_window = 'f', token_bucket = 't', gcra = 'g' }
local code = CODES[p[3]]
local meta = redis.call('HGET', state, 'm')
if meta and string.sub(meta, 1, 1) ~= code then
  redis.call('DEL', state)
  for i = 1, 4 do redis.call('DEL', state .. ':log' .. i) end
end

local results, admitted = {}, true
for i, lim in ipairs(lims) do
  results[i] = algorithm(state, i, lim, now)
  if not results[i].ok then admitted = false end
end
local shadow = p[6] == '1'
local status = admitted and 1 or (shadow and 2 or 0)

-- The limit closest to exhaustion is the one operators see; keep is how long any of this state matters.
local keep, tightest, tightestShare, out = 1000, 1, -1, { status, scope, p[2], p[5] or 'allow', shadow and 1 or 0 }
for i, r in ipairs(results) do
  if admitted then
    r.commit()
  elseif r.ok then
    -- This limit would have admitted the request, but another refused it: nothing was taken from this one.
    r.remaining = r.remaining + 1
  end
  if r.keep > keep then keep = r.keep end
  local share = (lims[i].q - r.remaining) / lims[i].q
  if not r.ok then share = share + 1 end
  if share > tightestShare then tightest, tightestShare = i, share end
  out[#out + 1] = lims[i].q
  out[#out + 1] = lims[i].w / 1000
  out[#out + 1] = r.remaining
  out[#out + 1] = math.ceil(r.reset / 1000)
  out[#out + 1] = r.ok and 0 or math.ceil(r.retry / 1000)
  out[#out + 1] = r.ok and 0 or 1
end

local top, keepMs = results[tightest], math.ceil(keep / 1000)
local used = math.max(0, lims[tightest].q - top.remaining)
-- What the console shows, at most 61 bytes: algorithm code|used|limit|window ms|last seen ms|ms from then to the
-- full quota|shadow; the policy name in n.
redis.call('HSET', state, 'n', p[2], 'm', string.format('%s|%d|%d|%d|%.0f|%d|%d', code, used, lims[tightest].q,
  lims[tightest].w / 1000, nowMs, math.ceil(top.reset / 1000), shadow and 1 or 0))
if not admitted then redis.call('HINCRBY', state, 'd', 1) end
redis.call('PEXPIRE', state, keepMs)

redis.call('ZADD', KEYS[5], nowMs + keepMs, member)
redis.call('ZADD', KEYS[6], used / lims[tightest].q, member)
redis.call('ZADD', KEYS[7], 'NX', 0, member)
-- The indexes live as long as their longest-lived entry, so even they vanish once every client has gone quiet.
if redis.call('PTTL', KEYS[5]) < keepMs then
  for k = 5, 7 do redis.call('PEXPIRE', KEYS[k], keepMs) end
end
-- Forget a few windows whose state has expired, so the indexes stay as small as the live state.
local expired = redis.call('ZRANGEBYSCORE', KEYS[5], '-inf', nowMs, 'LIMIT', 0, 4)
if #expired > 0 then
  redis.call('ZREM', KEYS[5], unpack(expired))
  redis.call('ZREM', KEYS[6], unpack(expired))
  redis.call('ZREM', KEYS[7], unpack(expired))
end

count(status == 0 and 'd' or (status == 2 and 's' or 'a'))
return out
