//! `deboil explain`: the input printed back with the fate of every piece beside it
//! (kept, moved to a field, removed by a rule), and the difference two rule sets
//! make on the same input. This is how a person sees why something went.

use std::fmt::Write;

use deboil_engine::{Cleaned, Fate};

/// ANSI colours, or none.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn label(fate: &Fate) -> String {
    match fate {
        Fate::Kept => "kept".into(),
        Fate::Moved(field) => format!("-> {}", field.as_str()),
        Fate::Removed(rule) => format!("removed {rule}"),
    }
}

fn color_of(fate: &Fate) -> &'static str {
    match fate {
        Fate::Kept => "32",
        Fate::Moved(_) => "36",
        Fate::Removed(_) => "31",
    }
}

/// Every piece of `source` in order, one output line per input line, with its fate.
pub fn explain(source: &str, cleaned: &Cleaned, style: Style) -> String {
    let width = cleaned
        .trace
        .iter()
        .map(|p| label(&p.fate).len())
        .max()
        .unwrap_or(4)
        .max(8);
    let mut out = String::new();
    let record = &cleaned.record;
    let _ = writeln!(
        out,
        "# {} — cleaned by `{}`, page type `{}`{}: {} body paragraphs kept, {} pieces removed",
        record.id,
        record.outlet,
        record.page_type.as_str(),
        if record.uncertain {
            " (uncertain: no clear article)"
        } else {
            ""
        },
        record.body.len(),
        record.removed.len()
    );
    for piece in &cleaned.trace {
        let tag = label(&piece.fate);
        for line in source[piece.span.clone()].split('\n') {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() {
                continue;
            }
            let tag = style.paint(color_of(&piece.fate), &format!("{tag:<width$}"));
            let _ = writeln!(out, "{tag} | {}", line.trim());
        }
    }
    out
}

/// One label per input line: the fates of the pieces on it, joined.
fn line_fates(source: &str, cleaned: &Cleaned) -> Vec<(usize, String)> {
    let mut lines = Vec::new();
    let mut start = 0;
    for (no, text) in source.split('\n').enumerate() {
        let end = start + text.len();
        if !text.trim().is_empty() {
            let fates: Vec<String> = cleaned
                .trace
                .iter()
                .filter(|p| p.span.start < end && p.span.end > start)
                .map(|p| label(&p.fate))
                .collect();
            lines.push((no, fates.join(" + ")));
        }
        start = end + 1;
    }
    lines
}

/// The input lines whose fate differs between two cleanings of the same source.
pub fn diff(source: &str, old: &Cleaned, new: &Cleaned, style: Style) -> String {
    let texts: Vec<&str> = source.split('\n').collect();
    let mut out = String::new();
    for ((no, before), (_, after)) in line_fates(source, old)
        .into_iter()
        .zip(line_fates(source, new))
    {
        if before != after {
            let text = texts[no].trim();
            let _ = writeln!(
                out,
                "{}",
                style.paint(
                    "31",
                    &format!("- line {:>4}: {before:<40} | {text}", no + 1)
                )
            );
            let _ = writeln!(
                out,
                "{}",
                style.paint("32", &format!("+ line {:>4}: {after:<40} | {text}", no + 1))
            );
        }
    }
    for (name, a, b) in [
        ("outlet", Some(&old.record.outlet), Some(&new.record.outlet)),
        (
            "title",
            old.record.title.as_ref(),
            new.record.title.as_ref(),
        ),
        (
            "standfirst",
            old.record.standfirst.as_ref(),
            new.record.standfirst.as_ref(),
        ),
        (
            "published",
            old.record.published.as_ref(),
            new.record.published.as_ref(),
        ),
    ] {
        if a != b {
            let _ = writeln!(out, "{name}: {a:?} -> {b:?}");
        }
    }
    if old.record.authors != new.record.authors {
        let _ = writeln!(
            out,
            "authors: {:?} -> {:?}",
            old.record.authors, new.record.authors
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cleaners;

    #[test]
    fn explain_labels_every_line_of_a_dump() {
        let source = "You are here\nA headline for the story here\nBy AFP - Nov 06,2024 - Last updated at Nov 06,2024\nThe story.\n";
        let cleaned = Cleaners::bundled().unwrap().clean("x", source, None, None);
        let text = explain(source, &cleaned, Style { color: false });
        assert!(
            text.contains("removed shared/breadcrumbs | You are here"),
            "{text}"
        );
        assert!(text.contains("-> title"), "{text}");
        assert!(text.contains("-> authors"), "{text}");
        assert!(text.contains("kept"), "{text}");
        assert_eq!(text.lines().count(), 1 + 4);
    }

    #[test]
    fn diff_shows_only_lines_whose_fate_changed() {
        let source = "Headline of the story here\nThe story.\nPromo line\n";
        let mut cleaners = Cleaners::bundled().unwrap();
        let old = cleaners.clean("x", source, None, None);
        let dir = tempfile::tempdir().unwrap();
        let rules = dir.path().join("generic.toml");
        std::fs::write(
            &rules,
            "name = \"generic\"\n[[rules]]\nid = \"promo\"\nkind = \"drop\"\nwhy = \"t\"\nmatch.exact = [\"Promo line\"]\n",
        )
        .unwrap();
        cleaners.load_rules_file(&rules).unwrap();
        let new = cleaners.clean("x", source, None, None);
        let text = diff(source, &old, &new, Style { color: false });
        assert!(text.contains("- line    3: kept"), "{text}");
        assert!(
            text.contains("+ line    3: removed generic/promo"),
            "{text}"
        );
        assert!(!text.contains("line    2"), "{text}");
        assert!(
            text.contains("title:"),
            "the new generic file has no head: {text}"
        );
    }
}
