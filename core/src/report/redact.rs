//! The private `Secret` type and its redacted form: the only way raw secret bytes travel
//! inside the core, and they cannot be printed.

use std::fmt;

/// Raw secret bytes. `Debug` and `Display` print the redacted form, so a stray `{:?}`
/// in a log or error can never leak the value.
pub(crate) struct Secret<'a>(&'a [u8]);

impl<'a> Secret<'a> {
    pub fn new(bytes: &'a [u8]) -> Self {
        Secret(bytes)
    }

    pub fn expose(&self) -> &'a [u8] {
        self.0
    }

    /// A short prefix and suffix: at most a quarter of the characters (8 at most) in front
    /// and an eighth (4 at most) at the end, so even short secrets keep most of their value hidden.
    pub fn redacted(&self) -> String {
        let text = String::from_utf8_lossy(self.0);
        let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
        let head = (chars.len() / 4).min(8);
        let tail = (chars.len() / 8).min(4);
        let mut out: String = chars[..head].iter().collect();
        out.push('…');
        out.extend(&chars[chars.len() - tail..]);
        out
    }
}

impl fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret({})", self.redacted())
    }
}

impl fmt::Display for Secret<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::Secret;

    #[test]
    fn long_secret_shows_eight_in_front_and_four_at_the_end() {
        let s = Secret::new(b"sk-proj-abcdefghijklmnopqrstuvwxyz0123456789ABCD");
        assert_eq!(s.redacted(), "sk-proj-…ABCD");
    }

    #[test]
    fn short_secret_reveals_at_most_three_eighths() {
        let s = Secret::new(b"hunter22");
        assert_eq!(s.redacted(), "hu…2");
        assert_eq!(format!("{s:?}"), "Secret(hu…2)");
    }
}
