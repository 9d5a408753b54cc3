-- Applies one versioned change of the source to a bucket's copy, if the copy holds exactly the version before it;
-- the policy is stored packed, as checks read it (see prelude.lua).
-- KEYS[1] the bucket's policy hash   ARGV[1] the change's version   ARGV[2] field   ARGV[3] value ('-' deleted)
-- Returns {1} applied; {2} the copy already holds this version or a newer one; {0} the copy is behind by more than
-- this change (a sync brings it up to date whole).
local version = tonumber(redis.call('HGET', KEYS[1], '~v')) or 0
local target = tonumber(ARGV[1])
if version >= target then return { 2 } end
if version ~= target - 1 then return { 0 } end
redis.call('HSET', KEYS[1], ARGV[2], rare().pack(ARGV[3]), '~v', ARGV[1])
return { 1 }
