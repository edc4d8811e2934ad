//! One secret, one finding: exact duplicates are dropped, and where matches of different
//! rules overlap (a provider rule and a generic JWT rule on the same token) the most
//! specific rule wins: highest priority, then severity, then the longer match.

use super::Candidate;
use crate::rules::CompiledRule;

pub(crate) fn resolve(mut candidates: Vec<Candidate>, rules: &[CompiledRule]) -> Vec<Candidate> {
    candidates.sort_by_key(|c| (c.start, c.end, c.rule));
    candidates.dedup_by_key(|c| (c.start, c.end, c.rule));

    let rank = |c: &Candidate| {
        let rule = &rules[c.rule];
        (
            rule.priority,
            c.downgrade.is_none(),
            rule.info.severity,
            c.end - c.start,
        )
    };
    let mut kept: Vec<Candidate> = Vec::with_capacity(candidates.len());
    for candidate in candidates {
        match kept.last_mut() {
            Some(last) if candidate.start < last.end => {
                if rank(&candidate) > rank(last) {
                    *last = candidate;
                }
            }
            _ => kept.push(candidate),
        }
    }
    kept
}
