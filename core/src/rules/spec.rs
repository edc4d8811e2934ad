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
    /// With `assignment`, they default to its names.
    #[serde(default)]
    pub keywords: Vec<String>,
    /// Regex (Rust `regex` syntax, run over bytes). The capture named `secret`,
    /// or else capture group 1, is the secret. Leave it out when `assignment` is given.
    #[serde(default)]
    pub pattern: String,
    /// A context-anchored rule: the value must be assigned to an identifier that names
    /// the provider (`mapbox_token = "…"`, `<mapboxToken>…</mapboxToken>`, …). The pattern
    /// is composed from it by [`RuleSpec::resolve_assignment`]; give this or `pattern`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignment: Option<Assignment>,
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

/// The parts of a context-anchored rule (see [`assignment_pattern`]).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Assignment {
    /// Provider names, one of which the identifier must contain (ASCII case-insensitive;
    /// `_` stands for an optional `_`, `-` or `.`, so `new_relic` also matches `newRelic`).
    /// They become the rule's keywords when it lists none.
    pub names: Vec<String>,
    /// Credential words, one of which must follow the name in the same identifier (same
    /// spelling rules as names). Default: [`DEFAULT_CREDENTIAL_WORDS`]. An empty list
    /// means the name alone is enough (for value shapes that say what they are).
    #[serde(default)]
    pub words: Option<Vec<String>>,
    /// How many identifier bytes may follow the name (or word) before the operator:
    /// `_TOKEN`, `Secret_v2`. Default 16; 0 makes the name end the identifier.
    #[serde(default)]
    pub tail: Option<usize>,
    /// Where the value may appear without quotes: `anywhere` (default), `after-equals`
    /// (only after `=`, `:=`, `?=` or an XML tag, as in `.env`, Makefiles and XML: after
    /// `:` or `,` a bare word is code, e.g. `{token: someVariable}`), or `never`.
    #[serde(default)]
    pub unquoted: Option<String>,
    /// Regex for the value itself (becomes the `secret` capture).
    pub value: String,
}

/// Words that make an identifier credential-like after a provider name.
pub const DEFAULT_CREDENTIAL_WORDS: &[&str] = &[
    "token",
    "key",
    "secret",
    "pass",
    "pwd",
    "auth",
    "credential",
];

/// Bytes a match may start before a name (the rest of the identifier, e.g. `VITE_`), and
/// the default window after it: identifier, operator, line break and a value.
pub const ASSIGNMENT_LOOKBEHIND: usize = 32;
pub const ASSIGNMENT_LOOKAHEAD: usize = 320;

/// Composes the one shared assignment-context regex around a value.
///
/// ```text
/// VITE_MAPBOX_ACCESS_TOKEN = "…"     mapboxToken := `…`     $mapboxToken .= "…"
/// "mapbox_token": "…"                mapbox_TOKEN ?= "…"    var mapboxToken string = "…"
/// <mapboxToken>\n  …\n</mapboxToken>  System.setProperty("MAPBOX_TOKEN", "…")
/// ```
///
/// Shape: the rest of the identifier before the name (so `deny_in_match` sees `csrfToken`
/// whole), a name, up to 24 identifier bytes, a credential word, up to `tail` (16) more,
/// an optional closing quote (maybe escaped), an optional type annotation (Go `string`,
/// TS `: string`), an operator (`=` `:` `:=` `::=` `:::=` `?=` `.=` `+=` `||=` `=>` `==`
/// `,` or the `>` of an XML tag), blanks (and one line break after an XML tag), an optional
/// opening quote, the value, and a delimiter (quote, blank, `;` `,` `)` `}` `]` `<` `&`
/// `|` `\`) or the end. There is no look-around, so it stays linear in the `regex` crate,
/// and every repetition is bounded except the identifier's start, which the rule's
/// lookbehind window bounds.
pub fn assignment_pattern(assignment: &Assignment) -> Result<String, String> {
    if assignment.names.is_empty() {
        return Err("assignment needs at least one name".into());
    }
    let names = alternation(&assignment.names)?;
    let words = match &assignment.words {
        None => alternation(DEFAULT_CREDENTIAL_WORDS)?,
        Some(words) if words.is_empty() => String::new(),
        Some(words) => alternation(words)?,
    };
    let word_part = if words.is_empty() {
        String::new()
    } else {
        format!("[A-Za-z0-9_.-]{{0,24}}?(?i:{words})")
    };
    // An operator and the blanks after it. Only an XML tag may be followed by a line break
    // (`<tag>\n    value`): after `=` or `:` a value on the next line is another setting.
    const ANY_OPERATOR: &str =
        r"(?:(?::{1,3}=?|={1,3}>?|[?.+|]{1,2}=|,)[ \t]{0,4}|>[ \t]{0,4}(?:\r?\n[ \t]{0,16})?)";
    const EQUALS_OPERATOR: &str = r"(?:(?::{0,3}=|\?=)[ \t]{0,4}|>[ \t]{0,4}(?:\r?\n[ \t]{0,16})?)";
    const QUOTE: &str = r#"\\{0,3}["'`]"#;
    let operator_and_quote = match assignment.unquoted.as_deref() {
        None | Some("anywhere") => format!("{ANY_OPERATOR}(?:{QUOTE})?"),
        Some("after-equals") => {
            format!("(?:{ANY_OPERATOR}{QUOTE}|{EQUALS_OPERATOR}(?:{QUOTE})?)")
        }
        Some("never") => format!("{ANY_OPERATOR}{QUOTE}"),
        Some(other) => {
            return Err(format!(
                "unknown `unquoted` value `{other}` (anywhere, after-equals, never)"
            ))
        }
    };
    Ok(format!(
        concat!(
            // The rest of the identifier, the name, the credential word and the tail. The
            // identifier's start is `*`, not `{{0,32}}`: the search never starts more than
            // the rule's lookbehind before the keyword, so the window bounds it, and a counted
            // repetition in front of the name made the lazy DFA four times slower.
            r"[A-Za-z0-9_$.-]*(?i:{names}){word_part}[A-Za-z0-9_.-]{{0,{tail}}}",
            // A closing quote of the key, then a type annotation (Go `string`, TS `: string`).
            r#"(?:\\{{0,3}}["'`])?"#,
            r"(?:[ \t]{{0,2}}:?[ \t]{{1,3}}[A-Za-z][A-Za-z0-9_]{{0,15}})?",
            r"[ \t]{{0,4}}{operator_and_quote}",
            r"(?P<secret>(?:{value}))",
            r#"(?:[`'"\s;,)}}\]<&|\\]|$)"#,
        ),
        names = names,
        word_part = word_part,
        tail = assignment.tail.unwrap_or(16),
        operator_and_quote = operator_and_quote,
        value = assignment.value,
    ))
}

/// `a|b|c` from names or words: regex metacharacters escaped, `_` as an optional
/// separator.
fn alternation<S: AsRef<str>>(items: &[S]) -> Result<String, String> {
    let mut parts = Vec::with_capacity(items.len());
    for item in items {
        let item = item.as_ref();
        if item.len() < 2
            || !item
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.')
        {
            return Err(format!(
                "assignment name or word `{item}` must be at least 2 letters, digits, `_`, `-` or `.`"
            ));
        }
        let mut part = String::new();
        for ch in item.chars() {
            match ch {
                '_' => part.push_str("[_.-]?"),
                '.' | '-' => {
                    part.push('\\');
                    part.push(ch);
                }
                _ => part.push(ch),
            }
        }
        parts.push(part);
    }
    Ok(parts.join("|"))
}

impl RuleSpec {
    /// Turns an `assignment` into the `pattern` it stands for, fills the keywords from
    /// its names when none are given, and sets the assignment window defaults. A rule
    /// without `assignment` is left as it is. Errors when both or neither are given.
    pub fn resolve_assignment(&mut self) -> Result<(), String> {
        let Some(assignment) = self.assignment.take() else {
            if self.pattern.is_empty() {
                return Err("needs a `pattern` or an `assignment`".into());
            }
            return Ok(());
        };
        if !self.pattern.is_empty() {
            return Err("give `pattern` or `assignment`, not both".into());
        }
        self.pattern = assignment_pattern(&assignment)?;
        if self.keywords.is_empty() {
            // A keyword is a literal, so it cannot span an optional separator: take the
            // longest `_`-free piece of each name (`new_relic` → `relic`).
            for name in &assignment.names {
                let piece = name.split('_').max_by_key(|p| p.len()).unwrap_or(name);
                let piece = piece.to_ascii_lowercase();
                if !self.keywords.contains(&piece) {
                    self.keywords.push(piece);
                }
            }
        }
        self.lookbehind.get_or_insert(ASSIGNMENT_LOOKBEHIND);
        self.lookahead.get_or_insert(ASSIGNMENT_LOOKAHEAD);
        Ok(())
    }
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
    /// What to do with a value that looks written by a person (`12345678`, `QQQQQQQQ`).
    #[serde(default)]
    pub placeholders: PlaceholderPolicy,
}

/// Whether a placeholder-looking value is dropped or reported for review.
///
/// A provider's own token shape (`xoxa-2-511111111-…`, a UUID after `SNYK_TOKEN=`) holding
/// a sequence like `12345678` is nearly always a documentation example, but it sits where a
/// real key would, so it is reported as `review`/low (it never fails a build). Rules without
/// a provider's shape (a credential-like name next to any random-looking value) would drown
/// a bundle in examples, so they drop placeholders (`reject`). Values that are mostly one
/// character (`xxxx…`, `0000…`) are redactions and templates and are always dropped.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceholderPolicy {
    #[default]
    Review,
    Reject,
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
    /// Placeholders in the rule's own shape: reported by this rule as `review`/low, never as
    /// its verdict (see `PlaceholderPolicy`).
    #[serde(default)]
    pub placeholder: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegativeExample {
    pub text: String,
    pub why: String,
}
