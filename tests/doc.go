// Package tests holds uvgo's black-box tests: they build the binaries and
// talk to them over loopback. The Node parity suite lives in tests/parity.
package tests
