-- Stores one shared policy (the default, or a route's) in the source every bucket's copy is made from, and gives
-- the source a new version. Deleting writes a tombstone "-", so the deletion is versioned like an edit and seeding
-- from configuration can tell "deleted by an operator" from "never there".
-- KEYS[1] the source hash   ARGV[1] 'replace' | 'if-absent'   ARGV[2] field ('default' | 'route:<route>')
-- ARGV[3] the stored policy, or '-' to delete   ARGV[4] the lowest version to give (a source restored from a copy
-- must not hand out versions the copies already hold)
-- Returns {written (0|1), version}: 0 when 'if-absent' found the field (a policy or its tombstone), or a deletion
-- found nothing to delete.
local version = tonumber(redis.call('HGET', KEYS[1], '~v')) or 0
local existing = redis.call('HGET', KEYS[1], ARGV[2])
if ARGV[1] == 'if-absent' and existing then return { 0, version } end
if ARGV[3] == '-' and (existing == nil or existing == '-') then return { 0, version } end
local floor = tonumber(ARGV[4]) or 0
if floor > version then version = floor end
version = version + 1
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3], '~v', string.format('%d', version))
return { 1, version }
