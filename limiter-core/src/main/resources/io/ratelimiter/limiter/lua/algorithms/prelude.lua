-- Shared by the check and the console's reads: how policies and client state are written, and the table the
-- algorithm files register into.
--
-- A stored policy is one hash field: "L|<name>|<fail a|d>|<shadow 0|1>|<deny cache ms>|<alg>|<limit>,<limit>..."
-- with each limit "<quota>:<window ms>:<burst>:<s>:<T>" (s and T are worked out once, when the policy is written:
-- see gcra.lua); a client rule that always allows is "A|", one that blocks "B|", a deleted policy "-".
-- Client state is one field of the bucket's state hash, named "<identity> <scope>":
-- "<time µs>|<expiry second indexed>|<share indexed>|<sig>=<data>;<sig>=<data>..." where a limit's sig is
-- "<alg><quota>:<window ms>:<burst>" (so state belongs to the limit it counts, not to its place in the policy) and
-- data is the algorithm's own, as of <time>.
--
-- Numbers go to Redis as text made with string.format('%d'): Redis writes a Lua number with 14 significant digits,
-- which would round a timestamp in microseconds.

local ALG = {}

local function int(n)
  return string.format('%d', n)
end

local function parsePolicy(raw)
  local mode = string.sub(raw, 1, 1)
  if mode == 'A' or mode == 'B' then
    return { mode = mode, name = '', fail = mode == 'A' and 'a' or 'd', shadow = false, cache = 0, limits = {} }
  end
  local name, fail, shadow, cache, alg, limits = string.match(raw, '^L|([^|]*)|(%a)|(%d)|(%d+)|(%a)|(.+)$')
  if not name then
    return nil
  end
  local p = { mode = 'L', name = name, fail = fail, shadow = shadow == '1', cache = tonumber(cache), alg = alg,
              limits = {}, maxW = 0 }
  for q, w, b, s, T in string.gmatch(limits, '(%d+):(%d+):(%d+):(%d+):(%d+)') do
    local l = { a = alg, q = tonumber(q), wms = tonumber(w), w = tonumber(w) * 1000, burst = tonumber(b),
                s = tonumber(s), T = tonumber(T), sig = alg .. q .. ':' .. w .. ':' .. b }
    l.cap = l.burst > 0 and l.burst or l.q
    l.C = l.cap * l.T
    if l.w > p.maxW then p.maxW = l.w end
    p.limits[#p.limits + 1] = l
  end
  if #p.limits == 0 then
    return nil
  end
  return p
end

-- The limit a sig names, for state written under a policy that has since changed.
local function gcd(a, b)
  while b > 0 do a, b = b, math.fmod(a, b) end
  return a
end

local function limitOfSig(sig)
  local a, q, w, b = string.match(sig, '^(%a)(%d+):(%d+):(%d+)$')
  if not a then return nil end
  local l = { a = a, q = tonumber(q), wms = tonumber(w), w = tonumber(w) * 1000, burst = tonumber(b), sig = sig }
  l.cap = l.burst > 0 and l.burst or l.q
  local g = gcd(l.w, l.q)
  l.s, l.T = l.q / g, l.w / g
  l.C = l.cap * l.T
  return l
end

local function parseState(raw)
  if not raw then return nil end
  local at, exps, shq, limits = string.match(raw, '^(%d+)|(%d+)|(%d+)|(.*)$')
  if not at then return nil end
  local st = { at = tonumber(at), exps = tonumber(exps), shq = tonumber(shq), data = {}, sigs = {} }
  for sig, data in string.gmatch(limits, '([^=;]+)=([^;]*)') do
    st.data[sig] = data
    st.sigs[#st.sigs + 1] = sig
  end
  return st
end

-- Start of the window of length w (µs) that holds t; fmod is exact where t / w is not.
local function windowStart(t, w)
  return t - math.fmod(t, w)
end
