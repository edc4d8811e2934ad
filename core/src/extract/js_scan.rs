//! The fast path of JS extraction: a lexer built only to find string literals and
//! template chunks with exact spans, plus the few tokens the extraction [`Machine`]
//! reads around them (`+`, brackets, `.`, `:`, `=`, words for names and callees).
//!
//! Why not swc's lexer here (the design asks for swc "for speed"): on the real bundle
//! corpus (44.8 MB, `cargo bench --bench scan_corpus`) the JS-aware scan ran at 88 MB/s
//! native with swc's lexer on every byte (raw-only: 371 MB/s; load ~2), against a target
//! of 120 MB/s. swc's lexer alone runs at ~170 MB/s on minified JS (RECIPES.md), and
//! about a third of the JS-aware profile was inside it (keyword matching, atom
//! interning, values nobody reads), so the target cannot be met with it on the hot path.
//! This scanner skips identifiers, whitespace and string bodies with byte-class tables
//! and memchr, interns nothing and decodes nothing.
//!
//! It is deliberately partial: whatever it cannot classify with certainty (an
//! unterminated string, template, regex or comment, a `}` or `)` with nothing open, an
//! HTML-like comment `<!--`/`-->`, a stray byte) makes it give up with a [`Bail`], and
//! the caller lexes the whole text again with swc (`js_swc.rs`), which also reports any
//! real syntax error. The differential tests (`js_diff_tests.rs`) hold it to swc: the
//! same string tokens, at the same spans, with the same decoded values.
//!
//! Regex-or-division and what a `}` closes are decided by the shared [`Context`].
//!
//! [`Machine`]: super::js::Machine

use memchr::{memchr, memchr2, memchr3};

use super::js::{Brace, Context, Kind, Sink, Tok};

/// Why the fast scanner gave up (the swc lexer then takes over).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bail {
    pub at: u32,
    pub why: &'static str,
}

/// Byte classes: what a token starting with this byte is.
const INVALID: u8 = 0;
const SPACE: u8 = 1;
const IDENT: u8 = 2;
const DIGIT: u8 = 3;
const QUOTE: u8 = 4;
const BACKTICK: u8 = 5;
const SLASH: u8 = 6;
const PUNCT: u8 = 7;
const NON_ASCII: u8 = 8;

const CLASS: [u8; 256] = {
    let mut class = [INVALID; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        class[b] = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => SPACE,
            b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'$' | b'\\' | b'#' => IDENT,
            b'0'..=b'9' => DIGIT,
            b'"' | b'\'' => QUOTE,
            b'`' => BACKTICK,
            b'/' => SLASH,
            b'{' | b'}' | b'(' | b')' | b'[' | b']' | b';' | b',' | b':' | b'.' | b'?' | b'='
            | b'!' | b'+' | b'-' | b'*' | b'%' | b'<' | b'>' | b'&' | b'|' | b'^' | b'~' | b'@' => {
                PUNCT
            }
            0x80..=0xff => NON_ASCII,
            _ => INVALID,
        };
        b += 1;
    }
    class
};

/// Bytes that continue an identifier (ASCII; non-ASCII is checked per character).
const IDENT_CONTINUE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c == b'\\';
        b += 1;
    }
    table
};

/// Lexes `src`, passing every token to `sink`. Stops with a [`Bail`] at the first thing
/// it cannot classify with certainty; the tokens already passed are then to be discarded.
pub(crate) fn scan(src: &str, sink: &mut impl Sink) -> Result<(), Bail> {
    Scanner {
        src,
        bytes: src.as_bytes(),
        context: Context::new(src.as_bytes()),
        next_cr: 0,
        line_start: true,
        comment_end: memchr::memmem::Finder::new(b"*/"),
    }
    .run(sink)
}

struct Scanner<'a> {
    src: &'a str,
    bytes: &'a [u8],
    context: Context<'a>,
    /// Where the next `\r` at or after some earlier position is (`bytes.len()` if none):
    /// strings may not hold a raw line break, and `\r` is rare enough to find lazily.
    next_cr: usize,
    /// No token yet on this line (a `-->` there would be an HTML-like comment).
    line_start: bool,
    comment_end: memchr::memmem::Finder<'static>,
}

fn bail<T>(at: usize, why: &'static str) -> Result<T, Bail> {
    Err(Bail {
        at: u32::try_from(at).unwrap_or(u32::MAX),
        why,
    })
}

impl Scanner<'_> {
    fn run(mut self, sink: &mut impl Sink) -> Result<(), Bail> {
        let bytes = self.bytes;
        let n = bytes.len();
        let mut i = 0;
        if bytes.starts_with("\u{feff}".as_bytes()) {
            i = 3;
        }
        if bytes[i..].starts_with(b"#!") {
            i = self.line_end(i);
        }
        while i < n {
            let c = bytes[i];
            match CLASS[c as usize] {
                SPACE => {
                    // Runs of it (indentation in unminified sources): one tight loop.
                    let start = i;
                    i += 1;
                    while i < n && CLASS[bytes[i] as usize] == SPACE {
                        i += 1;
                    }
                    if memchr2(b'\n', b'\r', &bytes[start..i]).is_some() {
                        self.line_start = true;
                    }
                }
                IDENT => {
                    if c == b'#' && !bytes.get(i + 1).is_some_and(|&b| starts_word(b)) {
                        return bail(i, "a `#` that starts no private name");
                    }
                    if c == b'\\' && bytes.get(i + 1) != Some(&b'u') {
                        return bail(i, "a backslash outside a string");
                    }
                    let end = self.word_end(i + 1);
                    self.emit(sink, Kind::Word, i, end);
                    i = end;
                }
                DIGIT => {
                    let end = number_end(bytes, i, false);
                    self.emit(sink, Kind::Num, i, end);
                    i = end;
                }
                QUOTE => {
                    let end = self.string_end(i, c)?;
                    self.emit(sink, Kind::Str, i, end);
                    i = end;
                }
                BACKTICK => {
                    let (end, closed) = self.template_end(i + 1)?;
                    let kind = if closed {
                        Kind::NoSubTemplate
                    } else {
                        Kind::TemplateHead
                    };
                    self.emit(sink, kind, i, end);
                    i = end;
                }
                SLASH => i = self.slash(sink, i)?,
                PUNCT => i = self.punctuator(sink, i, c)?,
                NON_ASCII => {
                    let ch = self.src[i..].chars().next().unwrap_or(' ');
                    if is_js_space(ch) {
                        if matches!(ch, '\u{2028}' | '\u{2029}') {
                            self.line_start = true;
                        }
                        i += ch.len_utf8();
                    } else {
                        let end = self.word_end(i + ch.len_utf8());
                        self.emit(sink, Kind::Word, i, end);
                        i = end;
                    }
                }
                _ => return bail(i, "a byte that starts no JS token"),
            }
        }
        Ok(())
    }

    #[inline]
    fn emit(&mut self, sink: &mut impl Sink, kind: Kind, lo: usize, hi: usize) {
        // Positions fit: the caller only scans texts under 4 GiB.
        let tok = Tok {
            kind,
            lo: lo as u32,
            hi: hi as u32,
        };
        sink.token(tok);
        self.context.push(tok);
        self.line_start = false;
    }

    /// The end of the identifier whose rest starts at `i`.
    #[inline(always)]
    fn word_end(&self, mut i: usize) -> usize {
        let bytes = self.bytes;
        loop {
            while i < bytes.len() && IDENT_CONTINUE[bytes[i] as usize] {
                i += 1;
            }
            if i < bytes.len() && bytes[i] >= 0x80 {
                let ch = self.src[i..].chars().next().unwrap_or(' ');
                if !is_js_space(ch) {
                    i += ch.len_utf8();
                    continue;
                }
            }
            return i;
        }
    }

    /// The end of the string literal opening with `quote` at `start`.
    fn string_end(&mut self, start: usize, quote: u8) -> Result<usize, Bail> {
        let bytes = self.bytes;
        let mut i = start + 1;
        loop {
            let Some(found) = memchr3(quote, b'\\', b'\n', &bytes[i..]) else {
                return bail(start, "an unterminated string");
            };
            let at = i + found;
            // `i..at` holds no backslash, so any `\r` in it is a raw line break.
            if self.cr_in(i, at) {
                return bail(start, "a line break in a string");
            }
            match bytes[at] {
                b'\\' => {
                    // An escaped CRLF is one line continuation.
                    i = match bytes.get(at + 1) {
                        None => return bail(start, "an unterminated string"),
                        Some(b'\r') if bytes.get(at + 2) == Some(&b'\n') => at + 3,
                        Some(_) => at + 2,
                    };
                }
                b'\n' => return bail(start, "a line break in a string"),
                _ => return Ok(at + 1),
            }
        }
    }

    /// Whether a `\r` lies in `from..to`.
    #[inline]
    fn cr_in(&mut self, from: usize, to: usize) -> bool {
        if self.next_cr < from {
            self.next_cr =
                memchr(b'\r', &self.bytes[from..]).map_or(self.bytes.len(), |f| from + f);
        }
        self.next_cr < to
    }

    /// The end of the template chunk whose text starts at `i` (after `` ` `` or `}`), and
    /// whether it ends the template (`` ` ``) rather than opening `${`.
    fn template_end(&self, mut i: usize) -> Result<(usize, bool), Bail> {
        let bytes = self.bytes;
        let start = i;
        loop {
            let Some(found) = memchr3(b'`', b'\\', b'$', &bytes[i..]) else {
                return bail(start, "an unterminated template");
            };
            let at = i + found;
            match bytes[at] {
                b'`' => return Ok((at + 1, true)),
                b'\\' => {
                    if at + 1 >= bytes.len() {
                        return bail(start, "an unterminated template");
                    }
                    i = at + 2;
                }
                _ if bytes.get(at + 1) == Some(&b'{') => return Ok((at + 2, false)),
                _ => i = at + 1,
            }
        }
    }

    /// The end of the line that `i` is on (at its line terminator).
    fn line_end(&self, i: usize) -> usize {
        let bytes = self.bytes;
        let mut from = i;
        loop {
            let Some(found) = memchr3(b'\n', b'\r', 0xe2, &bytes[from..]) else {
                return bytes.len();
            };
            let at = from + found;
            if bytes[at] != 0xe2 || matches!(bytes.get(at + 1..at + 3), Some([0x80, 0xa8 | 0xa9])) {
                return at;
            }
            from = at + 1;
        }
    }

    /// A comment, a regex or a division at the `/` at `i`; returns where it ends.
    fn slash(&mut self, sink: &mut impl Sink, i: usize) -> Result<usize, Bail> {
        let bytes = self.bytes;
        match bytes.get(i + 1) {
            Some(b'/') => return Ok(self.line_end(i + 2)),
            Some(b'*') => {
                let Some(found) = self.comment_end.find(&bytes[i + 2..]) else {
                    return bail(i, "an unterminated comment");
                };
                let end = i + 2 + found + 2;
                if memchr2(b'\n', b'\r', &bytes[i + 2..end - 2]).is_some() {
                    self.line_start = true;
                }
                return Ok(end);
            }
            _ => {}
        }
        if !self.context.expression_may_start() {
            let (kind, end) = if bytes.get(i + 1) == Some(&b'=') {
                (Kind::Operator, i + 2)
            } else {
                (Kind::Slash, i + 1)
            };
            self.emit(sink, kind, i, end);
            return Ok(end);
        }
        let mut j = i + 1;
        let mut in_class = false;
        loop {
            let Some(&c) = bytes.get(j) else {
                return bail(i, "an unterminated regex");
            };
            match c {
                b'\\' => {
                    if matches!(bytes.get(j + 1), None | Some(b'\n' | b'\r')) {
                        return bail(i, "an unterminated regex");
                    }
                    j += 2;
                    continue;
                }
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => break,
                b'\n' | b'\r' => return bail(i, "an unterminated regex"),
                0xe2 if matches!(bytes.get(j + 1..j + 3), Some([0x80, 0xa8 | 0xa9])) => {
                    return bail(i, "an unterminated regex")
                }
                _ => {}
            }
            j += 1;
        }
        let end = self.word_end(j + 1);
        self.emit(sink, Kind::Regex, i, end);
        Ok(end)
    }

    /// The punctuator starting with `c` at `i`; returns where it ends.
    fn punctuator(&mut self, sink: &mut impl Sink, i: usize, c: u8) -> Result<usize, Bail> {
        let bytes = self.bytes;
        let at = |k: usize| bytes.get(i + k).copied().unwrap_or(0);
        let (kind, len) = match c {
            b'(' => (Kind::LParen, 1),
            b')' => (Kind::RParen, 1),
            b'{' => (Kind::LBrace, 1),
            b'}' => {
                return match self.context.close_brace() {
                    None => bail(i, "a `}` with no open `{`"),
                    Some(Brace::Template) => {
                        let (end, closed) = self.template_end(i + 1)?;
                        let kind = if closed {
                            Kind::TemplateTail
                        } else {
                            Kind::TemplateMiddle
                        };
                        self.emit(sink, kind, i + 1, end);
                        Ok(end)
                    }
                    Some(_) => {
                        self.emit(sink, Kind::RBrace, i, i + 1);
                        Ok(i + 1)
                    }
                };
            }
            b'[' if self.context.expression_may_start() => (Kind::ArrayOpen, 1),
            b'[' => (Kind::Index, 1),
            b']' => (Kind::RBracket, 1),
            b';' => (Kind::Semi, 1),
            b',' => (Kind::Comma, 1),
            b':' => (Kind::Colon, 1),
            b'.' if at(1).is_ascii_digit() => {
                let end = number_end(bytes, i, true);
                self.emit(sink, Kind::Num, i, end);
                return Ok(end);
            }
            b'.' if at(1) == b'.' && at(2) == b'.' => (Kind::Operator, 3),
            b'.' => (Kind::Dot, 1),
            b'?' if at(1) == b'.' && !at(2).is_ascii_digit() => (Kind::OptionalChain, 2),
            b'?' if at(1) == b'?' => (Kind::Operator, if at(2) == b'=' { 3 } else { 2 }),
            b'?' => (Kind::Operator, 1),
            b'=' if at(1) == b'>' => (Kind::Arrow, 2),
            b'=' if at(1) == b'=' => (Kind::Operator, if at(2) == b'=' { 3 } else { 2 }),
            b'=' => (Kind::Eq, 1),
            b'!' if at(1) == b'=' => (Kind::Operator, if at(2) == b'=' { 3 } else { 2 }),
            b'!' => (Kind::Bang, 1),
            b'+' if at(1) == b'+' => (Kind::Incr, 2),
            b'+' if at(1) == b'=' => (Kind::Operator, 2),
            b'+' => (Kind::Plus, 1),
            b'-' if at(1) == b'-' && at(2) == b'>' && self.line_start => {
                return bail(i, "an HTML-like comment `-->`");
            }
            b'-' if at(1) == b'-' => (Kind::Incr, 2),
            b'-' => (Kind::Operator, if at(1) == b'=' { 2 } else { 1 }),
            b'*' if at(1) == b'*' && at(2) == b'=' => (Kind::Operator, 3),
            b'*' if at(1) == b'*' => (Kind::Exp, 2),
            b'*' if at(1) == b'=' => (Kind::Operator, 2),
            b'*' => (Kind::Asterisk, 1),
            b'%' if at(1) == b'=' => (Kind::Operator, 2),
            b'%' => (Kind::Percent, 1),
            b'<' if bytes[i..].starts_with(b"<!--") => {
                return bail(i, "an HTML-like comment `<!--`");
            }
            b'<' | b'>' | b'&' | b'|' => {
                // `<`, `<<`, `>>>`, `&&`, `||` and each with `=`: operators all.
                let mut len = 1;
                while len < 3 && at(len) == c {
                    len += 1;
                }
                if at(len) == b'=' {
                    len += 1;
                }
                (Kind::Operator, len)
            }
            b'^' => (Kind::Operator, if at(1) == b'=' { 2 } else { 1 }),
            b'~' => (Kind::Operator, 1),
            _ => (Kind::Other, 1),
        };
        self.emit(sink, kind, i, i + len);
        Ok(i + len)
    }
}

/// Whether `b` can start an identifier (after `#`).
fn starts_word(b: u8) -> bool {
    b.is_ascii_alphabetic() || matches!(b, b'_' | b'$' | b'\\') || b >= 0x80
}

/// Whitespace and line terminators outside ASCII that JS skips between tokens.
fn is_js_space(ch: char) -> bool {
    ch == '\u{feff}' || (ch.is_whitespace() && ch != '\u{85}')
}

/// The end of the numeric literal at `i` (`0x1F`, `1_000`, `.5e-3`, `10n`); `dot` when it
/// starts with `.`.
fn number_end(bytes: &[u8], mut i: usize, mut dot: bool) -> usize {
    let prefixed = bytes[i] == b'0'
        && bytes
            .get(i + 1)
            .is_some_and(|b| matches!(b | 0x20, b'x' | b'o' | b'b'));
    let mut exponent = false;
    i += 1;
    while let Some(&c) = bytes.get(i) {
        if c.is_ascii_alphanumeric() || c == b'_' {
            if !prefixed && (c | 0x20) == b'e' {
                exponent = true;
                if matches!(bytes.get(i + 1), Some(b'+' | b'-')) {
                    i += 1;
                }
            }
            i += 1;
        } else if c == b'.' && !prefixed && !dot && !exponent {
            dot = true;
            i += 1;
        } else {
            break;
        }
    }
    i
}
