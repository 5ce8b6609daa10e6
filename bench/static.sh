#!/usr/bin/env bash
# Static file serving: uvhttp -root (package fs: fs.CreateReadStream piped
# into the response) vs Node 20's fs.createReadStream(path).pipe(res)
# (bench/static.js) vs Go's net/http.FileServer (GOMAXPROCS=1), one
# server process each, pinned to CPU 0 (the load to CPU 1).
#  - big: a 100 MB file downloaded by curl N times (default 5), one at a
#    time: MB/s (best run) and the server's peak RSS.
#  - small: a 4 KiB file under wrk -c50: requests per second.
# Part of make bench (not of make test). Usage: bench/static.sh [N] [wrk duration]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-5}
D=${2:-5s}
command -v wrk >/dev/null || { echo "bench: wrk missing; run make deps" >&2; exit 1; }
mkdir -p bin
go build -o bin/uvhttp ./cmd/uvhttp
go build -o bin/staticfs ./bench/staticfs
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
head -c 100000000 /dev/urandom >"$dir/big.bin"
head -c 4096 /dev/urandom >"$dir/small.bin"
. bench/lib.sh
rss() { awk '/^VmHWM:/ {print $2}' "/proc/$PID/status"; }

measure() { # name : prints "name big_MB/s peak_RSS_KiB small_req/s"
  local best=0 s
  for _ in $(seq "$N"); do
    s=$($LOAD curl -s -o /dev/null -w '%{speed_download}' "http://$ADDR/static/big.bin")
    best=$(awk -v a="$s" -v b="$best" 'BEGIN{print (a>b)?a:b}')
  done
  local peak; peak=$(rss)
  local rps; rps=$($LOAD wrk -t1 -c50 -d"$D" "http://$ADDR/static/small.bin" 2>/dev/null | awk '/Requests\/sec/ {print $2}')
  printf '%-9s %10.1f %14s %12s\n' "$1" "$(awk -v s="$best" 'BEGIN{print s/1e6}')" "$peak" "$rps"
}

printf '%-9s %10s %14s %12s\n' server "100MB MB/s" "peak RSS KiB" "4KiB req/s"
start ./bin/uvhttp -listen 127.0.0.1:0 -quiet -workers 1 -root "$dir"; measure uvhttp; stop
start node bench/static.js "$dir"; measure node; stop
start env GOMAXPROCS=1 ./bin/staticfs -root "$dir"; measure net/http; stop
