#!/usr/bin/env bash
# Builds the Wasm engine into wasm/js/dist/ (glue for `--target web`, which loads in Node
# through initSync and in browsers and extensions through init(url)).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --target wasm32-unknown-unknown -p spillproof-wasm
wasm-bindgen --target web --out-dir wasm/js/dist --out-name spillproof_engine \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/spillproof_wasm.wasm"
ls -l wasm/js/dist/spillproof_engine_bg.wasm | awk '{printf "wasm engine: %.0f KB\n", $5/1024}'
