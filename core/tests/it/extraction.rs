//! JS-aware extraction through the public API: each context of issue 4 (plain, minified
//! property, template, 2–4-part concatenation, every escape, JSON.parse, atob/base64,
//! inline script, JSON payload script, meta/data attributes, sourcesContent, a minified
//! file mapped back through its map), each with a secret and a publishable key in the
//! same place, negatives, and hostile input that must degrade, never panic.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use spillproof_core::{Config, Decoding, Finding, Input, InputKind, Report, Scanner, Verdict};

use crate::fake;

fn scanner() -> Scanner {
    Scanner::new(Config::default()).expect("built-in rules compile")
}

fn scan(origin: &str, text: &str) -> Report {
    scanner().scan(&Input::new(origin, text.as_bytes()))
}

fn rules(report: &Report) -> Vec<(&str, Verdict)> {
    report
        .findings
        .iter()
        .map(|f| (f.rule_id.as_str(), f.verdict))
        .collect()
}

/// The bytes a finding's location points at.
fn located<'t>(text: &'t str, finding: &Finding) -> &'t str {
    &text[finding.location.start..finding.location.end]
}

/// A clean report: nothing skipped, or only degraded entries (never incomplete).
fn assert_complete(report: &Report) {
    assert!(!report.is_incomplete(), "incomplete: {:?}", report.skipped);
}

const STRIPE_SECRET: (&str, Verdict) = ("stripe.live-secret-key", Verdict::Secret);
const STRIPE_PUBLISHABLE: (&str, Verdict) = ("stripe.publishable-key", Verdict::Publishable);

#[test]
fn plain_literals_are_found_verbatim() {
    let (secret, public) = (
        fake::stripe_secret_key(100),
        fake::stripe_publishable_key(101),
    );
    let text = format!(r#"const k="{secret}",p='{public}';"#);
    let report = scan("dist/a.js", &text);
    assert_eq!(rules(&report), vec![STRIPE_SECRET, STRIPE_PUBLISHABLE]);
    assert_eq!(located(&text, &report.findings[0]), secret);
    assert!(report.findings[0].decoded.is_empty());
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
}

#[test]
fn minified_object_properties_give_context_rules_their_name() {
    // A prefix-less key is only a credential next to a credential-like name; split in two,
    // the raw text never shows the name next to the whole value.
    let key = fake::random_chars(102, 34);
    let (a, b) = key.split_at(14);
    let public = fake::stripe_publishable_key(103);
    let text = format!(r#"var s={{apiKey:"{a}"+"{b}",publishableKey:"{public}"}};"#);
    let report = scan("dist/a.js", &text);
    assert_eq!(
        rules(&report),
        vec![
            ("generic.credential-assignment", Verdict::Secret),
            STRIPE_PUBLISHABLE
        ]
    );
    assert_eq!(located(&text, &report.findings[0]), format!(r#"{a}"+"{b}"#));
    // A Mistral key is 32 bare characters: the rule needs the variable's name.
    let mistral = fake::random_chars(104, 32);
    let (a, b) = mistral.split_at(16);
    let text = format!(r#"const MISTRAL_API_KEY = "{a}" + "{b}";"#);
    assert_eq!(
        rules(&scan("a.js", &text)),
        vec![("mistral.api-key", Verdict::Secret)]
    );
}

#[test]
fn template_literals_are_decoded_with_and_without_expressions() {
    let (secret, public) = (
        fake::stripe_secret_key(105),
        fake::stripe_publishable_key(106),
    );
    let text = format!(
        r#"const a=`\u0073{}`,b=`${{base}}/v1?key=\x70{}&x=${{y}}`;"#,
        &secret[1..],
        &public[1..]
    );
    let report = scan("dist/a.js", &text);
    assert_eq!(rules(&report), vec![STRIPE_SECRET, STRIPE_PUBLISHABLE]);
    assert_eq!(report.findings[0].decoded, vec![Decoding::Escapes]);
    assert_eq!(
        located(&text, &report.findings[0]),
        format!(r"\u0073{}", &secret[1..])
    );
}

#[test]
fn concatenations_of_two_to_four_parts_are_folded() {
    for parts in 2..=4 {
        let (secret, public) = (
            fake::supabase_secret_key(110 + parts),
            fake::supabase_publishable_key(120 + parts),
        );
        let split = |value: &str| {
            let step = value.len() / parts as usize;
            (0..parts as usize)
                .map(|i| {
                    let end = if i + 1 == parts as usize {
                        value.len()
                    } else {
                        (i + 1) * step
                    };
                    format!("\"{}\"", &value[i * step..end])
                })
                .collect::<Vec<_>>()
                .join("+")
        };
        let text = format!("f({});g({});", split(&secret), split(&public));
        let report = scan("dist/a.js", &text);
        assert_eq!(
            rules(&report),
            vec![
                ("supabase.secret-key", Verdict::Secret),
                ("supabase.publishable-key", Verdict::Publishable)
            ],
            "{parts} parts"
        );
        let found = &report.findings[0];
        assert_eq!(found.decoded, vec![Decoding::Concatenation]);
        let at = located(&text, found);
        assert_eq!(at.replace("\"+\"", ""), secret, "{parts} parts");
    }
}

#[test]
fn every_escape_form_is_decoded() {
    let (secret, public) = (
        fake::stripe_secret_key(130),
        fake::stripe_publishable_key(131),
    );
    let forms: [(&str, &str); 5] = [
        ("hex", r"\x73"),
        ("unicode", r"\u0073"),
        ("code point", r"\u{73}"),
        ("octal", r"\163"),
        ("line continuation", "s\\\n"),
    ];
    for (form, s) in forms {
        let public_form = format!(
            "{}{}",
            s.replace("73", "70")
                .replace("163", "160")
                .replace('s', "p"),
            &public[1..]
        );
        let text = format!(r#"a="{s}{}";b="{public_form}";"#, &secret[1..]);
        let report = scan("dist/a.js", &text);
        assert_eq!(
            rules(&report),
            vec![STRIPE_SECRET, STRIPE_PUBLISHABLE],
            "{form}: {text}"
        );
        assert_eq!(
            report.findings[0].decoded,
            vec![Decoding::Escapes],
            "{form}"
        );
        assert!(located(&text, &report.findings[0]).starts_with(s), "{form}");
    }
    // Escapes in the middle of a key, and a surrogate pair beside it.
    let mid = format!(
        r#"k="{}\u005f{}😀\uD83D\uDE00""#,
        &secret[..7],
        &secret[8..]
    );
    assert_eq!(rules(&scan("a.js", &mid)), vec![STRIPE_SECRET]);
}

#[test]
fn json_parse_payloads_are_read_with_their_keys() {
    let (service, anon) = (
        fake::supabase_jwt("service_role", 140),
        fake::supabase_jwt("anon", 141),
    );
    // JSON-level escapes (`\\u002e` is a JSON `\u002e`, a dot): the raw text never shows the token.
    let text = format!(
        r#"const c=JSON.parse('{{"supabase":{{"serviceKey":"{}","anonKey":"{}"}}}}');"#,
        service.replace('.', "\\\\u002e"),
        anon.replace('.', "\\\\u002e")
    );
    let report = scan("dist/a.js", &text);
    assert_eq!(
        rules(&report),
        vec![
            ("supabase.service-role-key", Verdict::Secret),
            ("supabase.anon-key", Verdict::Publishable)
        ]
    );
    assert!(report.findings[0].decoded.contains(&Decoding::Json));
    assert!(located(&text, &report.findings[0]).starts_with("eyJ"));
}

#[test]
fn atob_and_base64_literals_are_decoded() {
    let (secret, public) = (
        fake::stripe_secret_key(150),
        fake::stripe_publishable_key(151),
    );
    let text = format!(
        r#"const k=atob("{}"),p=window.atob("{}");"#,
        STANDARD.encode(&secret),
        STANDARD.encode(&public)
    );
    let report = scan("dist/a.js", &text);
    assert_eq!(rules(&report), vec![STRIPE_SECRET, STRIPE_PUBLISHABLE]);
    assert_eq!(report.findings[0].decoded, vec![Decoding::Base64]);
    // The location is the encoded text itself.
    let at = located(&text, &report.findings[0]);
    assert!(
        STANDARD.encode(&secret).starts_with(at) || at.len() + 2 >= STANDARD.encode(&secret).len(),
        "{at}"
    );
    // Without atob: a base64-looking literal holding JSON with a key.
    let secret = fake::supabase_secret_key(152);
    let config = STANDARD.encode(format!(r#"{{"url":"https://x.test","key":"{secret}"}}"#));
    let report = scan("dist/b.js", &format!(r#"window.__CFG__="{config}";"#));
    assert_eq!(
        rules(&report),
        vec![("supabase.secret-key", Verdict::Secret)]
    );
}

#[test]
fn inline_html_scripts_are_read_as_js() {
    let (secret, public) = (
        fake::stripe_secret_key(160),
        fake::stripe_publishable_key(161),
    );
    let (s1, s2) = secret.split_at(9);
    let (p1, p2) = public.split_at(9);
    let html = format!(
        "<!doctype html><html><head><script>window.k='{s1}'+'{s2}';window.p=\"{p1}\"+\"{p2}\"</script></head><body></body></html>"
    );
    let report = scan("index.html", &html);
    assert_eq!(report.kind, InputKind::Html);
    assert_eq!(rules(&report), vec![STRIPE_SECRET, STRIPE_PUBLISHABLE]);
    assert_eq!(located(&html, &report.findings[0]), format!("{s1}'+'{s2}"));
}

#[test]
fn json_payload_scripts_are_read_as_json() {
    let (secret, public) = (
        fake::supabase_secret_key(170),
        fake::supabase_publishable_key(171),
    );
    let escape = |v: &str| v.replacen('_', "\\u005f", 1);
    let html = format!(
        r#"<html><body><script id="__NEXT_DATA__" type="application/json">{{"props":{{"pageProps":{{"admin":"{}","public":"{}"}}}}}}</script></body></html>"#,
        escape(&secret),
        escape(&public)
    );
    let report = scan("index.html", &html);
    assert_eq!(
        rules(&report),
        vec![
            ("supabase.secret-key", Verdict::Secret),
            ("supabase.publishable-key", Verdict::Publishable)
        ]
    );
    assert_eq!(
        report.findings[0].decoded,
        vec![Decoding::Json, Decoding::Escapes]
    );
    assert_complete(&report);
}

#[test]
fn meta_content_and_data_attributes_are_read_under_their_names() {
    let mistral = fake::random_chars(180, 32);
    let public = fake::stripe_publishable_key(181);
    let secret = fake::stripe_secret_key(182);
    let html = format!(
        r#"<html><head><meta name="mistral-api-key" content="{mistral}"></head><body data-stripe-key="{public}" data-admin="&#115;{}"><p>&#x73;{}</p></body></html>"#,
        &secret[1..],
        &fake::stripe_secret_key(183)[1..]
    );
    let report = scan("index.html", &html);
    let found = rules(&report);
    assert_eq!(
        found,
        vec![
            ("mistral.api-key", Verdict::Secret),
            STRIPE_PUBLISHABLE,
            STRIPE_SECRET,
            STRIPE_SECRET
        ]
    );
    assert_eq!(report.findings[2].decoded, vec![Decoding::HtmlEntities]);
    assert_eq!(located(&html, &report.findings[0]), mistral);
}

/// A source map with `sources` before `sourcesContent` (the order bundlers write).
fn map_json(sources: &[(&str, &str)]) -> String {
    let list = |items: Vec<&str>| {
        items
            .iter()
            .map(|s| serde_json::to_string(s).expect("string serializes"))
            .collect::<Vec<_>>()
            .join(",")
    };
    format!(
        r#"{{"version":3,"file":"index-3fa9c1.js","sources":[{}],"sourcesContent":[{}],"names":[],"mappings":"AAAA"}}"#,
        list(sources.iter().map(|(name, _)| *name).collect()),
        list(sources.iter().map(|(_, content)| *content).collect())
    )
}

#[test]
fn source_map_sources_content_is_scanned_as_original_files() {
    let (secret, public) = (
        fake::stripe_secret_key(190),
        fake::stripe_publishable_key(191),
    );
    let original = format!(
        "// src/config.ts\nexport const stripe = {{\n  secret: \"{secret}\",\n  publishable: \"{public}\",\n}};\n"
    );
    let map = map_json(&[
        ("../../src/config.ts", &original),
        ("../../src/empty.ts", ""),
    ]);
    let report = scan("dist/assets/index-3fa9c1.js.map", &map);
    assert_eq!(report.kind, InputKind::SourceMap);
    assert_eq!(rules(&report), vec![STRIPE_SECRET, STRIPE_PUBLISHABLE]);
    let found = &report.findings[0];
    let source = found.source.as_ref().expect("original position");
    assert_eq!(source.file, "../../src/config.ts");
    assert_eq!((source.line, source.column), (3, 12));
    assert!(found
        .note
        .as_deref()
        .is_some_and(|n| n.contains("deployed")));
    assert_eq!(located(&map, found), secret);
    assert_complete(&report);
}

#[test]
fn a_finding_in_a_minified_file_maps_back_through_its_map() {
    let (secret, public) = (
        fake::stripe_secret_key(200),
        fake::stripe_publishable_key(201),
    );
    let generated = format!(r#"var a={{k:"{secret}",p:"{public}"}};"#);
    let secret_col = generated.find("\"sk_").expect("secret") as u32;
    let public_col = generated.find("\"pk_").expect("public") as u32;
    let mut builder = sourcemap::SourceMapBuilder::new(Some("app.min.js"));
    let src = builder.add_source("src/payments.ts");
    builder.add_raw(0, 0, 0, 0, Some(src), None, false);
    builder.add_raw(0, secret_col, 4, 23, Some(src), None, false);
    builder.add_raw(0, public_col, 5, 27, Some(src), None, false);
    let mut map = Vec::new();
    builder
        .into_sourcemap()
        .to_writer(&mut map)
        .expect("map serializes");

    let report =
        scanner().scan(&Input::new("app.min.js", generated.as_bytes()).with_source_map(&map));
    assert_eq!(rules(&report), vec![STRIPE_SECRET, STRIPE_PUBLISHABLE]);
    let to = |f: &Finding| {
        f.source
            .as_ref()
            .map(|s| (s.file.clone(), s.line, s.column))
    };
    assert_eq!(
        to(&report.findings[0]),
        Some(("src/payments.ts".into(), 5, 24))
    );
    assert_eq!(
        to(&report.findings[1]),
        Some(("src/payments.ts".into(), 6, 28))
    );

    // The same map inline, as a `data:` URL: no caller help needed.
    let inline = format!(
        "{generated}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,{}\n",
        STANDARD.encode(&map)
    );
    let report = scan("app.min.js", &inline);
    assert_eq!(
        to(&report.findings[0]),
        Some(("src/payments.ts".into(), 5, 24))
    );
    assert_complete(&report);
}

#[test]
fn the_same_secret_seen_by_both_passes_is_reported_once() {
    let secret = fake::stripe_secret_key(210);
    // Verbatim for the raw pass, and inside an escaped literal for the JS-aware pass.
    let text = format!(r#"k="{secret}\n";"#);
    let report = scan("a.js", &text);
    assert_eq!(rules(&report), vec![STRIPE_SECRET]);
    assert!(
        report.findings[0].decoded.is_empty(),
        "the verbatim location wins"
    );
    // Twice in different places stays twice.
    let text = format!(r#"a="{secret}\n";b="\x73{}";"#, &secret[1..]);
    assert_eq!(scan("a.js", &text).findings.len(), 2);
}

#[test]
fn negatives_are_not_reported() {
    let texts = [
        // A placeholder, split.
        r#"k="sk_live_"+"xxxxxxxxxxxxxxxxxxxxxxxx""#.to_owned(),
        // The rest of the key is a variable: nothing hard-coded.
        format!(r#"k="sk_li"+"ve_"+{}"#, "suffix"),
        // Adjacent but not concatenated.
        format!(r#"k=["sk_li","ve_{}"]"#, fake::random_chars(211, 30)),
        // atob of text that is no credential.
        r#"m=atob("aGVsbG8gd29ybGQsIHRoaXMgaXMgbm90IGEga2V5")"#.to_owned(),
        // A UUID under a credential name, escaped.
        r#"token:"\x33f2b8c1e-9d4a-4c7b-8e2f-1a6d5c9b7e30""#.to_owned(),
        // A key inside a comment of a template, not a string.
        r#"/* "sk_li"+"ve_abc" */ x = 1"#.to_owned(),
    ];
    for text in texts {
        let report = scan("a.js", &text);
        assert!(report.findings.is_empty(), "{text}: {:?}", rules(&report));
    }
}

#[test]
fn raw_only_mode_skips_extraction() {
    let secret = fake::stripe_secret_key(212);
    let (a, b) = secret.split_at(10);
    let text = format!(r#"k="{a}"+"{b}";p="{secret}""#);
    let raw = Scanner::new(Config {
        extract: Some(false),
        ..Config::default()
    })
    .expect("config compiles")
    .scan(&Input::new("a.js", text.as_bytes()));
    assert_eq!(raw.findings.len(), 1, "only the verbatim copy");
    assert_eq!(scan("a.js", &text).findings.len(), 2);
}

// ---- malformed input: each finishes, says what it degraded, never panics ----

fn degraded(report: &Report) -> Vec<&str> {
    report.skipped.iter().map(|s| s.code).collect()
}

#[test]
fn truncated_js_falls_back_to_raw_text_after_the_break() {
    let (a, b) = (fake::stripe_secret_key(220), fake::stripe_secret_key(221));
    let text = format!(r#"const a="\x73{}";const b="{b}"#, &a[1..]);
    let report = scan("a.js", &text);
    assert_eq!(rules(&report), vec![STRIPE_SECRET, STRIPE_SECRET]);
    assert_eq!(degraded(&report), vec!["lexer-fallback"]);
    assert_complete(&report);
}

#[test]
fn ten_thousand_levels_of_nesting_are_fine() {
    let secret = fake::stripe_secret_key(222);
    let (a, b) = secret.split_at(12);
    for (open, close) in [("[", "]"), ("(", ")"), ("{x:", "}"), ("`${", "}`")] {
        let text = format!(
            "{}\"{a}\"+\"{b}\"{}",
            open.repeat(10_000),
            close.repeat(10_000)
        );
        let report = scan("deep.js", &text);
        assert_eq!(rules(&report), vec![STRIPE_SECRET], "{open}");
        assert_complete(&report);
    }
    let json = format!("{}\"{secret}\"{}", "[".repeat(10_000), "]".repeat(10_000));
    assert_eq!(rules(&scan("deep.json", &json)), vec![STRIPE_SECRET]);
}

#[test]
fn invalid_utf8_is_read_around() {
    let secret = fake::stripe_secret_key(223);
    let mut bytes = b"a='\xff\xfe';k=\"\\x73".to_vec();
    bytes.extend_from_slice(&secret.as_bytes()[1..]);
    bytes.extend_from_slice(b"\";c='\xc3'");
    let report = scanner().scan(&Input::new("a.js", &bytes));
    assert_eq!(rules(&report), vec![STRIPE_SECRET]);
    assert_eq!(degraded(&report), vec!["invalid-utf8"]);
    assert_eq!(&bytes[report.findings[0].location.start..][..4], b"\\x73");
}

#[test]
fn a_twenty_megabyte_line_is_scanned_to_the_end() {
    let secret = fake::stripe_secret_key(224);
    let (a, b) = secret.split_at(12);
    let mut text =
        "var a=function(b){return b*2+\"x\"},c=/re\\/g/.test(a);".repeat(20_000_000 / 52);
    text.push_str(&format!("k=\"{a}\"+\"{b}\";"));
    let report = scan("huge.min.js", &text);
    assert_eq!(rules(&report), vec![STRIPE_SECRET]);
    assert!(report.findings[0].location.column > 19_000_000);
    assert!(report.skipped.is_empty(), "{:?}", report.skipped);
}

#[test]
fn a_broken_source_map_is_reported_and_what_came_before_is_scanned() {
    let secret = fake::stripe_secret_key(225);
    let map = map_json(&[("a.ts", &format!("k = \"{secret}\";")), ("b.ts", "more")]);
    // Cut inside the second entry: the first is whole, the JSON is not.
    let broken = &map[..map.find(r#","more""#).expect("second entry") + 4];
    let report = scan("app.js.map", broken);
    assert_eq!(rules(&report), vec![STRIPE_SECRET]);
    assert!(report.findings[0].source.is_some());
    assert_eq!(degraded(&report), vec!["source-map-invalid"]);
    assert_complete(&report);
    // A map given for a generated file that does not parse: findings keep their positions.
    let text = format!("k=\"{secret}\"");
    let report =
        scanner().scan(&Input::new("a.js", text.as_bytes()).with_source_map(b"{\"version\":3,"));
    assert_eq!(rules(&report), vec![STRIPE_SECRET]);
    assert!(report.findings[0].source.is_none());
    assert_eq!(degraded(&report), vec!["source-map-invalid"]);
}

#[test]
fn a_five_megabyte_base64_blob_is_not_decoded_and_says_so() {
    let secret = fake::stripe_secret_key(226);
    let blob = STANDARD.encode(fake::random_chars(227, 3_750_000));
    let text = format!(
        r#"const font="{blob}";const k=atob("{}");"#,
        STANDARD.encode(&secret)
    );
    let report = scan("fonts.js", &text);
    assert_eq!(rules(&report), vec![STRIPE_SECRET]);
    assert_eq!(degraded(&report), vec!["decode-limit"]);
    assert_complete(&report);
}

#[test]
fn random_js_html_json_and_map_shaped_noise_never_panics() {
    // Short inputs built from the characters every decoder and scanner branches on.
    const ALPHABET: &[u8] =
        b"\"'`\\/{}[]()+$<>!&#;:=,.-_xuU0123789aefsk \n\rJSONparseatob{}\xe2\x80\xa8\xff\xc3";
    let scanner = scanner();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    for case in 0..3_000 {
        let len = (case % 97) + 1;
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ALPHABET[(state % ALPHABET.len() as u64) as usize]
            })
            .collect();
        for kind in [
            InputKind::Js,
            InputKind::Html,
            InputKind::Json,
            InputKind::SourceMap,
        ] {
            let report = scanner.scan(&Input::new("noise", &bytes).with_kind(kind));
            assert_complete(&report);
            for f in &report.findings {
                assert!(f.location.start < f.location.end && f.location.end <= bytes.len());
            }
        }
    }
}
