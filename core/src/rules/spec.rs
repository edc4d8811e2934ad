//! The rule file format: what a person writes in `core/rules/*.toml`.
//!
//! This file is shared with `build.rs` (through `#[path]`), so it may only depend on serde.

use serde::{Deserialize, Serialize};

/// One rule file: a provider family. (Only build.rs constructs it.)
#[allow(dead_code, reason = "constructed by build.rs, which shares this file")]
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    pub rules: Vec<RuleSpec>,
}

/// One detection rule, exactly as written in a rule file or a user config.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Stable slug: `provider.kind-of-key`, e.g. `openai.project-key`.
    pub id: String,
    /// Who issues the credential, e.g. `OpenAI`.
    pub provider: String,
    /// One line naming the credential.
    pub title: String,
    /// `critical | high | medium | low | info`.
    pub severity: String,
    /// `secret | publishable | review`.
    pub verdict: String,
    /// Why the verdict is what it is, in one line (shown with the finding).
    #[serde(default)]
    pub verdict_reason: Option<String>,
    /// Literal strings (matched ASCII-case-insensitively) that must occur near a match.
    pub keywords: Vec<String>,
    /// Regex (Rust `regex` syntax, run over bytes). The capture named `secret`,
    /// or else capture group 1, is the secret.
    pub pattern: String,
    /// How far before a keyword hit a match may start (bytes). Default 64.
    #[serde(default)]
    pub lookbehind: Option<usize>,
    /// How far after a keyword hit a match may end (bytes). Default 512.
    #[serde(default)]
    pub lookahead: Option<usize>,
    /// Overlapping findings keep the rule with the highest priority. Default 0;
    /// generic rules use negative values so provider rules win.
    #[serde(default)]
    pub priority: i32,
    #[serde(default)]
    pub checks: Checks,
    /// What the credential unlocks and why it must not ship.
    pub description: String,
    /// What to do about it.
    pub remediation: String,
    #[serde(default)]
    pub references: Vec<String>,
    #[serde(default)]
    pub examples: Examples,
}

/// Optional checks a match must pass after the regex.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// Minimum Shannon entropy (bits per byte) of the secret.
    #[serde(default)]
    pub min_entropy: Option<f64>,
    /// Offline checksum: `github-crc32` (the last 6 base62 chars are a CRC32 of the rest).
    #[serde(default)]
    pub checksum: Option<String>,
    /// The secret must be a JWT whose payload has these claims. Each value lists
    /// accepted values; `"*"` accepts any value as long as the claim is present.
    #[serde(default)]
    pub jwt_claims: Option<std::collections::BTreeMap<String, Vec<String>>>,
    /// The secret must not contain any of these substrings (case-insensitive), e.g. placeholders.
    #[serde(default)]
    pub deny_substrings: Vec<String>,
    /// The whole match (the name around the value too) must not contain any of these
    /// (case-insensitive): lets context rules skip `csrfToken`, `nonce`, `integrity`.
    #[serde(default)]
    pub deny_in_match: Vec<String>,
    /// Minimum number of ASCII digits in the secret: random keys have them, identifiers
    /// and words rarely do.
    #[serde(default)]
    pub min_digits: Option<usize>,
    /// Value shapes that are never credentials for this rule: `uuid` (8-4-4-4-12 hex) and
    /// `hex` (only hex digits: hashes, ids, colours).
    #[serde(default)]
    pub deny_shapes: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    /// Texts that must produce a finding of this rule.
    #[serde(default)]
    pub positive: Vec<String>,
    /// Texts that must not, each with the reason.
    #[serde(default)]
    pub negative: Vec<NegativeExample>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegativeExample {
    pub text: String,
    pub why: String,
}
