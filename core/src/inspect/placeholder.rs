//! Placeholders written by people (`abcdefghij…`, `1234567890`, `xxxxxxxx`) look like keys to
//! a regex but are not. A real key is random: a run of 8 consecutive ascending characters
//! (`klmnopqr`, `23456789`) or 8 identical characters has a chance of about 62^-7 per
//! position, so rejecting such values costs no real detection.

const RUN: usize = 8;

/// A value that is mostly one character (`xxxx…`, `0000…`, `AKIAXXXXXXXXXXXXXXXX`,
/// bech32's all-zero `QQQQ…`), or whose secret part is padded out with one (`1/1429…:000…`),
/// is a redaction or an empty template, not an example of a key: two thirds or more of its
/// letters and digits are the same one, or 16 in a row are. No random key comes near that.
pub(crate) fn is_filler(secret: &[u8]) -> bool {
    const PAD: usize = 16;
    if contains_template_words(secret) {
        return true;
    }
    let mut counts = [0u32; 256];
    let mut alphanumerics = 0u32;
    let mut run = 0usize;
    for (i, &b) in secret.iter().enumerate() {
        if !b.is_ascii_alphanumeric() {
            run = 0;
            continue;
        }
        counts[usize::from(b)] += 1;
        alphanumerics += 1;
        run = if i > 0 && secret[i - 1] == b {
            run + 1
        } else {
            1
        };
        if run >= PAD {
            return true;
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    alphanumerics >= 8 && most * 3 >= alphanumerics * 2
}

/// Fill-in instructions (`PUT_YOUR_TOKEN_HERE`, `<your-key>`) and documented example keys
/// (`…EXAMPLE`). The markers hold `_`, `<` or a whole word, so a random key does not spell them.
fn contains_template_words(secret: &[u8]) -> bool {
    const MARKERS: [&[u8]; 6] = [
        b"your_",
        b"your-",
        b"<your",
        b"_here",
        b"example",
        b"placeholder",
    ];
    super::contains_any_ignoring_case(secret, &MARKERS)
}

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
    use super::{is_filler, looks_like_placeholder};

    #[test]
    fn fillers_are_mostly_one_character() {
        assert!(is_filler(b"AKIAXXXXXXXXXXXXXXXX"));
        assert!(is_filler(b"sk-0000000000000000000000000000000000000000"));
        assert!(is_filler(
            b"glc_111111111111111111111111111111111111111111="
        ));
        // Sequences are placeholders but not fillers: they are reported for review.
        assert!(!is_filler(b"12345678-ABCD-ABCD-ABCD-1234567890AB"));
        assert!(!is_filler(b"sk_live_PHeFRZksKLTicC7ajFEKrOys"));
        assert!(!is_filler(
            b"xoxa-2-511111111-31111111111-3111111111111-e039d02840a0"
        ));
        assert!(!is_filler(b"xxxx"), "too short to call");
        assert!(is_filler(
            b"1/1429212268593996:00000000000000000000000000000000"
        ));
        assert!(is_filler(
            b"sha256~XXXXXXXXXX_PUT_YOUR_TOKEN_HERE_XXXXXXXXXXXX"
        ));
    }

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
