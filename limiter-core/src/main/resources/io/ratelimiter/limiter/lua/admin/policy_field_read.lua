-- One field of a policy hash, as text (a bucket's copy holds it packed). KEYS[1] the hash   ARGV[1] field.
-- Returns {value}, or {} when there is none.
local value = rare().text(redis.call('HGET', KEYS[1], ARGV[1]))
if value then return { value } end
return {}
