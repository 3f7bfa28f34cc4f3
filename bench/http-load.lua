-- http-load.lua - wrk script for make bench's HTTP load: POST the
-- JSON-RPC message in $MCP_BODY to the MCP endpoint, as a client would.
wrk.method = "POST"
wrk.body = os.getenv("MCP_BODY")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
