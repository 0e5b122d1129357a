# Digitalrat — see README.md. `make run` and `make test` are the two commands that matter.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/digitalrat/digitalrat/internal/app.Version=$(VERSION)
REDOCLY := npx --yes @redocly/cli@2.77.0
GOLANGCI_VERSION := v2.15.0
GOLANGCI := bin/tools/golangci-lint-$(GOLANGCI_VERSION)
NPM := npm --prefix webapp

.PHONY: all build spa webapp-deps run test test-go test-go-sqlite test-go-postgres test-web test-e2e lint lint-layers-proof bench lighthouse fuzz clean

all: build

## build: the browser app (webapp/dist), then the server binary bin/digitalrat with it embedded
build: spa
	$(GO) build -tags spa -trimpath -ldflags '$(LDFLAGS)' -o bin/digitalrat .

## spa: the browser app in webapp/dist (regenerates src/lib/api/schema.gen.ts from openapi.yaml)
spa: webapp-deps
	$(NPM) run build

webapp-deps:
	@if [ ! -d webapp/node_modules ]; then $(NPM) ci; fi

## run: build and serve on the embedded SQLite database (./data) with demo data on http://localhost:8080
run: build
	DEMO_DATA=$${DEMO_DATA:-true} ./bin/digitalrat serve

## test: everything — Go tests on SQLite and on PostgreSQL (when TEST_DATABASE_URL is set), SPA unit
## tests, and browser e2e tests against bin/digitalrat (skipped without /usr/bin/chromium unless REQUIRE_E2E=1)
test: test-go test-web test-e2e

test-go: test-go-sqlite test-go-postgres

# The SQLite leg clears REQUIRE_POSTGRES too: it is SQLite only (the PostgreSQL leg below requires it).
test-go-sqlite:
	@echo "==> Go tests on SQLite"
	TEST_DATABASE_URL= REQUIRE_POSTGRES= $(GO) test -race -count=1 -timeout 30m ./...

test-go-postgres:
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
		if [ "$$REQUIRE_POSTGRES" = "1" ]; then echo "REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set" >&2; exit 1; fi; \
		echo "==> PostgreSQL leg SKIPPED: set TEST_DATABASE_URL=postgres://… to run the Go tests on PostgreSQL too"; \
	else \
		echo "==> Go tests on PostgreSQL"; \
		REQUIRE_POSTGRES=1 $(GO) test -count=1 -timeout 30m ./...; \
	fi

test-web: webapp-deps
	@echo "==> SPA unit tests"
	$(NPM) test

test-e2e: build
	@echo "==> Browser e2e tests (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)"
	$(NPM) run e2e

## lint: go vet, gofmt, golangci-lint with the layer rules (.golangci.yml) and the proof that they bite,
## openapi.yaml, generated API types up to date, TypeScript, ESLint (with the SPA's layer rule and a test
## that proves it fails on a violation)
lint: webapp-deps $(GOLANGCI)
	$(GO) vet ./...
	$(GOLANGCI) run ./...
	@$(MAKE) --no-print-directory lint-layers-proof
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(REDOCLY) lint --config .redocly.yaml openapi.yaml
	$(NPM) run gen >/dev/null
	@git diff --exit-code -- webapp/src/lib/api/schema.gen.ts || { echo "webapp/src/lib/api/schema.gen.ts is stale: commit the regenerated file (npm --prefix webapp run gen)"; exit 1; }
	$(NPM) run typecheck
	$(NPM) run lint

## bench: benchmarks with printed figures, and the gzip size of the SPA's initial-load JavaScript (budget 150 KB)
bench: spa
	$(GO) test -run '^$$' -bench . -benchmem ./...
	$(NPM) run size

## lighthouse: builds, starts bin/digitalrat with the demo data on a temporary SQLite directory and runs
## Lighthouse 12.2 (mobile preset, /usr/bin/chromium headless) on the start page, /projekte, a project page and
## a document page; prints performance and accessibility scores, LCP, FCP, TBT, CLS and bytes per page.
## LIGHTHOUSE_RUNS=3 prints the median of three runs. Not part of `make test`.
lighthouse: build
	$(NPM) run lighthouse

## fuzz: Go fuzz tests, each for FUZZTIME (default 15s), starting from the corpus in testdata/fuzz: the
## Markdown renderer (fails when one input takes more than 2 s), the JSON binder, the cursor decoder and the
## live protocol parser. Not part of `make test`.
FUZZTIME ?= 15s
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzRender$$' -fuzztime $(FUZZTIME) ./internal/markdown
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeJSON$$' -fuzztime $(FUZZTIME) ./api
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeCursor$$' -fuzztime $(FUZZTIME) ./internal/paging
	$(GO) test -run '^$$' -fuzz '^FuzzParseMessage$$' -fuzztime $(FUZZTIME) ./internal/live

clean:
	rm -rf bin webapp/dist e2e-artifacts webapp/e2e-artifacts

# golangci-lint, built once from the Go module proxy into bin/tools (no other download needed).
$(GOLANGCI):
	@mkdir -p bin/tools
	GOBIN=$(CURDIR)/bin/tools $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_VERSION)
	mv bin/tools/golangci-lint $(GOLANGCI)

## lint-layers-proof: puts a deliberate layer violation (api importing internal/store) into the tree and
## succeeds only if golangci-lint rejects it; the file is always removed again.
lint-layers-proof: $(GOLANGCI)
	@f=api/zz_layer_violation.go; \
	printf 'package api\n\nimport _ "github.com/digitalrat/digitalrat/internal/store"\n' > $$f; \
	if $(GOLANGCI) run ./api/... >/tmp/lint-proof.log 2>&1; then rm -f $$f; echo "layer rules did not reject api → store" >&2; exit 1; fi; \
	rm -f $$f; grep -q "api-talks-to-services" /tmp/lint-proof.log && echo "layer rules reject api → store: ok"
