# Digitalrat — see README.md. `make run` and `make test` are the two commands that matter.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/digitalrat/digitalrat/internal/app.Version=$(VERSION)
REDOCLY := npx --yes @redocly/cli@2.77.0
NPM := npm --prefix webapp

.PHONY: all build spa webapp-deps run test test-go test-go-sqlite test-go-postgres test-web test-e2e lint bench clean

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
	TEST_DATABASE_URL= REQUIRE_POSTGRES= $(GO) test -race -count=1 ./...

test-go-postgres:
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
		if [ "$$REQUIRE_POSTGRES" = "1" ]; then echo "REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set" >&2; exit 1; fi; \
		echo "==> PostgreSQL leg SKIPPED: set TEST_DATABASE_URL=postgres://… to run the Go tests on PostgreSQL too"; \
	else \
		echo "==> Go tests on PostgreSQL"; \
		REQUIRE_POSTGRES=1 $(GO) test -count=1 ./...; \
	fi

test-web: webapp-deps
	@echo "==> SPA unit tests"
	$(NPM) test

test-e2e: build
	@echo "==> Browser e2e tests (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)"
	$(NPM) run e2e

## lint: go vet, gofmt, openapi.yaml, generated API types up to date, TypeScript, ESLint (with the SPA's
## layer rule and a test that proves it fails on a violation)
lint: webapp-deps
	$(GO) vet ./...
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

clean:
	rm -rf bin webapp/dist e2e-artifacts
