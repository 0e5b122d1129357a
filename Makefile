# Digitalrat — see README.md. `make run` and `make test` are the two commands that matter.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/digitalrat/digitalrat/internal/app.Version=$(VERSION)
REDOCLY := npx --yes @redocly/cli@2.77.0

.PHONY: all build run test test-go test-go-sqlite test-go-postgres lint bench clean

all: build

## build: the server binary bin/digitalrat
build:
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/digitalrat .

## run: build and serve on the embedded SQLite database (./data) with demo data on http://localhost:8080
run: build
	DEMO_DATA=$${DEMO_DATA:-true} ./bin/digitalrat serve

## test: everything — Go tests on SQLite and on PostgreSQL (when TEST_DATABASE_URL is set)
test: test-go

test-go: test-go-sqlite test-go-postgres

test-go-sqlite:
	@echo "==> Go tests on SQLite"
	TEST_DATABASE_URL= $(GO) test -race -count=1 ./...

test-go-postgres:
	@if [ -z "$$TEST_DATABASE_URL" ]; then \
		if [ "$$REQUIRE_POSTGRES" = "1" ]; then echo "REQUIRE_POSTGRES=1 but TEST_DATABASE_URL is not set" >&2; exit 1; fi; \
		echo "==> PostgreSQL leg SKIPPED: set TEST_DATABASE_URL=postgres://… to run the Go tests on PostgreSQL too"; \
	else \
		echo "==> Go tests on PostgreSQL"; \
		REQUIRE_POSTGRES=1 $(GO) test -count=1 ./...; \
	fi

## lint: go vet, gofmt, openapi.yaml
lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(REDOCLY) lint --config .redocly.yaml openapi.yaml

## bench: benchmarks with printed figures
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
