//! Checks run on a regex match before it becomes a finding: entropy, offline checksums,
//! JWT claims, placeholders.

pub(crate) mod checksum;
pub(crate) mod entropy;
pub(crate) mod jwt;
pub(crate) mod placeholder;
pub(crate) mod shape;

use crate::rules::spec::{Checks, PlaceholderPolicy};

/// What the checks concluded about a candidate secret.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Keep the finding as the rule says.
    Accept,
    /// Keep it, but downgrade to `review`/`low` with this reason (e.g. a checksum that
    /// does not validate: most likely a made-up or test token, but worth a look).
    Downgrade(&'static str),
    /// Not this rule's credential.
    Reject,
}

/// `secret` is the captured value, `whole` the full regex match around it.
pub(crate) fn run(checks: &Checks, secret: &[u8], whole: &[u8]) -> Outcome {
    let placeholder = placeholder::looks_like_placeholder(secret);
    if placeholder
        && (checks.placeholders == PlaceholderPolicy::Reject || placeholder::is_filler(secret))
    {
        return Outcome::Reject;
    }
    if let Some(min) = checks.min_digits {
        if secret.iter().filter(|b| b.is_ascii_digit()).count() < min {
            return Outcome::Reject;
        }
    }
    if checks.deny_shapes.iter().any(|s| shape::matches(s, secret)) {
        return Outcome::Reject;
    }
    // Both lists were lowercased when the rule was compiled.
    if contains_any_ignoring_case(whole, &checks.deny_in_match) {
        return Outcome::Reject;
    }
    // A placeholder is low-entropy by construction: it is reported as one (below) instead.
    if let (Some(min), false) = (checks.min_entropy, placeholder) {
        if entropy::shannon(secret) < min {
            return Outcome::Reject;
        }
    }
    if contains_any_ignoring_case(secret, &checks.deny_substrings) {
        return Outcome::Reject;
    }
    if let Some(wanted) = &checks.jwt_claims {
        match jwt::decode(secret) {
            Some(token) if token.claims_match(wanted) => {}
            _ => return Outcome::Reject,
        }
    }
    if checks.checksum.as_deref() == Some("github-crc32")
        && !checksum::github_token_is_valid(secret)
    {
        return Outcome::Downgrade("the token's checksum does not validate: most likely a made-up or test token, but check it");
    }
    if placeholder {
        return Outcome::Downgrade(PLACEHOLDER_REASON);
    }
    Outcome::Accept
}

const PLACEHOLDER_REASON: &str = "looks like a placeholder or documentation example (a run of 8 ascending or repeated characters); if it is a real key, rotate it";

/// True when `haystack` contains one of the (already lowercase) `needles`, ignoring ASCII case.
pub(crate) fn contains_any_ignoring_case<N: AsRef<[u8]>>(haystack: &[u8], needles: &[N]) -> bool {
    if needles.is_empty() {
        return false;
    }
    let lower = haystack.to_ascii_lowercase();
    needles
        .iter()
        .any(|needle| memchr::memmem::find(&lower, needle.as_ref()).is_some())
}
