#!/usr/bin/env bash
# The reverse proxy (issue 14): the same upstream behind
#   uvhttp  bin/uvhttp -upstream (1 worker; keep-alive agent, pipes)
#   nginx   1 worker, upstream keepalive (bench/nginx-proxy.conf)
#   nginx_unbuffered   the same with proxy_buffering off
#   node    Node 20 on bench/proxy.js (the same few lines: createServer,
#           http.request through a keepAlive agent, pipe both ways)
# - keep-alive: wrk -t1 -c50 GET /hello through the proxy: requests/s and
#   p99, and the ratios uvhttp/nginx and uvhttp/node (as the median of
#   three alternating 3 s rounds, the first table being one run). The upstream is the
#   C ceiling (bench/ceiling: libuv + llhttp, one prepared response): the
#   cheapest upstream there is, so what is measured is the proxy, not the
#   server behind it (uvhttp's /hello would cost the shared CPU twice
#   what the ceiling does, and favour nobody).
# - slow client: bench/proxyslow reads a 640 MB response at 2 MiB/s for
#   4 s through a freshly started proxy (64 KiB socket receive buffer):
#   the proxy's RSS growth (peak during the read minus the RSS before it;
#   nginx: master + worker), and for nginx the bytes it spooled to
#   temporary files meanwhile (proxy_buffering, its default). The
#   upstream here is uvhttp's /stream?chunks=40000&size=16384 (the
#   ceiling only answers /hello), itself bounded by backpressure.
# The proxy runs on CPU 0; wrk, the slow client and the upstream on CPU 1
# (taskset, when there are two CPUs or more). Part of make bench.
# Usage: [PROXIES="uvhttp nginx nginx_unbuffered node"] bench/proxy.sh [wrk duration, default 5s] [slow read seconds, default 4]
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:-5s}
SLOW=${2:-4}
command -v wrk >/dev/null || { echo "bench: wrk missing; run make deps" >&2; exit 1; }
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$NGINX" ] || { echo "bench: nginx missing; run make deps" >&2; exit 1; }
mkdir -p bin bench/results
go build -o bin/uvhttp ./cmd/uvhttp
go build -o bin/proxyslow ./bench/proxyslow
gcc -O2 -o bin/ceiling bench/ceiling/ceiling.c /usr/share/llhttp/llhttp.c /usr/share/llhttp/api.c \
  /usr/share/llhttp/http.c -I/usr/share/include/llhttp $(pkg-config --cflags --libs libuv-static)

. bench/lib.sh
tmp=$(mktemp -d)
chmod 755 "$tmp" # nginx's worker (nobody when run as root) spools under it
UPIDS=()
cleanup() {
  for p in "${UPIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -n "$PID" ] && kill "$PID" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

# The upstreams, on the load's CPU.
start_upstream() { # cmd... : prints nothing, sets UP
  local saved=$SRV; SRV=$LOAD
  start "$@"; SRV=$saved
  UPIDS+=("$PID"); UP=$ADDR; PID=""
}
start_upstream bin/ceiling 0; HELLO_UP=$UP
start_upstream bin/uvhttp -listen 127.0.0.1:0 -quiet; BIG_UP=$UP

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# start_proxy NAME UPSTREAM: starts that proxy in front of UPSTREAM, sets
# PID and ADDR.
start_proxy() {
  case $1 in
    uvhttp) start bin/uvhttp -listen 127.0.0.1:0 -quiet -upstream "http://$2" ;;
    node) start node bench/proxy.js "$2" 0 ;;
    nginx|nginx_unbuffered)
      local port buffering=on
      if [ "$1" = nginx_unbuffered ]; then buffering=off; fi
      port=$(free_port)
      rm -rf "$tmp/nginx"; mkdir -p "$tmp/nginx"
      sed -e "s|@DIR@|$tmp/nginx|g" -e "s|@UPSTREAM@|$2|g" -e "s|@LISTEN@|127.0.0.1:$port|g" \
        -e "s|@BUFFERING@|$buffering|g" \
        bench/nginx-proxy.conf >"$tmp/nginx/nginx.conf"
      $SRV "$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" 2>>"$tmp/nginx/stderr" &
      PID=$!; ADDR=127.0.0.1:$port
      for _ in $(seq 100); do curl -s -o /dev/null "http://$ADDR/" && break; sleep 0.05; done
      sleep 0.3 ;;
  esac
}

# slow_client: prints "growth_KiB client_bytes spooled_bytes".
slow_client() {
  for _ in 1 2 3; do curl -s -o /dev/null "http://$ADDR/hello" || true; done # warm up
  $LOAD bin/proxyslow -addr "$ADDR" -path '/stream?chunks=40000&size=16384' -pid "$PID" \
    -rate $((2 << 20)) -for "${SLOW}s" -spool "$tmp/nginx/proxy"
}

results=bench/results/proxy.tsv
printf 'proxy\treq_per_s\tp99_ms\tslow_rss_growth_kib\tslow_client_bytes\tspooled_bytes\n' >"$results"
for name in ${PROXIES:-uvhttp nginx nginx_unbuffered node}; do
  start_proxy "$name" "$HELLO_UP"
  curl -sf -o /dev/null "http://$ADDR/hello" || { echo "bench: $name does not proxy /hello" >&2; exit 1; }
  read -r rps p99 < <(wrk_run "http://$ADDR/hello")
  stop
  start_proxy "$name" "$BIG_UP"
  read -r growth got spooled < <(slow_client)
  stop
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p99" "$growth" "$got" "$spooled" >>"$results"
done

# The ratios again as the median of three alternating rounds (3 s each):
# one run on a shared machine swings by 20% or more. (Not with PROXIES.)
[ -n "${PROXIES:-}" ] || for round in 1 2 3; do
  for name in uvhttp nginx node; do
    start_proxy "$name" "$HELLO_UP"
    read -r rps _ < <(D=3s wrk_run "http://$ADDR/hello")
    stop
    printf '%s_alt\t%s\t-\t-\t-\t-\n' "$name" "$rps" >>"$results"
  done
done

echo "machine: $(nproc) CPUs, $(uname -r), $(go version | awk '{print $3}'), node $(node --version), $("$NGINX" -v 2>&1 | sed 's|.*/||'), wrk $D, slow client ${SLOW}s at 2 MiB/s"
column -t -s $'\t' "$results"
awk -F'\t' 'NR>1 {v[$1]=$2} $1 ~ /_alt$/ {a[$1]=a[$1]" "$2}
  function median3(x, y, z) { return x+y+z - (x<y?(x<z?x:z):(y<z?y:z)) - (x>y?(x>z?x:z):(y>z?y:z)) }
  END {
    for (i = 1; i <= 2; i++) {
      other = i == 1 ? "nginx" : "node"
      if (!a[other "_alt"]) continue
      split(a["uvhttp_alt"], u, " "); split(a[other "_alt"], o, " ")
      printf "uvhttp/%-5s keep-alive req/s  %.2f (median of 3 alternating rounds: %.2f %.2f %.2f)\n", other,
        median3(u[1]/o[1], u[2]/o[2], u[3]/o[3]), u[1]/o[1], u[2]/o[2], u[3]/o[3]
    }
  }' "$results"
