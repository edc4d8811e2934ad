//! The literal keyword prefilter: one Aho-Corasick pass over the input finds every keyword
//! of every rule; each hit opens a byte window in which only that keyword's rules run.
//! This keeps the whole scan linear and lets the regexes see a tiny share of the input.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::collections::HashMap;

use crate::config::ConfigError;
use crate::rules::CompiledRule;

#[derive(Debug)]
pub(crate) struct Prefilter {
    automaton: AhoCorasick,
    /// For each keyword pattern: the rules that listed it.
    rules_by_keyword: Vec<Vec<usize>>,
}

impl Prefilter {
    pub fn new(rules: &[CompiledRule]) -> Result<Prefilter, ConfigError> {
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
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            // Overlapping search is needed because keywords nest (`sk-` inside `sk-proj-`).
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&keywords)
            .map_err(|e| {
                ConfigError::new(None, format!("keyword prefilter does not build: {e}"))
            })?;
        Ok(Prefilter {
            automaton,
            rules_by_keyword,
        })
    }

    /// For each rule, the merged, sorted byte windows the rule's regex must look at.
    pub fn windows(&self, rules: &[CompiledRule], bytes: &[u8]) -> Vec<Vec<(usize, usize)>> {
        let mut windows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); rules.len()];
        for hit in self.automaton.find_overlapping_iter(bytes) {
            for &rule_index in &self.rules_by_keyword[hit.pattern().as_usize()] {
                let rule = &rules[rule_index];
                let start = hit.start().saturating_sub(rule.lookbehind);
                let end = hit.end().saturating_add(rule.lookahead).min(bytes.len());
                let list = &mut windows[rule_index];
                // Hits arrive in order of their end, so merging with the last window suffices.
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
