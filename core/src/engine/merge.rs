//! One secret, one finding, across passes: the raw pass, decoded values and embedded
//! sources can each find the same secret. Hits whose ranges overlap are one secret: the
//! same rule and value keep the best location (an original source position, then a
//! verbatim match, then the tighter range); different rules keep the most specific one,
//! ranked as within a pass (`dedup.rs`).

use super::Hit;
use crate::rules::CompiledRule;

pub(crate) fn merge(mut hits: Vec<Hit>, rules: &[CompiledRule]) -> Vec<Hit> {
    hits.sort_by_key(|h| (h.start, h.end, h.rule));
    let location_rank = |h: &Hit| {
        (
            h.source.is_some(),
            h.steps.is_empty(),
            usize::MAX - (h.end - h.start),
        )
    };
    let rule_rank = |h: &Hit| {
        let rule = &rules[h.rule];
        (
            rule.priority,
            h.downgrade.is_none(),
            rule.info.severity,
            h.secret.len(),
        )
    };
    let mut kept: Vec<Hit> = Vec::with_capacity(hits.len());
    for hit in hits {
        match kept.last_mut() {
            Some(last) if hit.start < last.end => {
                let better = if hit.rule == last.rule && hit.secret == last.secret {
                    location_rank(&hit) > location_rank(last)
                } else {
                    rule_rank(&hit) > rule_rank(last)
                };
                if better {
                    *last = hit;
                }
            }
            _ => kept.push(hit),
        }
    }
    kept
}
