//! A JSON string walker: every string in a JSON text with its exact byte range and the key
//! it is the value of. Iterative (a stack of containers, no recursion), so 10,000 levels of
//! `[` cannot overflow anything, and tolerant: it reports where it stopped understanding
//! the text instead of giving up on what came before.

/// One string in the text (a key or a value).
#[derive(Debug, Clone, Copy)]
pub(crate) struct JsonStr {
    /// The content, without the quotes.
    pub start: usize,
    pub end: usize,
    /// Contains a backslash escape.
    pub escaped: bool,
    /// The key this string is the value of: the member's key in an object, or the key
    /// of the array it sits in (`"sourcesContent": ["…"]`).
    pub key: Option<(usize, usize)>,
    /// Index of the string within its array, if it is in one.
    pub index: Option<usize>,
    /// Identifies the nearest enclosing object (to pair `sources` with `sourcesContent`).
    pub object: usize,
}

/// Where and why the walk stopped.
#[derive(Debug, Clone)]
pub(crate) struct JsonError {
    pub at: usize,
    pub what: &'static str,
}

#[derive(Debug)]
struct Container {
    object: bool,
    id: usize,
    /// The key this container is the value of.
    key: Option<(usize, usize)>,
    /// Objects: the current member's key; `None` while a key is expected.
    member_key: Option<(usize, usize)>,
    expect_key: bool,
    items: usize,
}

/// Calls `on_value` for every string value (not keys) in `text`.
pub(crate) fn walk(text: &[u8], mut on_value: impl FnMut(&JsonStr)) -> Result<(), JsonError> {
    let mut stack: Vec<Container> = Vec::new();
    let mut next_id = 0usize;
    let mut i = skip_ws(text, 0);
    if !matches!(text.get(i), Some(b'{' | b'[' | b'"')) {
        return Err(JsonError {
            at: i,
            what: "does not start with an object, array or string",
        });
    }
    while i < text.len() {
        let b = text[i];
        match b {
            b'{' | b'[' => {
                let key = stack
                    .last()
                    .and_then(|c| if c.object { c.member_key } else { c.key });
                next_id += 1;
                stack.push(Container {
                    object: b == b'{',
                    id: next_id,
                    key,
                    member_key: None,
                    expect_key: b == b'{',
                    items: 0,
                });
                i += 1;
            }
            b'}' | b']' => {
                match stack.pop() {
                    Some(c) if c.object == (b == b'}') => {}
                    _ => {
                        return Err(JsonError {
                            at: i,
                            what: "a closing bracket does not match",
                        })
                    }
                }
                i += 1;
            }
            b'"' => {
                let (end, escaped) = string_end(text, i + 1).ok_or(JsonError {
                    at: i,
                    what: "a string is not terminated",
                })?;
                let range = (i + 1, end);
                match stack.last_mut() {
                    Some(c) if c.object && c.expect_key => {
                        c.member_key = Some(range);
                        c.expect_key = false;
                    }
                    Some(c) => on_value(&JsonStr {
                        start: range.0,
                        end: range.1,
                        escaped,
                        key: if c.object { c.member_key } else { c.key },
                        index: (!c.object).then_some(c.items),
                        object: stack.iter().rev().find(|c| c.object).map_or(0, |c| c.id),
                    }),
                    None => on_value(&JsonStr {
                        start: range.0,
                        end: range.1,
                        escaped,
                        key: None,
                        index: None,
                        object: 0,
                    }),
                }
                i = end + 1;
            }
            b',' => {
                if let Some(c) = stack.last_mut() {
                    c.items += 1;
                    if c.object {
                        c.expect_key = true;
                        c.member_key = None;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
        i = skip_ws(text, i);
    }
    if stack.is_empty() {
        Ok(())
    } else {
        Err(JsonError {
            at: text.len(),
            what: "the text ends inside an object or array",
        })
    }
}

fn skip_ws(text: &[u8], mut i: usize) -> usize {
    while matches!(text.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

/// From just after an opening quote: the offset of the closing quote, and whether the
/// string held an escape.
fn string_end(text: &[u8], mut i: usize) -> Option<(usize, bool)> {
    let mut escaped = false;
    loop {
        let found = memchr::memchr2(b'"', b'\\', &text[i..])?;
        i += found;
        if text[i] == b'"' {
            return Some((i, escaped));
        }
        escaped = true;
        i += 2;
        if i > text.len() {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, Option<String>, Option<usize>)> {
        let mut out = Vec::new();
        let result = walk(text.as_bytes(), |s| {
            out.push((
                text[s.start..s.end].to_owned(),
                s.key.map(|(a, b)| text[a..b].to_owned()),
                s.index,
            ))
        });
        assert!(result.is_ok(), "{result:?}");
        out
    }

    #[test]
    fn strings_come_with_their_keys() {
        assert_eq!(
            values(r#"{"a":"x","b":{"c":"y"},"d":["p","q"],"e":1,"f":"z\"w"}"#),
            vec![
                ("x".into(), Some("a".into()), None),
                ("y".into(), Some("c".into()), None),
                ("p".into(), Some("d".into()), Some(0)),
                ("q".into(), Some("d".into()), Some(1)),
                ("z\\\"w".into(), Some("f".into()), None),
            ]
        );
    }

    #[test]
    fn broken_json_says_where_and_keeps_what_came_before() {
        let mut seen = 0;
        let err = walk(br#"{"a":"x","b":"unterminated"#, |_| seen += 1).expect_err("broken");
        assert_eq!(seen, 1);
        assert_eq!(err.what, "a string is not terminated");
        assert!(walk(b"nope", |_| {}).is_err());
        assert!(walk(b"[[[", |_| {}).is_err());
    }

    #[test]
    fn deep_nesting_is_fine() {
        let text = format!("{}\"x\"{}", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(values(&text).len(), 1);
    }
}
