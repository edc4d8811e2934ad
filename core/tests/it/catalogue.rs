//! `docs/rules.md` is generated from the rule files; this test fails when it is stale.
//! Regenerate with `make docs` (sets SPILLPROOF_UPDATE_DOCS=1).

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use spillproof_core::{RuleSpec, Scanner};

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn render(specs: &[(String, RuleSpec)]) -> String {
    let providers: BTreeSet<&str> = specs.iter().map(|(_, r)| r.provider.as_str()).collect();
    let mut by_verdict: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, rule) in specs {
        *by_verdict.entry(rule.verdict.as_str()).or_default() += 1;
    }
    let mut out = String::new();
    out.push_str("<!-- Generated from core/rules/*.toml by `make docs`. Do not edit: a test fails when this file is stale. -->\n");
    out.push_str("# Rule catalogue\n\n");
    out.push_str(&format!(
        "{} rules over {} providers: {}.\n\n",
        specs.len(),
        providers.len(),
        by_verdict
            .iter()
            .map(|(v, n)| format!("{n} {v}"))
            .collect::<Vec<_>>()
            .join(", ")
    ));
    out.push_str("Verdicts: **secret** must never ship; **publishable** is public by design (listed, never fails a build); ");
    out.push_str(
        "**review** is public only when configured right (check what the finding says).\n\n",
    );
    out.push_str("| provider | rule id | verdict | severity | what it unlocks | how to fix |\n");
    out.push_str("| --- | --- | --- | --- | --- | --- |\n");
    let mut rows: Vec<&RuleSpec> = specs.iter().map(|(_, r)| r).collect();
    rows.sort_by(|a, b| {
        a.provider
            .to_lowercase()
            .cmp(&b.provider.to_lowercase())
            .then(a.id.cmp(&b.id))
    });
    for rule in rows {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | {} |\n",
            cell(&rule.provider),
            rule.id,
            rule.verdict,
            rule.severity,
            cell(&rule.description),
            cell(&rule.remediation)
        ));
    }
    out
}

#[test]
fn rules_catalogue_page_is_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/rules.md");
    let expected = render(&Scanner::builtin_rule_specs());
    if std::env::var_os("SPILLPROOF_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &expected).expect("write docs/rules.md");
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `make docs` and commit it"
    );
}
