-- The table the algorithm files register into. Each algorithm is
--   ALG.<wire name> = function(state, i, lim, now) -> r
-- state: the client's state hash for this policy; i: the limit's number (1-based), suffixing its fields and keys;
-- lim: {q = quota, w = window in µs, b = burst}; now: Redis' clock in µs.
-- r: {ok, remaining (after this request if ok), reset (µs until the full quota is back), retry (µs until a request
-- may pass, when not ok), keep (µs this state still matters), commit (when ok: writes this request's use)}.
-- An algorithm only reads; check.lua calls commit for every limit once all of them admit the request.
local ALG = {}
