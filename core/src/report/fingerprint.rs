//! Stable, non-reversible fingerprints for allowlists and baselines.
//!
//! A fingerprint depends only on the rule id and the secret value, never on the file,
//! line or chunk hash, so it survives rebuilds. It must not let anyone recover a short
//! secret, so it is not a plain hash: PBKDF2-HMAC-SHA256 with many rounds makes every
//! guess expensive, and only 64 bits are kept, so a real API key (far more than 64 bits
//! of entropy) has many preimages and the fingerprint cannot single it out.

use sha2::Sha256;

const ROUNDS: u32 = 4096;
const DOMAIN: &[u8] = b"spillproof/fingerprint/v1/";

/// 16 lowercase hex digits.
pub(crate) fn fingerprint(rule_id: &str, secret: &super::redact::Secret<'_>) -> String {
    let mut salt = Vec::with_capacity(DOMAIN.len() + rule_id.len());
    salt.extend_from_slice(DOMAIN);
    salt.extend_from_slice(rule_id.as_bytes());
    let mut out = [0u8; 8];
    pbkdf2::pbkdf2_hmac::<Sha256>(secret.expose(), &salt, ROUNDS, &mut out);
    out.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::fingerprint;
    use crate::report::redact::Secret;

    #[test]
    fn depends_on_rule_and_value_only() {
        let a = fingerprint("openai.project-key", &Secret::new(b"value-one"));
        assert_eq!(
            a,
            fingerprint("openai.project-key", &Secret::new(b"value-one"))
        );
        assert_ne!(
            a,
            fingerprint("openai.project-key", &Secret::new(b"value-two"))
        );
        assert_ne!(
            a,
            fingerprint("openai.admin-key", &Secret::new(b"value-one"))
        );
        assert_eq!(a.len(), 16);
    }
}
