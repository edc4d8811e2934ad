//! Secret vs publishable: for each family whose public key sits in bundles next to its
//! secret sibling, the public form is `publishable` (info: never fails a build) and the
//! secret form is `secret`, in the same realistic context.

use spillproof_core::{Config, Input, Scanner, Severity, Verdict};

use crate::fake::{mapbox_token, random_chars, random_hex, supabase_jwt};

struct Family {
    name: &'static str,
    public: String,
    public_rule: &'static str,
    secret: String,
    secret_rule: &'static str,
}

fn families() -> Vec<Family> {
    let stripe_tail = random_chars(40, 99);
    let firebase_key = format!("AIzaSy{}", random_chars(41, 33));
    vec![
        Family {
            name: "Stripe",
            public: format!(r#"Stripe("pk_live_{}")"#, &stripe_tail[..60]),
            public_rule: "stripe.publishable-key",
            secret: format!(r#"new Stripe("sk_live_{}")"#, &stripe_tail[..60]),
            secret_rule: "stripe.live-secret-key",
        },
        Family {
            name: "Supabase JWT",
            public: format!(r#"createClient(url,"{}")"#, supabase_jwt("anon", 42)),
            public_rule: "supabase.anon-key",
            secret: format!(
                r#"createClient(url,"{}")"#,
                supabase_jwt("service_role", 42)
            ),
            secret_rule: "supabase.service-role-key",
        },
        Family {
            name: "Supabase API keys",
            public: format!(
                r#"createClient(url,"sb_publishable_{}")"#,
                random_chars(43, 31)
            ),
            public_rule: "supabase.publishable-key",
            secret: format!(r#"createClient(url,"sb_secret_{}")"#, random_chars(43, 31)),
            secret_rule: "supabase.secret-key",
        },
        Family {
            name: "Mapbox",
            public: format!(r#"mapboxgl.accessToken="{}""#, mapbox_token("pk", 44)),
            public_rule: "mapbox.public-token",
            secret: format!(r#"mapboxgl.accessToken="{}""#, mapbox_token("sk", 44)),
            secret_rule: "mapbox.secret-token",
        },
        Family {
            name: "Sentry",
            public: format!(
                r#"Sentry.init({{dsn:"https://{}@o4821.ingest.sentry.io/6523"}})"#,
                random_hex(45, 32)
            ),
            public_rule: "sentry.dsn",
            secret: format!(r#"{{authToken:"sntryu_{}"}}"#, random_hex(45, 64)),
            secret_rule: "sentry.user-auth-token",
        },
        Family {
            name: "Firebase / Google",
            public: format!(
                r#"initializeApp({{apiKey:"{firebase_key}",authDomain:"tidal-orbit-4821.firebaseapp.com",projectId:"tidal-orbit-4821"}})"#
            ),
            public_rule: "firebase.web-config",
            secret: format!(
                r#"{{serviceAccount:{{"type":"service_account","project_id":"tidal-orbit-4821","private_key_id":"{}","private_key":"-----BEGIN PRIVATE KEY-----\n{}\n-----END PRIVATE KEY-----\n"}}}}"#,
                random_hex(46, 40),
                random_chars(47, 600)
            ),
            secret_rule: "google.service-account-key",
        },
        Family {
            name: "Algolia",
            public: format!(r#"algoliasearch("VM42ILE6UR","{}")"#, random_hex(48, 32)),
            public_rule: "algolia.search-key",
            secret: format!(
                r#"{{algolia:{{appId:"VM42ILE6UR",adminApiKey:"{}"}}}}"#,
                random_hex(49, 32)
            ),
            secret_rule: "algolia.admin-key",
        },
        Family {
            name: "Mailgun",
            public: format!(
                r#"mailgun_validator({{api_key:"pubkey-{}"}})"#,
                random_hex(50, 32)
            ),
            public_rule: "mailgun.public-validation-key",
            secret: format!(
                r#"mailgun.client({{username:"api",key:"key-{}"}})"#,
                random_hex(51, 32)
            ),
            secret_rule: "mailgun.private-api-key",
        },
    ]
}

fn verdicts(scanner: &Scanner, text: &str) -> Vec<(String, Verdict, Severity)> {
    let report = scanner.scan(&Input::new("dist/assets/index.js", text.as_bytes()));
    report
        .findings
        .into_iter()
        .map(|f| (f.rule_id, f.verdict, f.severity))
        .collect()
}

#[test]
fn public_keys_are_publishable_and_their_secret_siblings_are_secret() {
    let scanner = Scanner::new(Config::default()).expect("built-in rules compile");
    let mut failures = Vec::new();
    for family in families() {
        let public = verdicts(&scanner, &family.public);
        if public
            != [(
                family.public_rule.to_owned(),
                Verdict::Publishable,
                Severity::Info,
            )]
        {
            failures.push(format!(
                "{}: public form gave {public:?}, expected {} publishable/info",
                family.name, family.public_rule
            ));
        }
        let secret = verdicts(&scanner, &family.secret);
        if !secret
            .iter()
            .any(|(rule, verdict, _)| rule == family.secret_rule && *verdict == Verdict::Secret)
            || secret
                .iter()
                .any(|(_, verdict, _)| *verdict == Verdict::Publishable)
        {
            failures.push(format!(
                "{}: secret form gave {secret:?}, expected {} secret",
                family.name, family.secret_rule
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
