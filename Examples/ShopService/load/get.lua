-- GET /customers/{id} for random seeded customers; an answer without an RFM segment is counted as missing.
dofile("report.lua")
local customers = tonumber(os.getenv("LOAD_CUSTOMERS") or "2000")

function init(args)
  math.randomseed(os.time() + thread_index)
end

function request()
  return wrk.format("GET", "/customers/c" .. math.random(1, customers))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
  elseif not string.find(body, '"segment"', 1, true) then
    missing = missing + 1
  end
end

done = report("GET")
