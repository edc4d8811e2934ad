//! String extraction from JS/TS with swc's lexer: every string literal and template chunk,
//! adjacent literal concatenations folded (`"sk-pro"+"j-…"`, `["a","b"].join("")`),
//! escapes decoded, `atob("…")`/`JSON.parse('…')` payloads and base64-looking literals
//! read, and the name a value is assigned to (`apiKey:`, `const OPENAI_KEY =`) attached.
//!
//! Only the lexer runs (no parser, no AST): it is iterative, ~5x faster than a parse, and
//! cannot overflow the stack on deep nesting. A lexer alone cannot tell a regex from a
//! division or a template's `}` from a block's, so this module decides both from the
//! previous token and a brace stack, as parsers do. Plain single literals produce nothing:
//! their bytes are already in the raw text next to their names.

use std::rc::Rc;

use swc_common::{BytePos, Spanned};
use swc_ecma_ast::EsVersion;
use swc_ecma_parser::input::Tokens;
use swc_ecma_parser::lexer::Lexer;
use swc_ecma_parser::unstable::{Token, TokenValue};
use swc_ecma_parser::{EsSyntax, StringInput, Syntax, TsSyntax};

use super::escapes::decode_js;
use super::offsets::OffsetMap;
use super::{looks_like_base64, Base64, Degradation, Extraction, Steps, ValueOptions};

/// Which grammar to lex with (TypeScript adds a few tokens; the rest is the same).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Js,
    Ts,
}

impl Dialect {
    pub fn for_name(name: &str) -> Dialect {
        let path = name.split(['?', '#']).next().unwrap_or(name);
        let ext = path.rsplit_once('.').map_or("", |(_, ext)| ext);
        match ext {
            "ts" | "tsx" | "mts" | "cts" => Dialect::Ts,
            _ => Dialect::Js,
        }
    }

    fn syntax(self) -> Syntax {
        match self {
            Dialect::Js => Syntax::Es(EsSyntax::default()),
            Dialect::Ts => Syntax::Typescript(TsSyntax::default()),
        }
    }
}

/// Lexes `src` (which sits at `base` in the extracted text) and adds what it finds.
pub(crate) fn extract(src: &str, base: usize, dialect: Dialect, out: &mut Extraction) {
    let Ok(len) = u32::try_from(src.len()) else {
        return;
    };
    // swc positions start at 1 (0 is its "no position"); `pos` turns them into offsets.
    let input = StringInput::new(src, BytePos(1), BytePos(1 + len));
    let pos = |p: BytePos| p.0.saturating_sub(1);
    let mut lexer = Lexer::new(dialect.syntax(), EsVersion::latest(), input, None);
    let mut machine = Machine::new(src.as_bytes(), base);
    let mut braces: Vec<Brace> = Vec::new();
    // The previous token, and whether a `/` after it starts a regex.
    let mut prev: Option<Token> = None;
    let mut regex_may_follow = true;
    let (mut last_hi, mut stalls) = (0u32, 0u8);
    let mut next = lexer.first_token();
    loop {
        let (mut token, mut span) = (next.token, next.span);
        let mut closed_block = false;
        match token {
            Token::Eof => break,
            Token::Slash | Token::DivEq if regex_may_follow => {
                lexer.set_next_regexp(Some(span.lo));
                let regex = lexer.next_token();
                lexer.set_next_regexp(None);
                (token, span) = (regex.token, regex.span);
            }
            Token::LBrace => braces.push(if opens_block(prev) {
                Brace::Block
            } else {
                Brace::Object
            }),
            Token::TemplateHead => braces.push(Brace::Template),
            Token::RBrace => match braces.pop() {
                Some(Brace::Template) => {
                    let chunk = lexer.rescan_template_token(span.lo, false);
                    (token, span) = (chunk.token, chunk.span);
                    if token == Token::TemplateMiddle {
                        braces.push(Brace::Template);
                    }
                }
                Some(Brace::Block) => closed_block = true,
                _ => {}
            },
            _ => {}
        }
        let (lo, hi) = (pos(span.lo), pos(span.hi));
        // Some errors come back as an error token, others (an unterminated string) as a
        // recovered token plus a recorded error: either way the tokens after it are guesses.
        // Every token must move forward: a lexer that stops advancing ends the pass
        // instead of spinning (each round either advances or counts towards the limit).
        stalls = if hi <= last_hi { stalls + 1 } else { 0 };
        if token == Token::Error || lexer.has_errors() || stalls > 2 {
            let (at, why) = match (
                lexer.take_token_value(),
                lexer.take_errors().into_iter().next(),
            ) {
                (Some(TokenValue::Error(error)), _) | (_, Some(error)) => {
                    (pos(error.span().lo), error.kind().msg().into_owned())
                }
                _ => (lo, "the lexer stopped making progress".to_owned()),
            };
            out.degraded.push(Degradation {
                code: "lexer-fallback",
                reason: format!(
                    "does not lex as JS at byte {} ({why}): from there on scanned as raw text only",
                    base + at as usize
                ),
            });
            break;
        }
        last_hi = last_hi.max(hi);
        machine.token(token, lo, hi, out);
        regex_may_follow = match token {
            // After a block (`if(a){…}/re/.test(b)`) a statement, so a regex, can start;
            // after an object literal (`({…}/2)`) only an operator.
            Token::RBrace => closed_block,
            // `a! / b` is TypeScript's non-null assertion, not a negation.
            Token::Bang if prev.is_some_and(ends_expression) => false,
            _ => token.before_expr(),
        };
        prev = Some(token);
        next = lexer.next_token();
    }
    machine.finish(out);
}

/// What an open `{` (or template `${`) is, which decides what its `}` is followed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Brace {
    Block,
    Object,
    Template,
}

/// A `{` after these opens a block (a statement or function body); elsewhere an object.
fn opens_block(prev: Option<Token>) -> bool {
    match prev {
        None => true,
        Some(t) => matches!(
            t,
            Token::Semi
                | Token::LBrace
                | Token::RBrace
                | Token::RParen
                | Token::Arrow
                | Token::Else
                | Token::Do
                | Token::Try
                | Token::Finally
        ),
    }
}

/// Tokens that can end an operand (so a following `!` is TypeScript's postfix `!`).
fn ends_expression(t: Token) -> bool {
    matches!(
        t,
        Token::Ident
            | Token::Str
            | Token::Num
            | Token::BigInt
            | Token::Regex
            | Token::RParen
            | Token::RBracket
            | Token::NoSubstitutionTemplateLiteral
            | Token::TemplateTail
            | Token::This
            | Token::Super
            | Token::Null
            | Token::True
            | Token::False
    ) || t.is_known_ident()
}

#[derive(Debug, Clone, Copy)]
struct Tok {
    kind: Token,
    lo: u32,
    hi: u32,
}

/// The content of a string literal (between its quotes).
#[derive(Debug, Clone, Copy)]
struct Part {
    start: u32,
    end: u32,
}

/// What a literal is the argument of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
    None,
    /// `atob("…")`, `Buffer.from("…", "base64")`.
    Base64,
    /// `JSON.parse('…')`.
    JsonParse,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Idle,
    /// The last token was a literal of the current group.
    InGroup,
    /// The group is followed by `+`; a literal next joins it.
    AfterPlus,
}

/// Where a `["a","b"].join("")` candidate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArrayStep {
    Open,
    Item,
    Comma,
    Closed,
    Dot,
    Join,
    Paren,
    Separator,
}

#[derive(Debug)]
struct Machine<'a> {
    src: &'a [u8],
    base: usize,
    /// The last four tokens, most recent first.
    history: [Tok; 4],
    state: State,
    parts: Vec<Part>,
    group_name: Option<Part>,
    group_call: Call,
    array: Option<(ArrayStep, Vec<Part>, Option<Part>)>,
    /// A name (`apiKey` in `apiKey:`) waiting for its value, for a few tokens.
    armed: Option<Part>,
    armed_for: u8,
}

impl<'a> Machine<'a> {
    fn new(src: &'a [u8], base: usize) -> Self {
        let none = Tok {
            kind: Token::Semi,
            lo: 0,
            hi: 0,
        };
        Machine {
            src,
            base,
            history: [none; 4],
            state: State::Idle,
            parts: Vec::new(),
            group_name: None,
            group_call: Call::None,
            array: None,
            armed: None,
            armed_for: 0,
        }
    }

    fn text(&self, tok: Tok) -> &'a [u8] {
        &self.src[tok.lo as usize..tok.hi as usize]
    }

    fn token(&mut self, kind: Token, lo: u32, hi: u32, out: &mut Extraction) {
        let tok = Tok { kind, lo, hi };
        // Most tokens are code between literals with nothing pending: only remember them.
        if self.state == State::Idle
            && self.array.is_none()
            && self.armed.is_none()
            && !matches!(
                kind,
                Token::Str
                    | Token::NoSubstitutionTemplateLiteral
                    | Token::TemplateHead
                    | Token::TemplateMiddle
                    | Token::TemplateTail
                    | Token::Colon
                    | Token::Eq
                    | Token::LBracket
            )
        {
            self.push_history(tok);
            return;
        }
        let literal = match kind {
            Token::Str | Token::NoSubstitutionTemplateLiteral if hi >= lo + 2 => Some(Part {
                start: lo + 1,
                end: hi - 1,
            }),
            _ => None,
        };
        if self.array.is_some() && self.array_token(tok, literal, out) {
            self.push_history(tok);
            return;
        }
        match (literal, self.state) {
            (Some(part), State::AfterPlus) => {
                self.parts.push(part);
                self.state = State::InGroup;
            }
            (Some(part), _) => {
                self.emit(out);
                self.group_call = self.call_before();
                self.group_name = self.armed.take();
                self.parts.push(part);
                self.state = State::InGroup;
            }
            (None, State::InGroup) if kind == Token::Plus => self.state = State::AfterPlus,
            (None, _) => {
                if self.state == State::InGroup && binds_tighter_than_plus(kind) {
                    // `"a"+"b".slice(1)`: the last literal belongs to what follows.
                    if self.parts.len() > 1 {
                        if let Some(last) = self.parts.pop() {
                            self.emit(out);
                            self.parts.push(last);
                        }
                    }
                }
                self.emit(out);
                self.state = State::Idle;
                self.other_token(tok, out);
            }
        }
        self.push_history(tok);
    }

    /// Names, template chunks and array starts.
    fn other_token(&mut self, tok: Tok, out: &mut Extraction) {
        let prev = self.history[0];
        match tok.kind {
            Token::Colon
                if matches!(self.history[1].kind, Token::LBrace | Token::Comma)
                    && (prev.kind.is_word() || prev.kind == Token::Str) =>
            {
                let (start, end) = if prev.kind == Token::Str {
                    (prev.lo + 1, prev.hi.saturating_sub(1).max(prev.lo + 1))
                } else {
                    (prev.lo, prev.hi)
                };
                self.arm(Part { start, end });
            }
            Token::Eq if prev.kind.is_word() => self.arm(Part {
                start: prev.lo,
                end: prev.hi,
            }),
            kind if self.armed_for > 0
                && (kind.is_word() || matches!(kind, Token::Dot | Token::LParen)) =>
            {
                // `apiKey: atob(…)`, `key = JSON.parse(…)`: the name waits for the value.
                self.armed_for -= 1;
            }
            Token::LBracket if expression_can_start(prev.kind) => {
                self.array = Some((ArrayStep::Open, Vec::new(), self.armed.take()));
            }
            Token::TemplateHead | Token::TemplateMiddle | Token::TemplateTail => {
                self.template_chunk(tok, out);
                self.armed = None;
            }
            _ => {
                self.armed = None;
                self.armed_for = 0;
            }
        }
        if self.armed_for == 0 {
            self.armed = None;
        }
    }

    fn arm(&mut self, name: Part) {
        self.armed = Some(name);
        self.armed_for = 5;
    }

    /// A template chunk next to `${…}`: only its escapes are news to the raw pass.
    fn template_chunk(&mut self, tok: Tok, out: &mut Extraction) {
        let start = if tok.kind == Token::TemplateHead {
            tok.lo + 1
        } else {
            tok.lo
        };
        let end = if tok.kind == Token::TemplateTail {
            tok.hi.saturating_sub(1)
        } else {
            tok.hi.saturating_sub(2)
        };
        if start < end {
            let part = Part { start, end };
            if memchr::memchr(b'\\', self.content(part)).is_some() {
                self.parts.push(part);
                self.emit(out);
            }
        }
    }

    /// Steps through `[` literal (`,` literal)* `]` `.` `join` `(` `""` `)`. Returns whether
    /// the token was consumed; on any other shape the items become plain literals.
    fn array_token(&mut self, tok: Tok, literal: Option<Part>, out: &mut Extraction) -> bool {
        let Some((step, mut items, name)) = self.array.take() else {
            return false;
        };
        let next = match (step, tok.kind, literal) {
            (ArrayStep::Open | ArrayStep::Comma, _, Some(part)) => {
                items.push(part);
                Some(ArrayStep::Item)
            }
            (ArrayStep::Item, Token::Comma, _) => Some(ArrayStep::Comma),
            (ArrayStep::Item, Token::RBracket, _) => Some(ArrayStep::Closed),
            (ArrayStep::Closed, Token::Dot, _) => Some(ArrayStep::Dot),
            (ArrayStep::Dot, _, _) if self.text(tok) == b"join" => Some(ArrayStep::Join),
            (ArrayStep::Join, Token::LParen, _) => Some(ArrayStep::Paren),
            (ArrayStep::Paren, _, Some(part)) if part.start == part.end => {
                Some(ArrayStep::Separator)
            }
            (ArrayStep::Separator, Token::RParen, _) if items.len() > 1 => {
                self.emit(out);
                self.parts = items;
                self.group_name = name;
                self.group_call = Call::None;
                self.emit(out);
                return true;
            }
            _ => None,
        };
        match next {
            Some(step) => {
                self.array = Some((step, items, name));
                true
            }
            None => {
                // Not a join: the items are ordinary literals, and the last one may still
                // start a concatenation (`["sk-pro"+"j-…"]`).
                self.emit(out);
                let last = (step == ArrayStep::Item).then(|| items.pop()).flatten();
                for item in items {
                    self.parts.push(item);
                    self.emit(out);
                }
                self.state = State::Idle;
                if let Some(last) = last {
                    self.group_name = None;
                    self.group_call = Call::None;
                    self.parts.push(last);
                    self.state = State::InGroup;
                }
                false
            }
        }
    }

    /// `atob(` / `JSON.parse(` / `Buffer.from(` right before a literal.
    fn call_before(&self) -> Call {
        let [open, callee, dot, object] = self.history;
        if open.kind != Token::LParen {
            return Call::None;
        }
        match self.text(callee) {
            b"atob" => Call::Base64,
            b"parse" if dot.kind == Token::Dot && self.text(object) == b"JSON" => Call::JsonParse,
            b"from" if dot.kind == Token::Dot && self.text(object) == b"Buffer" => Call::Base64,
            _ => Call::None,
        }
    }

    fn push_history(&mut self, tok: Tok) {
        self.history = [tok, self.history[0], self.history[1], self.history[2]];
    }

    fn content(&self, part: Part) -> &'a [u8] {
        &self.src[part.start as usize..part.end as usize]
    }

    /// Hands the current group to the extraction if it holds anything the raw pass
    /// cannot see, and clears it.
    fn emit(&mut self, out: &mut Extraction) {
        if self.parts.is_empty() {
            return;
        }
        let single = self.parts.len() == 1;
        let escaped = self
            .parts
            .iter()
            .any(|&p| memchr::memchr(b'\\', self.content(p)).is_some());
        let call = std::mem::replace(&mut self.group_call, Call::None);
        let name = self.group_name.take();
        if single
            && !escaped
            && call == Call::None
            && !looks_like_base64(self.content(self.parts[0]))
        {
            self.parts.clear();
            return;
        }
        let total: usize = self.parts.iter().map(|p| (p.end - p.start) as usize).sum();
        let mut value = Vec::with_capacity(total);
        let mut map = OffsetMap::default();
        for &part in &self.parts {
            decode_js(
                self.content(part),
                self.base + part.start as usize,
                &mut value,
                &mut map,
            );
        }
        self.parts.clear();
        out.add_value(
            name.map(|n| self.content(n)),
            value,
            vec![Rc::new(map)],
            Steps::default()
                .with_if(Steps::ESCAPES, escaped)
                .with_if(Steps::CONCATENATION, !single),
            ValueOptions {
                scan: escaped || !single,
                base64: if call == Call::Base64 {
                    Base64::Always
                } else {
                    Base64::IfItLooksLikeIt
                },
                json: call == Call::JsonParse,
            },
            0,
        );
    }

    fn finish(&mut self, out: &mut Extraction) {
        if let Some((_, items, _)) = self.array.take() {
            self.emit(out);
            for item in items {
                self.parts.push(item);
                self.emit(out);
            }
        }
        self.emit(out);
    }
}

/// After these, a literal is an operand of what follows, not of the `+` before it.
fn binds_tighter_than_plus(kind: Token) -> bool {
    matches!(
        kind,
        Token::Dot
            | Token::OptionalChain
            | Token::LBracket
            | Token::LParen
            | Token::Asterisk
            | Token::Slash
            | Token::Percent
            | Token::Exp
            | Token::NoSubstitutionTemplateLiteral
            | Token::TemplateHead
    )
}

/// True when a `[` after `prev` opens an array literal rather than indexing.
fn expression_can_start(prev: Token) -> bool {
    prev.before_expr()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(src: &str) -> Vec<(Option<String>, String)> {
        let mut out = Extraction::default();
        extract(src, 0, Dialect::Js, &mut out);
        assert!(out.degraded.is_empty(), "{:?}", out.degraded);
        crate::extract::named_values(&out)
    }

    fn named(name: &str, value: &str) -> (Option<String>, String) {
        (Some(name.to_owned()), value.to_owned())
    }

    #[test]
    fn plain_literals_are_left_to_the_raw_pass() {
        assert!(values(r#"const a = "plain", b = 'also'; f(`tpl`)"#).is_empty());
    }

    #[test]
    fn concatenations_fold_with_their_name() {
        assert_eq!(
            values(r#"const s={apiKey:"sk-pro"+'j-ab'+`cd`};x=1"#),
            vec![named("apiKey", "sk-proj-abcd")]
        );
        assert_eq!(
            values(r#"KEY = "ab" + "cd" + "ef" + "gh";"#),
            vec![named("KEY", "abcdefgh")]
        );
        // The member call binds the last literal: only the first two fold.
        assert_eq!(
            values(r#"x("ab"+"cd"+"ef".trim())"#),
            vec![(None, "abcd".to_owned())]
        );
    }

    #[test]
    fn escapes_are_decoded_and_map_back() {
        let src = r#"var k = "\u0073k_\x6Cive";"#;
        let mut out = Extraction::default();
        extract(src, 0, Dialect::Js, &mut out);
        let f = &out.fragments[0];
        assert_eq!(f.value, b"sk_live");
        assert_eq!(f.name.as_deref(), Some(&b"k"[..]));
        let (start, end) = f.map_range(0, f.value.len()).expect("maps");
        assert_eq!(&src[start..end], r"\u0073k_\x6Cive");
    }

    #[test]
    fn array_join_folds() {
        assert_eq!(
            values(r#"const token = ["ab","cd","ef"].join("");"#),
            vec![named("token", "abcdef")]
        );
        assert!(values(r#"x = a["b"]; y = ["c","d"].join(",")"#).is_empty());
    }

    #[test]
    fn atob_and_json_parse_payloads_are_read() {
        // "c2tfbGl2ZV9aOXE..." is base64 of a fake key.
        let got = values(r#"const k = atob("c2tfbGl2ZV9abTJxWDd2TjNrTG0yUHc3UnQ1WXgx");"#);
        assert_eq!(got, vec![named("k", "sk_live_Zm2qX7vN3kLm2Pw7Rt5Yx1")]);
        // The payload had an escape, so it is also scanned whole.
        let got = values(r#"const c = JSON.parse('{"apiKey":"\u0041bc","n":1}');"#);
        assert_eq!(
            got,
            vec![
                named("apiKey", "Abc"),
                named("c", r#"{"apiKey":"Abc","n":1}"#)
            ]
        );
        let got = values(r#"const c = JSON.parse('{"apiKey":"x\\u0041","n":1}');"#);
        assert_eq!(
            got,
            vec![
                named("apiKey", "xA"),
                named("c", r#"{"apiKey":"x\u0041","n":1}"#)
            ]
        );
    }

    #[test]
    fn regexes_and_templates_do_not_derail_the_lexer() {
        let got = values(
            r#"a=b/2/c;r=/"[^"]*"/g;t=`x${ {a:1}.a }y\u0041${`in${"z"+"w"}`}`;if(a){}/"/.test(b);c=d!/2/e;f=({}/1);k="p"+"q""#,
        );
        assert_eq!(
            got,
            vec![
                (None, "yA".to_owned()),
                (None, "zw".to_owned()),
                named("k", "pq")
            ]
        );
    }

    #[test]
    fn a_syntax_error_degrades_but_keeps_what_came_before() {
        let mut out = Extraction::default();
        extract(
            r#"a="\x41"+"b"; b = "unterminated"#,
            0,
            Dialect::Js,
            &mut out,
        );
        assert_eq!(out.fragments.len(), 1, "{:?}", out.degraded);
        assert_eq!(out.degraded[0].code, "lexer-fallback");
    }
}
