-- wrk script: POST /echo with a 1 MiB body (the bulk upload path: the
-- body is piped back as it arrives).
wrk.method = "POST"
wrk.body = string.rep("x", 1048576)
wrk.headers["Content-Type"] = "application/octet-stream"
