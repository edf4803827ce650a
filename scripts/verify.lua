-- wrk script for scripts/bench-http.sh: POST /api/v1/verify {"payload": $KARTU_PAYLOAD}.
--
-- With KARTU_CHECK=1 every answer is also read: it counts as good only when it is a 200 whose
-- body has "valid":true (the service's verdict and the bare handler both say so). The counts are
-- printed as "check: good=N bad=M" at the end. Timed runs leave the check off, because reading
-- every body in Lua costs wrk CPU on the same 2 cores as the server.

local payload = os.getenv("KARTU_PAYLOAD")
if payload == nil or payload == "" then
  error("set KARTU_PAYLOAD to a card's QR text")
end
local check = os.getenv("KARTU_CHECK") == "1"

wrk.method = "POST"
wrk.path = "/api/v1/verify"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"payload":"' .. payload .. '"}'

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

good = 0
bad = 0

if check then
  function response(status, headers, body)
    if status == 200 and string.find(body, '"valid":true', 1, true) then
      good = good + 1
    else
      bad = bad + 1
    end
  end
end

function done(summary, latency, requests)
  if check then
    local g, b = 0, 0
    for _, t in ipairs(threads) do
      g = g + t:get("good")
      b = b + t:get("bad")
    end
    io.write(string.format("check: good=%d bad=%d\n", g, b))
  end
end
