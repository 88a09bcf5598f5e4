//! Text for a medium: escaped for a terminal (or a CI log) and for Markdown, and
//! numbers grouped for reading. Every report and message that shows an input's text
//! goes through here.

/// Whether a terminal (or a line-splitting reader) could take `c` for more than one
/// printed character: control characters, which move the cursor, recolour or end a
/// line; Unicode's line and paragraph separators; and the bidirectional overrides
/// that make text read in another order than it runs.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// One line safe to print on a terminal: every character `is_unsafe_for_terminal`
/// names, line breaks and tabs included, is shown as an escape (`\n`, `\u{1b}`), so
/// text from an input can neither move the cursor nor start a line of its own (a
/// forged `::error` annotation, say).
pub fn for_terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        push_for_terminal(&mut out, c);
    }
    out
}

/// Append `c` to `out` as `for_terminal` shows it.
pub fn push_for_terminal(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if is_unsafe_for_terminal(c) => out.extend(c.escape_unicode()),
        c => out.push(c),
    }
}

/// Text of several lines safe for a terminal: each line as `for_terminal` shows it,
/// joined by the line breaks the text itself had.
pub fn lines_for_terminal(text: &str) -> String {
    text.split('\n').map(for_terminal).collect::<Vec<_>>().join("\n")
}

/// Text safe inside a Markdown table cell: pipes escaped, line breaks folded,
/// and HTML-significant characters written as entities (renderers pass HTML through).
pub fn for_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unsafe_for_terminal(c) => {
                // `\\u{1b}`: the backslash of the escape is itself escaped for Markdown.
                out.push('\\');
                out.extend(c.escape_unicode())
            }
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
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
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
    fn terminal_text_cannot_carry_escape_sequences() {
        assert_eq!(for_terminal("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        // A line break would start a line the reader did not write (a CI annotation).
        assert_eq!(for_terminal("k\n::error file=x::y"), "k\\n::error file=x::y");
        assert_eq!(for_terminal("a\u{2028}b\u{85}c\u{202e}d"), "a\\u{2028}b\\u{85}c\\u{202e}d");
        assert_eq!(lines_for_terminal("a\u{1b}\nb"), "a\\u{1b}\nb");
    }

    #[test]
    fn markdown_cells_stay_cells() {
        assert_eq!(for_markdown("a|b <script>"), "a\\|b &lt;script&gt;");
    }
}
