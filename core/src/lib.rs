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
//! - **Linear time.** A literal keyword prefilter (Aho-Corasick) selects rules and byte
//!   windows; only those windows see the rule's regex (`regex::bytes`, which never backtracks).

mod allow;
mod config;
mod engine;
mod input;
mod inspect;
mod report;
mod rules;
mod scanner;

pub use config::{Allowlist, Config, ConfigError};
pub use input::{Input, InputKind};
pub use report::finding::{Finding, Location, Severity, Verdict};
pub use report::{Report, SkipReason, Skipped};
pub use rules::spec::{Checks, Examples, NegativeExample, RuleSpec};
pub use rules::RuleInfo;
pub use scanner::Scanner;
