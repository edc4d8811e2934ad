//! The literal keyword prefilter: one pass over the input finds every keyword of every
//! rule (`keyword_filter`); each hit opens a byte window in which only that keyword's rules
//! run. This keeps the whole scan linear and lets the regexes see a tiny share of the input.

use std::collections::HashMap;

use super::keyword_filter::KeywordFilter;

use crate::rules::CompiledRule;

#[derive(Debug)]
pub(crate) struct Prefilter {
    keywords: KeywordFilter,
    /// For each keyword pattern: the rules that listed it.
    rules_by_keyword: Vec<Vec<usize>>,
}

impl Prefilter {
    pub fn new(rules: &[CompiledRule]) -> Prefilter {
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut keywords: Vec<&str> = Vec::new();
        let mut rules_by_keyword: Vec<Vec<usize>> = Vec::new();
        for (rule_index, rule) in rules.iter().enumerate() {
            for keyword in &rule.keywords {
                let slot = *index.entry(keyword.as_str()).or_insert_with(|| {
                    keywords.push(keyword);
                    rules_by_keyword.push(Vec::new());
                    keywords.len() - 1
                });
                if !rules_by_keyword[slot].contains(&rule_index) {
                    rules_by_keyword[slot].push(rule_index);
                }
            }
        }
        // Keywords nest (`sk-` inside `sk-proj-`): the filter reports every one, overlapping.
        let keyword_filter = KeywordFilter::new(&keywords);
        Prefilter {
            keywords: keyword_filter,
            rules_by_keyword,
        }
    }

    /// For each rule, the merged, sorted byte windows the rule's regex must look at.
    pub fn windows(&self, rules: &[CompiledRule], bytes: &[u8]) -> Vec<Vec<(usize, usize)>> {
        let mut windows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rules.len()];
        for hit in self.keywords.find_all(bytes) {
            let hit_end = hit.end(&self.keywords);
            for &rule_index in &self.rules_by_keyword[hit.keyword] {
                let rule = &rules[rule_index];
                let start = hit.start.saturating_sub(rule.lookbehind);
                let end = hit_end.saturating_add(rule.lookahead).min(bytes.len());
                let list = &mut windows[rule_index];
                // Hits arrive in order of their start, and a rule's lookbehind is fixed, so
                // windows start in order too: merging with the last window suffices.
                match list.last_mut() {
                    Some(last) if start <= last.1 => {
                        last.0 = last.0.min(start);
                        last.1 = last.1.max(end);
                    }
                    _ => list.push((start, end)),
                }
            }
        }
        windows
    }
}
