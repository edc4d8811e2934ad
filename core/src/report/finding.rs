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
    /// Where the secret is in the developer's own source: through the input's source map
    /// (inline, or passed with [`crate::Input::with_source_map`]) for a generated file,
    /// or the `sourcesContent` entry it was found in for a `.map` file.
    pub source: Option<SourceLocation>,
    /// How the secret was read when it is not verbatim in the file (`["escapes",
    /// "concatenation"]` for `"\u0073k_li"+"ve_…"`): a set, in a fixed order. Empty when
    /// verbatim.
    pub decoded: Vec<Decoding>,
    /// A caveat about whether or how it ships (e.g. only if the source map is deployed).
    pub note: Option<String>,
}

/// A position in an original source file (1-based; `column` as the source map counts it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceLocation {
    /// The original path as the source map names it (`../../src/lib/admin.ts`).
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// One decoding a secret went through before a rule could see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decoding {
    /// A JSON string (a `JSON.parse` payload, a JSON script, a map's `sourcesContent`).
    Json,
    /// HTML character references (`&#115;`).
    HtmlEntities,
    /// JS string escapes (`\x73`, `\u0073`, `\u{73}`, octal, line continuations).
    Escapes,
    /// Adjacent literals joined (`"a"+"b"`, `["a","b"].join("")`).
    Concatenation,
    /// Base64 (`atob("…")` or a base64-looking literal).
    Base64,
}
