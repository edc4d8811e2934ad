//! Byte offsets to 1-based lines and columns (Unicode and UTF-16), in one forward pass
//! per input however many findings there are, so a 20 MB one-line bundle stays linear.

use crate::report::finding::Location;

/// Converts many byte ranges at once. `ranges` need not be sorted.
pub(crate) fn locate(bytes: &[u8], ranges: &[(usize, usize)]) -> Vec<Location> {
    let mut offsets: Vec<usize> = ranges.iter().flat_map(|&(s, e)| [s, e]).collect();
    offsets.sort_unstable();
    offsets.dedup();

    let mut positions = Vec::with_capacity(offsets.len());
    let (mut line, mut line_start, mut cursor, mut chars, mut utf16) =
        (1usize, 0usize, 0usize, 0usize, 0usize);
    for &offset in &offsets {
        let offset = offset.min(bytes.len());
        // Move to the line holding `offset`.
        for nl in memchr::memchr_iter(b'\n', &bytes[cursor..offset]) {
            line += 1;
            line_start = cursor + nl + 1;
        }
        if line_start > cursor {
            cursor = line_start;
            chars = 0;
            utf16 = 0;
        }
        // Count characters from the last position on this line.
        for &b in &bytes[cursor..offset] {
            // Continuation bytes (10xxxxxx) do not start a character; invalid bytes count as one.
            if b & 0xC0 != 0x80 {
                chars += 1;
                utf16 += if b >= 0xF0 { 2 } else { 1 };
            }
        }
        cursor = offset;
        positions.push((offset, line, chars + 1, utf16 + 1));
    }

    let find = |offset: usize| {
        let index = positions.partition_point(|p| p.0 < offset.min(bytes.len()));
        positions
            .get(index)
            .copied()
            .unwrap_or((offset, line, chars + 1, utf16 + 1))
    };
    ranges
        .iter()
        .map(|&(start, end)| {
            let (_, line, column, column_utf16) = find(start);
            let (_, end_line, end_column, end_column_utf16) = find(end);
            Location {
                start,
                end,
                line,
                column,
                column_utf16,
                end_line,
                end_column,
                end_column_utf16,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::locate;

    #[test]
    fn lines_and_columns_are_one_based() {
        let text = "ab\ncdKEY\n";
        let loc = locate(text.as_bytes(), &[(5, 8)])[0];
        assert_eq!(
            (loc.line, loc.column, loc.end_line, loc.end_column),
            (2, 3, 2, 6)
        );
    }

    #[test]
    fn columns_count_characters_and_utf16_units() {
        // "é" is 2 bytes / 1 char / 1 unit; "😀" is 4 bytes / 1 char / 2 units.
        let text = "é😀KEY";
        let loc = locate(text.as_bytes(), &[(6, 9)])[0];
        assert_eq!((loc.column, loc.column_utf16), (3, 4));
    }

    #[test]
    fn many_ranges_on_one_line_in_any_order() {
        let text = "x".repeat(100);
        let locs = locate(text.as_bytes(), &[(50, 60), (10, 20)]);
        assert_eq!(locs[0].column, 51);
        assert_eq!(locs[1].column, 11);
        assert_eq!(locs[1].end_column, 21);
    }
}
