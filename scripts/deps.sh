#!/usr/bin/env bash
# Installs what uvgo's build, tests and benchmarks need, with apt-get, only
# when something is missing. Idempotent: a second run changes nothing.
# Extra package names given as arguments are installed too (make bench adds
# gnuplot-nox for its chart).
set -euo pipefail

packages=(pkg-config libuv1-dev node-llhttp wrk curl nginx-light iproute2 "$@")

# staticcheck for make lint, pinned, built from the Go module proxy into
# bin/tools (not on PATH, not in go.mod).
staticcheck_version=v0.8.2
tools="$(cd "$(dirname "$0")/.." && pwd)/bin/tools"
if ! "$tools/staticcheck" -version 2>/dev/null | grep -qF "(${staticcheck_version#v})"; then
  echo "make deps: installing staticcheck ${staticcheck_version}"
  GOBIN="$tools" GOFLAGS=-mod=mod go install "honnef.co/go/tools/cmd/staticcheck@${staticcheck_version}"
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "make deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "make deps: not root; install them with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# policy-rc.d keeps Debian's nginx service from starting (tests run their
# own nginx with their own config).
policy=/usr/sbin/policy-rc.d
created_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"
  chmod +x "$policy"
  created_policy=1
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[ "$created_policy" -eq 1 ] && rm -f "$policy"
if command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now nginx >/dev/null 2>&1 || true
fi
pkill -x nginx 2>/dev/null || true
echo "make deps: done"
