#!/usr/bin/env bash
# gofmt, go vet, staticcheck, and the cgo rule: only package uv and the
# llhttp binding (http/internal/llhttp) may import "C".
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(gofmt -l $(git ls-files '*.go'; git ls-files -o --exclude-standard '*.go') 2>/dev/null || true)
if [ -n "$bad" ]; then
  echo "lint: gofmt would change:" >&2; echo "$bad" >&2; exit 1
fi
go vet ./...
cgo=$(grep -rl --include='*.go' '^import "C"' . | grep -v '_test.go' | xargs -r -n1 dirname | sort -u \
      | grep -v -E '^\./uv$|^\./http/internal/llhttp$' || true)
if [ -n "$cgo" ]; then
  echo "lint: only uv and http/internal/llhttp may import \"C\"; found in:" >&2; echo "$cgo" >&2; exit 1
fi
# The pure-Go packages must build without cgo.
for p in ./events/... ./stream/...; do
  if ls ${p%/...}/*.go >/dev/null 2>&1; then CGO_ENABLED=0 go build "$p"; fi
done
# staticcheck, pinned (make deps installs it into bin/tools).
sc=bin/tools/staticcheck
if [ ! -x "$sc" ]; then
  echo "lint: $sc is missing: run make deps" >&2; exit 1
fi
"$sc" ./...
echo "lint: ok"
