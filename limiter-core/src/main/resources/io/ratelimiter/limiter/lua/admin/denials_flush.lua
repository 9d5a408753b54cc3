-- Adds one node's denials of the last second to the windows they belong to (counted on the node, so a denied
-- request costs Redis no write). A window that expired meanwhile gets none.
-- KEYS[1] the bucket's state hash   ARGV[1] time ms of the last denial flushed   ARGV[2..] member, count, ...
-- Returns {windows counted}.
local counted = 0
for i = 2, #ARGV, 2 do
  local member = ARGV[i]
  if redis.call('HEXISTS', KEYS[1], member) == 1 then
    local field = member .. '#d'
    local before = tonumber(string.match(redis.call('HGET', KEYS[1], field) or '', '^(%d+)')) or 0
    redis.call('HSET', KEYS[1], field, string.format('%d|%s', before + tonumber(ARGV[i + 1]), ARGV[1]))
    counted = counted + 1
  end
end
return { counted }
