//! Runs every example of every built-in rule and checks catalogue invariants, reporting
//! all failures at once so a rule author sees the whole picture in one run.

use std::collections::HashSet;

use spillproof_core::{Config, Input, Scanner, Severity, Verdict};

fn scanner() -> Scanner {
    Scanner::new(Config::default()).expect("built-in rules compile")
}

#[test]
fn every_rule_example_behaves_as_documented() {
    let scanner = scanner();
    let mut failures = Vec::new();
    for (family, rule) in Scanner::builtin_rule_specs() {
        if rule.examples.positive.is_empty() {
            failures.push(format!("{family}/{}: has no positive example", rule.id));
        }
        if rule.examples.negative.is_empty() {
            failures.push(format!("{family}/{}: has no negative example", rule.id));
        }
        for (i, text) in rule.examples.positive.iter().enumerate() {
            let lower = text.to_ascii_lowercase();
            if !rule
                .keywords
                .iter()
                .any(|k| lower.contains(&k.to_ascii_lowercase()))
            {
                failures.push(format!(
                    "{family}/{}: positive #{i} contains none of the keywords",
                    rule.id
                ));
            }
            let report = scanner.scan(&Input::new("example.txt", text.as_bytes()));
            if !report.findings.iter().any(|f| f.rule_id == rule.id) {
                let others: Vec<&str> =
                    report.findings.iter().map(|f| f.rule_id.as_str()).collect();
                failures.push(format!(
                    "{family}/{}: positive #{i} not detected (other findings: {others:?})",
                    rule.id
                ));
            }
        }
        for (i, text) in rule.examples.placeholder.iter().enumerate() {
            let report = scanner.scan(&Input::new("example.txt", text.as_bytes()));
            let reported_for_review = report.findings.iter().any(|f| {
                f.rule_id == rule.id
                    && f.verdict == Verdict::Review
                    && f.severity == Severity::Low
                    && f.verdict_reason.contains("placeholder")
            });
            let with_its_verdict = report
                .findings
                .iter()
                .any(|f| f.verdict != Verdict::Review && f.verdict != Verdict::Publishable);
            if !reported_for_review || with_its_verdict {
                failures.push(format!(
                    "{family}/{}: placeholder #{i} is not reported as review/low only",
                    rule.id
                ));
            }
        }
        for (i, negative) in rule.examples.negative.iter().enumerate() {
            if negative.why.trim().is_empty() {
                failures.push(format!(
                    "{family}/{}: negative #{i} does not say why",
                    rule.id
                ));
            }
            let report = scanner.scan(&Input::new("example.txt", negative.text.as_bytes()));
            if report.findings.iter().any(|f| f.rule_id == rule.id) {
                failures.push(format!(
                    "{family}/{}: negative #{i} was flagged ({})",
                    rule.id, negative.why
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} rule example failure(s):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn rule_ids_are_unique_and_catalogue_is_large_enough() {
    let specs = Scanner::builtin_rule_specs();
    let mut ids = HashSet::new();
    for (_, rule) in &specs {
        assert!(ids.insert(rule.id.clone()), "duplicate rule id {}", rule.id);
    }
    let providers: HashSet<&str> = specs.iter().map(|(_, r)| r.provider.as_str()).collect();
    assert!(specs.len() >= 60, "only {} rules", specs.len());
    assert!(providers.len() >= 40, "only {} providers", providers.len());
}

#[test]
fn every_rule_id_starts_with_its_family_file() {
    let bad: Vec<String> = Scanner::builtin_rule_specs()
        .into_iter()
        .filter(|(family, rule)| {
            !rule.id.starts_with(&format!("{family}.")) && !rule.id.starts_with(family.as_str())
        })
        .map(|(family, rule)| format!("{} in {family}.toml", rule.id))
        .collect();
    assert!(
        bad.is_empty(),
        "rule ids should start with their family: {bad:?}"
    );
}

#[test]
fn every_rule_has_description_remediation_and_reference() {
    let bad: Vec<String> = Scanner::builtin_rule_specs()
        .into_iter()
        .filter(|(_, r)| {
            r.description.trim().is_empty()
                || r.remediation.trim().is_empty()
                || r.references.is_empty()
        })
        .map(|(_, r)| r.id)
        .collect();
    assert!(
        bad.is_empty(),
        "rules missing description/remediation/references: {bad:?}"
    );
}

fn user_rule(assignment: serde_json::Value, pattern: Option<&str>) -> Config {
    let mut rule = serde_json::json!({
        "id": "acme.api-token",
        "provider": "Acme",
        "title": "Acme API token",
        "severity": "high",
        "verdict": "secret",
        "description": "Calls the Acme API.",
        "remediation": "Rotate it.",
        "assignment": assignment,
    });
    if let Some(pattern) = pattern {
        rule["pattern"] = pattern.into();
    }
    serde_json::from_value(serde_json::json!({ "rules": [rule] })).expect("config shape")
}

#[test]
fn user_rules_can_be_context_anchored_with_the_shared_assignment_syntax() {
    let config = user_rule(
        serde_json::json!({ "names": ["acme"], "value": "[a-z0-9]{24}" }),
        None,
    );
    let scanner = Scanner::new(config).expect("an assignment rule compiles");
    let value = "q7v2k9x4m1z8c5b3n6w0r2t8";
    for text in [
        format!("ACME_API_TOKEN={value}"),
        format!("acmeToken := `{value}`"),
        format!("System.setProperty(\"ACME_TOKEN\", \"{value}\")"),
        format!("<acmeToken>\n    {value}\n</acmeToken>"),
        format!("var acmeToken string = \"{value}\""),
    ] {
        let report = scanner.scan(&Input::new("a.txt", text.as_bytes()));
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.rule_id == "acme.api-token"),
            "not found in {text:?}"
        );
    }
    for text in [
        format!("acmeRegion = \"{value}\""),
        format!("ACME_API_TOKEN={value}extra"),
        format!("token = \"{value}\""),
    ] {
        let report = scanner.scan(&Input::new("a.txt", text.as_bytes()));
        assert!(
            !report
                .findings
                .iter()
                .any(|f| f.rule_id == "acme.api-token"),
            "wrongly found in {text:?}"
        );
    }
}

#[test]
fn a_rule_needs_exactly_one_of_pattern_and_assignment() {
    let both = user_rule(
        serde_json::json!({ "names": ["acme"], "value": "[a-z0-9]{24}" }),
        Some("(?P<secret>acme_[a-z0-9]{24})"),
    );
    let err = Scanner::new(both).expect_err("both given");
    assert_eq!(err.rule_id(), Some("acme.api-token"));
    let bad_option = user_rule(
        serde_json::json!({ "names": ["acme"], "value": "[a-z]{8}", "unquoted": "sometimes" }),
        None,
    );
    assert!(
        Scanner::new(bad_option).is_err(),
        "unknown `unquoted` value accepted"
    );
    let short_name = user_rule(
        serde_json::json!({ "names": ["x"], "value": "[a-z]{8}" }),
        None,
    );
    assert!(
        Scanner::new(short_name).is_err(),
        "a one-letter name accepted"
    );
}
