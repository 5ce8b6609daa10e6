# Shared by the benchmark scripts (sourced): pinning, starting and
# stopping a server, and one wrk run.
# SRV and LOAD pin the server to CPU 0 and the load to CPU 1 when there
# are two CPUs or more. START_ENV (e.g. GOMAXPROCS=1) is set for servers.
if [ "$(nproc)" -ge 2 ]; then SRV="taskset -c 0"; LOAD="taskset -c 1"; else SRV=""; LOAD=""; fi
START_ENV=${START_ENV:-}

PID=""; ADDR=""
start() { # cmd... : starts a server, sets PID and ADDR from the last word of its first line
  local out; out=$(mktemp)
  env $START_ENV $SRV "$@" >"$out" 2>/dev/null &
  PID=$!
  for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.05; done
  local last; last=$(head -1 "$out" | awk '{print $NF}')
  case "$last" in *:*) ADDR=$last ;; *) ADDR=127.0.0.1:$last ;; esac
  rm -f "$out"
  sleep 0.3
}
stop() { kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; }

wrk_run() { # url extra-args... : prints "req/s p99_ms" (wrk -t1 -c50 for $D)
  $LOAD wrk -t1 -c50 -d"$D" --latency "${@:2}" "$1" 2>/dev/null | awk '
    /Requests\/sec/ {rps=$2}
    $1=="99%" {v=$2; if (v ~ /us$/) {sub("us","",v); v=v/1000} else if (v ~ /ms$/) {sub("ms","",v)} else if (v ~ /s$/) {sub("s","",v); v=v*1000}; p99=v}
    END {printf "%s %s\n", rps, p99}'
}
