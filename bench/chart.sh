#!/usr/bin/env bash
# Draws bench/run.sh's results as a bar chart (PNG) with gnuplot:
# requests per second for /hello keep-alive and pipelined x16, per server.
# Usage: bench/chart.sh RESULTS.tsv OUT.png
set -euo pipefail
in=$1; out=$2
data=$(mktemp)
awk -F'\t' 'NR>1 && ($2=="hello" || $2=="pipelined16") {v[$1,$2]=$3; s[$1]=1}
  END {for (n in s) if (n=="uvhttp"||n=="node"||n=="nethttp"||n=="ceiling") printf "%s %s %s\n", n, v[n,"hello"]+0, v[n,"pipelined16"]+0}' "$in" | sort >"$data"
machine="$(nproc) CPUs, $(uname -m), server on CPU 0, wrk on CPU 1"
gnuplot <<GP
set terminal pngcairo size 900,500 noenhanced
set output "$out"
set title "GET /hello, 50 connections (requests/s) - $machine"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set ylabel "requests / s"
set grid ytics
set key top left
plot "$data" using 2:xtic(1) title "keep-alive", "" using 3 title "pipelined x16"
GP
rm -f "$data"
