-- wrk script for `make bench`: requests cycle through a file of "<session> <path>" lines
-- (session 0: no cookie; 1, 2...: the Cookie headers given after the file name), and the
-- summary is printed as one JSON line with the 50th, 95th and 99th percentiles.
local lines = {}
local cookies = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    local session, path = line:match("^(%d+) (.+)$")
    table.insert(lines, { tonumber(session), path })
  end
  for i = 2, #args do cookies[i - 1] = args[i] end
  -- Threads start at different places in the list.
  counter = math.random(#lines)
end

function request()
  counter = counter % #lines + 1
  local session, path = lines[counter][1], lines[counter][2]
  local headers = {}
  if session > 0 then headers["Cookie"] = cookies[session] end
  return wrk.format("GET", path, headers)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "duration_us": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"errors_connect": %d, "errors_read": %d, "errors_write": %d, "errors_status": %d, ' ..
    '"errors_timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.status, e.timeout))
end
