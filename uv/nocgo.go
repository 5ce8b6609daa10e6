//go:build !cgo

// Package uv needs cgo: it binds libuv. Building it with CGO_ENABLED=0
// stops here with a message that names the fix.
package uv

var _ = uvgo_needs_cgo___build_with_CGO_ENABLED_1_and_run_make_deps_for_libuv1_dev
