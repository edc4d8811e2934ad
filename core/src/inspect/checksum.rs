//! Offline checksums that some token formats carry, so a random-looking string of the
//! right shape can be told from a real token without any network call.

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// GitHub's 2021 token format: `<prefix>_` + 30 random base62 characters + 6 characters
/// that are the CRC32 of those 30, in base62, left-padded with `0`.
pub(crate) fn github_token_is_valid(token: &[u8]) -> bool {
    let Some(underscore) = token.iter().rposition(|&b| b == b'_') else {
        return false;
    };
    let body = &token[underscore + 1..];
    if body.len() != 36 || !body.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    let (random, check) = body.split_at(30);
    check == base62_padded(crc32fast::hash(random), 6)
}

fn base62_padded(mut value: u32, width: usize) -> Vec<u8> {
    let mut digits = Vec::with_capacity(width);
    while value > 0 {
        digits.push(BASE62[(value % 62) as usize]);
        value /= 62;
    }
    while digits.len() < width {
        digits.push(b'0');
    }
    digits.reverse();
    digits
}

/// Builds a token with a valid checksum from 30 random characters (used by tests and
/// by fixture generators; never by detection).
#[cfg(test)]
pub(crate) fn github_token_with_checksum(prefix: &str, random30: &str) -> String {
    let check = base62_padded(crc32fast::hash(random30.as_bytes()), 6);
    format!("{prefix}_{random30}{}", String::from_utf8_lossy(&check))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_built_with_its_checksum_validates_and_a_changed_one_does_not() {
        let token = github_token_with_checksum("ghp", "Zq8vN3kLm2Pw7Rt5Yx1Bc4Df6Gh9Jk");
        assert!(github_token_is_valid(token.as_bytes()));
        let mut broken = token.into_bytes();
        broken[6] = if broken[6] == b'a' { b'b' } else { b'a' };
        assert!(!github_token_is_valid(&broken));
    }
}
