//! Behaviour of the public API: verdicts, locations, redaction, fingerprints, dedup,
//! configuration, and hostile input (never a panic, never a silent pass).

use spillproof_core::{Config, Input, InputKind, RuleSpec, Scanner, Severity, Verdict};

use crate::fake;

fn scanner() -> Scanner {
    Scanner::new(Config::default()).expect("built-in rules compile")
}

#[test]
fn supabase_service_role_is_a_secret_and_anon_is_publishable() {
    let text = format!(
        "const a=\"{}\";const b=\"{}\";",
        fake::supabase_jwt("service_role", 1),
        fake::supabase_jwt("anon", 2)
    );
    let report = scanner().scan(&Input::new("dist/app.js", text.as_bytes()));
    let verdicts: Vec<(&str, Verdict)> = report
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.verdict))
        .collect();
    assert_eq!(
        verdicts,
        vec![
            ("supabase.service-role-key", Verdict::Secret),
            ("supabase.anon-key", Verdict::Publishable)
        ]
    );
    assert_eq!(report.findings[0].severity, Severity::Critical);
}

#[test]
fn findings_never_carry_the_raw_secret() {
    let secret = fake::openai_project_key(3);
    let text = format!("x={{apiKey:\"{secret}\"}}");
    let report = scanner().scan(&Input::new("a.js", text.as_bytes()));
    assert_eq!(report.findings.len(), 1);
    let serialized = serde_json::to_string(&report).expect("report serializes");
    assert!(
        !serialized.contains(&secret),
        "report contains the raw secret"
    );
    // Not even a long piece of it: at most 12 characters of the secret are shown.
    assert!(!serialized.contains(&secret[..16]));
    let debug = format!("{report:?}");
    assert!(
        !debug.contains(&secret[..16]),
        "Debug output contains the secret"
    );
    let redacted = &report.findings[0].redacted;
    assert!(
        redacted.starts_with("sk-proj-") && redacted.contains('…'),
        "{redacted}"
    );
}

#[test]
fn location_points_at_the_secret_in_lines_and_columns() {
    let secret = fake::supabase_secret_key(4);
    let text = format!("line one\n  // ünïcode 😀 key: {secret}\n");
    let report = scanner().scan(&Input::new("a.js", text.as_bytes()));
    let loc = report.findings[0].location;
    assert_eq!(&text.as_bytes()[loc.start..loc.end], secret.as_bytes());
    assert_eq!(loc.line, 2);
    // "  // ünïcode 😀 key: " is 20 characters, 21 UTF-16 units (the emoji takes two).
    assert_eq!(loc.column, 21);
    assert_eq!(loc.column_utf16, 22);
    assert_eq!(loc.end_line, 2);
    assert_eq!(loc.end_column, 21 + secret.len());
}

#[test]
fn fingerprint_depends_on_the_value_not_on_file_or_position() {
    let secret = fake::supabase_secret_key(5);
    let a = scanner().scan(&Input::new(
        "assets/index-3fa9c1.js",
        format!("k=\"{secret}\"").as_bytes(),
    ));
    let b = scanner().scan(&Input::new(
        "assets/index-77e0d2.js",
        format!("\n\n  other();k = '{secret}'").as_bytes(),
    ));
    assert_eq!(a.findings[0].fingerprint, b.findings[0].fingerprint);
    let c = scanner().scan(&Input::new(
        "a.js",
        format!("k=\"{}\"", fake::supabase_secret_key(6)).as_bytes(),
    ));
    assert_ne!(a.findings[0].fingerprint, c.findings[0].fingerprint);
}

#[test]
fn the_same_secret_twice_gives_two_findings_with_one_fingerprint() {
    let secret = fake::supabase_secret_key(7);
    let text = format!("a=\"{secret}\";b=\"{secret}\"");
    let report = scanner().scan(&Input::new("a.js", text.as_bytes()));
    assert_eq!(report.findings.len(), 2);
    assert_eq!(
        report.findings[0].fingerprint,
        report.findings[1].fingerprint
    );
    assert_ne!(
        report.findings[0].location.start,
        report.findings[1].location.start
    );
}

#[test]
fn allowlisted_fingerprints_are_not_reported() {
    let secret = fake::supabase_secret_key(8);
    let text = format!("k=\"{secret}\"");
    let fingerprint = scanner()
        .scan(&Input::new("a.js", text.as_bytes()))
        .findings[0]
        .fingerprint
        .clone();
    let mut config = Config::default();
    config.allow.fingerprints.push(fingerprint);
    let report = Scanner::new(config)
        .expect("config compiles")
        .scan(&Input::new("a.js", text.as_bytes()));
    assert!(report.findings.is_empty());
}

#[test]
fn kind_is_detected_from_name_and_content() {
    assert_eq!(InputKind::detect("dist/a.mjs", b""), InputKind::Js);
    assert_eq!(
        InputKind::detect("https://x.test/app.js.map?v=2", b""),
        InputKind::SourceMap
    );
    assert_eq!(
        InputKind::detect("index", b"  <!DOCTYPE html><html>"),
        InputKind::Html
    );
    assert_eq!(
        InputKind::detect("blob", br#"{"version":3,"mappings":"AAAA"}"#),
        InputKind::SourceMap
    );
    assert_eq!(InputKind::detect("logo.PNG", b"\x89PNG"), InputKind::Binary);
    assert_eq!(InputKind::detect("notes", b"hello"), InputKind::Text);
}

#[test]
fn binary_assets_are_skipped_but_not_incomplete() {
    let report = scanner().scan(&Input::new("logo.png", b"\x89PNG\r\n\x1a\n\0\0"));
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].code, "binary");
    assert!(!report.is_incomplete());
}

#[test]
fn input_over_the_limit_is_reported_incomplete_not_passed() {
    let config = Config {
        max_input_bytes: Some(16),
        ..Config::default()
    };
    let report = Scanner::new(config)
        .expect("config compiles")
        .scan(&Input::new("big.js", &[b'a'; 64]));
    assert!(report.is_incomplete());
    assert_eq!(report.skipped[0].code, "too-large");
    assert_eq!(report.scanned_bytes, 0);
}

#[test]
fn invalid_utf8_around_a_secret_is_still_scanned() {
    let secret = fake::supabase_secret_key(9);
    let mut bytes = vec![0xff, 0xfe, b'\n', 0xc3];
    bytes.extend_from_slice(b" k=");
    bytes.extend_from_slice(secret.as_bytes());
    bytes.extend_from_slice(&[0x80, 0xff]);
    let report = scanner().scan(&Input::new("weird.js", &bytes));
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].location.line, 2);
}

#[test]
fn twenty_megabyte_single_line_file_is_scanned_to_the_end() {
    let secret = fake::supabase_secret_key(10);
    let mut text = "var a=function(b){return b*2};".repeat(20_000_000 / 30);
    text.push_str(&format!("k=\"{secret}\""));
    let report = scanner().scan(&Input::new("huge.min.js", text.as_bytes()));
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].location.line, 1);
    assert!(report.findings[0].location.column > 19_000_000);
}

#[test]
fn keyword_dense_input_does_not_blow_up() {
    // Every byte range is a keyword hit: the windows merge, the work stays linear.
    let text = "sb_secret_".repeat(200_000);
    let report = scanner().scan(&Input::new("dense.txt", text.as_bytes()));
    assert!(report.skipped.is_empty());
}

#[test]
fn user_rules_run_beside_the_builtin_ones() {
    let rule: RuleSpec = serde_json::from_value(serde_json::json!({
        "id": "acme.internal-token",
        "provider": "Acme",
        "title": "Acme internal token",
        "severity": "high",
        "verdict": "secret",
        "keywords": ["acme_"],
        "pattern": "(?P<secret>acme_[a-z0-9]{16})",
        "description": "Internal API token.",
        "remediation": "Rotate it in the Acme console."
    }))
    .expect("rule deserializes");
    let config = Config {
        rules: vec![rule],
        ..Config::default()
    };
    let report = Scanner::new(config)
        .expect("config compiles")
        .scan(&Input::new("a.js", b"t='acme_7f3k9q2m5x8b1n4v'"));
    assert_eq!(report.findings[0].rule_id, "acme.internal-token");
}

#[test]
fn bad_configuration_is_an_error_that_names_the_rule() {
    let bad_pattern: RuleSpec = serde_json::from_value(serde_json::json!({
        "id": "acme.broken", "provider": "Acme", "title": "t", "severity": "high", "verdict": "secret",
        "keywords": ["acme_"], "pattern": "(unclosed", "description": "d", "remediation": "r"
    }))
    .expect("rule deserializes");
    let error = Scanner::new(Config {
        rules: vec![bad_pattern],
        ..Config::default()
    })
    .expect_err("must not compile");
    assert_eq!(error.rule_id(), Some("acme.broken"));
    assert!(error.to_string().contains("pattern does not compile"));

    let unknown = Config {
        disable_rules: vec!["nope.nothing".into()],
        ..Config::default()
    };
    assert!(Scanner::new(unknown).is_err());

    let duplicate = Config {
        rules: Scanner::builtin_rule_specs()
            .into_iter()
            .take(1)
            .map(|(_, r)| r)
            .collect(),
        ..Config::default()
    };
    assert!(Scanner::new(duplicate)
        .expect_err("duplicate id")
        .to_string()
        .contains("duplicate"));
}

#[test]
fn disabled_rules_do_not_run() {
    let secret = fake::supabase_secret_key(11);
    let config = Config {
        disable_rules: vec!["supabase.secret-key".into()],
        ..Config::default()
    };
    let report = Scanner::new(config)
        .expect("config compiles")
        .scan(&Input::new("a.js", secret.as_bytes()));
    assert!(report
        .findings
        .iter()
        .all(|f| f.rule_id != "supabase.secret-key"));
}

#[test]
fn allowlisted_paths_are_not_scanned_and_say_so() {
    let config = Config {
        allow: spillproof_core::Allowlist {
            paths: vec!["**/fixtures/**".into()],
            ..Default::default()
        },
        ..Config::default()
    };
    let scanner = Scanner::new(config).expect("config compiles");
    let text = format!("k=\"{}\"", fake::supabase_secret_key(12));
    let report = scanner.scan(&Input::new("test/fixtures/keys.js", text.as_bytes()));
    assert!(report.findings.is_empty());
    assert_eq!(report.skipped[0].code, "allowlisted");
    assert!(!report.is_incomplete());
    let url = scanner.scan(&Input::new(
        "https://cdn.test/app/fixtures/k.js?v=1",
        text.as_bytes(),
    ));
    assert!(url.findings.is_empty());
    assert_eq!(
        scanner
            .scan(&Input::new("dist/app.js", text.as_bytes()))
            .findings
            .len(),
        1
    );
}

#[test]
fn allowlisted_values_are_suppressed_and_counted() {
    let config = Config {
        allow: spillproof_core::Allowlist {
            values: vec!["^sb_secret_".into()],
            ..Default::default()
        },
        ..Config::default()
    };
    let text = format!(
        "a=\"{}\";b=\"{}\"",
        fake::supabase_secret_key(13),
        fake::openai_project_key(14)
    );
    let report = Scanner::new(config)
        .expect("config compiles")
        .scan(&Input::new("a.js", text.as_bytes()));
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].rule_id, "openai.project-key");
    assert_eq!(report.suppressed, 1);
}

#[test]
fn invalid_allowlist_entries_are_config_errors() {
    let bad_glob = Config {
        allow: spillproof_core::Allowlist {
            paths: vec!["a/[".into()],
            ..Default::default()
        },
        ..Config::default()
    };
    assert!(Scanner::new(bad_glob)
        .expect_err("bad glob")
        .to_string()
        .contains("allow.paths"));
    let bad_regex = Config {
        allow: spillproof_core::Allowlist {
            values: vec!["(".into()],
            ..Default::default()
        },
        ..Config::default()
    };
    assert!(Scanner::new(bad_regex)
        .expect_err("bad regex")
        .to_string()
        .contains("allow.values"));
}

#[test]
fn a_keyword_window_does_not_invent_a_token_boundary() {
    // The window of a rule with a small lookbehind starts inside the word; the `(?:^|[^…])`
    // guard must still see the real byte before the token, not a start of text.
    let glued = format!("xsb_secret_{}", fake::random_chars(15, 31));
    assert!(scanner()
        .scan(&Input::new("a.txt", glued.as_bytes()))
        .findings
        .is_empty());
    let rule: RuleSpec = serde_json::from_value(serde_json::json!({
        "id": "acme.guarded", "provider": "Acme", "title": "t", "severity": "high", "verdict": "secret",
        "keywords": ["acme_"], "pattern": "(?:^|[^A-Za-z0-9_.])(?P<secret>acme_[a-z0-9]{16})",
        "lookbehind": 0, "description": "d", "remediation": "r"
    }))
    .expect("rule deserializes");
    let scanner = Scanner::new(Config {
        rules: vec![rule],
        ..Config::default()
    })
    .expect("config compiles");
    assert!(scanner
        .scan(&Input::new("a.txt", b"file.acme_7f3k9q2m5x8b1n4v"))
        .findings
        .is_empty());
    assert_eq!(
        scanner
            .scan(&Input::new("a.txt", b"k=acme_7f3k9q2m5x8b1n4v"))
            .findings
            .len(),
        1
    );
}
