-- POST /purchases: distinct orders (a run prefix, the thread and a counter), customers interleaved (a stride
-- coprime with the population, so consecutive orders go to different customers), dated now, varied amounts and
-- categories. LOAD_CUSTOMERS: the seeded population c1…cN.
dofile("report.lua")
local customers = tonumber(os.getenv("LOAD_CUSTOMERS") or "2000")
local categories = { "books", "music", "garden", "kitchen", "toys", "sports" }
local counter = 0
local prefix

function init(args)
  prefix = string.format("load-%d-%d-", os.time(), thread_index)
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local customer = (counter * 7919 + thread_index * 104729) % customers + 1
  local cents = 500 + (counter * 37) % 15000
  local body = string.format(
    '{"customerID":"c%d","orderID":"%s%d","amount":"%d.%02d","occurredAt":"%s","category":"%s"}',
    customer, prefix, counter, math.floor(cents / 100), cents % 100, os.date("!%Y-%m-%dT%H:%M:%SZ"),
    categories[counter % #categories + 1])
  return wrk.format("POST", "/purchases", nil, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 then bad = bad + 1 end
end

done = report("POST")
