//! User configuration: extra rules, disabled rules, allowlists; and the one error type
//! the core can return (bad configuration).

use serde::Deserialize;
use std::fmt;

use crate::rules::spec::RuleSpec;

/// Everything a user can change. Deserializes from the config file's JSON/TOML shape.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Extra rules, in the same format as the built-in rule files.
    pub rules: Vec<RuleSpec>,
    /// Rule ids to turn off.
    pub disable_rules: Vec<String>,
    pub allow: Allowlist,
    /// Inputs larger than this are not scanned and are reported as incomplete.
    /// Default: 256 MiB.
    pub max_input_bytes: Option<usize>,
    /// JS-, HTML-, JSON- and source-map-aware extraction on top of the raw-text pass
    /// (split, escaped and encoded strings; `sourcesContent`). Default: true. `false`
    /// scans raw text only (faster; finds only secrets written out verbatim).
    pub extract: Option<bool>,
}

/// Findings to suppress.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Allowlist {
    /// Fingerprints (as printed in reports) of findings that are known and accepted.
    pub fingerprints: Vec<String>,
    /// Globs on the input's origin (`**/fixtures/**`, `dist/legacy/*.js`): such inputs are
    /// not scanned, and the report says so.
    pub paths: Vec<String>,
    /// Regexes on the secret value (`^sk_test_`): matching findings are dropped.
    pub values: Vec<String>,
}

/// A configuration that cannot be compiled into a scanner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    rule_id: Option<String>,
    message: String,
}

impl ConfigError {
    pub(crate) fn new(rule_id: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            rule_id: rule_id.map(str::to_owned),
            message: message.into(),
        }
    }

    /// The rule the error is about, if any.
    pub fn rule_id(&self) -> Option<&str> {
        self.rule_id.as_deref()
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule_id {
            Some(id) => write!(f, "rule `{id}`: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for ConfigError {}
