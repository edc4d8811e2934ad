//! The public entry point: compile once with [`Scanner::new`], then [`Scanner::scan`] many inputs.

use crate::allow::AllowRules;
use crate::config::{Config, ConfigError};
use crate::engine::Engine;
use crate::input::{Input, InputKind};
use crate::report::{Report, SkipReason, Skipped};
use crate::rules::{self, RuleInfo};

const DEFAULT_MAX_INPUT_BYTES: usize = 256 * 1024 * 1024;

/// A compiled set of rules. Cheap to share; `scan` takes `&self`.
#[derive(Debug)]
pub struct Scanner {
    engine: Engine,
    allow: AllowRules,
    max_input_bytes: usize,
}

impl Scanner {
    /// Compiles the built-in rules plus the user's configuration.
    pub fn new(config: Config) -> Result<Scanner, ConfigError> {
        let rules = rules::compile_all(&config)?;
        Ok(Scanner {
            engine: Engine::new(rules)?,
            allow: AllowRules::new(&config.allow)?,
            max_input_bytes: config.max_input_bytes.unwrap_or(DEFAULT_MAX_INPUT_BYTES),
        })
    }

    /// Scans one input. Never fails: whatever could not be scanned is in `report.skipped`.
    pub fn scan(&self, input: &Input<'_>) -> Report {
        let kind = input.resolved_kind();
        let mut report = Report::new(input.origin, kind, input.bytes.len());
        if self.allow.allows_path(input.origin) {
            report
                .skipped
                .push(Skipped::new(input.origin, SkipReason::AllowlistedPath));
            return report;
        }
        if kind == InputKind::Binary {
            report
                .skipped
                .push(Skipped::new(input.origin, SkipReason::Binary));
            return report;
        }
        if input.bytes.len() > self.max_input_bytes {
            report.skipped.push(Skipped::new(
                input.origin,
                SkipReason::TooLarge {
                    bytes: input.bytes.len(),
                    limit: self.max_input_bytes,
                },
            ));
            return report;
        }
        // JS-, HTML- and source-map-aware extraction build on this raw pass (later issues);
        // today every text kind is scanned as raw bytes, which also covers invalid UTF-8.
        (report.findings, report.suppressed) = self.engine.scan_raw(input.bytes, &self.allow);
        report.scanned_bytes = input.bytes.len();
        report
    }

    /// The rules this scanner runs (built-in minus disabled, plus user rules).
    pub fn rules(&self) -> impl Iterator<Item = &RuleInfo> {
        self.engine.rules().map(|rule| &rule.info)
    }

    /// Every built-in rule with its examples, for catalogue tests and docs.
    pub fn builtin_rule_specs() -> Vec<(String, crate::RuleSpec)> {
        rules::builtin_specs()
    }
}
