//! What gets scanned: an origin (path or URL), its bytes, and what kind of content it is.

use serde::{Deserialize, Serialize};

/// The kind of content, which decides how it is scanned. Detected from the name and the
/// first bytes when the caller does not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InputKind {
    Js,
    Html,
    Css,
    Json,
    SourceMap,
    Text,
    /// Images, fonts, media, archives: reported as skipped, not scanned.
    Binary,
}

/// One thing to scan. Borrowed: the core never copies the caller's bytes.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub origin: &'a str,
    pub bytes: &'a [u8],
    pub kind: Option<InputKind>,
    /// The generated file's source map (the bytes of its `.map`), to report findings at
    /// their original position. Inline `data:` maps are read without it.
    pub source_map: Option<&'a [u8]>,
}

impl<'a> Input<'a> {
    pub fn new(origin: &'a str, bytes: &'a [u8]) -> Self {
        Self {
            origin,
            bytes,
            kind: None,
            source_map: None,
        }
    }

    pub fn with_kind(mut self, kind: InputKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Maps findings in this (generated) file to original sources through this source
    /// map. The core does no I/O: the caller reads the `.map` the file points to.
    pub fn with_source_map(mut self, map: &'a [u8]) -> Self {
        self.source_map = Some(map);
        self
    }

    /// The given kind, or one detected from the origin's extension and the content.
    pub fn resolved_kind(&self) -> InputKind {
        self.kind
            .unwrap_or_else(|| InputKind::detect(self.origin, self.bytes))
    }
}

impl InputKind {
    /// Detects the kind from the file name (query and fragment ignored), then from content.
    pub fn detect(origin: &str, bytes: &[u8]) -> InputKind {
        let path = origin
            .split(['?', '#'])
            .next()
            .unwrap_or(origin)
            .to_ascii_lowercase();
        let name = path.rsplit(['/', '\\']).next().unwrap_or(&path);
        if name.ends_with(".map") {
            return InputKind::SourceMap;
        }
        let ext = name.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
        match ext {
            "js" | "mjs" | "cjs" | "jsx" | "ts" | "tsx" | "mts" | "cts" => return InputKind::Js,
            "html" | "htm" | "xhtml" => return InputKind::Html,
            "css" => return InputKind::Css,
            "json" | "webmanifest" => return InputKind::Json,
            "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif" | "ico" | "bmp" | "tiff" | "woff"
            | "woff2" | "ttf" | "otf" | "eot" | "mp3" | "mp4" | "webm" | "ogg" | "wav" | "flac"
            | "mov" | "zip" | "gz" | "br" | "zst" | "pdf" => return InputKind::Binary,
            _ => {}
        }
        Self::sniff(bytes)
    }

    /// Guesses from the first bytes when the name says nothing.
    fn sniff(bytes: &[u8]) -> InputKind {
        let head = &bytes[..bytes.len().min(1024)];
        let trimmed = head.trim_ascii_start();
        let lower: Vec<u8> = trimmed
            .iter()
            .take(64)
            .map(u8::to_ascii_lowercase)
            .collect();
        if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") {
            InputKind::Html
        } else if trimmed.starts_with(b"{") && head.windows(10).any(|w| w == b"\"mappings\"") {
            InputKind::SourceMap
        } else if trimmed.starts_with(b"{") || trimmed.starts_with(b"[") {
            InputKind::Json
        } else {
            InputKind::Text
        }
    }
}
