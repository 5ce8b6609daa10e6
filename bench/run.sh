#!/usr/bin/env bash
# uvgo's benchmark suite: uvhttp (1 worker), Node 20 running the same app,
# Go's net/http (GOMAXPROCS=1) and a C ceiling on the same libuv + llhttp,
# measured in one run on this machine with wrk. The server is pinned to
# CPU 0 and wrk to CPU 1 when there are two CPUs or more.
# Usage: bench/run.sh [duration per scenario, default 5s]
# Output: a table on stdout, bench/results/latest.tsv, and
# bench/results/chart.png when gnuplot is available.
set -euo pipefail
cd "$(dirname "$0")/.."
D=${1:-5s}
mkdir -p bin bench/results
command -v wrk >/dev/null || { echo "bench: wrk missing; run make deps" >&2; exit 1; }
go build -o bin/uvhttp ./cmd/uvhttp
go build -o bin/nethttp ./bench/nethttp
go build -o bin/idlemem ./bench/idlemem
gcc -O2 -o bin/ceiling bench/ceiling/ceiling.c /usr/share/llhttp/llhttp.c /usr/share/llhttp/api.c \
  /usr/share/llhttp/http.c -I/usr/share/include/llhttp $(pkg-config --cflags --libs libuv-static)

. bench/lib.sh
run_start() { start "${@:2}"; } # name cmd...
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

results=bench/results/latest.tsv
printf 'server\tscenario\treq_per_s\tp99_ms\trss_kib\n' >"$results"
record() { printf '%s\t%s\t%s\t%s\t%s\n' "$@" >>"$results"; }

bench_server() { # name cmd...
  local name=$1; shift
  run_start "$name" "$@"
  read -r r p < <(wrk_run "http://$ADDR/hello"); record "$name" hello "$r" "$p" "$(rss_kib $PID)"
  read -r r p < <(wrk_run "http://$ADDR/hello" -s bench/pipeline.lua); record "$name" pipelined16 "$r" "$p" "$(rss_kib $PID)"
  if [ "$name" != ceiling ]; then
    read -r r p < <(wrk_run "http://$ADDR/stream?chunks=16&size=65536"); record "$name" stream_1MiB "$r" "$p" "$(rss_kib $PID)"
    read -r r p < <(wrk_run "http://$ADDR/echo" -s bench/echo.lua); record "$name" echo_1KiB "$r" "$p" "$(rss_kib $PID)"
    read -r r p < <(wrk_run "http://$ADDR/echo" -s bench/echo1m.lua); record "$name" echo_1MiB "$r" "$p" "$(rss_kib $PID)"
  fi
  stop
  run_start "$name" "$@"
  record "$name" idle_kib_per_conn "$(bin/idlemem -addr "$ADDR" -pid "$PID" -n 5000)" - "$(rss_kib $PID)"
  stop
}

bench_server uvhttp bin/uvhttp -listen 127.0.0.1:0 -quiet
bench_server node node tests/parity/wire/app.js 0
GOMAXPROCS=1 bench_server nethttp bin/nethttp -listen 127.0.0.1:0
bench_server ceiling bin/ceiling 0

# The ratios to the C ceiling, measured again alternating the two servers
# three times (3 s each): a single run on a shared machine swings by 20%.
for round in 1 2 3; do
  for srv in uvhttp ceiling; do
    case $srv in
      uvhttp) run_start uvhttp bin/uvhttp -listen 127.0.0.1:0 -quiet ;;
      ceiling) run_start ceiling bin/ceiling 0 ;;
    esac
    read -r r _ < <(D=3s wrk_run "http://$ADDR/hello"); record "${srv}_alt" hello "$r" - -
    read -r r _ < <(D=3s wrk_run "http://$ADDR/hello" -s bench/pipeline.lua); record "${srv}_alt" pipelined16 "$r" - -
    stop
  done
done

# Two workers against one (on a 2-core machine wrk shares the CPUs).
SRV_SAVED=$SRV; SRV=""
run_start uvhttp2 bin/uvhttp -listen 127.0.0.1:0 -quiet -workers 2
read -r r p < <(wrk_run "http://$ADDR/hello"); record uvhttp_2workers hello "$r" "$p" "$(rss_kib $PID)"
stop
run_start uvhttp1 bin/uvhttp -listen 127.0.0.1:0 -quiet -workers 1
read -r r p < <(wrk_run "http://$ADDR/hello"); record uvhttp_1worker_unpinned hello "$r" "$p" "$(rss_kib $PID)"
stop
SRV=$SRV_SAVED

echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(go version | awk '{print $3}'), node $(node --version), duration $D"
column -t -s $'\t' "$results"
awk -F'\t' 'NR>1 {v[$1" "$2]=$3}
  END {
    n=split("hello pipelined16 stream_1MiB echo_1KiB echo_1MiB idle_kib_per_conn", sc, " ")
    for (i=1; i<=n; i++) { s=sc[i]
      if (v["node "s]) printf "uvhttp/node %-18s %.2f\n", s, v["uvhttp "s]/v["node "s]
      if (v["nethttp "s]) printf "uvhttp/nethttp %-15s %.2f\n", s, v["uvhttp "s]/v["nethttp "s]
      if (v["ceiling "s]) printf "uvhttp/ceiling %-15s %.2f\n", s, v["uvhttp "s]/v["ceiling "s] }
    if (v["uvhttp_1worker_unpinned hello"]) printf "2 workers / 1 worker (hello)   %.2f\n", v["uvhttp_2workers hello"]/v["uvhttp_1worker_unpinned hello"]
  }' "$results"
# median of the three alternating rounds' ratios
awk -F'\t' '$1=="uvhttp_alt" {u[$2]=u[$2]" "$3} $1=="ceiling_alt" {c[$2]=c[$2]" "$3}
  END { for (s in u) { n=split(u[s], a, " "); split(c[s], b, " "); k=0
      for (i=1; i<=n; i++) r[++k]=a[i]/b[i]
      for (i=1; i<=k; i++) for (j=i+1; j<=k; j++) if (r[j]<r[i]) {t=r[i]; r[i]=r[j]; r[j]=t}
      printf "uvhttp/ceiling %-15s %.2f (median of %d alternating rounds: %.2f %.2f %.2f)\n", s, r[int((k+1)/2)], k, r[1], r[2], r[3]
      for (i in r) delete r[i] } }' "$results"
if command -v gnuplot >/dev/null; then bench/chart.sh "$results" bench/results/chart.png && echo "chart: bench/results/chart.png"; fi
