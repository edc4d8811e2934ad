//! Differential tests: the fast scanner (`js_scan.rs`) against swc.
//!
//! Two references: swc's lexer (`js_swc.rs`, driven by the same [`Context`] decisions):
//! every string token at the same span with the same decoded value; and swc's parser
//! (tokens captured while it parses, so regex-or-division and template braces are the
//! grammar's own decisions, not the shared [`Context`]'s): the same string spans.
//! The fast scanner may instead give up ([`Bail`]), which sends the text to swc: that is
//! counted, never a silent pass.
//!
//! Hand-written tricky snippets always run. The real bundle corpus (`make corpus`;
//! `$SPILLPROOF_CORPUS` or `<repo>/.cache/corpus`) runs when it exists: every `.js`/`.mjs`
//! file and every JS/TS `sourcesContent` entry of every `.map`; the test prints what it
//! compared (`cargo test -p spillproof-core js_diff -- --nocapture`) and fails if the
//! corpus is there but nothing was compared.
//!
//! [`Context`]: super::js::Context

use std::path::{Path, PathBuf};

use swc_common::BytePos;
use swc_ecma_ast::EsVersion;
use swc_ecma_parser::lexer::Lexer;
use swc_ecma_parser::unstable::{Capturing, Token};
use swc_ecma_parser::{Parser, StringInput};

use super::escapes::decode_js;
use super::js::{Dialect, Kind, Sink, Tok};
use super::js_scan::{self, Bail};
use super::js_swc;
use super::offsets::OffsetMap;

/// The string tokens of a pass, with the lexer's decoded value when asked for.
#[derive(Debug, Default)]
struct Strings {
    tokens: Vec<(Tok, Option<String>)>,
    values: bool,
}

impl Sink for Strings {
    fn token(&mut self, tok: Tok) {
        if tok.kind.is_string() {
            self.tokens.push((tok, None));
        }
    }

    fn wants_values(&self) -> bool {
        self.values
    }

    fn value(&mut self, value: Option<String>) {
        if let Some(last) = self.tokens.last_mut() {
            last.1 = value;
        }
    }
}

/// The text between a string token's delimiters (quotes, `` ` ``, `}`, `${`).
fn body(tok: Tok) -> (usize, usize) {
    let (lo, hi) = (tok.lo as usize, tok.hi as usize);
    match tok.kind {
        Kind::TemplateHead => (lo + 1, hi - 2),
        Kind::TemplateMiddle => (lo, hi - 2),
        Kind::TemplateTail => (lo, hi - 1),
        _ => (lo + 1, hi - 1),
    }
}

/// Our decoding of a string token (what the extraction scans), plus, for templates, the
/// one rule the extraction leaves out because it cannot hide a secret: a raw CR or CRLF
/// in a template reads as LF (ECMA-262's template value). Escaped ones stay.
fn decoded(src: &str, tok: Tok) -> String {
    let (start, end) = body(tok);
    let mut raw = src.as_bytes()[start..end].to_vec();
    if tok.kind != Kind::Str {
        raw = template_line_breaks_as_lf(&raw);
    }
    let (mut value, mut map) = (Vec::new(), OffsetMap::default());
    decode_js(&raw, start, &mut value, &mut map);
    String::from_utf8_lossy(&value).into_owned()
}

fn template_line_breaks_as_lf(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'\\' => {
                // An escape (a line continuation included) is kept as written.
                let len = match raw.get(i + 1..i + 3) {
                    Some(b"\r\n") => 3,
                    _ => 2,
                };
                out.extend_from_slice(&raw[i..(i + len).min(raw.len())]);
                i += len;
            }
            b'\r' => {
                out.push(b'\n');
                i += if raw.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

/// What comparing one text gave.
#[derive(Debug, PartialEq, Eq)]
enum Outcome {
    /// Both lexed it whole: this many string tokens, all equal.
    Same(usize),
    /// The fast scanner gave up (the extraction then uses swc).
    Bailed(Bail),
    /// swc's lexer stops at `at` while the fast scanner reads on (the extraction then
    /// reads past what swc calls an error, such as a malformed escape); this many string
    /// tokens before that point were equal.
    SwcStops { at: u32, same: usize },
}

/// Runs both lexers over `src`; `Err` describes the first difference.
fn compare(src: &str, dialect: Dialect) -> Result<Outcome, String> {
    let mut fast = Strings::default();
    if let Err(bail) = js_scan::scan(src, &mut fast) {
        return Ok(Outcome::Bailed(bail));
    }
    let mut swc = Strings {
        values: true,
        ..Strings::default()
    };
    let lexed = js_swc::lex(src, dialect, &mut swc);
    let limit = match &lexed {
        Ok(()) => u32::MAX,
        Err(error) => error.at,
    };
    let fast_tokens: Vec<_> = fast.tokens.iter().filter(|(t, _)| t.hi <= limit).collect();
    let swc_tokens: Vec<_> = swc.tokens.iter().filter(|(t, _)| t.hi <= limit).collect();
    for (i, pair) in fast_tokens.iter().zip(&swc_tokens).enumerate() {
        let ((ours, _), (theirs, value)) = (pair.0, pair.1);
        if ours != theirs {
            return Err(format!(
                "string token {i}: fast {ours:?} {:?}, swc {theirs:?} {:?}",
                excerpt(src, ours.lo, ours.hi),
                excerpt(src, theirs.lo, theirs.hi)
            ));
        }
        if let Some(value) = value {
            let ours_value = decoded(src, *ours);
            if &ours_value != value {
                return Err(format!(
                    "string token {i} at {}: fast decodes {ours_value:?}, swc {value:?}",
                    ours.lo
                ));
            }
        }
    }
    if fast_tokens.len() != swc_tokens.len() {
        let extra = fast_tokens
            .get(swc_tokens.len())
            .or(swc_tokens.get(fast_tokens.len()))
            .map(|(t, _)| format!("{t:?} {:?}", excerpt(src, t.lo, t.hi)));
        return Err(format!(
            "fast found {} string tokens, swc {}; first unmatched: {extra:?}",
            fast_tokens.len(),
            swc_tokens.len()
        ));
    }
    Ok(match lexed {
        Ok(()) => Outcome::Same(fast_tokens.len()),
        Err(error) => Outcome::SwcStops {
            at: error.at,
            same: fast_tokens.len(),
        },
    })
}

/// The string spans swc's parser saw, or `None` if `src` does not parse.
fn parsed_string_spans(src: &str, dialect: Dialect) -> Option<Vec<(u32, u32)>> {
    let len = u32::try_from(src.len()).ok()?;
    let input = StringInput::new(src, BytePos(1), BytePos(1 + len));
    let lexer = Lexer::new(js_swc::syntax(dialect), EsVersion::latest(), input, None);
    let mut parser = Parser::new_from(Capturing::new(lexer));
    parser.parse_program().ok()?;
    if !parser.take_errors().is_empty() {
        return None;
    }
    let tokens = parser.input_mut().iter_mut().take();
    Some(
        tokens
            .iter()
            .filter(|t| {
                matches!(
                    t.token,
                    Token::Str
                        | Token::Template
                        | Token::NoSubstitutionTemplateLiteral
                        | Token::TemplateHead
                        | Token::TemplateMiddle
                        | Token::TemplateTail
                )
            })
            .map(|t| (t.span.lo.0 - 1, t.span.hi.0 - 1))
            .collect(),
    )
}

/// The fast scanner's string spans, if it lexed `src` whole.
fn fast_string_spans(src: &str) -> Option<Vec<(u32, u32)>> {
    let mut fast = Strings::default();
    js_scan::scan(src, &mut fast).ok()?;
    Some(fast.tokens.iter().map(|(t, _)| (t.lo, t.hi)).collect())
}

fn excerpt(src: &str, lo: u32, hi: u32) -> String {
    let (lo, hi) = (lo as usize, hi as usize);
    let mut from = lo.saturating_sub(30);
    while !src.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (hi + 30).min(src.len());
    while !src.is_char_boundary(to) {
        to += 1;
    }
    src[from..to].to_owned()
}

/// Snippets where a regex, a comment or a template could be mistaken for a string start
/// (or the reverse), each with the string values the extraction must see.
const SNIPPETS: &[(&str, &[&str])] = &[
    // Regex after `)` of a control head, `}` of a block, and keywords.
    (r#"if(a)/"/.test(b);c="x""#, &["x"]),
    (r#"while(a)/'/g.exec(b);c='y'"#, &["y"]),
    (r#"function f(){}/"/.test(b);c="x""#, &["x"]),
    (r#"function f(){return/"[^"]*"/g}var s="z""#, &["z"]),
    (r#"x=typeof/"/.source;y="q""#, &["q"]),
    (r#"x=a instanceof/'/?"a":"b""#, &["a", "b"]),
    (r#"throw/"/;"#, &[]),
    (r#"switch(a){case/"/.test(b):c="d"}"#, &["d"]),
    (r#"x=void/"/;y=delete/'/;z=new/"/.constructor"#, &[]),
    (r#"async function f(){await/"/}"#, &[]),
    (r#"function*g(){yield/'/;yield"v"}"#, &["v"]),
    (r#"a=[/"/,"w"];b={k:/'/,l:"m"};c=(/"/)"#, &["w", "m"]),
    (r#"x=y?/"/:/'/;z=!/"/.test(a)"#, &[]),
    (r#"x=a&&/"/.test(b)||/'/.test(c)"#, &[]),
    // Regex with `/` or quotes in a class, escapes and flags.
    (r#"r=/[/"']+/gu;s="t""#, &["t"]),
    (r#"r=/\/"\/'/;s="u""#, &["u"]),
    (r#"r=/[\]/"]/;s="v""#, &["v"]),
    // Division chains and divisions after operands.
    (r#"a=b/c/d;e="f"/2/"g";h=(i)/j/k"#, &["f", "g"]),
    (r#"a=b[0]/c[1]/d;e=f()/g()/h;"x""#, &["x"]),
    (r#"a=1/2/3;b=.5/x/y;c=1e3/z/w;"s""#, &["s"]),
    (r#"a=x.return/2/y;b=x?.default/2/z;"s""#, &["s"]),
    (r#"a=`t`/2/b;c=/r/g/2/d;"s""#, &["t", "s"]),
    (r#"a=b++/2/c;d=e--/2/f;g=++/h/.lastIndex;"s""#, &["s"]),
    (r#"a={}/1/b;"s";({}/2/c)"#, &["s"]),
    (r#"x=a/=2/b;"s""#, &["s"]),
    // Templates: nesting, braces inside, escapes, `$` without `{`.
    (
        r#"t=`a${b}c${`d${"e"}f`}g`"#,
        &["a", "c", "d", "e", "f", "g"],
    ),
    (
        r#"t=`x${ {a:1}.a }y${(()=>{return"z"})()}w`"#,
        &["x", "y", "z", "w"],
    ),
    (r#"t=`$a$\${b}\`${c}`"#, &["$a$${b}`", ""]),
    (r#"t=`a${/"/.test(b)}c`"#, &["a", "c"]),
    (
        r#"t=`${`${`${"deep"}`}`}`"#,
        &["", "", "", "deep", "", "", ""],
    ),
    ("t=`line\r\nbreak`", &["line\nbreak"]),
    // Comments holding quotes, slashes and backticks.
    (r#"/* "not' `a string */a="b"// 'nor "this`"#, &["b"]),
    ("a=1;//\"x\n/'/.test(c);d='e'", &["e"]),
    ("a=b/*'*//c/d;e=\"f\"", &["f"]),
    ("/** @license\n * it's \"MIT\"\n */\nvar x='y'", &["y"]),
    // Line continuations and line separators.
    ("a=\"x\\\ny\";b='p\\\r\nq'", &["xy", "pq"]),
    ("a=\"x\u{2028}y\";b=1;\u{2028}/'/.test(c)", &["x\u{2028}y"]),
    ("a=1// c\u{2029}b=\"s\"", &["s"]),
    // Unicode escapes and non-ASCII in identifiers, strings and whitespace.
    (
        r#"var \u0061b="\u0073k";c\u{62}="\x41\101\u{1F600}""#,
        &["sk", "AA\u{1F600}"],
    ),
    (
        "var caf\u{e9}=\"\u{e9}t\u{e9}\";\u{3c0}/2/x;function f(){return\u{a0}/'/.test(b)}",
        &["\u{e9}t\u{e9}"],
    ),
    ("\u{feff}/'/.test(a);b='c'", &["c"]),
    // Numbers that look like operators or properties.
    (
        r#"a=1_000_000+0x1F+0b1+0o7+1e+5+1.5e-3+10n+.5+"s";b=1..toString()+"t""#,
        &["s", "t"],
    ),
    // Optional chaining, nullish, ternaries with numbers, spread, arrows.
    (
        r#"a=b?.c?.["d"]??"e";f=g?.5:"h";i=[..."j"];k=()=>"l""#,
        &["d", "e", "h", "j", "l"],
    ),
    // Private names, classes, hashbang.
    (
        "#!/usr/bin/env node\nclass A{#x='p';get y(){return this.#x/2/1}}",
        &["p"],
    ),
    // Text that looks like HTML inside strings, regexes and templates.
    (
        r#"a="</script><script>";b=/<\/script>/;c=`<!-- x -->`"#,
        &["</script><script>", "<!-- x -->"],
    ),
    // Object keys and assignments the extraction names values by.
    (
        r#"x={"k":"v",'l':`w`,m:"n",[`o`]:"p"}"#,
        &["k", "v", "l", "w", "n", "o", "p"],
    ),
    // Empty strings, quotes in the other quotes, escaped quotes and backslashes.
    (
        r#"a="";b='';c="'";d='"';e="\"";f='\\';g="\\\"""#,
        &["", "", "'", "\"", "\"", "\\", "\\\""],
    ),
];

/// TypeScript, decorators and JSX-shaped snippets: the fast scanner must equal swc's lexer (or give
/// up); swc's parser is not asked (JSX is not enabled for the lexer pass).
const DIALECT_SNIPPETS: &[(&str, Dialect)] = &[
    (
        r#"let a:Array<Map<string,number>>=new Map<string,"x">();b=a!/2/c;d="e""#,
        Dialect::Ts,
    ),
    (
        r#"function f<T,>(x:T):T{return x}const g=<T,>(y:T)=>"z""#,
        Dialect::Ts,
    ),
    (
        r#"const x=y as unknown as "lit";enum E{A="a",B='b'}"#,
        Dialect::Ts,
    ),
    (
        r#"const el=<div className="a">it's here</div>;x="y""#,
        Dialect::Js,
    ),
    (r#"const el=<p title='q'>{"inner"}</p>"#, Dialect::Js),
    ("@dec('a') class B{@dec(\"b\") m(){}}", Dialect::Ts),
];

/// Texts the fast scanner must hand to swc rather than guess at.
const MUST_BAIL: &[&str] = &[
    r#"a="unterminated"#,
    "a='line\nbreak'",
    "a='line\rbreak'",
    "a=`open${b}",
    "a=`open",
    "a=/unterminated",
    "a=/line\n/",
    "/* open comment",
    "a}",
    "x=1;<!-- html comment\n",
    "x=1\n--> html comment\n",
    "a=\u{0}",
    "a=\\x",
];

#[test]
fn js_diff_snippets_lex_as_swc_lexes_and_parses_them() {
    let mut checked = 0;
    for (src, expected) in SNIPPETS {
        match compare(src, Dialect::Js) {
            Ok(Outcome::Same(n)) => assert_eq!(n, expected.len(), "{src}"),
            other => panic!("{src}: {other:?}"),
        }
        let mut fast = Strings::default();
        js_scan::scan(src, &mut fast).expect("compared");
        let values: Vec<String> = fast.tokens.iter().map(|(t, _)| decoded(src, *t)).collect();
        assert_eq!(values, *expected, "{src}");
        // The grammar's own regex/division and brace decisions agree with the Context's.
        let parsed = parsed_string_spans(src, Dialect::Js)
            .unwrap_or_else(|| panic!("the snippet does not parse: {src}"));
        assert_eq!(fast_string_spans(src), Some(parsed), "parser: {src}");
        checked += 1;
    }
    for (src, dialect) in DIALECT_SNIPPETS {
        match compare(src, *dialect) {
            Ok(Outcome::Same(n)) => assert!(n > 0, "{src}"),
            Ok(Outcome::Bailed(_)) => {}
            other => panic!("{src}: {other:?}"),
        }
        checked += 1;
    }
    assert_eq!(checked, SNIPPETS.len() + DIALECT_SNIPPETS.len());
}

#[test]
fn js_diff_the_fast_scanner_gives_up_rather_than_guess() {
    for src in MUST_BAIL {
        assert!(
            matches!(compare(src, Dialect::Js), Ok(Outcome::Bailed(_))),
            "{src:?}: {:?}",
            compare(src, Dialect::Js)
        );
    }
}

/// Where the corpus is, if it was built.
fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SPILLPROOF_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.cache/corpus"));
    dir.is_dir().then_some(dir)
}

fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("corpus dir reads") {
            let path = entry.expect("corpus entry reads").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every JS text of the corpus: `.js`/`.mjs` files and the JS/TS sources inside maps.
fn corpus_texts(dir: &Path) -> Vec<(String, String, Dialect)> {
    let mut texts = Vec::new();
    for path in corpus_files(dir) {
        let name = path
            .strip_prefix(dir)
            .unwrap_or(&path)
            .display()
            .to_string();
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        match ext {
            "js" | "mjs" | "cjs" => texts.push((name, text, Dialect::Js)),
            "map" => {
                let Ok(map) = serde_json::from_str::<serde_json::Value>(&text) else {
                    continue;
                };
                let sources = map["sources"].as_array().cloned().unwrap_or_default();
                let contents = map["sourcesContent"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                for (source, content) in sources.iter().zip(&contents) {
                    let (Some(source), Some(content)) = (source.as_str(), content.as_str()) else {
                        continue;
                    };
                    let dialect = Dialect::for_name(source);
                    let is_js = [".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"]
                        .iter()
                        .any(|e| source.ends_with(e));
                    if is_js {
                        texts.push((format!("{name} → {source}"), content.to_owned(), dialect));
                    }
                }
            }
            _ => {}
        }
    }
    texts
}

#[test]
fn js_diff_corpus_lexes_as_swc_lexes_and_parses_it() {
    let Some(dir) = corpus_dir() else {
        println!("js_diff corpus: no corpus built (`make corpus`): compared the snippets only");
        return;
    };
    let texts = corpus_texts(&dir);
    let (mut same, mut strings, mut bailed, mut swc_stops) = (0, 0, Vec::new(), Vec::new());
    let (mut parsed, mut parse_failed) = (0, 0);
    let mut differences = Vec::new();
    for (name, text, dialect) in &texts {
        match compare(text, *dialect) {
            Ok(Outcome::Same(n)) => {
                same += 1;
                strings += n;
            }
            Ok(Outcome::Bailed(bail)) => bailed.push(format!("{name}: {bail:?}")),
            Ok(Outcome::SwcStops { at, same: n }) => {
                strings += n;
                swc_stops.push(format!("{name}: swc stops at {at}"));
            }
            Err(difference) => differences.push(format!("{name}: {difference}")),
        }
        match parsed_string_spans(text, *dialect) {
            Some(spans) => {
                parsed += 1;
                if let Some(fast) = fast_string_spans(text) {
                    if fast != spans {
                        let at = fast.iter().zip(&spans).position(|(a, b)| a != b);
                        differences.push(format!(
                            "{name}: parser and fast scanner disagree on string spans (first at index {at:?}: fast {:?}, parser {:?}; {} vs {})",
                            at.and_then(|i| fast.get(i)).map(|&(lo, hi)| excerpt(text, lo, hi)),
                            at.and_then(|i| spans.get(i)).map(|&(lo, hi)| excerpt(text, lo, hi)),
                            fast.len(),
                            spans.len()
                        ));
                    }
                }
            }
            None => parse_failed += 1,
        }
    }
    println!(
        "js_diff corpus {}: {} JS texts; {same} lexed the same as swc's lexer ({strings} string tokens, spans and decoded values equal); \
         fast scanner gave up on {} (swc takes those); swc's lexer stopped early on {}; \
         swc's parser parsed {parsed} (string spans compared), could not parse {parse_failed}",
        dir.display(),
        texts.len(),
        bailed.len(),
        swc_stops.len()
    );
    for line in bailed.iter().chain(&swc_stops) {
        println!("  {line}");
    }
    assert!(
        !texts.is_empty(),
        "the corpus at {} holds no JS",
        dir.display()
    );
    assert!(strings > 0, "no string token was compared");
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
