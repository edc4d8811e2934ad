//! HTML: inline `<script>` bodies (as JS), JSON payload scripts (`application/json`,
//! `__NEXT_DATA__`, SvelteKit and Remix data), `data-*` attributes and `<meta content>`
//! (named after the attribute or the meta's `name`, so context rules apply), and
//! entity-encoded text. A linear tag scanner, not a tree builder: pages are scanned, not
//! rendered, and malformed markup simply yields fewer values (the raw pass saw it all).

use std::rc::Rc;

use super::escapes::decode_html;
use super::js::{self, Dialect};
use super::offsets::OffsetMap;
use super::{json_document, Base64, Extraction, Steps, ValueOptions};

/// One attribute: name and value ranges (the value without its quotes).
#[derive(Debug, Clone, Copy)]
struct Attr {
    name: (usize, usize),
    value: Option<(usize, usize)>,
}

pub(crate) fn extract(text: &str, out: &mut Extraction) {
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut text_start = 0;
    while let Some(found) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + found;
        let rest = &bytes[at..];
        if rest.starts_with(b"<!--") {
            visible_text(bytes, text_start, at, out);
            i = find(bytes, at + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            text_start = i;
            continue;
        }
        let is_tag = rest
            .get(1)
            .is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'));
        if !is_tag {
            i = at + 1;
            continue;
        }
        visible_text(bytes, text_start, at, out);
        let (name, attrs, end) = tag(bytes, at + 1);
        i = end;
        text_start = end;
        if rest.get(1) == Some(&b'/') {
            continue;
        }
        let name = bytes[name.0..name.1].to_ascii_lowercase();
        attributes(bytes, &name, &attrs, out);
        if name == b"script" || name == b"style" {
            let close: &[u8] = if name == b"script" {
                b"</script"
            } else {
                b"</style"
            };
            let body_end = find_ignoring_case(bytes, end, close).unwrap_or(bytes.len());
            if name == b"script" {
                script(text, &attrs, end, body_end, out);
            }
            i = body_end;
            text_start = body_end;
        }
    }
    visible_text(bytes, text_start, bytes.len(), out);
}

/// Parses a tag from just after `<`: its name, attributes, and where it ends (after `>`).
fn tag(bytes: &[u8], start: usize) -> ((usize, usize), Vec<Attr>, usize) {
    let name_start = (start + usize::from(bytes.get(start) == Some(&b'/'))).min(bytes.len());
    let name_end = name_start
        + bytes[name_start..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
            .unwrap_or(bytes.len() - name_start);
    let mut attrs = Vec::new();
    let mut i = name_end;
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return ((name_start, name_end), attrs, bytes.len()),
            Some(b'>') => return ((name_start, name_end), attrs, i + 1),
            Some(_) => {}
        }
        let attr_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let name = (attr_start, i.max(attr_start + 1).min(bytes.len()));
        i = name.1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            attrs.push(Attr { name, value: None });
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let end = memchr::memchr(quote, &bytes[i + 1..]).map_or(bytes.len(), |e| i + 1 + e);
                let value = (i + 1, end);
                i = (end + 1).min(bytes.len());
                value
            }
            _ => {
                let start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                (start, i)
            }
        };
        attrs.push(Attr {
            name,
            value: Some(value),
        });
    }
}

fn attr_value<'a>(bytes: &'a [u8], attrs: &[Attr], name: &[u8]) -> Option<&'a [u8]> {
    attrs
        .iter()
        .find(|a| bytes[a.name.0..a.name.1].eq_ignore_ascii_case(name))
        .and_then(|a| a.value)
        .map(|(s, e)| &bytes[s..e])
}

/// `data-*` values and `<meta content>` are scanned under their names; any other value
/// only when it holds character references (otherwise the raw pass saw it as it is).
fn attributes(bytes: &[u8], tag: &[u8], attrs: &[Attr], out: &mut Extraction) {
    let meta_name = (tag == b"meta")
        .then(|| {
            ["name", "property", "itemprop", "http-equiv"]
                .iter()
                .find_map(|n| attr_value(bytes, attrs, n.as_bytes()))
        })
        .flatten();
    for attr in attrs {
        let Some((start, end)) = attr.value else {
            continue;
        };
        let attr_name = &bytes[attr.name.0..attr.name.1];
        let lower = attr_name.to_ascii_lowercase();
        let named = if lower.starts_with(b"data-") {
            Some(attr_name)
        } else if tag == b"meta" && lower == b"content" {
            meta_name
        } else {
            None
        };
        let raw = &bytes[start..end];
        if named.is_none() && memchr::memchr(b'&', raw).is_none() {
            continue;
        }
        let mut value = Vec::with_capacity(raw.len());
        let mut map = OffsetMap::default();
        let decoded = decode_html(raw, start, &mut value, &mut map);
        out.add_value(
            Some(named.unwrap_or(attr_name)),
            value,
            vec![Rc::new(map)],
            Steps::default().with_if(Steps::HTML_ENTITIES, decoded),
            ValueOptions {
                scan: true,
                base64: Base64::IfItLooksLikeIt,
                json: false,
            },
            0,
        );
    }
}

/// A `<script>` body: JS, a JSON payload, or (templates, unknown types) raw text only.
fn script(text: &str, attrs: &[Attr], start: usize, end: usize, out: &mut Extraction) {
    let bytes = text.as_bytes();
    if start >= end {
        return;
    }
    let kind = attr_value(bytes, attrs, b"type")
        .map(|t| String::from_utf8_lossy(t).trim().to_ascii_lowercase())
        .unwrap_or_default();
    let id = attr_value(bytes, attrs, b"id").unwrap_or_default();
    let is_json = kind.contains("json") || kind == "importmap" || id == b"__NEXT_DATA__";
    let is_js = matches!(
        kind.as_str(),
        "" | "module"
            | "text/javascript"
            | "application/javascript"
            | "text/ecmascript"
            | "application/ecmascript"
            | "text/jsx"
            | "text/babel"
    );
    if is_json {
        json_document(&bytes[start..end], start, out);
    } else if is_js {
        // `start` and `end` sit next to ASCII `>` and `<`, so they are char boundaries.
        if let Some(body) = text.get(start..end) {
            js::extract(body, start, Dialect::Js, out);
        }
    }
}

/// Text between tags: only character references make it differ from the raw text.
fn visible_text(bytes: &[u8], start: usize, end: usize, out: &mut Extraction) {
    if start >= end {
        return;
    }
    let raw = &bytes[start..end];
    if memchr::memchr(b'&', raw).is_none() {
        return;
    }
    let mut value = Vec::with_capacity(raw.len());
    let mut map = OffsetMap::default();
    if decode_html(raw, start, &mut value, &mut map) {
        out.add_value(
            None,
            value,
            vec![Rc::new(map)],
            Steps::HTML_ENTITIES,
            ValueOptions {
                scan: true,
                base64: Base64::IfItLooksLikeIt,
                json: false,
            },
            0,
        );
    }
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| from + i)
}

fn find_ignoring_case(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(found) = memchr::memchr(b'<', bytes.get(i..)?) {
        let at = i + found;
        if bytes
            .get(at..at + needle.len())
            .is_some_and(|w| w.eq_ignore_ascii_case(needle))
        {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fragments(html: &str) -> Vec<(Option<String>, String)> {
        let mut out = Extraction::default();
        extract(html, &mut out);
        crate::extract::named_values(&out)
    }

    #[test]
    fn scripts_attributes_and_text_are_extracted() {
        let html = r#"<!doctype html><html><head>
<meta name="api-key" content="Xy9Qz2">
<script>var k = "a" + "b";</script>
<script type="application/json" id="cfg">{"token":"\u0041B"}</script>
<script type="text/template">"c" + "d"</script>
</head><body data-stripe-key='pk'><p title="&quot;q&quot;">&#115;k &amp; more</p>
<!-- "e" + "f" --></body></html>"#;
        let got = fragments(html);
        let has = |name: Option<&str>, value: &str| {
            got.iter().any(|(n, v)| n.as_deref() == name && v == value)
        };
        assert!(has(Some("api-key"), "Xy9Qz2"), "{got:?}");
        assert!(has(Some("k"), "ab"), "{got:?}");
        assert!(has(Some("token"), "AB"), "{got:?}");
        assert!(has(Some("data-stripe-key"), "pk"), "{got:?}");
        assert!(has(Some("title"), "\"q\""), "{got:?}");
        assert!(has(None, "sk & more"), "{got:?}");
        assert!(!got.iter().any(|(_, v)| v == "cd" || v == "ef"), "{got:?}");
    }

    #[test]
    fn unterminated_markup_ends_quietly() {
        assert!(fragments("<div data-x='abc").len() <= 1);
        assert!(fragments("<script>var a = 1").is_empty());
        assert!(fragments("<").is_empty());
    }
}
