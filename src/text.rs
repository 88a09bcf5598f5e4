//! Small text helpers shared by readers and reports.

/// The choice closest to `given`, when it is close enough to be a likely typo.
pub fn closest<'a, S: AsRef<str>>(given: &str, choices: &'a [S]) -> Option<&'a str> {
    let given = given.to_lowercase();
    choices
        .iter()
        .map(|c| (c.as_ref(), strsim::jaro_winkler(&given, &c.as_ref().to_lowercase())))
        .filter(|(_, similarity)| *similarity >= 0.8)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(c, _)| c)
}

/// One line of at most `max` characters: line breaks folded, the rest cut with `…`.
pub fn one_line(text: &str, max: usize) -> String {
    let folded: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if folded.chars().count() <= max {
        folded
    } else {
        let mut cut: String = folded.chars().take(max.saturating_sub(1)).collect();
        cut.push('…');
        cut
    }
}

/// Text safe to print on a terminal: control characters (escape sequences that
/// could move the cursor or recolour the screen) are shown as `\u{..}` escapes.
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() && c != '\n' && c != '\t' {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Text safe inside a Markdown table cell: pipes escaped, line breaks folded,
/// and HTML-significant characters written as entities (renderers pass HTML through).
pub fn for_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in for_terminal(text).chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '`' | '*' | '_' | '[' | ']' | '\\' => {
                out.push('\\');
                out.push(c)
            }
            c => out.push(c),
        }
    }
    out
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1234567), "1,234,567");
    }

    #[test]
    fn closest_finds_typos_and_ignores_strangers() {
        let keys = ["program", "rewards", "summary"];
        assert_eq!(closest("rewardz", &keys), Some("rewards"));
        assert_eq!(closest("Sumary", &keys), Some("summary"));
        assert_eq!(closest("colour", &keys), None);
    }

    #[test]
    fn terminal_text_cannot_carry_escape_sequences() {
        assert_eq!(for_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
    }

    #[test]
    fn markdown_cells_stay_cells() {
        assert_eq!(for_markdown("a|b <script>"), "a\\|b &lt;script&gt;");
    }

    #[test]
    fn one_line_folds_and_cuts() {
        assert_eq!(one_line("a\n b   c", 10), "a b c");
        assert_eq!(one_line("abcdefghijkl", 5), "abcd…");
    }
}
