//! Public secret-scanner test vectors (`../shared/conformance/`, beside the checkout):
//! recall on `pos` cases, false alarms on `neg` cases, per upstream rule. The summary is
//! written to `tests/conformance/summary.json` (committed) and the test fails when the
//! numbers get worse than the committed ones, so regressions show in review.
//!
//! A case counts as flagged when the scanner reports any finding in its text; a negative
//! is also counted as a *blocking* false alarm when one of its findings would fail a build
//! with the default settings (the plugin's and CLI's `failOn: "high"`, `policy.js`: any
//! verdict but `publishable`, severity high or above), reported as
//! `blocking_false_alarm_rate`. These are a
//! measure, not a target: no rule may name a string from the vectors.
//!
//! Some negatives are, word for word, positives of another upstream rule (a Cloudflare
//! Origin CA key among the negatives of the global-key rule): no scanner can be right on
//! both. The `consistent` group leaves those negatives out; it is found from the vectors
//! themselves, not from a list.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Value};
use spillproof_core::{Config, Input, Scanner, Severity, Verdict};

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[derive(Default, Clone, Copy)]
struct Tally {
    pos: usize,
    pos_flagged: usize,
    neg: usize,
    neg_flagged: usize,
    neg_blocking: usize,
}

impl Tally {
    fn add(&mut self, positive: bool, flagged: bool, blocking: bool) {
        if positive {
            self.pos += 1;
            self.pos_flagged += usize::from(flagged);
        } else {
            self.neg += 1;
            self.neg_flagged += usize::from(flagged);
            self.neg_blocking += usize::from(blocking);
        }
    }

    fn to_json(self) -> Value {
        json!({
            "pos": self.pos, "pos_flagged": self.pos_flagged, "recall": ratio(self.pos_flagged, self.pos),
            "neg": self.neg, "neg_flagged": self.neg_flagged, "false_alarm_rate": ratio(self.neg_flagged, self.neg),
            "neg_blocking": self.neg_blocking, "blocking_false_alarm_rate": ratio(self.neg_blocking, self.neg),
        })
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        (a as f64 / b as f64 * 10_000.0).round() / 10_000.0
    }
}

#[test]
fn gitleaks_vectors_do_not_regress() {
    let cases_path = repo_root().join("../shared/conformance/gitleaks/cases.jsonl");
    let text = std::fs::read_to_string(&cases_path).unwrap_or_else(|e| {
        panic!(
            "conformance vectors missing at {}: {e}",
            cases_path.display()
        )
    });
    let scanner = Scanner::new(Config::default()).expect("built-in rules compile");

    let (mut all, mut literal, mut generated, mut consistent) = (
        Tally::default(),
        Tally::default(),
        Tally::default(),
        Tally::default(),
    );
    let cases: Vec<Value> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| serde_json::from_str(line).expect("valid JSON line"))
        .collect();
    let positive_texts: std::collections::HashSet<&str> = cases
        .iter()
        .filter(|case| case["label"] == "pos")
        .filter_map(|case| case["text"].as_str())
        .collect();
    let mut contradictory_negatives = 0usize;
    let mut by_rule: BTreeMap<String, Tally> = BTreeMap::new();
    let mut flagged_by: BTreeMap<String, usize> = BTreeMap::new();
    let mut flagged_negatives = Vec::new();
    // Optional: SPILLPROOF_CONFORMANCE_CASES=FILE writes one JSON line per case (id, upstream
    // rule, label, origin, whether it was handled right, the rule ids that fired), for a
    // rule author to study misses. Case texts are not copied: read them from the vectors.
    let mut case_lines = Vec::new();
    for case in &cases {
        let positive = case["label"] == "pos";
        let case_text = case["text"].as_str().unwrap_or_default();
        let report = scanner.scan(&Input::new("case.txt", case_text.as_bytes()));
        let flagged = !report.findings.is_empty();
        let blocking = report
            .findings
            .iter()
            .any(|f| f.verdict != Verdict::Publishable && f.severity >= Severity::High);
        all.add(positive, flagged, blocking);
        if positive || !positive_texts.contains(case_text) {
            consistent.add(positive, flagged, blocking);
        } else {
            contradictory_negatives += 1;
        }
        if case["origin"] == "literal" {
            literal.add(positive, flagged, blocking)
        } else {
            generated.add(positive, flagged, blocking)
        }
        by_rule
            .entry(case["rule"].as_str().unwrap_or_default().to_owned())
            .or_default()
            .add(positive, flagged, blocking);
        let fired: Vec<&str> = report.findings.iter().map(|f| f.rule_id.as_str()).collect();
        case_lines.push(
            json!({ "id": case["id"], "rule": case["rule"], "label": case["label"],
                    "origin": case["origin"], "right": positive == flagged, "findings": fired })
            .to_string(),
        );
        if flagged && !positive {
            let by: Vec<String> = report
                .findings
                .iter()
                .map(|f| format!("{} ({:?})", f.rule_id, f.verdict).to_lowercase())
                .collect();
            flagged_negatives.push(json!({ "id": case["id"], "flagged_by": by }));
        }
        for finding in &report.findings {
            *flagged_by
                .entry(format!(
                    "{}/{}",
                    finding.rule_id,
                    if positive { "pos" } else { "neg" }
                ))
                .or_default() += 1;
        }
    }

    let summary = json!({
        "vectors": "gitleaks/cases.jsonl (see ../shared/conformance/gitleaks/meta.json)",
        "flagged_means": "any finding in the case's text",
        "blocking_means": "a negative with a finding that fails a build by default (not publishable, severity high or above)",
        "all": all.to_json(),
        "literal": literal.to_json(),
        "generated": generated.to_json(),
        "consistent_means": "every case except the negatives whose text is also a positive case",
        "contradictory_negatives": contradictory_negatives,
        "consistent": consistent.to_json(),
        "by_upstream_rule": by_rule.iter().map(|(k, v)| (k.clone(), v.to_json())).collect::<serde_json::Map<_, _>>(),
        "findings_by_spillproof_rule": flagged_by,
        "flagged_negatives": flagged_negatives,
    });

    if let Some(path) = std::env::var_os("SPILLPROOF_CONFORMANCE_CASES") {
        std::fs::write(path, case_lines.join("\n") + "\n").expect("write the cases file");
    }

    let summary_path = repo_root().join("tests/conformance/summary.json");
    let mut regressions = Vec::new();
    if let Ok(previous) = std::fs::read_to_string(&summary_path) {
        let previous: Value = serde_json::from_str(&previous).expect("committed summary is JSON");
        for group in ["all", "literal", "generated", "consistent"] {
            if previous[group].is_null() {
                continue; // a group the committed summary does not have yet
            }
            if summary[group]["pos_flagged"].as_u64() < previous[group]["pos_flagged"].as_u64() {
                regressions.push(format!(
                    "{group}: recall fell from {} to {}",
                    previous[group]["recall"], summary[group]["recall"]
                ));
            }
            if summary[group]["neg_flagged"].as_u64() > previous[group]["neg_flagged"].as_u64() {
                regressions.push(format!(
                    "{group}: false alarms rose from {} to {}",
                    previous[group]["neg_flagged"], summary[group]["neg_flagged"]
                ));
            }
            // Older summaries predate the blocking count: compare only when both have it.
            if let (Some(now), Some(before)) = (
                summary[group]["neg_blocking"].as_u64(),
                previous[group]["neg_blocking"].as_u64(),
            ) {
                if now > before {
                    regressions.push(format!(
                        "{group}: blocking false alarms rose from {before} to {now}"
                    ));
                }
            }
        }
        if let Some(rules) = previous["by_upstream_rule"].as_object() {
            for (rule, before) in rules {
                let now = &summary["by_upstream_rule"][rule];
                if now["pos_flagged"].as_u64() < before["pos_flagged"].as_u64() {
                    regressions.push(format!(
                        "{rule}: {} → {} positives flagged",
                        before["pos_flagged"], now["pos_flagged"]
                    ));
                }
            }
        }
    }
    println!(
        "conformance: recall {} ({} of {}), literal recall {}",
        summary["all"]["recall"], all.pos_flagged, all.pos, summary["literal"]["recall"]
    );
    for (group, tally) in [("all", all), ("consistent", consistent)] {
        println!(
            "conformance: {group} negatives: false alarms {} ({} of {}), blocking {} ({})",
            summary[group]["false_alarm_rate"],
            tally.neg_flagged,
            tally.neg,
            summary[group]["blocking_false_alarm_rate"],
            tally.neg_blocking
        );
    }
    assert!(
        regressions.is_empty(),
        "conformance got worse than the committed summary:\n  {}",
        regressions.join("\n  ")
    );
    // Not worse: record the current numbers so improvements show up in the diff.
    let rendered = serde_json::to_string_pretty(&summary).expect("summary serializes") + "\n";
    std::fs::write(&summary_path, rendered).expect("write conformance summary");
}
