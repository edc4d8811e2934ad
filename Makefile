# Spillproof: every target runs the setup it needs, so each works on a fresh machine.
#   make demo    set up, build, scan demo/dist (CLI exit 1) and block then pass a real Vite build
#   make test    set up, build, run every test (exactly what CI runs)
#   make bench   native and Wasm throughput on the real bundle corpus
.PHONY: setup build wasm demo test test-rust test-js bench corpus docs clean

WASM := wasm/js/dist/spillproof_engine_bg.wasm
CORE_SOURCES := $(shell find core/src core/rules core/build.rs core/Cargo.toml wasm/src wasm/Cargo.toml Cargo.toml -type f)

setup:
	@./scripts/setup.sh

$(WASM): $(CORE_SOURCES)
	./scripts/build-wasm.sh

wasm: setup $(WASM)

# Leaves node_modules/.bin/spillproof working from the repo root, and the browser extension
# in extension/dist/ (chromium/ and firefox/ to load unpacked, and a zip of each).
build: setup $(WASM)
	node extension/build.mjs

demo: build
	@echo "== spillproof scan demo/dist (planted fake secrets; the non-zero exit is the point) =="
	@node_modules/.bin/spillproof scan demo/dist; status=$$?; \
	  echo "== exit code: $$status (1 = secrets found: this build must not ship) =="; \
	  test $$status -eq 1
	@node scripts/demo-vite.mjs

test: build corpus test-rust test-js

test-rust:
	cargo test --workspace
	# --all-targets also type-checks the benchmark (running it needs the corpus: `make bench`).
	cargo clippy --workspace --all-targets -- -D warnings

test-js:
	node --test --test-reporter=spec wasm/js/test/*.test.js bundler-plugin/test/*.test.js tests/corpus/*.test.js tests/bundlers/*.test.js tests/extension/*.test.js tests/init/*.test.js

docs:
	SPILLPROOF_UPDATE_DOCS=1 cargo test -p spillproof-core --test it catalogue

corpus:
	node tests/corpus/build-corpus.mjs

bench: build corpus
	cargo bench -p spillproof-core --bench scan_corpus
	node tests/corpus/bench-wasm.mjs
	node tests/bundlers/bench-overhead.mjs

clean:
	rm -rf target wasm/js/dist node_modules .cache
