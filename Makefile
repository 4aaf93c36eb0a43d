# The two commands of the README's quick start are `make run` and `make test`.
GO ?= go
# rapid writes no fail files into the tree: failures replay by seed.
export RAPID_NOFAILFILE := true

.PHONY: run test selftest report check spec conformance-list mutants clients bench bench-go fuzz soak fmt vet tidy imports

# The main job: the conformance checks against $$CHIME_ENDPOINT, or the
# embedded fake when it is unset; prints and writes the compatibility report.
run:
	$(GO) run ./cmd/chime-conform

# The project's tests: everything with the race detector, then the
# self-test (the suite run against independent servers and chime-fake's
# mutants; its table is suites/selftest/mutants.md), raced too: it is the
# most concurrent run there is (about 10-15 minutes on 2 cores under the
# race detector, past go test's default 10-minute timeout).
test:
	$(GO) test -race -count=1 -timeout 30m $$($(GO) list ./... | grep -v /suites/selftest)
	$(MAKE) selftest

selftest:
	$(GO) test -race -count=1 -timeout 40m ./suites/selftest

# Rewrite suites/selftest/mutants.md (which checks catch which mutant).
mutants:
	$(GO) test -count=1 ./suites/selftest -run TestEveryMutantIsCaught -args -update

# The reconciliation report of the spec generator.
report:
	$(GO) run ./cmd/specgen -report

# What CI checks besides the tests.
check: fmt vet tidy imports
	$(GO) run ./cmd/specgen
	git diff --exit-code -- spec/createuser.openapi.yaml

# Regenerate the list of checks kept under version control.
conformance-list:
	$(GO) run ./cmd/chime-conform -list > suites/conformance.yaml

# Measure what real clients do with the fake's faults (aws-sdk-go-v2, and
# boto3, AWS CLI v1/v2 and the JavaScript SDK v3 where installed: npm ci in
# fakes/testdata/clients/js) and rewrite fakes/clients.json and
# fakes/CLIENTS.md. Slow: botocore's legacy backoff takes seconds per call.
# make test checks the aws-sdk-go-v2 column, and the JS one where installed.
# CLIENTS.md alone, from clients.json:
#   CHIME_CLIENTS=render go test -run TestCLIENTSmdIsRenderedFromClientsJSON ./fakes
clients:
	CHIME_CLIENTS=write $(GO) test -count=1 -timeout 60m -run '^TestClientMatrix$$' -v ./fakes

# Regenerate the spec from spec/source/CreateUser.txt.
spec:
	$(GO) run ./cmd/specgen

# The performance table (README, "Performance"): the request path's Go
# benchmarks, the fake beside a bare net/http ceiling under loopback load
# (medians of alternating rounds), the store at 1k/100k/1M users, the
# suites' own overhead. About 3 minutes on 2 cores; it reports, it never
# fails on a number. BENCHFLAGS passes flags (-sections load -rounds 9).
bench:
	$(GO) run ./cmd/chime-bench $(BENCHFLAGS)

# Every Go benchmark of the module, six times, for benchstat:
#   make bench-go > new.txt; benchstat old.txt new.txt
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem -count 6 ./...

# Bounded fuzzing, FUZZTIME per target (CI runs it). A target is
# package:FuzzName. Minimization is bounded too: by default each new input
# is minimized for up to 60 s, which on kilobyte pages stalls fuzzing.
# The corpora under testdata/fuzz run as regression tests in make test.
FUZZTIME ?= 20s
FUZZ_TARGETS ?= ./spec/docgen:FuzzParse ./spec/docgen:FuzzParseNode ./spec/docgen:FuzzGenerate ./spec/pattern:FuzzCompile \
	./fakes:FuzzServeHTTP ./fakes:FuzzSigV4 ./fakes:FuzzParseConfig ./fakes/faults:FuzzParseRules ./fakes/faults:FuzzParseAction
fuzz:
	@for t in $(FUZZ_TARGETS); do \
		echo "fuzz $$t for $(FUZZTIME)"; \
		$(GO) test -run '^$$' -fuzz "^$${t##*:}\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 100x "$${t%%:*}" || exit 1; \
	done

# The fake under mixed traffic with faults, SigV4 verify and a session
# token for SOAKTIME (not in make test or CI): every 201 is exactly one
# stored user, and the heap returns; prints the numbers (fakes/soak_test.go).
SOAKTIME ?= 60s
soak:
	CHIME_SOAK=$(SOAKTIME) $(GO) test -count=1 -timeout 30m -run '^TestSoak$$' -v ./fakes

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# go.mod and go.sum say exactly what the code imports.
tidy:
	$(GO) mod tidy -diff

# The dependency direction: spec and fakes never import suites (the suites
# judge them; they must not lean on the suites).
imports:
	@bad=$$($(GO) list -deps ./spec/... ./fakes/... ./cmd/chime-fake ./cmd/specgen | grep '/createuser/suites' || true); \
	if [ -n "$$bad" ]; then echo "spec, fakes and their commands must not import suites, but reach:"; echo "$$bad"; exit 1; fi
