//! Source maps, both ways. Every `sourcesContent` entry (of a `.map` file or of a JS
//! file's inline `data:` map) is an embedded source, scanned as a file of its own and
//! reported as `<map> → <original path>:line:col`. And a finding in a generated file is
//! mapped to its original position through the map's `mappings`, decoded by Sentry's
//! `sourcemap` crate (no hand-written VLQ).
//!
//! `sources` and `sourcesContent` are read with the crate's-independent JSON walker, not
//! the crate's parser, because findings need each entry's byte range in the map file.

use std::collections::HashMap;
use std::rc::Rc;

use base64::Engine as _;

use super::escapes::decode_js;
use super::offsets::OffsetMap;
use super::{json, Degradation, EmbeddedSource, Extraction};
use crate::input::InputKind;
use crate::report::finding::SourceLocation;

/// Said on findings in a `.map` file's `sourcesContent`.
pub(crate) const SHIPS_IF_DEPLOYED: &str = "found in the source map's sourcesContent: it reaches browsers only if the .map file is deployed (bundlers write it next to the bundle by default)";
/// Said on findings in an inline map's `sourcesContent`.
const SHIPS_INLINE: &str =
    "found in the inline source map's sourcesContent: it ships with this file";

/// A standalone `.map` file: its `sourcesContent` entries become embedded sources.
pub(crate) fn extract_sources(bytes: &[u8], out: &mut Extraction) {
    let identity = Rc::new(OffsetMap::verbatim(0, bytes.len()));
    if let Err(error) = sources_of(bytes, &[identity], SHIPS_IF_DEPLOYED, out) {
        out.degraded.push(Degradation {
            code: "source-map-invalid",
            reason: format!(
                "not a valid source map (byte {}: {}): scanned as raw text, sourcesContent entries before that point as sources",
                error.at, error.what
            ),
        });
    }
}

/// Adds the `sourcesContent` entries of the map JSON `text` (mapped out through `maps`).
fn sources_of(
    text: &[u8],
    maps: &[Rc<OffsetMap>],
    note: &'static str,
    out: &mut Extraction,
) -> Result<(), json::JsonError> {
    let mut names: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
    let mut contents = Vec::new();
    let result = json::walk(text, |s| {
        let (Some((a, b)), Some(index)) = (s.key, s.index) else {
            return;
        };
        match &text[a..b] {
            b"sources" => {
                names.insert((s.object, index), (s.start, s.end));
            }
            b"sourcesContent" => contents.push(*s),
            _ => {}
        }
    });
    for content in contents {
        let index = content.index.unwrap_or_default();
        let name = names.get(&(content.object, index)).map_or_else(
            || format!("sources[{index}]"),
            |&(a, b)| {
                let mut name = Vec::new();
                decode_js(&text[a..b], 0, &mut name, &mut OffsetMap::default());
                String::from_utf8_lossy(&name).into_owned()
            },
        );
        let mut decoded = Vec::with_capacity(content.end - content.start);
        let mut map = OffsetMap::default();
        decode_js(
            &text[content.start..content.end],
            content.start,
            &mut decoded,
            &mut map,
        );
        let mut chain = Vec::with_capacity(maps.len() + 1);
        chain.push(Rc::new(map));
        chain.extend(maps.iter().cloned());
        out.sources.push(EmbeddedSource {
            kind: InputKind::detect(&name, &decoded),
            name,
            text: decoded,
            maps: chain,
            note,
        });
    }
    result
}

/// A JS file's inline map (`//# sourceMappingURL=data:application/json;base64,…`): kept
/// for position lookups, and its `sourcesContent` entries become embedded sources.
pub(crate) fn extract_inline(bytes: &[u8], out: &mut Extraction) {
    const MARKER: &[u8] = b"sourceMappingURL=data:";
    // The last one counts; a forward search is several times faster than a reverse one.
    let Some(at) = memchr::memmem::find_iter(bytes, MARKER).last() else {
        return;
    };
    let header_start = at + MARKER.len();
    let rest = &bytes[header_start..];
    let Some(comma) = memchr::memchr(b',', &rest[..rest.len().min(256)]) else {
        return;
    };
    if !rest[..comma].ends_with(b";base64") {
        out.degraded.push(Degradation {
            code: "source-map-invalid",
            reason: "the inline source map is not base64-encoded: not read".to_owned(),
        });
        return;
    }
    let start = header_start + comma + 1;
    let end = start
        + bytes[start..]
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=')))
            .unwrap_or(bytes.len() - start);
    let json = match base64::engine::general_purpose::STANDARD.decode(&bytes[start..end]) {
        Ok(json) => json,
        Err(error) => {
            out.degraded.push(Degradation {
                code: "source-map-invalid",
                reason: format!("the inline source map is not valid base64 ({error})"),
            });
            return;
        }
    };
    let mut map = OffsetMap::default();
    map.push_base64(start, end, json.len());
    if let Err(error) = sources_of(&json, &[Rc::new(map)], SHIPS_INLINE, out) {
        out.degraded.push(Degradation {
            code: "source-map-invalid",
            reason: format!(
                "the inline source map is not valid JSON (byte {}: {}): sourcesContent entries before that point were scanned",
                error.at, error.what
            ),
        });
    }
    // Parsed only if a finding needs a position (most files have none).
    out.inline_map = Some(json);
}

/// Parses a source map (regular or index map).
pub(crate) fn parse(bytes: &[u8]) -> Result<::sourcemap::DecodedMap, String> {
    ::sourcemap::decode_slice(bytes).map_err(|e| e.to_string())
}

/// The original position of a generated one (1-based line, 1-based UTF-16 column, as
/// source maps count), like `originalPositionFor`: the nearest mapping at or before it.
pub(crate) fn original_position(
    map: &::sourcemap::DecodedMap,
    line: usize,
    column_utf16: usize,
) -> Option<SourceLocation> {
    let line = u32::try_from(line.checked_sub(1)?).ok()?;
    let column = u32::try_from(column_utf16.checked_sub(1)?).ok()?;
    let token = map.lookup_token(line, column)?;
    if token.get_dst_line() != line {
        // The nearest mapping is on an earlier line: it says nothing about this one.
        return None;
    }
    Some(SourceLocation {
        file: token.get_source()?.to_owned(),
        line: token.get_src_line() as usize + 1,
        column: token.get_src_col() as usize + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_content_entries_become_named_sources() {
        let map = br#"{"version":3,"sources":["a.ts","b/c.js"],"sourcesContent":["const x = \"1\";\n",null],"mappings":"AAAA"}"#;
        let mut out = Extraction::default();
        extract_sources(map, &mut out);
        assert!(out.degraded.is_empty());
        assert_eq!(out.sources.len(), 1);
        let source = &out.sources[0];
        assert_eq!(source.name, "a.ts");
        assert_eq!(source.text, b"const x = \"1\";\n");
        assert_eq!(source.kind, InputKind::Js);
        // `"1"` in the source is `\"1\"` in the map file.
        let (start, end) = source
            .maps
            .iter()
            .try_fold((10, 13), |(s, e), m| m.map_range(s, e))
            .expect("maps");
        assert_eq!(&map[start..end], br#"\"1\""#);
    }

    #[test]
    fn a_broken_map_is_reported() {
        let mut out = Extraction::default();
        extract_sources(
            br#"{"version":3,"sources":["a.js"],"sourcesContent":["x"#,
            &mut out,
        );
        assert_eq!(out.degraded[0].code, "source-map-invalid");
    }
}
