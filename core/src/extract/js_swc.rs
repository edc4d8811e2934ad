//! swc's lexer (`swc_ecma_parser`, lexer only) over JS/TS: the fallback when the fast
//! scanner (`js_scan.rs`) gives up, and the reference it is tested against. It lexes
//! everything JS and TypeScript allow and says exactly where and why a text does not lex.
//!
//! A lexer alone cannot tell a regex from a division or a template's `}` from a
//! block's: the shared [`Context`] decides (`set_next_regexp`, `rescan_template_token`).

use swc_common::{BytePos, Spanned};
use swc_ecma_ast::EsVersion;
use swc_ecma_parser::input::Tokens;
use swc_ecma_parser::lexer::Lexer;
use swc_ecma_parser::unstable::{Token, TokenValue};
use swc_ecma_parser::{EsSyntax, StringInput, Syntax, TsSyntax};

use super::js::{Brace, Context, Dialect, Kind, Sink, Tok};

/// Where and why the text stopped lexing; the tokens before it were passed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LexError {
    pub at: u32,
    pub why: String,
}

pub(crate) fn syntax(dialect: Dialect) -> Syntax {
    match dialect {
        Dialect::Js => Syntax::Es(EsSyntax::default()),
        Dialect::Ts => Syntax::Typescript(TsSyntax::default()),
    }
}

/// Lexes `src` (under 4 GiB), passing every token to `sink`, up to the first error.
pub(crate) fn lex(src: &str, dialect: Dialect, sink: &mut impl Sink) -> Result<(), LexError> {
    let len = u32::try_from(src.len()).unwrap_or(u32::MAX);
    // swc positions start at 1 (0 is its "no position"); `pos` turns them into offsets.
    let input = StringInput::new(src, BytePos(1), BytePos(1 + len));
    let pos = |p: BytePos| p.0.saturating_sub(1);
    let mut lexer = Lexer::new(syntax(dialect), EsVersion::latest(), input, None);
    let mut context = Context::new(src.as_bytes());
    let (mut last_hi, mut stalls) = (0u32, 0u8);
    let mut next = lexer.first_token();
    loop {
        let (mut token, mut span) = (next.token, next.span);
        match token {
            Token::Eof => return Ok(()),
            Token::Slash | Token::DivEq if context.expression_may_start() => {
                lexer.set_next_regexp(Some(span.lo));
                let regex = lexer.next_token();
                lexer.set_next_regexp(None);
                (token, span) = (regex.token, regex.span);
            }
            Token::RBrace if context.close_brace() == Some(Brace::Template) => {
                let chunk = lexer.rescan_template_token(span.lo, false);
                (token, span) = (chunk.token, chunk.span);
            }
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
            return Err(LexError { at, why });
        }
        last_hi = last_hi.max(hi);
        // A hashbang line is no token of the program.
        if token != Token::Shebang {
            let kind = match token {
                Token::LBracket if context.expression_may_start() => Kind::ArrayOpen,
                other => kind(other),
            };
            let tok = Tok { kind, lo, hi };
            sink.token(tok);
            if kind.is_string() && sink.wants_values() {
                sink.value(match lexer.take_token_value() {
                    Some(TokenValue::Str(value)) => Some(value.to_string_lossy().into_owned()),
                    Some(TokenValue::Template(Ok(value))) => {
                        Some(value.to_string_lossy().into_owned())
                    }
                    _ => None,
                });
            }
            context.push(tok);
        }
        next = lexer.next_token();
    }
}

/// swc's token as the extraction sees it.
fn kind(token: Token) -> Kind {
    match token {
        Token::Str => Kind::Str,
        Token::Num | Token::BigInt => Kind::Num,
        Token::Regex => Kind::Regex,
        Token::NoSubstitutionTemplateLiteral => Kind::NoSubTemplate,
        Token::TemplateHead => Kind::TemplateHead,
        Token::TemplateMiddle => Kind::TemplateMiddle,
        Token::TemplateTail => Kind::TemplateTail,
        Token::Plus => Kind::Plus,
        Token::Colon => Kind::Colon,
        Token::Eq => Kind::Eq,
        Token::Comma => Kind::Comma,
        Token::Dot => Kind::Dot,
        Token::OptionalChain => Kind::OptionalChain,
        Token::Semi => Kind::Semi,
        Token::Arrow => Kind::Arrow,
        Token::Bang => Kind::Bang,
        Token::PlusPlus | Token::MinusMinus => Kind::Incr,
        Token::Asterisk => Kind::Asterisk,
        Token::Slash => Kind::Slash,
        Token::Percent => Kind::Percent,
        Token::Exp => Kind::Exp,
        Token::LParen => Kind::LParen,
        Token::RParen => Kind::RParen,
        Token::LBrace => Kind::LBrace,
        Token::RBrace => Kind::RBrace,
        Token::LBracket => Kind::Index,
        Token::RBracket => Kind::RBracket,
        // `#x`: the name that follows is the word.
        Token::Hash => Kind::Other,
        t if t.is_word() => Kind::Word,
        t if t.before_expr() => Kind::Operator,
        _ => Kind::Other,
    }
}
