#!/usr/bin/env bash
# The net/http bridge (package nethttp): the same net/http handlers served
# by Go's net/http (bench/nethttp) and mounted on a uvgo loop through the
# bridge (bench/bridgehttp), with uvhttp's native handlers (one worker) as
# the floor. Each server runs with GOMAXPROCS=1 pinned to CPU 0, wrk on
# CPU 1 (-t1 -c50). Rows: req/s and p99 latency for /hello, a 1 MiB
# response streamed in 64 KiB flushed writes, and a 1 KiB echo.
# Part of make bench (not of make test). Usage: bench/bridge.sh [duration, default 5s]
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:-5s}
command -v wrk >/dev/null || { echo "bench: wrk missing; run make deps" >&2; exit 1; }
mkdir -p bin
go build -o bin/uvhttp ./cmd/uvhttp
go build -o bin/nethttp ./bench/nethttp
go build -o bin/bridgehttp ./bench/bridgehttp

START_ENV=GOMAXPROCS=1
. bench/lib.sh
row() { # name : one line of results for the server at ADDR
  local h s e
  h=$(wrk_run "http://$ADDR/hello")
  s=$(wrk_run "http://$ADDR/stream?chunks=16&size=65536")
  e=$(wrk_run "http://$ADDR/echo" -s bench/echo.lua)
  printf '%-8s %12s %9s %12s %9s %12s %9s\n' "$1" $h $s $e
}

printf '%-8s %12s %9s %12s %9s %12s %9s\n' server "hello req/s" "p99 ms" "1MiB req/s" "p99 ms" "echo req/s" "p99 ms"
start ./bin/nethttp -listen 127.0.0.1:0; row nethttp; stop
start ./bin/bridgehttp -listen 127.0.0.1:0; row bridge; stop
start ./bin/uvhttp -listen 127.0.0.1:0 -quiet -workers 1; row native; stop
