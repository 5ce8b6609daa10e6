#!/usr/bin/env bash
# Stream and socket throughput, uvgo vs Node, same machine, one run each
# scenario in its own process per runtime; prints MB/s and peak RSS and
# the ratios (best of three runs). MB per scenario: $1 (default 256).
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-256}
go build -o bin/netbench ./bench/netbench
# Best of three alternating runs each: the machines are shared and noisy.
go_runs=""; node_runs=""
for _ in 1 2 3; do
  go_runs+="$(./bin/netbench -mb "$mb")"$'\n'
  node_runs+="$(node bench/net.js "$mb")"$'\n'
done
best() { awk -v c="$1" '$1==c { if ($2>m) {m=$2; r=$3} } END {print c, m, r}'; }
go_out=$( (echo "$go_runs" | best echo; echo "$go_runs" | best pipe) )
node_out=$( (echo "$node_runs" | best echo; echo "$node_runs" | best pipe) )
printf '%-6s %10s %10s %8s %12s %12s %8s\n' case "go MB/s" "node MB/s" "go/node" "go RSS KiB" "node RSS KiB" "RSS g/n"
for c in echo pipe; do
  read -r _ gm gr <<<"$(echo "$go_out" | awk -v c=$c '$1==c')"
  read -r _ nm nr <<<"$(echo "$node_out" | awk -v c=$c '$1==c')"
  printf '%-6s %10s %10s %8s %12s %12s %8s\n' "$c" "$gm" "$nm" "$(awk -v a=$gm -v b=$nm 'BEGIN{printf "%.2f", a/b}')" \
    "$gr" "$nr" "$(awk -v a=$gr -v b=$nr 'BEGIN{printf "%.2f", a/b}')"
done
