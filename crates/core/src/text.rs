//! Small text helpers for messages: the nearest name to a mistyped one, one line of text.

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

/// "unknown key `rewardz` (did you mean `rewards`?)", or the list of choices.
pub fn unknown<S: AsRef<str>>(what: &str, given: &str, choices: &[S]) -> String {
    match closest(given, choices) {
        Some(best) => format!("unknown {what} `{given}` (did you mean `{best}`?)"),
        None => {
            let list: Vec<String> = choices.iter().map(|c| format!("`{}`", c.as_ref())).collect();
            format!("unknown {what} `{given}`; expected one of {}", list.join(", "))
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_typos_and_ignores_strangers() {
        let keys = ["program", "rewards", "summary"];
        assert_eq!(closest("rewardz", &keys), Some("rewards"));
        assert_eq!(closest("Sumary", &keys), Some("summary"));
        assert_eq!(closest("colour", &keys), None);
    }

    #[test]
    fn one_line_folds_and_cuts() {
        assert_eq!(one_line("a\n b   c", 10), "a b c");
        assert_eq!(one_line("abcdefghijkl", 5), "abcd…");
    }
}
