#!/usr/bin/env bash
# EventEmitter: Go (events/bench_test.go) and Node (bench/events.js), the
# same four operations, side by side in one run, with the ratio Go/Node.
set -euo pipefail
cd "$(dirname "$0")/.."
go_out=$(go test -run XXX -bench 'Emit1$|Emit3$|OnOff$|OnceEmit$' -benchmem -count 3 ./events/)
node_out=$(node bench/events.js)
printf '%-10s %12s %12s %10s %12s\n' op "go ns/op" "node ns/op" "go/node" "go allocs"
for op in Emit1 Emit3 OnOff OnceEmit; do
  g=$(echo "$go_out" | awk -v op="Benchmark$op-" 'index($1, op)==1 {print $3}' | sort -n | head -1)
  a=$(echo "$go_out" | awk -v op="Benchmark$op-" 'index($1, op)==1 {print $7}' | head -1)
  n=$(echo "$node_out" | awk -v op="$op" '$1==op {print $2}')
  r=$(awk -v g="$g" -v n="$n" 'BEGIN {printf "%.2f", g/n}')
  printf '%-10s %12s %12s %10s %12s\n' "$op" "$g" "$n" "$r" "$a"
done
