//! Value shapes that context rules exclude: a value next to `token:` that is a UUID or a
//! hex digest is an id or a hash far more often than a credential.

pub(crate) fn is_known(shape: &str) -> bool {
    matches!(shape, "uuid" | "hex")
}

pub(crate) fn matches(shape: &str, value: &[u8]) -> bool {
    match shape {
        "uuid" => is_uuid(value),
        "hex" => !value.is_empty() && value.iter().all(u8::is_ascii_hexdigit),
        _ => false,
    }
}

fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn uuid_and_hex_shapes() {
        assert!(matches("uuid", b"3f2b8c1e-9d4a-4c7b-8e2f-1a6d5c9b7e30"));
        assert!(!matches("uuid", b"3f2b8c1e9d4a4c7b8e2f1a6d5c9b7e30"));
        assert!(matches("hex", b"3f2b8c1e9d4a4c7b8e2f1a6d5c9b7e30"));
        assert!(!matches("hex", b"3f2b8c1e9d4a4c7b8e2f1a6d5c9b7eXZ"));
    }
}
