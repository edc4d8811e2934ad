//! The matching engine: keyword prefilter → per-rule regex in small windows → checks →
//! dedup → findings.

mod dedup;
mod prefilter;

use crate::allow::AllowRules;
use crate::config::ConfigError;
use crate::inspect::{self, Outcome};
use crate::report::finding::{Finding, Severity, Verdict};
use crate::report::{fingerprint, location, redact::Secret};
use crate::rules::CompiledRule;
use prefilter::Prefilter;

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
    pub fn new(rules: Vec<CompiledRule>) -> Result<Engine, ConfigError> {
        let prefilter = Prefilter::new(&rules)?;
        Ok(Engine { rules, prefilter })
    }

    pub fn rules(&self) -> impl Iterator<Item = &CompiledRule> {
        self.rules.iter()
    }

    /// Scans bytes as raw text (any encoding, any content). Returns the findings and how
    /// many were suppressed by the allowlist.
    pub fn scan_raw(&self, bytes: &[u8], allow: &AllowRules) -> (Vec<Finding>, usize) {
        let windows = self.prefilter.windows(&self.rules, bytes);
        let mut candidates = Vec::new();
        for (rule_index, rule_windows) in windows.iter().enumerate() {
            let rule = &self.rules[rule_index];
            for &(start, end) in rule_windows {
                self.match_window(rule_index, rule, bytes, start, end, &mut candidates);
            }
        }
        let kept = dedup::resolve(candidates, &self.rules);
        let before = kept.len();
        let findings = self.to_findings(bytes, &kept, allow);
        let suppressed = before - findings.len();
        (findings, suppressed)
    }

    fn match_window(
        &self,
        rule_index: usize,
        rule: &CompiledRule,
        bytes: &[u8],
        start: usize,
        end: usize,
        out: &mut Vec<Candidate>,
    ) {
        let window = &bytes[start..end];
        for caps in rule.regex.captures_iter(window) {
            let whole = caps.get(0).map_or(&[][..], |m| m.as_bytes());
            let Some(secret) = caps.get(rule.secret_group) else {
                continue;
            };
            if secret.is_empty() {
                continue;
            }
            let downgrade = match inspect::run(&rule.checks, secret.as_bytes(), whole) {
                Outcome::Accept => None,
                Outcome::Downgrade(reason) => Some(reason),
                Outcome::Reject => continue,
            };
            out.push(Candidate {
                rule: rule_index,
                start: start + secret.start(),
                end: start + secret.end(),
                downgrade,
            });
        }
    }

    fn to_findings(&self, bytes: &[u8], kept: &[Candidate], allow: &AllowRules) -> Vec<Finding> {
        let ranges: Vec<(usize, usize)> = kept.iter().map(|c| (c.start, c.end)).collect();
        let locations = location::locate(bytes, &ranges);
        kept.iter()
            .zip(locations)
            .filter_map(|(candidate, location)| {
                let info = &self.rules[candidate.rule].info;
                let secret = Secret::new(&bytes[candidate.start..candidate.end]);
                if allow.allows_value(&secret) {
                    return None;
                }
                let fingerprint = fingerprint::fingerprint(&info.id, &secret);
                if allow.allows_fingerprint(&fingerprint) {
                    return None;
                }
                let (severity, verdict, verdict_reason) = match candidate.downgrade {
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
                })
            })
            .collect()
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
