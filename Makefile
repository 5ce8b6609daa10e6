# uvgo: two commands matter. `make run` sets up, builds and starts uvhttp on
# 127.0.0.1:8080; `make test` sets up and runs the whole suite.

GO       ?= go
BIN      := bin
LISTEN   ?= 127.0.0.1:8080
PKGS     := ./...

.PHONY: all deps build run test unit race cgocheck lint bench bench-events bench-net fuzz-diff clean

all: build

deps:
	@./scripts/deps.sh

build: deps
	$(GO) build -o $(BIN)/uvhttp ./cmd/uvhttp

run: build
	@echo "uvhttp: try  curl http://$(LISTEN)/hello  (Ctrl-C stops it)"
	./$(BIN)/uvhttp -listen $(LISTEN)

# The whole suite: lint, unit + parity + integration tests, the race
# detector, and a run under GOEXPERIMENT=cgocheck2.
test: deps lint unit race cgocheck
	@echo "make test: all passed"

# The library packages run in parallel; the end-to-end suites under tests/
# (hostile peers pushing the machine, timing-sensitive parity scenarios
# against Node, the differential fuzzer) one at a time, so that one does
# not starve another on a 2-core machine.
LIBPKGS  = $$($(GO) list ./... | grep -v '/tests')
E2EPKGS := ./tests/...

unit:
	$(GO) test -count=1 -timeout 20m $(LIBPKGS)
	$(GO) test -count=1 -timeout 20m -p 1 $(E2EPKGS)

race:
	$(GO) test -race -count=1 -timeout 20m $(LIBPKGS)
	$(GO) test -race -count=1 -timeout 20m -p 1 $(E2EPKGS)

cgocheck:
	GOEXPERIMENT=cgocheck2 $(GO) test -count=1 -timeout 20m $(LIBPKGS)
	GOEXPERIMENT=cgocheck2 $(GO) test -count=1 -timeout 20m -p 1 $(E2EPKGS)

lint: deps
	@./scripts/lint.sh

# The whole benchmark suite: uvhttp vs Node vs net/http vs the C ceiling
# (bench/run.sh, results in bench/results/), then the events and net
# micro-benchmarks against Node, the net/http bridge against net/http
# (bench/bridge.sh), static files against Node and net/http's
# FileServer (bench/static.sh), the HTTP client's keep-alive loop
# against Node's (bench/client.sh), and uvhttp -upstream against nginx
# and a Node proxy (bench/proxy.sh).
bench: build
	@./scripts/deps.sh gnuplot-nox
	./bench/run.sh
	@./bench/events.sh
	@./bench/net.sh
	@./bench/bridge.sh 3s
	@./bench/static.sh 3 3s
	@./bench/client.sh 3s
	@./bench/proxy.sh 5s 4

# Socket echo and in-memory pipe throughput, Go and Node side by side.
bench-net:
	@./bench/net.sh

# EventEmitter operations, Go and Node side by side.
bench-events:
	@./bench/events.sh

# The differential fuzzer (tests/difffuzz) against Node for as long as
# asked: make fuzz-diff DURATION=10m SEED=7. Every disagreement is written
# as a wire corpus case (tests/parity/wire/corpus/fuzz-*.case), which the
# wire suite then runs. (make test runs a seeded 3000-case pass.)
DURATION ?= 5m
SEED     ?= $(shell date +%s)
fuzz-diff: deps
	$(GO) test -count=1 -timeout 0 -run TestDiffFuzz ./tests/difffuzz -v -args -cases=0 -duration=$(DURATION) -seed=$(SEED) -write

clean:
	rm -rf $(BIN)
