#!/usr/bin/env bash
# Installs everything the build and tests need, skipping what is already there, so it is
# safe (and fast) to run before every `make` target on a fresh or a warm machine.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# Rust target for the Wasm engine.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must be exactly the version of the wasm-bindgen crate (pinned with `=`
# in Cargo.toml). Not `--locked`: one of its locked dependencies is not on the registry here.
pinned=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
installed=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$installed" != "$pinned" ]; then
  say "installing wasm-bindgen-cli $pinned (found: ${installed:-none}); takes ~4 minutes once"
  cargo install wasm-bindgen-cli --version "$pinned" --force
fi

# Debian's Chromium for the extension's end-to-end tests (tests/extension drives it with
# playwright-core, which downloads no browser of its own).
if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium from apt (for the extension tests)"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# npm workspaces: reinstall only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi
