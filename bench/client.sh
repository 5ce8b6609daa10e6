#!/usr/bin/env bash
# The HTTP client: requests/s of a keep-alive client loop (C requests in
# flight, default 50) against the C ceiling server (bench/ceiling, GET
# /hello), uvgo's client vs Node's, best of three alternating runs, with
# the ratio and the clients' peak RSS. Duration per run: $1 (default 3s).
set -euo pipefail
cd "$(dirname "$0")/.."
d=${1:-3s}
secs=${d%s}
conc=${CONC:-50}
mkdir -p bin
go build -o bin/clientbench ./bench/clientbench
gcc -O2 -o bin/ceiling bench/ceiling/ceiling.c /usr/share/llhttp/llhttp.c /usr/share/llhttp/api.c \
  /usr/share/llhttp/http.c -I/usr/share/include/llhttp $(pkg-config --cflags --libs libuv-static)
. bench/lib.sh
start bin/ceiling 0
trap stop EXIT
go_runs=""; node_runs=""
for _ in 1 2 3; do
  go_runs+="$(GOMAXPROCS=1 $LOAD ./bin/clientbench -addr "$ADDR" -c "$conc" -d "$d")"$'\n'
  node_runs+="$($LOAD node bench/client.js "$ADDR" "$conc" "$secs")"$'\n'
done
best() { awk -v c="$1" '$1==c { if ($2>m) {m=$2; r=$3} } END {print m, r}'; }
read -r gr gm <<<"$(echo "$go_runs" | best go)"
read -r nr nm <<<"$(echo "$node_runs" | best node)"
printf '%-8s %10s %10s %8s %12s %12s\n' client "go req/s" "node req/s" "go/node" "go RSS KiB" "node RSS KiB"
printf '%-8s %10s %10s %8s %12s %12s\n' "c=$conc" "$gr" "$nr" "$(awk -v a="$gr" -v b="$nr" 'BEGIN{printf "%.2f", a/b}')" "$gm" "$nm"
