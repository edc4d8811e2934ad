//! Offset maps: where each byte of a decoded value came from in the text it was decoded
//! from, so a finding in `"\u0073k_live_…"` or `"sk_li"+"ve_…"` points at the literal(s)
//! in the file. Stored as segments (one per verbatim run or escape), not one entry per
//! byte: a 1 MB `sourcesContent` string with an escape per line needs ~30 KB, not 4 MB.

/// How the bytes of one segment relate to their source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegmentKind {
    /// Decoded bytes equal the source bytes one for one.
    Verbatim,
    /// One escape sequence (`\u{1F600}`, `&amp;`): every decoded byte maps to all of it.
    Escape,
    /// Base64: 3 decoded bytes per 4 source bytes, so positions are proportional.
    Base64,
}

#[derive(Debug, Clone, Copy)]
struct Segment {
    decoded: u32,
    raw: u32,
    raw_end: u32,
    kind: SegmentKind,
}

/// Maps offsets in a decoded value to offsets in its source text.
#[derive(Debug, Clone, Default)]
pub(crate) struct OffsetMap {
    segments: Vec<Segment>,
    decoded_len: u32,
}

impl OffsetMap {
    /// The value is the source text from `raw` on, unchanged.
    pub fn verbatim(raw: usize, len: usize) -> OffsetMap {
        let mut map = OffsetMap::default();
        map.push_verbatim(raw, len);
        map
    }

    #[cfg(test)]
    pub fn decoded_len(&self) -> usize {
        self.decoded_len as usize
    }

    /// `len` decoded bytes copied from `raw..raw + len`.
    pub fn push_verbatim(&mut self, raw: usize, len: usize) {
        if len == 0 {
            return;
        }
        let (raw, len) = (raw as u32, len as u32);
        if let Some(last) = self.segments.last_mut() {
            // Contiguous verbatim runs merge, so a plain string is one segment.
            if last.kind == SegmentKind::Verbatim
                && last.raw_end == raw
                && last.decoded + (last.raw_end - last.raw) == self.decoded_len
            {
                last.raw_end += len;
                self.decoded_len += len;
                return;
            }
        }
        self.push(raw, raw + len, len, SegmentKind::Verbatim);
    }

    /// `decoded` bytes produced by the escape at `raw..raw_end`.
    pub fn push_escape(&mut self, raw: usize, raw_end: usize, decoded: usize) {
        if decoded > 0 {
            self.push(
                raw as u32,
                raw_end as u32,
                decoded as u32,
                SegmentKind::Escape,
            );
        }
    }

    /// `decoded` bytes of base64 from the source bytes `raw..raw_end`.
    pub fn push_base64(&mut self, raw: usize, raw_end: usize, decoded: usize) {
        if decoded > 0 {
            self.push(
                raw as u32,
                raw_end as u32,
                decoded as u32,
                SegmentKind::Base64,
            );
        }
    }

    fn push(&mut self, raw: u32, raw_end: u32, decoded: u32, kind: SegmentKind) {
        self.segments.push(Segment {
            decoded: self.decoded_len,
            raw,
            raw_end,
            kind,
        });
        self.decoded_len += decoded;
    }

    /// The source range of the decoded range `start..end` (`start < end`).
    pub fn map_range(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end || end > self.decoded_len as usize {
            return None;
        }
        let first = self.segment_of(start as u32)?;
        let last = self.segment_of(end as u32 - 1)?;
        Some((
            first.raw_start_of(start as u32) as usize,
            last.raw_end_of(end as u32 - 1) as usize,
        ))
    }

    fn segment_of(&self, decoded: u32) -> Option<&Segment> {
        let index = self.segments.partition_point(|s| s.decoded <= decoded);
        self.segments.get(index.checked_sub(1)?)
    }
}

impl Segment {
    fn raw_start_of(&self, decoded: u32) -> u32 {
        let delta = decoded - self.decoded;
        match self.kind {
            SegmentKind::Verbatim => self.raw + delta,
            SegmentKind::Escape => self.raw,
            SegmentKind::Base64 => (self.raw + delta * 4 / 3).min(self.raw_end),
        }
    }

    /// The source offset just past the bytes that produced decoded byte `decoded`.
    fn raw_end_of(&self, decoded: u32) -> u32 {
        let delta = decoded - self.decoded;
        match self.kind {
            SegmentKind::Verbatim => self.raw + delta + 1,
            SegmentKind::Escape => self.raw_end,
            SegmentKind::Base64 => (self.raw + ((delta + 1) * 4).div_ceil(3)).min(self.raw_end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::OffsetMap;

    #[test]
    fn verbatim_runs_and_escapes_map_back() {
        // Source `a\x62c` at offset 10: `a` (10), `\x62` (11..15), `c` (15).
        let mut map = OffsetMap::default();
        map.push_verbatim(10, 1);
        map.push_escape(11, 15, 1);
        map.push_verbatim(15, 1);
        assert_eq!(map.decoded_len(), 3);
        assert_eq!(map.map_range(0, 3), Some((10, 16)));
        assert_eq!(map.map_range(1, 2), Some((11, 15)));
        assert_eq!(map.map_range(2, 3), Some((15, 16)));
        assert_eq!(map.map_range(2, 4), None);
    }

    #[test]
    fn contiguous_verbatim_pushes_merge() {
        let mut map = OffsetMap::default();
        map.push_verbatim(0, 4);
        map.push_verbatim(4, 4);
        assert_eq!(map.segments.len(), 1);
        // A gap (a `"+"` between two literals) starts a new segment.
        map.push_verbatim(11, 2);
        assert_eq!(map.map_range(6, 10), Some((6, 13)));
    }

    #[test]
    fn base64_positions_are_proportional() {
        let mut map = OffsetMap::default();
        map.push_base64(100, 116, 12);
        assert_eq!(map.map_range(0, 12), Some((100, 116)));
        assert_eq!(map.map_range(3, 6), Some((104, 108)));
    }
}
