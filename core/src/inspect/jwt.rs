//! JSON Web Tokens: decoded (header and payload), never verified, so rules can judge a
//! token by its claims (Supabase `role: service_role` vs `role: anon`).

use std::collections::BTreeMap;

use base64::engine::general_purpose::{STANDARD_NO_PAD, URL_SAFE_NO_PAD};
use base64::Engine as _;
use serde_json::{Map, Value};

/// A decoded JWT: only the payload's claims are kept.
pub(crate) struct Jwt {
    claims: Map<String, Value>,
}

/// Decodes `header.payload.signature`; `None` unless both parts are base64url JSON
/// objects and the header names an algorithm.
pub(crate) fn decode(token: &[u8]) -> Option<Jwt> {
    let text = std::str::from_utf8(token).ok()?;
    let mut parts = text.split('.');
    let (header, payload, _signature) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let header = decode_object(header)?;
    header.get("alg")?;
    Some(Jwt {
        claims: decode_object(payload)?,
    })
}

fn decode_object(part: &str) -> Option<Map<String, Value>> {
    let trimmed = part.trim_end_matches('=');
    let bytes = URL_SAFE_NO_PAD
        .decode(trimmed)
        .or_else(|_| STANDARD_NO_PAD.decode(trimmed))
        .ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

impl Jwt {
    /// Every wanted claim is present and has one of the accepted values (`"*"` = any).
    pub fn claims_match(&self, wanted: &BTreeMap<String, Vec<String>>) -> bool {
        wanted
            .iter()
            .all(|(name, accepted)| match self.claims.get(name) {
                None => false,
                Some(value) => {
                    let text = match value {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    accepted.iter().any(|a| a == "*" || *a == text)
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token(payload: &str) -> String {
        format!(
            "{}.{}.c2lnbmF0dXJl",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
            URL_SAFE_NO_PAD.encode(payload)
        )
    }

    #[test]
    fn claims_are_matched_by_value() {
        let jwt = decode(token(r#"{"iss":"supabase","role":"service_role"}"#).as_bytes())
            .expect("valid jwt");
        let want = |k: &str, v: &str| BTreeMap::from([(k.to_owned(), vec![v.to_owned()])]);
        assert!(jwt.claims_match(&want("role", "service_role")));
        assert!(!jwt.claims_match(&want("role", "anon")));
        assert!(jwt.claims_match(&want("iss", "*")));
        assert!(!jwt.claims_match(&want("exp", "*")));
    }

    #[test]
    fn garbage_is_not_a_jwt() {
        assert!(decode(b"eyJhbGciOi.not-base64!.x").is_none());
        assert!(decode(b"a.b").is_none());
    }
}
