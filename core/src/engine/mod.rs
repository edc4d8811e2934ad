//! The matching engine: keyword prefilter → per-rule regex in small windows → checks →
//! dedup → (merge of passes) → findings.

mod dedup;
mod keyword_filter;
mod merge;
mod prefilter;

use crate::allow::AllowRules;
use crate::extract::Steps;
use crate::inspect::{self, Outcome};
use crate::report::finding::SourceLocation;
use crate::report::finding::{Finding, Severity, Verdict};
use crate::report::{fingerprint, location, redact::Secret};
use crate::rules::CompiledRule;
use prefilter::Prefilter;

/// A secret found in one pass, in the input's coordinates, with the bytes it decodes to
/// (which may differ from `input[start..end]` when it was escaped, split or encoded).
#[derive(Clone)]
pub(crate) struct Hit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub downgrade: Option<&'static str>,
    pub secret: Vec<u8>,
    pub steps: Steps,
    pub source: Option<SourceLocation>,
    pub note: Option<&'static str>,
}

impl std::fmt::Debug for Hit {
    // Written out so the raw secret never reaches a log: it prints redacted.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hit")
            .field("rule", &self.rule)
            .field("range", &(self.start..self.end))
            .field("secret", &Secret::new(&self.secret))
            .field("steps", &self.steps)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

/// A regex match that passed its rule's checks, before dedup.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
    pub downgrade: Option<&'static str>,
}

#[derive(Debug)]
pub(crate) struct Engine {
    rules: Vec<CompiledRule>,
    prefilter: Prefilter,
}

impl Engine {
    pub fn new(rules: Vec<CompiledRule>) -> Engine {
        let prefilter = Prefilter::new(&rules);
        Engine { rules, prefilter }
    }

    pub fn rules(&self) -> impl Iterator<Item = &CompiledRule> {
        self.rules.iter()
    }

    /// Scans bytes as raw text (any encoding, any content). Returns the findings and how
    /// many were suppressed by the allowlist.
    pub fn scan_raw(&self, bytes: &[u8], allow: &AllowRules) -> (Vec<Finding>, usize) {
        let hits = self.hits(bytes);
        self.findings(bytes, hits, allow)
    }

    /// Every rule's matches in `bytes`, one per secret (most specific rule wins).
    pub fn hits(&self, bytes: &[u8]) -> Vec<Hit> {
        self.candidates(bytes)
            .into_iter()
            .map(|c| Hit {
                rule: c.rule,
                start: c.start,
                end: c.end,
                downgrade: c.downgrade,
                secret: bytes[c.start..c.end].to_vec(),
                steps: Steps::default(),
                source: None,
                note: None,
            })
            .collect()
    }

    pub fn candidates(&self, bytes: &[u8]) -> Vec<Candidate> {
        let windows = self.prefilter.windows(&self.rules, bytes);
        let mut candidates = Vec::new();
        for (rule_index, rule_windows) in windows.iter().enumerate() {
            if !rule_windows.is_empty() {
                self.match_rule(rule_index, bytes, rule_windows, &mut candidates);
            }
        }
        dedup::resolve(candidates, &self.rules)
    }

    /// Merges hits from several passes over the same input (raw text, decoded values,
    /// embedded sources) so each secret is reported once.
    pub fn merge(&self, hits: Vec<Hit>) -> Vec<Hit> {
        merge::merge(hits, &self.rules)
    }

    /// Runs one rule's regex over its windows of `bytes`.
    fn match_rule(
        &self,
        rule_index: usize,
        bytes: &[u8],
        windows: &[(usize, usize)],
        out: &mut Vec<Candidate>,
    ) {
        let rule = &self.rules[rule_index];
        let Some(matcher) = rule.matcher() else {
            return;
        };
        // One set of capture slots per rule, reused for every window: a fresh `Captures`
        // per search was an allocation per keyword hit.
        let mut slots = matcher.regex.capture_locations();
        for &(start, end) in windows {
            // Search `bytes[..end]` from `start` rather than the sub-slice `bytes[start..end]`:
            // `^`, `\b` and `(?:^|[^…])` guards then see the real byte before the window
            // instead of a fake start of text, so a window never makes a token boundary up.
            // One byte of slack before the window lets a one-character guard match even for
            // rules whose lookbehind is 0.
            let haystack = &bytes[..end];
            let mut at = start.saturating_sub(1);
            while at <= end {
                let Some(whole) = matcher.regex.captures_read_at(&mut slots, haystack, at) else {
                    break;
                };
                at = if whole.end() > whole.start() {
                    whole.end()
                } else {
                    whole.end() + 1
                };
                let Some((secret_start, secret_end)) = slots.get(matcher.secret_group) else {
                    continue;
                };
                if secret_start == secret_end {
                    continue;
                }
                let secret = &haystack[secret_start..secret_end];
                let downgrade = match inspect::run(&rule.checks, secret, whole.as_bytes()) {
                    Outcome::Accept => None,
                    Outcome::Downgrade(reason) => Some(reason),
                    Outcome::Reject => continue,
                };
                out.push(Candidate {
                    rule: rule_index,
                    start: secret_start,
                    end: secret_end,
                    downgrade,
                });
            }
        }
    }

    /// Turns hits in `bytes` into findings: allowlist, fingerprint, location. Returns the
    /// findings and how many the allowlist suppressed.
    pub fn findings(
        &self,
        bytes: &[u8],
        hits: Vec<Hit>,
        allow: &AllowRules,
    ) -> (Vec<Finding>, usize) {
        let ranges: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
        let locations = location::locate(bytes, &ranges);
        let before = hits.len();
        let findings: Vec<Finding> = hits
            .into_iter()
            .zip(locations)
            .filter_map(|(hit, location)| {
                let info = &self.rules[hit.rule].info;
                let secret = Secret::new(&hit.secret);
                if allow.allows_value(&secret) {
                    return None;
                }
                let fingerprint = fingerprint::fingerprint(&info.id, &secret);
                if allow.allows_fingerprint(&fingerprint) {
                    return None;
                }
                let (severity, verdict, verdict_reason) = match hit.downgrade {
                    Some(reason) => (Severity::Low, Verdict::Review, reason.to_owned()),
                    None => (
                        info.severity,
                        info.verdict,
                        info.verdict_reason
                            .clone()
                            .unwrap_or_else(|| default_reason(info.verdict).to_owned()),
                    ),
                };
                Some(Finding {
                    rule_id: info.id.clone(),
                    provider: info.provider.clone(),
                    title: info.title.clone(),
                    severity,
                    verdict,
                    verdict_reason,
                    location,
                    redacted: secret.redacted(),
                    fingerprint,
                    description: info.description.clone(),
                    remediation: info.remediation.clone(),
                    source: hit.source,
                    decoded: hit.steps.list(),
                    note: hit.note.map(str::to_owned),
                })
            })
            .collect();
        let suppressed = before - findings.len();
        (findings, suppressed)
    }
}

fn default_reason(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Secret => "server-side credential: anyone who loads the page can use it",
        Verdict::Publishable => {
            "designed to be public: safe in client code when its restrictions are set"
        }
        Verdict::Review => {
            "public only when the provider's restrictions are configured: check them"
        }
    }
}
