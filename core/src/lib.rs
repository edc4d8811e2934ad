//! Spillproof's detection core: bytes in, redacted findings out.
//!
//! The whole public API is small on purpose, so the Wasm binding (and any later native
//! binary) is a thin conversion layer:
//!
//! ```
//! use spillproof_core::{Config, Input, Scanner};
//! let scanner = Scanner::new(Config::default()).expect("built-in rules compile");
//! let report = scanner.scan(&Input::new("dist/app.js", b"const k = 'no secrets here';"));
//! assert!(report.findings.is_empty());
//! ```
//!
//! Decisions worth knowing:
//! - **No I/O.** Callers read files; the core never touches the file system or the network.
//! - **Bad input is never an error.** Anything that cannot be fully scanned shows up in
//!   [`Report::skipped`] with a reason. Only bad configuration is an error ([`ConfigError`]).
//! - **The raw secret never leaves the core.** A [`Finding`] carries a redacted form and a
//!   fingerprint only; the private `Secret` type prints redacted even through `Debug`.
//! - **Rules are data** (`core/rules/*.toml`), compiled into the crate by `build.rs`.
//! - **Two passes, one report.** A raw-text pass always runs over every byte (fast, and it
//!   cannot fail); a JS/HTML/JSON/source-map-aware pass (`extract`, on by default) adds what
//!   raw text cannot show: strings split by `+`, escaped, base64-encoded, in `JSON.parse`
//!   payloads or in a map's `sourcesContent`. Hits from both are merged so each secret is
//!   reported once, at the best location; what the second pass could not read is listed in
//!   [`Report::skipped`] as degraded, never as incomplete (the raw pass covered it).
//! - **Linear time.** A literal keyword prefilter (a shift-or filter) selects rules and byte
//!   windows; only those windows see the rule's regex (`regex::bytes`, which never backtracks).

mod allow;
mod config;
mod engine;
mod extract;
mod input;
mod inspect;
mod report;
mod rules;
mod scanner;

pub use config::{Allowlist, Config, ConfigError};
pub use input::{Input, InputKind};
pub use report::finding::{Decoding, Finding, Location, Severity, SourceLocation, Verdict};
pub use report::{Report, SkipReason, Skipped};
pub use rules::spec::{Assignment, Checks, Examples, NegativeExample, PlaceholderPolicy, RuleSpec};
pub use rules::RuleInfo;
pub use scanner::Scanner;
