//! Fake-but-valid-looking credentials, built at test time so no fixture holds a real one.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// A deterministic pseudo-random alphanumeric string (xorshift; no dependency needed).
pub fn random_chars(seed: u64, len: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            ALPHABET[(state % ALPHABET.len() as u64) as usize] as char
        })
        .collect()
}

pub fn jwt(payload: &str, seed: u64) -> String {
    format!(
        "{}.{}.{}",
        URL_SAFE_NO_PAD.encode(r#"{"alg":"HS256","typ":"JWT"}"#),
        URL_SAFE_NO_PAD.encode(payload),
        random_chars(seed, 43)
    )
}

pub fn supabase_jwt(role: &str, seed: u64) -> String {
    let payload = format!(
        r#"{{"iss":"supabase","ref":"{}","role":"{role}","iat":1735689600,"exp":2051222400}}"#,
        random_chars(seed, 20).to_lowercase()
    );
    jwt(&payload, seed + 1)
}

pub fn openai_project_key(seed: u64) -> String {
    format!(
        "sk-proj-{}T3BlbkFJ{}",
        random_chars(seed, 74),
        random_chars(seed + 1, 74)
    )
}

pub fn supabase_secret_key(seed: u64) -> String {
    format!("sb_secret_{}", random_chars(seed, 31))
}

/// Lowercase hex of the given length.
pub fn random_hex(seed: u64, len: usize) -> String {
    random_chars(seed, len * 2)
        .bytes()
        .map(|b| char::from(b"0123456789abcdef"[(b % 16) as usize]))
        .take(len)
        .collect()
}

/// A Mapbox-style token: `pk.`/`sk.` + base64url JSON + `.` + random.
pub fn mapbox_token(prefix: &str, seed: u64) -> String {
    let payload = format!(
        r#"{{"u":"acme-maps","a":"{}"}}"#,
        random_chars(seed, 25).to_lowercase()
    );
    format!(
        "{prefix}.{}.{}",
        URL_SAFE_NO_PAD.encode(payload),
        random_chars(seed + 1, 22)
    )
}

pub fn supabase_publishable_key(seed: u64) -> String {
    format!("sb_publishable_{}", random_chars(seed, 31))
}

pub fn stripe_secret_key(seed: u64) -> String {
    format!("sk_live_{}", random_chars(seed, 30))
}

pub fn stripe_publishable_key(seed: u64) -> String {
    format!("pk_live_{}", random_chars(seed, 30))
}
