# The two commands of the README's quick start are `make run` and `make test`.
GO ?= go

.PHONY: run test check spec bench fmt vet

# The main job.
run:
	$(GO) run ./cmd/specgen -report

# The project's tests: everything, with the race detector.
test:
	$(GO) test -race -count=1 ./...

# What CI checks besides the tests.
check: fmt vet
	$(GO) run ./cmd/specgen
	git diff --exit-code -- spec/createuser.openapi.yaml

# Regenerate the spec from spec/source/CreateUser.txt.
spec:
	$(GO) run ./cmd/specgen

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
