//! One finding: which rule, how bad, where, and the secret only in redacted form.

use serde::{Deserialize, Serialize};

/// How bad an exposure is. Ordered: `Info < Low < Medium < High < Critical`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
    Critical,
}

/// Whether a credential may ship to a browser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Must never ship.
    Secret,
    /// Designed to be public (Stripe `pk_live_`, Supabase anon key, Firebase web config).
    Publishable,
    /// Public only if configured right (e.g. Google `AIza…` keys): a person must check.
    Review,
}

/// Where a finding is. Lines and columns are 1-based; `column` counts Unicode scalar
/// values, `column_utf16` counts UTF-16 code units (what JS strings and editors use).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Byte offset of the secret's first byte.
    pub start: usize,
    /// Byte offset just past the secret.
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub column_utf16: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub end_column_utf16: usize,
}

/// One detected credential. Holds no raw secret.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub rule_id: String,
    pub provider: String,
    pub title: String,
    pub severity: Severity,
    pub verdict: Verdict,
    /// One line saying why the verdict is what it is.
    pub verdict_reason: String,
    pub location: Location,
    /// A short prefix and suffix of the secret, e.g. `sk-proj-…9xQa`.
    pub redacted: String,
    /// Stable across rebuilds (depends on rule and value only); use it in allowlists.
    pub fingerprint: String,
    /// What the credential unlocks.
    pub description: String,
    pub remediation: String,
}
