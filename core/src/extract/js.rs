//! String extraction from JS/TS: every string literal and template chunk, adjacent
//! literal concatenations folded (`"sk-pro"+"j-…"`, `["a","b"].join("")`), escapes
//! decoded, `atob("…")`/`JSON.parse('…')` payloads and base64-looking literals read, and
//! the name a value is assigned to (`apiKey:`, `const OPENAI_KEY =`) attached.
//!
//! Two lexers feed the same token [`Machine`]: the purpose-built scanner in `js_scan.rs`
//! (the fast path) and swc's lexer in `js_swc.rs`, which takes over the whole text
//! whenever the fast scanner meets something it cannot classify with certainty, and is
//! the reference the fast scanner is tested against token for token. No parser, no AST:
//! a lexer pass is iterative (deep nesting cannot overflow the stack) and ~5x faster.
//! A lexer alone cannot tell a regex from a division or a template's `}` from a block's,
//! so [`Context`] decides both from the previous token and a brace and paren stack, as
//! parsers do, for both lexers alike. Plain single literals produce nothing: their bytes
//! are already in the raw text next to their names.

use std::rc::Rc;

use super::escapes::decode_js;
use super::offsets::OffsetMap;
use super::{js_scan, js_swc};
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
}

/// Lexes `src` (which sits at `base` in the extracted text) and adds what it finds: with
/// the fast scanner, or, if it gives up, with swc's lexer from the start.
pub(crate) fn extract(src: &str, base: usize, dialect: Dialect, out: &mut Extraction) {
    // Token positions are u32 (as swc's are): a JS text over 4 GiB is raw text only.
    if u32::try_from(src.len()).is_err() {
        return;
    }
    let mut fast = Extraction::default();
    let mut machine = Machine::new(src.as_bytes(), base, &mut fast);
    if js_scan::scan(src, &mut machine).is_ok() {
        machine.finish();
        out.absorb(fast);
        return;
    }
    drop(machine);
    let mut machine = Machine::new(src.as_bytes(), base, out);
    let lexed = js_swc::lex(src, dialect, &mut machine);
    machine.finish();
    if let Err(error) = lexed {
        out.degraded.push(Degradation {
            code: "lexer-fallback",
            reason: format!(
                "does not lex as JS at byte {} ({}): from there on scanned as raw text only",
                base + error.at as usize,
                error.why
            ),
        });
    }
}

/// The tokens extraction tells apart; both lexers map theirs onto these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier, keyword, `null`/`true`/`false`, or private name (`#x`).
    Word,
    Str,
    Num,
    Regex,
    /// `` `…` `` without `${`.
    NoSubTemplate,
    /// `` `…${ ``
    TemplateHead,
    /// `` }…${ `` (the span starts after the `}`).
    TemplateMiddle,
    /// `` }…` `` (the span starts after the `}`).
    TemplateTail,
    Plus,
    Colon,
    /// `=` alone (not `==`, `=>`, `+=`).
    Eq,
    Comma,
    Dot,
    /// `?.`
    OptionalChain,
    Semi,
    /// `=>`
    Arrow,
    Bang,
    /// `++` or `--`.
    Incr,
    Asterisk,
    /// `/` as division.
    Slash,
    Percent,
    /// `**`
    Exp,
    LParen,
    RParen,
    LBrace,
    RBrace,
    /// A `[` where an expression can start: an array literal.
    ArrayOpen,
    /// A `[` after an operand: indexing.
    Index,
    RBracket,
    /// Any other operator or punctuator after which an expression starts (`-`, `==`,
    /// `&&`, `?`, `+=`, `...`, `~`, `<`).
    Operator,
    /// A token after which an operator, not an expression, follows (`@`).
    Other,
}

impl Kind {
    /// String literal or template chunk: what the differential tests compare.
    pub fn is_string(self) -> bool {
        matches!(
            self,
            Kind::Str
                | Kind::NoSubTemplate
                | Kind::TemplateHead
                | Kind::TemplateMiddle
                | Kind::TemplateTail
        )
    }
}

/// A token: its kind and byte range in the lexed text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub kind: Kind,
    pub lo: u32,
    pub hi: u32,
}

/// What receives the tokens of a lexer pass.
pub(crate) trait Sink {
    fn token(&mut self, tok: Tok);

    /// Whether the lexer should report the value it decoded for each string token
    /// (only the differential tests ask: decoding costs time).
    fn wants_values(&self) -> bool {
        false
    }

    /// The lexer's own decoding of the string token just passed to [`Sink::token`]
    /// (`None` when it has none, such as a template chunk with an invalid escape).
    fn value(&mut self, _value: Option<String>) {}
}

/// What an open `{` (or template `${`) is, which decides what its `}` is followed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Brace {
    Block,
    Object,
    Template,
}

/// Whether an expression (so a regex, or an array literal) can start at the next token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ExpressionNext {
    Yes,
    No,
    /// After a word: only when it is one of [`EXPRESSION_KEYWORDS`] (`return /re/`).
    IfKeyword,
}

/// The grammar a lexer needs and cannot know alone: whether a `/` starts a regex, whether
/// a `[` starts an array, and what a `}` closes. Decided from the previous token and the
/// open braces and parens, the way parsers and fast JS lexers (esbuild, sucrase) do.
#[derive(Debug)]
pub(crate) struct Context<'a> {
    src: &'a [u8],
    braces: Vec<Brace>,
    /// One per open `(`: whether it is a control statement's head (`if (…)`), after
    /// whose `)` a statement, so a regex, can start.
    parens: Vec<bool>,
    prev: Option<Tok>,
    next: ExpressionNext,
    closed_block: bool,
}

/// Keywords after which an expression starts (swc's `before_expr` keywords).
const EXPRESSION_KEYWORDS: [&[u8]; 15] = [
    b"await",
    b"case",
    b"default",
    b"do",
    b"else",
    b"return",
    b"throw",
    b"new",
    b"extends",
    b"yield",
    b"in",
    b"instanceof",
    b"typeof",
    b"void",
    b"delete",
];

impl<'a> Context<'a> {
    pub fn new(src: &'a [u8]) -> Self {
        Context {
            src,
            braces: Vec::new(),
            parens: Vec::new(),
            prev: None,
            next: ExpressionNext::Yes,
            closed_block: false,
        }
    }

    fn text(&self, tok: Tok) -> &'a [u8] {
        &self.src[tok.lo as usize..tok.hi as usize]
    }

    fn is_expression_keyword(&self, tok: Tok) -> bool {
        let word = self.text(tok);
        // Keywords are 2 to 10 lowercase letters: most identifiers are ruled out at once.
        (2..=10).contains(&word.len())
            && word[0].is_ascii_lowercase()
            && EXPRESSION_KEYWORDS.contains(&word)
    }

    /// Whether an expression can start at the next token (a `/` there is a regex).
    #[inline]
    pub fn expression_may_start(&self) -> bool {
        match self.next {
            ExpressionNext::Yes => true,
            ExpressionNext::No => false,
            ExpressionNext::IfKeyword => self.prev.is_some_and(|t| self.is_expression_keyword(t)),
        }
    }

    /// Closes the innermost `{`/`${` at a `}`; `None` when none is open.
    pub fn close_brace(&mut self) -> Option<Brace> {
        let brace = self.braces.pop();
        self.closed_block = brace == Some(Brace::Block);
        brace
    }

    /// Whether the previous token ends an operand (so `!` after it is TypeScript's postfix
    /// `!` and `++` a postfix increment).
    fn prev_ends_operand(&self) -> bool {
        match self.prev {
            None => false,
            Some(t) => match t.kind {
                Kind::Word => !self.is_expression_keyword(t),
                Kind::Str
                | Kind::Num
                | Kind::Regex
                | Kind::RParen
                | Kind::RBracket
                | Kind::NoSubTemplate
                | Kind::TemplateTail => true,
                _ => false,
            },
        }
    }

    /// A `{` after the previous token opens a block (statement or function body), not an
    /// object literal.
    fn opens_block(&self) -> bool {
        match self.prev {
            None => true,
            Some(t) => match t.kind {
                Kind::Semi | Kind::LBrace | Kind::RBrace | Kind::RParen | Kind::Arrow => true,
                Kind::Word => matches!(self.text(t), b"else" | b"do" | b"try" | b"finally"),
                _ => false,
            },
        }
    }

    /// Records a token (for a `}`, after [`Context::close_brace`]).
    #[inline(always)]
    pub fn push(&mut self, tok: Tok) {
        self.next = match tok.kind {
            Kind::Word => match self.prev {
                // `a.return / 2`: a property name, whatever its spelling.
                Some(Tok {
                    kind: Kind::Dot | Kind::OptionalChain,
                    ..
                }) => ExpressionNext::No,
                _ => ExpressionNext::IfKeyword,
            },
            Kind::LBrace => {
                let brace = if self.opens_block() {
                    Brace::Block
                } else {
                    Brace::Object
                };
                self.braces.push(brace);
                ExpressionNext::Yes
            }
            Kind::TemplateHead | Kind::TemplateMiddle => {
                self.braces.push(Brace::Template);
                ExpressionNext::Yes
            }
            Kind::LParen => {
                let control = self.prev.is_some_and(|t| {
                    t.kind == Kind::Word
                        && matches!(self.text(t), b"if" | b"while" | b"for" | b"with")
                });
                self.parens.push(control);
                ExpressionNext::Yes
            }
            Kind::RParen => match self.parens.pop() {
                Some(true) => ExpressionNext::Yes,
                _ => ExpressionNext::No,
            },
            // After a block (`if(a){…}/re/.test(b)`) a statement, so a regex, can start;
            // after an object literal (`({…}/2)`) only an operator.
            Kind::RBrace if self.closed_block => ExpressionNext::Yes,
            // `a! / b` is TypeScript's non-null assertion; `a++ / b` a postfix increment.
            Kind::Bang | Kind::Incr if self.prev_ends_operand() => ExpressionNext::No,
            Kind::Str
            | Kind::Num
            | Kind::Regex
            | Kind::NoSubTemplate
            | Kind::TemplateTail
            | Kind::RBracket
            | Kind::RBrace
            | Kind::Other => ExpressionNext::No,
            _ => ExpressionNext::Yes,
        };
        self.prev = Some(tok);
    }
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

/// Folds the token stream into values: groups of literals joined by `+` (or an array
/// `.join("")`), with the name they are assigned to and the call they are passed to.
#[derive(Debug)]
pub(crate) struct Machine<'a, 'o> {
    src: &'a [u8],
    base: usize,
    out: &'o mut Extraction,
    /// The last four tokens, most recent first.
    /// Something is pending (a group, an array, a name): every token matters.
    busy: bool,
    /// The last four tokens, a ring: `history[head]` is the most recent.
    history: [Tok; 4],
    head: usize,
    state: State,
    parts: Vec<Part>,
    group_name: Option<Part>,
    group_call: Call,
    array: Option<(ArrayStep, Vec<Part>, Option<Part>)>,
    /// A name (`apiKey` in `apiKey:`) waiting for its value, for a few tokens.
    armed: Option<Part>,
    armed_for: u8,
}

impl<'a, 'o> Machine<'a, 'o> {
    pub fn new(src: &'a [u8], base: usize, out: &'o mut Extraction) -> Self {
        let none = Tok {
            kind: Kind::Semi,
            lo: 0,
            hi: 0,
        };
        Machine {
            src,
            base,
            out,
            busy: false,
            history: [none; 4],
            head: 0,
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

    /// Takes a token that is not code between literals with nothing pending (those
    /// [`Sink::token`] only remembers).
    #[inline(never)]
    fn take(&mut self, tok: Tok) {
        let Tok { kind, lo, hi } = tok;
        let literal = match kind {
            Kind::Str | Kind::NoSubTemplate if hi >= lo + 2 => Some(Part {
                start: lo + 1,
                end: hi - 1,
            }),
            _ => None,
        };
        if self.array.is_some() && self.array_token(tok, literal) {
            self.push_history(tok);
            return;
        }
        match (literal, self.state) {
            (Some(part), State::AfterPlus) => {
                self.parts.push(part);
                self.state = State::InGroup;
            }
            (Some(part), _) => {
                self.emit();
                self.group_call = self.call_before();
                self.group_name = self.armed.take();
                self.parts.push(part);
                self.state = State::InGroup;
            }
            (None, State::InGroup) if kind == Kind::Plus => self.state = State::AfterPlus,
            (None, _) => {
                if self.state == State::InGroup && binds_tighter_than_plus(kind) {
                    // `"a"+"b".slice(1)`: the last literal belongs to what follows.
                    if self.parts.len() > 1 {
                        if let Some(last) = self.parts.pop() {
                            self.emit();
                            self.parts.push(last);
                        }
                    }
                }
                self.emit();
                self.state = State::Idle;
                self.other_token(tok);
            }
        }
        self.push_history(tok);
    }

    /// Names, template chunks and array starts.
    fn other_token(&mut self, tok: Tok) {
        let prev = self.recent(0);
        match tok.kind {
            Kind::Colon
                if matches!(self.recent(1).kind, Kind::LBrace | Kind::Comma)
                    && (prev.kind == Kind::Word || prev.kind == Kind::Str) =>
            {
                let (start, end) = if prev.kind == Kind::Str {
                    (prev.lo + 1, prev.hi.saturating_sub(1).max(prev.lo + 1))
                } else {
                    (prev.lo, prev.hi)
                };
                self.arm(Part { start, end });
            }
            Kind::Eq if prev.kind == Kind::Word => self.arm(Part {
                start: prev.lo,
                end: prev.hi,
            }),
            kind if self.armed_for > 0
                && (kind == Kind::Word || matches!(kind, Kind::Dot | Kind::LParen)) =>
            {
                // `apiKey: atob(…)`, `key = JSON.parse(…)`: the name waits for the value.
                self.armed_for -= 1;
            }
            Kind::ArrayOpen => {
                self.array = Some((ArrayStep::Open, Vec::new(), self.armed.take()));
            }
            Kind::TemplateHead | Kind::TemplateMiddle | Kind::TemplateTail => {
                self.template_chunk(tok);
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
    fn template_chunk(&mut self, tok: Tok) {
        let start = if tok.kind == Kind::TemplateHead {
            tok.lo + 1
        } else {
            tok.lo
        };
        let end = if tok.kind == Kind::TemplateTail {
            tok.hi.saturating_sub(1)
        } else {
            tok.hi.saturating_sub(2)
        };
        if start < end {
            let part = Part { start, end };
            if memchr::memchr(b'\\', self.content(part)).is_some() {
                self.parts.push(part);
                self.emit();
            }
        }
    }

    /// Steps through `[` literal (`,` literal)* `]` `.` `join` `(` `""` `)`. Returns whether
    /// the token was consumed; on any other shape the items become plain literals.
    fn array_token(&mut self, tok: Tok, literal: Option<Part>) -> bool {
        let Some((step, mut items, name)) = self.array.take() else {
            return false;
        };
        let next = match (step, tok.kind, literal) {
            (ArrayStep::Open | ArrayStep::Comma, _, Some(part)) => {
                items.push(part);
                Some(ArrayStep::Item)
            }
            (ArrayStep::Item, Kind::Comma, _) => Some(ArrayStep::Comma),
            (ArrayStep::Item, Kind::RBracket, _) => Some(ArrayStep::Closed),
            (ArrayStep::Closed, Kind::Dot, _) => Some(ArrayStep::Dot),
            (ArrayStep::Dot, _, _) if self.text(tok) == b"join" => Some(ArrayStep::Join),
            (ArrayStep::Join, Kind::LParen, _) => Some(ArrayStep::Paren),
            (ArrayStep::Paren, _, Some(part)) if part.start == part.end => {
                Some(ArrayStep::Separator)
            }
            (ArrayStep::Separator, Kind::RParen, _) if items.len() > 1 => {
                self.emit();
                self.parts = items;
                self.group_name = name;
                self.group_call = Call::None;
                self.emit();
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
                self.emit();
                let last = (step == ArrayStep::Item).then(|| items.pop()).flatten();
                for item in items {
                    self.parts.push(item);
                    self.emit();
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
        let [open, callee, dot, object] = [0, 1, 2, 3].map(|k| self.recent(k));
        if open.kind != Kind::LParen {
            return Call::None;
        }
        match self.text(callee) {
            b"atob" => Call::Base64,
            b"parse" if dot.kind == Kind::Dot && self.text(object) == b"JSON" => Call::JsonParse,
            b"from" if dot.kind == Kind::Dot && self.text(object) == b"Buffer" => Call::Base64,
            _ => Call::None,
        }
    }

    #[inline]
    fn push_history(&mut self, tok: Tok) {
        self.head = (self.head + 1) % 4;
        self.history[self.head] = tok;
    }

    /// The token `back` places before the current one (0: the last taken).
    fn recent(&self, back: usize) -> Tok {
        self.history[(self.head + 4 - back) % 4]
    }

    fn content(&self, part: Part) -> &'a [u8] {
        &self.src[part.start as usize..part.end as usize]
    }

    /// Hands the current group to the extraction if it holds anything the raw pass
    /// cannot see, and clears it.
    fn emit(&mut self) {
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
        let name = name.map(|n| self.content(n));
        self.out.add_value(
            name,
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

    pub fn finish(&mut self) {
        if let Some((_, items, _)) = self.array.take() {
            self.emit();
            for item in items {
                self.parts.push(item);
                self.emit();
            }
        }
        self.emit();
    }
}

impl Sink for Machine<'_, '_> {
    #[inline]
    fn token(&mut self, tok: Tok) {
        // Most tokens are code between literals with nothing pending: only remember them.
        if !self.busy && !STARTS_SOMETHING[tok.kind as usize] {
            self.push_history(tok);
        } else {
            self.take(tok);
            self.busy = self.state != State::Idle || self.array.is_some() || self.armed.is_some();
        }
    }
}

/// The kinds that matter with nothing pending: literals, names (`:`, `=`), arrays.
const STARTS_SOMETHING: [bool; Kind::Other as usize + 1] = {
    let mut table = [false; Kind::Other as usize + 1];
    let kinds = [
        Kind::Str,
        Kind::NoSubTemplate,
        Kind::TemplateHead,
        Kind::TemplateMiddle,
        Kind::TemplateTail,
        Kind::Colon,
        Kind::Eq,
        Kind::ArrayOpen,
    ];
    let mut i = 0;
    while i < kinds.len() {
        table[kinds[i] as usize] = true;
        i += 1;
    }
    table
};

/// After these, a literal is an operand of what follows, not of the `+` before it.
fn binds_tighter_than_plus(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Dot
            | Kind::OptionalChain
            | Kind::Index
            | Kind::LParen
            | Kind::Asterisk
            | Kind::Slash
            | Kind::Percent
            | Kind::Exp
            | Kind::NoSubTemplate
            | Kind::TemplateHead
    )
}
#[cfg(test)]
mod tests {
    use super::*;

    /// What the extraction finds in `src`, checked to be the same whichever lexer feeds
    /// the machine (the fast scanner, which must not give up here, or swc's).
    fn values(src: &str) -> Vec<(Option<String>, String)> {
        let mut fast = Extraction::default();
        let mut machine = Machine::new(src.as_bytes(), 0, &mut fast);
        js_scan::scan(src, &mut machine).expect("the fast scanner reads it");
        machine.finish();
        let mut swc = Extraction::default();
        let mut machine = Machine::new(src.as_bytes(), 0, &mut swc);
        js_swc::lex(src, Dialect::Js, &mut machine).expect("swc lexes it");
        machine.finish();
        let values = crate::extract::named_values(&fast);
        assert_eq!(values, crate::extract::named_values(&swc), "{src}");
        let mut out = Extraction::default();
        extract(src, 0, Dialect::Js, &mut out);
        assert!(out.degraded.is_empty(), "{:?}", out.degraded);
        assert_eq!(crate::extract::named_values(&out), values);
        values
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
    fn what_the_fast_scanner_gives_up_on_swc_reads_whole() {
        // An HTML-like comment (valid in scripts) sends the text to swc: same values,
        // nothing degraded.
        let src = "x=1;<!-- old-browser comment\nk=\"\\x73k_\"+\"live\"";
        let mut machine_out = Extraction::default();
        let mut machine = Machine::new(src.as_bytes(), 0, &mut machine_out);
        assert!(js_scan::scan(src, &mut machine).is_err());
        let mut out = Extraction::default();
        extract(src, 0, Dialect::Js, &mut out);
        assert!(out.degraded.is_empty(), "{:?}", out.degraded);
        // swc starts the span of the token after such a comment at the comment, so the
        // name comes out long; the value is what matters.
        let found = crate::extract::named_values(&out);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, "sk_live");
        assert!(found[0].0.as_deref().is_some_and(|n| n.ends_with('k')));
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
