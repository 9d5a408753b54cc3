-- Shared by the check and the console's reads: how policies and client state are written, and the table the
-- algorithm files register into.
--
-- A stored policy's text: "L|<name>|<fail a|d>|<shadow 0|1>|<deny cache ms>|<alg>|<limit>,<limit>..." with each
-- limit "<quota>:<window ms>:<burst>:<s>:<T>" (s and T are worked out once, when the policy is written: see
-- gcra.lua); a client rule that always allows is "A|", one that blocks "B|", a deleted policy "-". The source of the
-- shared policies holds text; a bucket's policy hash, where checks read them, holds them packed (pack(), when they
-- are written there): a MessagePack sequence of the policy as one array,
--   [1] text  [2] mode (L|A|B)  [3] name  [4] fail  [5] shadow (0|1)  [6] deny cache ms  [7] algorithm  [8] tag
--   [9] longest window µs, then per limit, from k = 10 on in steps of LIMIT: [k] sig  [k+1] quota  [k+2] window ms
--   [k+3] burst  [k+4] s  [k+5] T
-- A limit is passed around as (array, k), the policy's or one limitOfSig made: no table per limit.
-- A limit's sig is "<alg><limit text>"; a policy's tag "<alg>|<limits text>" names all its limits in order.
--
-- Client state is one field of the bucket's state hash, named "<identity> <scope>", a MessagePack sequence:
-- time µs, expiry second indexed, share indexed, the tag of the limits it counts, then the algorithm's data as of
-- that time, `width` numbers per limit in the tag's order. So state belongs to the limits it counts, not to their
-- place in a policy: after an edit the tags differ, and each old limit is still known by its sig.
--
-- Cost decides these shapes: EVALSHA runs this whole chunk on every check, and in Redis' Lua a table costs more
-- than a Redis call's argument, a closure nearly as much, a pattern match or a tonumber of text more still
-- (measured in docs/performance.md). So what a check rarely needs is defined only when it is needed (rare(), and
-- each algorithm through algorithm()), policies and state are read as numbers, and algorithms answer in values.
-- Numbers go to redis.call as they are: Redis writes a number argument with 17 significant digits, exact for every
-- integer up to 2^53 (a time in µs included). Only text built by concatenation needs int(): Lua's own conversion
-- keeps 14 digits, which would round a timestamp in microseconds.

local ALG = {}
local LIMIT = 6

local function algorithm(code)
  local a = ALG[code]
  if type(a) == 'function' then
    a = a()
    ALG[code] = a
  end
  return a
end

local function int(n)
  return string.format('%d', n)
end

-- Start of the window of length w (µs) that holds t; fmod is exact where t / w is not.
local function windowStart(t, w)
  return t - math.fmod(t, w)
end

-- Whether a stored policy is packed: packed values start with a MessagePack string's marker, stored text is ASCII.
local function isPacked(stored)
  return string.byte(stored, 1) >= 128
end

-- What a check needs only after an edit, or for text an older writer left, and what the console's scripts need.
local RARE
local function rare()
  if RARE then return RARE end
  RARE = {}

  -- The policy array of a stored text; nil when this version cannot read it.
  function RARE.parse(text)
    local mode = string.sub(text, 1, 1)
    if mode == 'A' or mode == 'B' then return { text, mode } end
    local name, fail, shadow, cache, alg, limits = string.match(text, '^L|([^|]*)|(%a)|(%d)|(%d+)|(%a)|(.+)$')
    if not name then return nil end
    local p = { text, 'L', name, fail, tonumber(shadow), tonumber(cache), alg, alg .. '|' .. limits, 0 }
    for lt, q, w, b, s, T in string.gmatch(limits, '((%d+):(%d+):(%d+):(%d+):(%d+))') do
      local k = #p + 1
      p[k], p[k + 1], p[k + 2], p[k + 3], p[k + 4], p[k + 5] =
        alg .. lt, tonumber(q), tonumber(w), tonumber(b), tonumber(s), tonumber(T)
      if p[k + 2] * 1000 > p[9] then p[9] = p[k + 2] * 1000 end
    end
    if #p == 9 then return nil end
    return p
  end

  -- The stored form of a policy text in a bucket: packed when this version can read it, else left as it is
  -- (a deletion '-', or text the check then reports as unreadable).
  function RARE.pack(text)
    local p = text ~= '-' and RARE.parse(text)
    if not p then return text end
    return cmsgpack.pack(unpack(p))
  end

  -- The text of a stored policy, packed or not: what the console and the sync read.
  function RARE.text(stored)
    if stored and isPacked(stored) then return (cmsgpack.unpack(stored)) end
    return stored
  end

  -- The failure mode of a stored shared policy.
  function RARE.fail(stored)
    if isPacked(stored) then return select(4, cmsgpack.unpack(stored)) end
    return string.match(stored, '^L|[^|]*|(%a)')
  end

  -- A limit array {sig, quota, window ms, burst, s, T} (k = 1) for a sig, for state written under another policy.
  function RARE.limitOfSig(sig)
    local a, q, w, b, s, T = string.match(sig, '^(%a)(%d+):(%d+):(%d+):(%d+):(%d+)$')
    if not a then return nil end
    return { sig, tonumber(q), tonumber(w), tonumber(b), tonumber(s), tonumber(T) }
  end

  -- The data of every limit a state counts, by sig ({d1, d2}), and the sigs in order.
  function RARE.stateBySig(st)
    local alg, limits = string.match(st[4], '^(%a)|(.*)$')
    local bySig, sigs, at = {}, {}, 5
    if not alg then return bySig, sigs end
    local width = ALG[alg] and algorithm(alg).width or 0
    for text in string.gmatch(limits, '[^,]+') do
      local sig = alg .. text
      bySig[sig] = { st[at] or 0, st[at + 1] or 0 }
      sigs[#sigs + 1] = sig
      at = at + width
    end
    return bySig, sigs
  end

  return RARE
end

-- A stored policy (a bucket's packed form, or text) as its array.
local function policyOf(stored)
  if isPacked(stored) then return { cmsgpack.unpack(stored) } end
  return rare().parse(stored)
end

-- A state field as one array: {time, expiry second, share, tag, data...}; nil when there is none (or it was
-- written in a format before this one, whose tag is not text).
local function readState(raw)
  if not raw then return nil end
  local st = { cmsgpack.unpack(raw) }
  if type(st[4]) ~= 'string' then return nil end
  return st
end
