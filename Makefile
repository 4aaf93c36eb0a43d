# The two commands of the README's quick start are `make run` and `make test`.
GO ?= go

.PHONY: run test report check spec conformance-list clients bench fmt vet

# The main job: the conformance checks against $$CHIME_ENDPOINT, or the
# embedded fake when it is unset; prints and writes the compatibility report.
run:
	$(GO) run ./cmd/chime-conform

# The project's tests: everything with the race detector, then the
# self-test (it runs chime-conform as a subprocess, so the race detector
# adds nothing there) verbosely, so that its table (fault -> checks that
# caught it) is printed.
test:
	$(GO) test -race -count=1 $$($(GO) list ./... | grep -v /suites/selftest)
	$(GO) test -count=1 -v ./suites/selftest

# The reconciliation report of the spec generator.
report:
	$(GO) run ./cmd/specgen -report

# What CI checks besides the tests.
check: fmt vet
	$(GO) run ./cmd/specgen
	git diff --exit-code -- spec/createuser.openapi.yaml

# Regenerate the list of checks kept under version control.
conformance-list:
	$(GO) run ./cmd/chime-conform -list > suites/conformance.yaml

# Measure what real clients do with the fake's faults (aws-sdk-go-v2, and
# boto3 and AWS CLI v1/v2 where installed) and rewrite fakes/clients.json
# and fakes/CLIENTS.md. Slow: botocore's legacy backoff takes seconds per
# call. make test checks the aws-sdk-go-v2 column.
clients:
	CHIME_CLIENTS=write $(GO) test -count=1 -timeout 60m -run '^TestClientMatrix$$' -v ./fakes

# Regenerate the spec from spec/source/CreateUser.txt.
spec:
	$(GO) run ./cmd/specgen

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
