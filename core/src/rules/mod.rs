//! Rules: the built-in catalogue (compiled in from `core/rules/*.toml`) and user rules,
//! validated and compiled into what the engine runs.

pub mod spec;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, OnceLock};

use regex::bytes::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::config::{Config, ConfigError};
use crate::report::finding::{Severity, Verdict};
use spec::RuleSpec;

/// Compiled regexes are capped so a rule cannot blow up memory or compile time.
const REGEX_SIZE_LIMIT: usize = 1 << 20;
const DEFAULT_LOOKBEHIND: usize = 64;
const DEFAULT_LOOKAHEAD: usize = 512;
/// The family of rules that come from the caller's configuration.
const USER_FAMILY: &str = "user";

/// What callers may know about a rule (everything but the pattern and examples).
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub id: String,
    /// The rule file it came from (`openai`, `aws`, …), or `user` for config rules.
    pub family: String,
    pub provider: String,
    pub title: String,
    pub severity: Severity,
    pub verdict: Verdict,
    pub verdict_reason: Option<String>,
    pub description: String,
    pub remediation: String,
    pub references: Vec<String>,
}

/// A rule ready to run.
///
/// Built-in regexes are compiled on the rule's first keyword hit, not up front: compiling
/// all ~380 took 0.35–0.45 s of the engine's start-up, while a typical bundle hits the
/// keywords of a few dozen rules (measured: 59 of 382 on a 2 MB React app; start-up fell
/// from ~380 ms to ~120 ms). CI compiles every built-in rule (`rule_examples`), so the
/// lazy compile cannot fail in a release; user rules are compiled up front because their
/// errors must surface as `ConfigError`s.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub info: RuleInfo,
    pub keywords: Vec<String>,
    pattern: String,
    /// Shared by every rule with the same pattern (13 JWT rules use two), so a pattern
    /// compiles once: the big counted repeats of the JWT patterns were most of a cold
    /// engine's first scan.
    matcher: Arc<OnceLock<Option<Matcher>>>,
    pub lookbehind: usize,
    pub lookahead: usize,
    pub priority: i32,
    pub checks: spec::Checks,
}

/// A rule's compiled regex and the capture group that holds the secret.
#[derive(Debug)]
pub(crate) struct Matcher {
    pub regex: Regex,
    pub secret_group: usize,
}

impl CompiledRule {
    /// The rule's regex, compiled on first use. `None` only if a built-in pattern does not
    /// compile, which the catalogue tests rule out.
    pub fn matcher(&self) -> Option<&Matcher> {
        self.matcher
            .get_or_init(|| build_matcher(&self.pattern).ok())
            .as_ref()
    }
}

/// Compiles a rule pattern under the size limits and finds its secret group.
fn build_matcher(pattern: &str) -> Result<Matcher, String> {
    let regex = RegexBuilder::new(pattern)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map_err(|e| format!("pattern does not compile: {e}"))?;
    let secret_group = match regex
        .capture_names()
        .position(|name| name == Some("secret"))
    {
        Some(index) => index,
        None if regex.captures_len() > 1 => 1,
        None => {
            return Err(
                "pattern needs a capture group (named `secret`, or group 1) for the secret".into(),
            )
        }
    };
    Ok(Matcher {
        regex,
        secret_group,
    })
}

#[derive(Deserialize)]
struct BuiltinEntry {
    family: String,
    rule: RuleSpec,
}

static BUILTIN_RULES_JSON: &str = include_str!(concat!(env!("OUT_DIR"), "/builtin_rules.json"));

/// The built-in rule specs with their family, in file order.
pub(crate) fn builtin_specs() -> Vec<(String, RuleSpec)> {
    // build.rs produced this JSON from files it already parsed with the same types.
    let entries: Vec<BuiltinEntry> = serde_json::from_str(BUILTIN_RULES_JSON).unwrap_or_default();
    entries.into_iter().map(|e| (e.family, e.rule)).collect()
}

/// Built-in rules minus disabled ones, plus user rules; every one validated and compiled.
pub(crate) fn compile_all(config: &Config) -> Result<Vec<CompiledRule>, ConfigError> {
    let disabled: HashSet<&str> = config.disable_rules.iter().map(String::as_str).collect();
    let builtin = builtin_specs();
    let known: HashSet<&str> = builtin
        .iter()
        .map(|(_, r)| r.id.as_str())
        .chain(config.rules.iter().map(|r| r.id.as_str()))
        .collect();
    if let Some(unknown) = disabled.iter().find(|id| !known.contains(**id)) {
        return Err(ConfigError::new(
            Some(unknown),
            "cannot disable a rule that does not exist",
        ));
    }
    let mut seen = HashSet::new();
    let mut compiled = Vec::new();
    let mut matchers = HashMap::new();
    let all = builtin
        .iter()
        .map(|(family, spec)| (family.as_str(), spec))
        .chain(config.rules.iter().map(|spec| (USER_FAMILY, spec)));
    for (family, spec) in all {
        if !seen.insert(spec.id.clone()) {
            return Err(ConfigError::new(Some(&spec.id), "duplicate rule id"));
        }
        if disabled.contains(spec.id.as_str()) {
            continue;
        }
        compiled.push(compile(family, spec, &mut matchers)?);
    }
    Ok(compiled)
}

/// The compiled (or to-be-compiled) regex of each distinct pattern.
type SharedMatchers = HashMap<String, Arc<OnceLock<Option<Matcher>>>>;

fn compile(
    family: &str,
    spec: &RuleSpec,
    matchers: &mut SharedMatchers,
) -> Result<CompiledRule, ConfigError> {
    let err = |msg: String| ConfigError::new(Some(&spec.id), msg);
    // Built-in rules arrive resolved by build.rs; user rules may still carry an assignment.
    let resolved;
    let spec = if spec.assignment.is_some() || spec.pattern.is_empty() {
        let mut copy = spec.clone();
        copy.resolve_assignment().map_err(err)?;
        resolved = copy;
        &resolved
    } else {
        spec
    };
    if !is_slug(&spec.id) {
        return Err(err(
            "id must be a lowercase slug like `provider.kind-of-key`".into(),
        ));
    }
    let severity: Severity = parse_enum(&spec.severity)
        .ok_or_else(|| err(format!("unknown severity `{}`", spec.severity)))?;
    let verdict: Verdict = parse_enum(&spec.verdict)
        .ok_or_else(|| err(format!("unknown verdict `{}`", spec.verdict)))?;
    if spec.keywords.is_empty() || spec.keywords.iter().any(|k| k.len() < 3) {
        return Err(err(
            "needs at least one keyword, each at least 3 bytes (keywords drive the prefilter)"
                .into(),
        ));
    }
    // Built-in patterns compile on first use (see `CompiledRule`); user patterns now, so a
    // bad one is a configuration error.
    let matcher = matchers.entry(spec.pattern.clone()).or_default().clone();
    if family == USER_FAMILY && matcher.get().is_none() {
        let built = build_matcher(&spec.pattern).map_err(err)?;
        let _ = matcher.set(Some(built));
    }
    if let Some(shape) = spec
        .checks
        .deny_shapes
        .iter()
        .find(|s| !crate::inspect::shape::is_known(s))
    {
        return Err(err(format!(
            "unknown deny_shapes entry `{shape}` (known: uuid, hex)"
        )));
    }
    if let Some(kind) = &spec.checks.checksum {
        if kind != "github-crc32" {
            return Err(err(format!("unknown checksum `{kind}`")));
        }
    }
    Ok(CompiledRule {
        info: RuleInfo {
            id: spec.id.clone(),
            family: family.to_owned(),
            provider: spec.provider.clone(),
            title: spec.title.clone(),
            severity,
            verdict,
            verdict_reason: spec.verdict_reason.clone(),
            description: spec.description.clone(),
            remediation: spec.remediation.clone(),
            references: spec.references.clone(),
        },
        keywords: spec
            .keywords
            .iter()
            .map(|k| k.to_ascii_lowercase())
            .collect(),
        pattern: spec.pattern.clone(),
        matcher,
        lookbehind: spec.lookbehind.unwrap_or(DEFAULT_LOOKBEHIND),
        lookahead: spec.lookahead.unwrap_or(DEFAULT_LOOKAHEAD),
        priority: spec.priority,
        checks: spec::Checks {
            deny_substrings: spec
                .checks
                .deny_substrings
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            deny_in_match: spec
                .checks
                .deny_in_match
                .iter()
                .map(|s| s.to_ascii_lowercase())
                .collect(),
            ..spec.checks.clone()
        },
    })
}

fn parse_enum<T: for<'de> Deserialize<'de>>(text: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).ok()
}

fn is_slug(id: &str) -> bool {
    let mut parts = id.split('.');
    let ok_part = |p: &str| {
        !p.is_empty()
            && p.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    matches!((parts.next(), parts.next(), parts.next()), (Some(a), Some(b), None) if ok_part(a) && ok_part(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_pattern_compiles_with_a_secret_group() {
        // Built-in regexes compile lazily in a scan; this is where a bad one must fail.
        let rules = compile_all(&Config::default()).expect("built-in rules validate");
        let broken: Vec<String> = rules
            .iter()
            .filter(|rule| rule.info.family != USER_FAMILY)
            .filter_map(|rule| {
                build_matcher(&rule.pattern)
                    .err()
                    .map(|e| format!("{}: {e}", rule.info.id))
            })
            .collect();
        assert!(broken.is_empty(), "{broken:#?}");
        assert!(rules.iter().all(|rule| rule.matcher().is_some()));
    }

    #[test]
    fn rules_with_one_pattern_share_one_compiled_regex() {
        let rules = compile_all(&Config::default()).expect("built-in rules validate");
        let jwt: Vec<&CompiledRule> = rules
            .iter()
            .filter(|rule| rule.keywords.iter().any(|k| k.eq_ignore_ascii_case("eyJ")))
            .collect();
        let distinct: HashSet<&str> = jwt.iter().map(|rule| rule.pattern.as_str()).collect();
        assert!(jwt.len() > distinct.len(), "some rules share a pattern");
        for a in &jwt {
            for b in &jwt {
                assert_eq!(Arc::ptr_eq(&a.matcher, &b.matcher), a.pattern == b.pattern);
            }
        }
        // Compiling through one rule compiles it for all that share the pattern.
        let first = jwt[0];
        assert!(first.matcher().is_some());
        let twin = jwt
            .iter()
            .find(|rule| rule.pattern == first.pattern && rule.info.id != first.info.id);
        assert!(twin.is_some_and(|rule| rule.matcher.get().is_some()));
    }

    #[test]
    fn a_user_pattern_is_compiled_up_front_so_its_error_is_a_config_error() {
        let mut config = Config::default();
        let (_, mut spec) = builtin_specs().remove(0);
        spec.id = "user.bad-pattern".into();
        spec.pattern = "(?P<secret>[a-z]{4,".into();
        spec.assignment = None;
        config.rules.push(spec);
        let error = compile_all(&config).expect_err("a bad user pattern is an error");
        assert!(error.to_string().contains("user.bad-pattern"), "{error}");
    }
}
