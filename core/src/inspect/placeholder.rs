//! Placeholders written by people (`abcdefghij…`, `1234567890`, `xxxxxxxx`) look like keys to
//! a regex but are not. A real key is random: a run of 8 consecutive ascending characters
//! (`klmnopqr`, `23456789`) or 8 identical characters has a chance of about 62^-7 per
//! position, so rejecting such values costs no real detection.

const RUN: usize = 8;

pub(crate) fn looks_like_placeholder(secret: &[u8]) -> bool {
    let (mut ascending, mut repeated) = (1usize, 1usize);
    for pair in secret.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        ascending =
            if a.is_ascii_alphanumeric() && b == a.wrapping_add(1) && b.is_ascii_alphanumeric() {
                ascending + 1
            } else {
                1
            };
        repeated = if a == b && a.is_ascii_alphanumeric() {
            repeated + 1
        } else {
            1
        };
        if ascending >= RUN || repeated >= RUN {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::looks_like_placeholder;

    #[test]
    fn sequences_and_repeats_are_placeholders() {
        assert!(looks_like_placeholder(b"sk_live_abcdefghijklmnop"));
        assert!(looks_like_placeholder(b"key-1234567890"));
        assert!(looks_like_placeholder(b"sk_test_xxxxxxxxxxxxxxxx"));
        assert!(!looks_like_placeholder(b"sk_live_PHeFRZksKLTicC7ajFEKrOys"));
        // Seven in a row is still allowed: random keys do contain short runs.
        assert!(!looks_like_placeholder(b"Zq8abcdefgQ"));
    }
}
