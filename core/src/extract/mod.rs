//! JS-, HTML-, JSON- and source-map-aware extraction: the values a raw-text pass cannot
//! see as they are (escaped, split by `+`, base64-encoded, inside `JSON.parse('…')`, in a
//! map's `sourcesContent`), decoded, each with the name it is assigned to and an
//! [`OffsetMap`] back to the bytes it came from.
//!
//! Extraction only adds: the raw pass always runs over the whole input, so anything this
//! module cannot understand (a syntax error, invalid UTF-8, a value over the size limit)
//! is still scanned as raw text and recorded as a [`Degradation`]. Plain literals are not
//! extracted at all: their bytes are already in the raw text, next to their names.
//!
//! - `js.rs`: JS/TS string extraction (a token machine fed by one of two lexers):
//!   `js_scan.rs` is the fast path, `js_swc.rs` (swc's lexer, never the parser) the
//!   fallback and the reference the differential tests (`js_diff_tests.rs`) hold it to.
//! - `html.rs`: inline scripts, JSON payload scripts, attributes, encoded text.
//! - `json.rs`: strings of a JSON text with their keys.
//! - `sourcemap.rs`: `sourcesContent` entries as embedded sources; generated → original.
//! - `escapes.rs`, `offsets.rs`: decoding and mapping back.

mod escapes;
mod html;
mod js;
#[cfg(test)]
mod js_diff_tests;
mod js_scan;
mod js_swc;
mod json;
pub(crate) mod offsets;
pub(crate) mod sourcemap;

use std::rc::Rc;

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;

use crate::input::InputKind;
use crate::report::finding::Decoding;
use offsets::OffsetMap;

/// Values longer than this are not base64- or JSON-decoded (a 5 MB base64 string is a
/// font or an image, and decoding it would cost more than the whole scan of the file).
pub(crate) const MAX_DECODE_BYTES: usize = 256 * 1024;
/// Decoding inside decoding (base64 of JSON of an escaped string) stops at this depth.
const MAX_DEPTH: u8 = 3;
/// Base64 shorter than this decodes to fewer than 15 bytes: too short for a credential.
const MIN_BASE64_LEN: usize = 20;

/// The decodings a fragment went through, as a bit set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Steps(u8);

impl Steps {
    pub const ESCAPES: Steps = Steps(1);
    pub const CONCATENATION: Steps = Steps(2);
    pub const BASE64: Steps = Steps(4);
    pub const JSON: Steps = Steps(8);
    pub const HTML_ENTITIES: Steps = Steps(16);

    pub fn with(self, other: Steps) -> Steps {
        Steps(self.0 | other.0)
    }

    pub fn with_if(self, other: Steps, condition: bool) -> Steps {
        if condition {
            self.with(other)
        } else {
            self
        }
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn list(self) -> Vec<Decoding> {
        [
            (Steps::JSON, Decoding::Json),
            (Steps::HTML_ENTITIES, Decoding::HtmlEntities),
            (Steps::ESCAPES, Decoding::Escapes),
            (Steps::CONCATENATION, Decoding::Concatenation),
            (Steps::BASE64, Decoding::Base64),
        ]
        .into_iter()
        .filter(|(step, _)| self.0 & step.0 != 0)
        .map(|(_, decoding)| decoding)
        .collect()
    }
}

/// One value to scan, decoded, with the name it is assigned to.
#[derive(Debug)]
pub(crate) struct Fragment {
    /// `apiKey`, `OPENAI_KEY`, `data-api-key`: lets context rules match.
    pub name: Option<Vec<u8>>,
    pub value: Vec<u8>,
    /// Innermost first; the last maps into the text the extraction ran on.
    pub maps: Vec<Rc<OffsetMap>>,
    pub steps: Steps,
}

impl Fragment {
    /// The range in the extracted text that produced `start..end` of the value.
    pub fn map_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        self.maps
            .iter()
            .try_fold((start, end), |(s, e), map| map.map_range(s, e))
    }
}

/// A whole source file carried inside the input (a source map's `sourcesContent` entry),
/// scanned as a file of its own.
#[derive(Debug)]
pub(crate) struct EmbeddedSource {
    /// The original path, as the map names it.
    pub name: String,
    pub text: Vec<u8>,
    /// From `text` to the input, innermost first.
    pub maps: Vec<Rc<OffsetMap>>,
    pub kind: InputKind,
    /// Said on every finding in it (when it ships).
    pub note: &'static str,
}

/// Something the extraction could not fully do; the raw pass still covered it.
#[derive(Debug, Clone)]
pub(crate) struct Degradation {
    pub code: &'static str,
    pub reason: String,
}

/// What an extraction produced.
#[derive(Debug, Default)]
pub(crate) struct Extraction {
    pub fragments: Vec<Fragment>,
    pub sources: Vec<EmbeddedSource>,
    pub degraded: Vec<Degradation>,
    /// The input's own inline (`data:`) source map (its JSON), to map findings to original
    /// positions.
    pub inline_map: Option<Vec<u8>>,
    /// Values over [`MAX_DECODE_BYTES`] that were not decoded.
    too_large: usize,
}

/// How a value found in the text should be treated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ValueOptions {
    /// Scan the value itself (it differs from the raw text, or needs its name).
    pub scan: bool,
    /// Try it as base64: always (`atob("…")`) or when it looks like base64.
    pub base64: Base64,
    /// Read it as JSON (`JSON.parse('…')`).
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Base64 {
    Always,
    IfItLooksLikeIt,
}

/// Extracts what the raw pass cannot see from `bytes`, read as `kind`.
pub(crate) fn extract(kind: InputKind, bytes: &[u8], origin: &str) -> Extraction {
    let mut out = Extraction::default();
    match kind {
        InputKind::Js => with_text(bytes, &mut out, |text, out| {
            js::extract(text, 0, js::Dialect::for_name(origin), out);
            sourcemap::extract_inline(text.as_bytes(), out);
        }),
        InputKind::Html => with_text(bytes, &mut out, html::extract),
        InputKind::Json => json_document(bytes, 0, &mut out),
        InputKind::SourceMap => sourcemap::extract_sources(bytes, &mut out),
        InputKind::Css | InputKind::Text | InputKind::Binary => {}
    }
    if out.too_large > 0 {
        out.degraded.push(Degradation {
            code: "decode-limit",
            reason: format!(
                "{} encoded value(s) over {} KiB were not decoded (scanned as raw text only)",
                out.too_large,
                MAX_DECODE_BYTES / 1024
            ),
        });
    }
    out
}

/// Runs `f` on the input as UTF-8. Invalid bytes become `?` (one byte each, so every
/// offset stays the same) and the report says so.
fn with_text(bytes: &[u8], out: &mut Extraction, f: impl FnOnce(&str, &mut Extraction)) {
    match std::str::from_utf8(bytes) {
        Ok(text) => f(text, out),
        Err(_) => {
            let (text, replaced) = replace_invalid_utf8(bytes);
            out.degraded.push(Degradation {
                code: "invalid-utf8",
                reason: format!(
                    "{replaced} byte(s) are not UTF-8: read as `?` by the JS/HTML-aware pass (the raw pass saw them as they are)"
                ),
            });
            f(&text, out);
        }
    }
}

fn replace_invalid_utf8(bytes: &[u8]) -> (String, usize) {
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = 0;
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        replaced += chunk.invalid().len();
        text.extend(std::iter::repeat('?').take(chunk.invalid().len()));
    }
    (text, replaced)
}

/// A JSON document (a `.json` file or a JSON payload script at `base`): escaped strings
/// are decoded and scanned with their keys; plain ones are already in the raw text.
fn json_document(bytes: &[u8], base: usize, out: &mut Extraction) {
    let identity = Rc::new(OffsetMap::verbatim(base, bytes.len()));
    if let Err(error) = json_strings(bytes, &[identity], Steps::default(), false, 0, out) {
        out.degraded.push(Degradation {
            code: "json-fallback",
            reason: format!(
                "not valid JSON at byte {} ({}): scanned as raw text from there on",
                base + error.at,
                error.what
            ),
        });
    }
}

/// Adds the strings of the JSON `text` (whose bytes map out through `maps`). With
/// `all`, every string with a key is scanned (the JSON itself was decoded, so the raw
/// pass never saw `"key":"value"` as such); otherwise only escaped ones.
fn json_strings(
    text: &[u8],
    maps: &[Rc<OffsetMap>],
    steps: Steps,
    all: bool,
    depth: u8,
    out: &mut Extraction,
) -> Result<(), json::JsonError> {
    let mut found = Vec::new();
    let result = json::walk(text, |s| {
        // Only what the raw pass cannot see: escaped, decodable, or keyed when the JSON
        // itself was decoded.
        let raw = &text[s.start..s.end];
        if s.escaped
            || (all && s.key.is_some())
            || matches!(raw.first(), Some(b'{' | b'['))
            || looks_like_base64(raw)
        {
            found.push(*s);
        }
    });
    for s in found {
        let raw = &text[s.start..s.end];
        let mut value = Vec::with_capacity(raw.len());
        let mut map = OffsetMap::default();
        let escaped = escapes::decode_js(raw, s.start, &mut value, &mut map);
        let mut chain = Vec::with_capacity(maps.len() + 1);
        chain.push(Rc::new(map));
        chain.extend(maps.iter().cloned());
        let name = s.key.map(|(a, b)| text[a..b].to_vec());
        let looks_like_json = matches!(value.first(), Some(b'{' | b'['));
        out.add_value(
            name.as_deref(),
            value,
            chain,
            steps.with(Steps::JSON).with_if(Steps::ESCAPES, escaped),
            ValueOptions {
                scan: escaped || (all && s.key.is_some()),
                base64: Base64::IfItLooksLikeIt,
                json: looks_like_json,
            },
            depth + 1,
        );
    }
    result
}

impl Extraction {
    /// Takes in everything `other` found (a pass run apart, kept only if it succeeds).
    pub(crate) fn absorb(&mut self, other: Extraction) {
        self.fragments.extend(other.fragments);
        self.sources.extend(other.sources);
        self.degraded.extend(other.degraded);
        self.inline_map = self.inline_map.take().or(other.inline_map);
        self.too_large += other.too_large;
    }

    /// Adds a decoded value and, as `options` say, its base64 and JSON readings.
    /// `maps` lead from `value` back to the extracted text, innermost first.
    pub(crate) fn add_value(
        &mut self,
        name: Option<&[u8]>,
        value: Vec<u8>,
        maps: Vec<Rc<OffsetMap>>,
        steps: Steps,
        options: ValueOptions,
        depth: u8,
    ) {
        if depth > MAX_DEPTH {
            return;
        }
        let decodable = value.len() <= MAX_DECODE_BYTES;
        let wants_base64 = match options.base64 {
            Base64::Always => value.len() >= 4,
            Base64::IfItLooksLikeIt => looks_like_base64(&value),
        };
        if wants_base64 || options.json {
            if !decodable {
                self.too_large += 1;
            } else {
                if wants_base64 {
                    self.add_base64(name, &value, &maps, steps, depth);
                }
                if options.json {
                    // A payload that is not JSON after all is simply not read as JSON.
                    let _ = json_strings(&value, &maps, steps, !steps.is_empty(), depth, self);
                }
            }
        }
        if options.scan && !value.is_empty() {
            self.fragments.push(Fragment {
                name: name.map(<[u8]>::to_vec),
                value,
                maps,
                steps,
            });
        }
    }

    fn add_base64(
        &mut self,
        name: Option<&[u8]>,
        value: &[u8],
        maps: &[Rc<OffsetMap>],
        steps: Steps,
        depth: u8,
    ) {
        let Some(decoded) = decode_base64_text(value) else {
            return;
        };
        let mut map = OffsetMap::default();
        // Whitespace was not allowed in, so the encoded text is `value` minus its padding.
        let encoded_len = value.len() - value.iter().rev().take_while(|&&b| b == b'=').count();
        map.push_base64(0, encoded_len, decoded.len());
        let mut chain = Vec::with_capacity(maps.len() + 1);
        chain.push(Rc::new(map));
        chain.extend(maps.iter().cloned());
        let looks_like_json = matches!(decoded.first(), Some(b'{' | b'['));
        self.add_value(
            name,
            decoded,
            chain,
            steps.with(Steps::BASE64),
            ValueOptions {
                scan: true,
                base64: Base64::IfItLooksLikeIt,
                json: looks_like_json,
            },
            depth + 1,
        );
    }
}

/// The fragments of one extraction laid out as one text, `name: "value"` per line, so the
/// engine runs once (one prefilter pass) however many values there are, and context
/// rules see each value next to its name as they would in source code.
#[derive(Debug)]
pub(crate) struct Synthetic {
    pub text: Vec<u8>,
    /// Where each fragment's value sits in `text`, in fragment order.
    values: Vec<(usize, usize)>,
}

impl Synthetic {
    pub fn new(fragments: &[Fragment]) -> Synthetic {
        let size: usize = fragments
            .iter()
            .map(|f| f.value.len() + f.name.as_ref().map_or(0, Vec::len) + 6)
            .sum();
        let mut text = Vec::with_capacity(size);
        let mut values = Vec::with_capacity(fragments.len());
        for fragment in fragments {
            if let Some(name) = &fragment.name {
                text.extend_from_slice(name);
                text.extend_from_slice(b": ");
            }
            text.push(b'"');
            let start = text.len();
            text.extend_from_slice(&fragment.value);
            values.push((start, text.len()));
            text.extend_from_slice(b"\"\n");
        }
        Synthetic { text, values }
    }

    /// The fragment a match at `start..end` of `text` lies in, and the range within its
    /// value. A match that is not inside one value (it took in a name or spans two
    /// lines) is not a value's secret.
    pub fn locate(&self, start: usize, end: usize) -> Option<(usize, usize, usize)> {
        let index = self
            .values
            .partition_point(|&(s, _)| s <= start)
            .checked_sub(1)?;
        let (value_start, value_end) = self.values[index];
        (end <= value_end).then(|| (index, start - value_start, end - value_start))
    }
}

/// Long enough, only base64 characters (one alphabet), padding only at the end.
fn looks_like_base64(value: &[u8]) -> bool {
    if value.len() < MIN_BASE64_LEN {
        return false;
    }
    let body = value
        .strip_suffix(b"==")
        .or_else(|| value.strip_suffix(b"="))
        .unwrap_or(value);
    body.len() % 4 != 1
        && body
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'-' | b'_'))
}

/// Decodes standard or URL-safe base64 (padding optional) when the result is text:
/// valid UTF-8 without control characters other than whitespace. Random bytes (a key
/// that merely looks like base64, an embedded image) almost never are.
fn decode_base64_text(value: &[u8]) -> Option<Vec<u8>> {
    const CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::Indifferent)
        .with_decode_allow_trailing_bits(true);
    const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, CONFIG);
    const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, CONFIG);
    let url_safe = value.iter().any(|&b| b == b'-' || b == b'_');
    let engine = if url_safe { &URL_SAFE } else { &STANDARD };
    // Reject binary early: the first 64 characters decode to 48 bytes that tell.
    let head = &value[..value.len().min(64) / 4 * 4];
    if head.len() < value.len() && !is_text(&engine.decode(head).ok()?) {
        return None;
    }
    let decoded = engine.decode(value).ok()?;
    is_text(&decoded).then_some(decoded)
}

fn is_text(bytes: &[u8]) -> bool {
    !bytes.is_empty()
        && std::str::from_utf8(bytes).is_ok()
        && bytes
            .iter()
            .all(|&b| b >= 0x20 && b != 0x7f || matches!(b, b'\n' | b'\r' | b'\t'))
}

/// Test helper shared by the extractors' tests: each fragment as (name, value), lossily
/// decoded so assertions can compare strings.
#[cfg(test)]
pub(crate) fn named_values(out: &Extraction) -> Vec<(Option<String>, String)> {
    out.fragments
        .iter()
        .map(|f| {
            (
                f.name
                    .as_deref()
                    .map(|n| String::from_utf8_lossy(n).into_owned()),
                String::from_utf8_lossy(&f.value).into_owned(),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_text_decodes_and_random_bytes_do_not() {
        assert_eq!(
            decode_base64_text(b"c2tfbGl2ZV9hYmNkZWZnaGlqa2xtbm9w").as_deref(),
            Some(&b"sk_live_abcdefghijklmnop"[..])
        );
        assert_eq!(
            decode_base64_text(b"c2tfbGl2ZV8").as_deref(),
            Some(&b"sk_live_"[..])
        );
        // A random alphanumeric key decodes to binary: not text.
        assert!(decode_base64_text(b"Zq8vN3kLm2Pw7Rt5Yx1Bc4Df6Gh9Jk0T").is_none());
        assert!(looks_like_base64(b"c2tfbGl2ZV9hYmNkZWZnaGlqa2xtbm9w"));
        assert!(!looks_like_base64(b"data:image/png;base64,iVBORw0KGgo"));
    }

    #[test]
    fn invalid_utf8_keeps_every_offset() {
        let (text, replaced) = replace_invalid_utf8(b"a\xffb\xc3");
        assert_eq!((text.as_str(), replaced), ("a?b?", 2));
    }
}
