# Assure: one binary, six services. `make run` starts everything on the
# embedded default; `make test` runs every test (PostgreSQL, NATS and Redis
# must be reachable on loopback: .ci/run starts them).

SHELL := /bin/bash
GO ?= go
TOOLS := $(CURDIR)/.tools/bin
BUF := $(CURDIR)/tools/node_modules/.bin/buf
export PATH := $(TOOLS):$(PATH)

MODULES := proto pkg gateway cmd/assure $(addprefix services/,caseaudit directory reminder reporting submission template)
# Package patterns of every module, for commands run at the workspace root.
PACKAGES := $(addsuffix /...,$(addprefix ./,$(MODULES)))

PROTOC_GEN_GO := google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
PROTOC_GEN_GO_GRPC := google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
PROTOC_GEN_GATEWAY := github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-grpc-gateway@v2.32.0
PROTOC_GEN_OPENAPI := github.com/grpc-ecosystem/grpc-gateway/v2/protoc-gen-openapiv2@v2.32.0
GOLANGCI_LINT := github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v2.15.0

NPM ?= npm

.PHONY: bench run build test test-unit generate check-generated web web-deps check-web screenshots lint tools fmt tidy clean

## run: start the whole platform in one process on the embedded default (data in ./data, REST on localhost:8080)
run: build
	./bin/assure -target=all -data-dir ./data -http-addr localhost:8080 -log-format text

## build: build the assure binary into bin/
build:
	$(GO) build -o bin/assure ./cmd/assure

## test: every test of every module (the browser journeys too), after checking
## that the generated code and the built web app match their sources
test: check-generated check-web
	$(GO) test -count=1 -timeout 20m $(PACKAGES)

## test-unit: the fast tests only (no end-to-end walks)
test-unit:
	$(GO) test -count=1 -short $(PACKAGES)

## bench: the benchmarks whose figures are in docs/benchmarks.md (the load benchmarks start
## the platform as separate processes on PostgreSQL and take about ten minutes)
bench:
	$(GO) test -run '^$$' -bench . -benchtime 2000x -count 3 ./pkg/outbox/
	ASSURE_LOAD=1 $(GO) test -run '^$$' -bench Load -benchtime 1x -timeout 60m ./cmd/assure/
	ASSURE_LOAD=1 $(GO) test -run '^$$' -bench WebApp -benchtime 1x -timeout 20m -v ./cmd/assure/
	ASSURE_LOAD=1 $(GO) test -run '^$$' -bench DueReminders -benchtime 1x -timeout 30m ./services/reminder/
	ASSURE_LOAD=1 $(GO) test -run '^$$' -bench 'Campaign|Hub' -benchtime 1x -timeout 90m ./services/reporting/

$(TOOLS)/protoc-gen-go:
	GOBIN=$(TOOLS) $(GO) install $(PROTOC_GEN_GO)
$(TOOLS)/protoc-gen-go-grpc:
	GOBIN=$(TOOLS) $(GO) install $(PROTOC_GEN_GO_GRPC)
$(TOOLS)/protoc-gen-grpc-gateway:
	GOBIN=$(TOOLS) $(GO) install $(PROTOC_GEN_GATEWAY)
$(TOOLS)/protoc-gen-openapiv2:
	GOBIN=$(TOOLS) $(GO) install $(PROTOC_GEN_OPENAPI)
$(BUF): tools/package.json
	cd tools && npm install --no-package-lock --no-audit --no-fund --loglevel=error
	touch $(BUF)

## tools: install the pinned code generators and buf
tools: $(TOOLS)/protoc-gen-go $(TOOLS)/protoc-gen-go-grpc $(TOOLS)/protoc-gen-grpc-gateway $(TOOLS)/protoc-gen-openapiv2 $(BUF)

## generate: regenerate Go code and the OpenAPI document from proto/
generate: tools
	rm -rf proto/gen gateway/openapi
	$(BUF) lint
	$(BUF) generate --path proto/assure

## check-generated: fail if the committed generated code differs from what the protos give
check-generated: generate
	@if [ -n "$$(git status --porcelain -- proto/gen gateway/openapi)" ]; then \
		echo "generated code is stale: run 'make generate' and commit the result"; \
		git status --porcelain -- proto/gen gateway/openapi; exit 1; fi

## lint: gofmt, go vet, buf lint and golangci-lint
lint: $(BUF)
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet $(PACKAGES)
	$(BUF) lint
	@if [ ! -x $(TOOLS)/golangci-lint ]; then GOBIN=$(TOOLS) $(GO) install $(GOLANGCI_LINT) || echo "golangci-lint could not be installed; skipped"; fi
	@if [ -x $(TOOLS)/golangci-lint ]; then for m in $(MODULES); do (cd $$m && $(TOOLS)/golangci-lint run ./...) || exit 1; done; fi

## web-deps: install the web app's pinned npm packages
web-deps: web/node_modules/.package-lock.json
web/node_modules/.package-lock.json: web/package.json web/package-lock.json
	cd web && $(NPM) ci --no-audit --no-fund --loglevel=error

## web: type-check and build the web app into gateway/webapp/dist (committed, embedded in the binary)
web: web-deps
	cd web && $(NPM) run --silent build

## check-web: fail if the committed web app differs from what its sources build
check-web: web
	@if [ -n "$$(git status --porcelain -- gateway/webapp/dist)" ]; then \
		echo "the built web app is stale: run 'make web' and commit gateway/webapp/dist"; \
		git status --porcelain -- gateway/webapp/dist; exit 1; fi

## screenshots: run the browser journeys and refresh the screenshots the README shows (docs/screenshots)
screenshots: web
	rm -rf .screenshots
	ASSURE_SCREENSHOTS=$(CURDIR)/.screenshots $(GO) test -count=1 -run TestBrowserJourneys ./cmd/assure/
	for f in $$(grep -o 'docs/screenshots/[a-z-]*\.png' README.md | sort -u); do cp .screenshots/$$(basename $$f) $$f; done
	if command -v pngquant >/dev/null; then pngquant --force --ext .png --quality 70-90 --skip-if-larger docs/screenshots/*.png || true; fi
	rm -rf .screenshots

fmt:
	gofmt -w $(MODULES)

## tidy: go mod tidy every module (-e: a test dependency of sqlite is refused by the proxy)
tidy:
	for m in $(MODULES); do (cd $$m && GOWORK=off $(GO) mod tidy -e) || exit 1; done

clean:
	rm -rf bin data
