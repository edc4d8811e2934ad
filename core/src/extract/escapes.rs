//! Decoders for the escapes a value can hide behind: every JS string escape (`\xHH`,
//! `\uHHHH`, `\u{…}`, legacy octal, line continuations; JSON's are a subset) and HTML
//! character references. Each writes the decoded bytes and an [`OffsetMap`] back to the
//! source. Malformed escapes decode the way engines read them (`\q` is `q`), never fail.

use super::offsets::OffsetMap;

/// Decodes the body of a JS string literal, template chunk or JSON string: `raw` is the
/// text between the quotes and starts at `base` in the source. Returns whether the body
/// held any escape (if not, `out` is `raw` and the map is one verbatim run).
pub(crate) fn decode_js(raw: &[u8], base: usize, out: &mut Vec<u8>, map: &mut OffsetMap) -> bool {
    // Every backslash starts an escape: malformed ones decode the way engines read them.
    decode_marked(raw, base, b'\\', out, map, |at, out| {
        Some(decode_escape(raw, at, out) - at)
    })
}

/// Decodes the escape starting with the backslash at `at`; returns where it ends.
fn decode_escape(raw: &[u8], at: usize, out: &mut Vec<u8>) -> usize {
    let Some(&c) = raw.get(at + 1) else {
        // A trailing backslash (a truncated literal): keep it.
        out.push(b'\\');
        return at + 1;
    };
    let simple = match c {
        b'n' => Some(b'\n'),
        b't' => Some(b'\t'),
        b'r' => Some(b'\r'),
        b'b' => Some(0x08),
        b'f' => Some(0x0c),
        b'v' => Some(0x0b),
        _ => None,
    };
    if let Some(byte) = simple {
        out.push(byte);
        return at + 2;
    }
    match c {
        // Line continuations: the backslash and the line break vanish.
        b'\n' => at + 2,
        b'\r' => at + 2 + usize::from(raw.get(at + 2) == Some(&b'\n')),
        0xE2 if matches!(raw.get(at + 2..at + 4), Some([0x80, 0xA8 | 0xA9])) => at + 4,
        b'0'..=b'7' => {
            // Legacy octal: up to three digits, at most \377.
            let max_digits = if c <= b'3' { 3 } else { 2 };
            let mut value = 0u32;
            let mut end = at + 1;
            while end < at + 1 + max_digits {
                match raw.get(end) {
                    Some(d @ b'0'..=b'7') => {
                        value = value * 8 + u32::from(d - b'0');
                        end += 1;
                    }
                    _ => break,
                }
            }
            push_char(out, value);
            end
        }
        b'x' => match hex_value(raw.get(at + 2..at + 4)) {
            Some(value) => {
                push_char(out, value);
                at + 4
            }
            None => {
                out.push(b'x');
                at + 2
            }
        },
        b'u' => decode_unicode_escape(raw, at, out),
        _ => {
            // Any other character stands for itself (`\"`, `\\`, `\/`, `\q`, `\é`).
            let len = utf8_len(c).min(raw.len() - at - 1);
            out.extend_from_slice(&raw[at + 1..at + 1 + len]);
            at + 1 + len
        }
    }
}

/// `\uHHHH` (with surrogate pairs) or `\u{H…}`.
fn decode_unicode_escape(raw: &[u8], at: usize, out: &mut Vec<u8>) -> usize {
    if raw.get(at + 2) == Some(&b'{') {
        if let Some(close) = raw[at + 3..].iter().take(8).position(|&b| b == b'}') {
            if let Some(value) = hex_value(Some(&raw[at + 3..at + 3 + close])) {
                push_char(out, value);
                return at + 4 + close;
            }
        }
        out.push(b'u');
        return at + 2;
    }
    let Some(unit) = hex_value(raw.get(at + 2..at + 6)) else {
        out.push(b'u');
        return at + 2;
    };
    if (0xD800..0xDC00).contains(&unit) && raw.get(at + 6..at + 8) == Some(b"\\u") {
        if let Some(low) = hex_value(raw.get(at + 8..at + 12)) {
            if (0xDC00..0xE000).contains(&low) {
                push_char(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
                return at + 12;
            }
        }
    }
    push_char(out, unit);
    at + 6
}

/// Decodes HTML character references (`&amp;`, `&quot;`, `&#115;`, `&#x73;`) in `raw`,
/// which starts at `base` in the source. Returns whether there was any.
pub(crate) fn decode_html(raw: &[u8], base: usize, out: &mut Vec<u8>, map: &mut OffsetMap) -> bool {
    decode_marked(raw, base, b'&', out, map, |at, out| {
        decode_reference(&raw[at..], out)
    })
}

/// The loop both decoders share: copies `raw` (at `base` in the source) to `out`, and at each
/// `marker` byte lets `decode` write the decoded form and return how many source bytes it
/// read, or `None` when the marker starts nothing (it is then copied as is). Records every
/// run in `map`; returns whether anything was decoded.
fn decode_marked(
    raw: &[u8],
    base: usize,
    marker: u8,
    out: &mut Vec<u8>,
    map: &mut OffsetMap,
    mut decode: impl FnMut(usize, &mut Vec<u8>) -> Option<usize>,
) -> bool {
    let mut decoded_any = false;
    let mut i = 0;
    while i < raw.len() {
        let Some(found) = memchr::memchr(marker, &raw[i..]) else {
            out.extend_from_slice(&raw[i..]);
            map.push_verbatim(base + i, raw.len() - i);
            break;
        };
        let at = i + found;
        out.extend_from_slice(&raw[i..at]);
        map.push_verbatim(base + i, at - i);
        let before = out.len();
        match decode(at, out) {
            Some(len) => {
                decoded_any = true;
                map.push_escape(base + at, base + at + len, out.len() - before);
                i = at + len;
            }
            None => {
                out.push(marker);
                map.push_verbatim(base + at, 1);
                i = at + 1;
            }
        }
    }
    decoded_any
}

/// One character reference at the start of `text` (which begins with `&`); its length.
fn decode_reference(text: &[u8], out: &mut Vec<u8>) -> Option<usize> {
    let semicolon = text.iter().take(12).position(|&b| b == b';')?;
    let body = &text[1..semicolon];
    let value = match body {
        [b'#', b'x' | b'X', hex @ ..] => hex_value(Some(hex))?,
        [b'#', digits @ ..] if !digits.is_empty() && digits.len() <= 7 => {
            let text = std::str::from_utf8(digits).ok()?;
            text.parse::<u32>().ok()?
        }
        b"amp" => u32::from(b'&'),
        b"lt" => u32::from(b'<'),
        b"gt" => u32::from(b'>'),
        b"quot" => u32::from(b'"'),
        b"apos" => u32::from(b'\''),
        b"sol" => u32::from(b'/'),
        b"equals" => u32::from(b'='),
        b"plus" => u32::from(b'+'),
        b"nbsp" => 0xA0,
        _ => return None,
    };
    push_char(out, value);
    Some(semicolon + 1)
}

fn hex_value(digits: Option<&[u8]>) -> Option<u32> {
    let digits = digits?;
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    digits.iter().try_fold(0u32, |acc, &d| {
        let v = (d as char).to_digit(16)?;
        Some(acc * 16 + v)
    })
}

/// Appends a code point as UTF-8; lone surrogates and out-of-range values become U+FFFD.
fn push_char(out: &mut Vec<u8>, value: u32) {
    let c = char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER);
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(raw: &str) -> (String, bool) {
        let (mut out, mut map) = (Vec::new(), OffsetMap::default());
        let escaped = decode_js(raw.as_bytes(), 0, &mut out, &mut map);
        assert_eq!(map.decoded_len(), out.len());
        (String::from_utf8_lossy(&out).into_owned(), escaped)
    }

    #[test]
    fn every_js_escape_form_decodes() {
        assert_eq!(js(r"\x73k_\u006cive"), ("sk_live".into(), true));
        assert_eq!(js(r"\u{73}\u{1F600}"), ("s😀".into(), true));
        assert_eq!(js(r"\uD83D\uDE00"), ("😀".into(), true));
        assert_eq!(js(r"\163k\0"), ("sk\0".into(), true));
        assert_eq!(js("ab\\\ncd\\\r\nef"), ("abcdef".into(), true));
        assert_eq!(js(r#"\"\'\\\/\q\n\t"#), ("\"'\\/q\n\t".into(), true));
        assert_eq!(js(r"\xZZ\u12"), ("xZZu12".into(), true));
        assert_eq!(js("plain"), ("plain".into(), false));
        assert_eq!(js("trailing\\"), ("trailing\\".into(), true));
        assert_eq!(js(r"\uDEAD!"), ("\u{FFFD}!".into(), true));
    }

    #[test]
    fn decoded_ranges_map_back_to_the_escapes() {
        let raw = r"ab\x63d";
        let (mut out, mut map) = (Vec::new(), OffsetMap::default());
        decode_js(raw.as_bytes(), 100, &mut out, &mut map);
        assert_eq!(out, b"abcd");
        assert_eq!(map.map_range(2, 3), Some((102, 106)));
        assert_eq!(map.map_range(0, 4), Some((100, 107)));
    }

    #[test]
    fn html_references_decode() {
        let raw = "&#115;k&#x5f;live &amp; &quot;x&quot; &unknown; & alone";
        let (mut out, mut map) = (Vec::new(), OffsetMap::default());
        assert!(decode_html(raw.as_bytes(), 0, &mut out, &mut map));
        assert_eq!(
            String::from_utf8_lossy(&out),
            "sk_live & \"x\" &unknown; & alone"
        );
        assert_eq!(map.decoded_len(), out.len());
    }
}
