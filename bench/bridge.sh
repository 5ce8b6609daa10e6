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
if [ "$(nproc)" -ge 2 ]; then SRV="taskset -c 0"; LOAD="taskset -c 1"; else SRV=""; LOAD=""; fi

PID=""; ADDR=""
start() { # cmd... : starts a server, sets PID and ADDR from its first line
  local out; out=$(mktemp)
  GOMAXPROCS=1 $SRV "$@" >"$out" 2>/dev/null &
  PID=$!
  for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.05; done
  local last; last=$(head -1 "$out" | awk '{print $NF}')
  case "$last" in *:*) ADDR=$last ;; *) ADDR=127.0.0.1:$last ;; esac
  rm -f "$out"
  sleep 0.3
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }
wrk_run() { # url extra-args... : prints "req/s p99_ms"
  $LOAD wrk -t1 -c50 -d"$D" --latency "${@:2}" "$1" 2>/dev/null | awk '
    /Requests\/sec/ {rps=$2}
    $1=="99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; p99=v}
    END {printf "%s %s\n", rps, p99}'
}
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
