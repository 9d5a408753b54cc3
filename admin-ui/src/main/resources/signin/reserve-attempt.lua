-- Reserves one password check for an account name and a source address, before the password is hashed, so parallel
-- attempts cannot all pass a check made before any of them failed.
-- KEYS[1], KEYS[2]: the account's and the address's state, hashes {attempts, blocked_until}
-- ARGV[1]: now, ms since the epoch (the console's clock)
-- ARGV[2], ARGV[3]: free attempts for the account, for the address
-- ARGV[4]: the first delay, ms; each further attempt doubles it
-- ARGV[5], ARGV[6]: the longest delay for the account, for the address, ms
-- ARGV[7]: ms after the last reserved attempt when its state is forgotten
-- Returns 0 when the check is reserved, else the ms to wait. A refused attempt changes nothing, so a flood of them
-- cannot make the wait longer.
local now = tonumber(ARGV[1])
local free = {tonumber(ARGV[2]), tonumber(ARGV[3])}
local first = tonumber(ARGV[4])
local cap = {tonumber(ARGV[5]), tonumber(ARGV[6])}
local forget = tonumber(ARGV[7])

local wait = 0
for i = 1, 2 do
    local blocked = tonumber(redis.call('HGET', KEYS[i], 'blocked_until') or '0')
    if blocked - now > wait then
        wait = blocked - now
    end
end
if wait > 0 then
    return wait
end
for i = 1, 2 do
    local attempts = redis.call('HINCRBY', KEYS[i], 'attempts', 1)
    if attempts >= free[i] then
        local delay = math.min(cap[i], first * 2 ^ (attempts - free[i]))
        redis.call('HSET', KEYS[i], 'blocked_until', now + delay)
    end
    redis.call('PEXPIRE', KEYS[i], forget + cap[i])
end
return 0
