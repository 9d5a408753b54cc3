-- Lists policies of one kind in one bucket, ordered by member.
-- KEYS[1] the bucket's policy index; ARGV[1] member prefix ('route:' or 'client:'), ARGV[2] key prefix of the
-- bucket's policy hashes ("<prefix>:{<bucket>}:policy:"), ARGV[3] offset, ARGV[4] count.
-- Returns {member, field count, field, value, ..., member, field count, ...}.
local members = redis.call('ZRANGEBYLEX', KEYS[1], '[' .. ARGV[1], '(' .. ARGV[1] .. '\255', 'LIMIT', ARGV[3], ARGV[4])
local out = {}
for _, member in ipairs(members) do
  local fields = redis.call('HGETALL', ARGV[2] .. member)
  out[#out + 1] = member
  out[#out + 1] = #fields
  for _, v in ipairs(fields) do out[#out + 1] = v end
end
return out
