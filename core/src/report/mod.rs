//! What a scan returns: findings (redacted, fingerprinted, located) and what was skipped.

pub mod finding;
pub(crate) mod fingerprint;
pub(crate) mod location;
pub(crate) mod redact;

use serde::Serialize;

use crate::input::InputKind;
use finding::Finding;

/// The result of scanning one input.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub origin: String,
    pub kind: InputKind,
    /// Size of the input in bytes.
    pub bytes: usize,
    /// Bytes actually scanned (0 when the whole input was skipped).
    pub scanned_bytes: usize,
    pub findings: Vec<Finding>,
    /// Findings dropped by the allowlist (fingerprint or value).
    pub suppressed: usize,
    pub skipped: Vec<Skipped>,
}

impl Report {
    pub(crate) fn new(origin: &str, kind: InputKind, bytes: usize) -> Self {
        Report {
            origin: origin.to_owned(),
            kind,
            bytes,
            scanned_bytes: 0,
            findings: Vec::new(),
            suppressed: 0,
            skipped: Vec::new(),
        }
    }

    /// True when something that may hold a secret was not scanned, so the input cannot be
    /// called clean. Binary media does not count.
    pub fn is_incomplete(&self) -> bool {
        self.skipped.iter().any(|s| s.incomplete)
    }
}

/// Something that was not (fully) scanned, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    /// The origin (file or URL) the entry is about.
    pub file: String,
    /// Machine-readable reason code.
    pub code: &'static str,
    /// Human-readable reason.
    pub reason: String,
    /// True when the skip means a secret could have been missed.
    pub incomplete: bool,
}

/// Why something was skipped.
#[derive(Debug, Clone)]
pub enum SkipReason {
    /// Images, fonts, media and archives are not text.
    Binary,
    /// The config's `allow.paths` names it.
    AllowlistedPath,
    /// Larger than the configured limit.
    TooLarge { bytes: usize, limit: usize },
    /// Scanned, but part of it only as raw text: it did not lex, a value was too large to
    /// decode, a source map was broken. Not incomplete: the raw pass covered every byte.
    Degraded { code: &'static str, reason: String },
}

impl Skipped {
    pub fn new(file: &str, reason: SkipReason) -> Self {
        let (code, reason, incomplete) = match reason {
            SkipReason::Binary => ("binary", "binary asset (image, font, media or archive): not scanned".to_owned(), false),
            SkipReason::AllowlistedPath => (
                "allowlisted",
                "allowlisted by a path glob in the config: not scanned".to_owned(),
                false,
            ),
            SkipReason::TooLarge { bytes, limit } => (
                "too-large",
                format!("{bytes} bytes is over the {limit}-byte limit (raise max_input_bytes to scan it)"),
                true,
            ),
            SkipReason::Degraded { code, reason } => (code, reason, false),
        };
        Skipped {
            file: file.to_owned(),
            code,
            reason,
            incomplete,
        }
    }
}
