//! Shannon entropy in bits per byte: separates random keys from words and placeholders.

pub(crate) fn shannon(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[b as usize] += 1;
    }
    let len = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / len;
            -p * p.log2()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::shannon;

    #[test]
    fn repeated_characters_have_no_entropy() {
        assert_eq!(shannon(b"xxxxxxxx"), 0.0);
        assert!((shannon(b"abcdefgh") - 3.0).abs() < 1e-9);
    }
}
