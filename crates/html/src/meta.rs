//! The page's metadata: candidates gathered while the parser walks the page
//! (`<meta>`, `<link>`, `<title>`, JSON-LD, `<time>`, the first `<h1>`, byline
//! elements), then one value per field chosen by a fixed order of trust.

use serde_json::Value;

use crate::text::{collapse, iso_datetime};
use crate::Meta;

/// Everything the markup offers, first occurrence of each kind kept.
#[derive(Debug, Default)]
pub(crate) struct Candidates {
    pub og_title: Option<String>,
    pub h1: Option<String>,
    pub title_tag: Option<String>,
    pub ld_headline: Option<String>,
    pub og_description: Option<String>,
    pub twitter_description: Option<String>,
    pub description: Option<String>,
    pub meta_authors: Vec<String>,
    pub ld_authors: Vec<String>,
    pub element_authors: Vec<String>,
    pub rule_authors: Vec<String>,
    pub published_meta: Option<String>,
    pub ld_published: Option<String>,
    pub time_element: Option<String>,
    pub rule_date: Option<String>,
    pub html_lang: Option<String>,
    pub og_locale: Option<String>,
    pub canonical: Option<String>,
    pub og_url: Option<String>,
    pub site_name: Option<String>,
}

fn set(slot: &mut Option<String>, value: &str) {
    if slot.is_none() {
        let value = collapse(value);
        if !value.is_empty() {
            *slot = Some(value);
        }
    }
}

impl Candidates {
    /// A `<meta>` element's name or property and content.
    pub fn meta(&mut self, key: &str, content: &str) {
        match key.to_ascii_lowercase().as_str() {
            "og:title" => set(&mut self.og_title, content),
            "og:description" => set(&mut self.og_description, content),
            "twitter:description" => set(&mut self.twitter_description, content),
            "description" => set(&mut self.description, content),
            "og:site_name" => set(&mut self.site_name, content),
            "og:url" => set(&mut self.og_url, content),
            "og:locale" => set(&mut self.og_locale, content),
            "author" | "article:author" | "dc.creator" | "sailthru.author" | "byl"
            | "parsely-author" => {
                let content = collapse(content);
                if !content.is_empty() && !looks_like_url(&content) {
                    add_names(&mut self.meta_authors, &content);
                }
            }
            "article:published_time"
            | "datepublished"
            | "date"
            | "pubdate"
            | "publishdate"
            | "dc.date"
            | "dc.date.issued"
            | "dcterms.created"
            | "sailthru.date"
            | "parsely-pub-date"
            | "og:published_time"
            | "publish-date" => {
                if let Some(date) = iso_datetime(content) {
                    self.published_meta.get_or_insert(date);
                }
            }
            _ => {}
        }
    }

    /// A `<script type="application/ld+json">`'s text.
    pub fn json_ld(&mut self, text: &str) {
        let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
            return;
        };
        // Breadth-first over nested objects and arrays (`@graph`), bounded.
        let mut queue = vec![&value];
        let mut seen = 0;
        while let Some(value) = queue.pop() {
            seen += 1;
            if seen > 500 {
                break;
            }
            match value {
                Value::Array(items) => queue.extend(items.iter().rev()),
                Value::Object(map) => {
                    let is_article =
                        map.contains_key("datePublished") || map.contains_key("articleBody");
                    if is_article {
                        if let Some(Value::String(date)) = map.get("datePublished") {
                            if self.ld_published.is_none() {
                                self.ld_published = iso_datetime(date);
                            }
                        }
                        if let Some(Value::String(headline)) = map.get("headline") {
                            set(&mut self.ld_headline, headline);
                        }
                        if self.ld_authors.is_empty() {
                            if let Some(author) = map.get("author") {
                                ld_names(author, &mut self.ld_authors);
                            }
                        }
                    }
                    if let Some(graph) = map.get("@graph") {
                        queue.push(graph);
                    }
                    if let Some(main) = map.get("mainEntity") {
                        queue.push(main);
                    }
                }
                _ => {}
            }
        }
    }

    /// `<html lang>`, first one only.
    pub fn lang(&mut self, lang: &str) {
        set(&mut self.html_lang, lang);
    }

    /// The fields, each from its most trusted source.
    pub fn finish(self) -> Meta {
        let site_name = self.site_name;
        let title = self
            .og_title
            .map(|t| strip_site(&t, site_name.as_deref()))
            .or(self.h1)
            .or(self.ld_headline)
            .or_else(|| self.title_tag.map(|t| strip_site(&t, site_name.as_deref())))
            .filter(|t| !t.is_empty());
        let authors = [
            self.rule_authors,
            self.meta_authors,
            self.ld_authors,
            self.element_authors,
        ]
        .into_iter()
        .find(|a| !a.is_empty())
        .unwrap_or_default();
        Meta {
            title,
            standfirst: self
                .og_description
                .or(self.twitter_description)
                .or(self.description),
            authors,
            published: self
                .rule_date
                .or(self.published_meta)
                .or(self.ld_published)
                .or(self.time_element),
            language: self
                .html_lang
                .as_deref()
                .and_then(iso_639_1)
                .or_else(|| self.og_locale.as_deref().and_then(iso_639_1)),
            canonical_url: self.canonical.or(self.og_url),
            site_name,
        }
    }
}

/// Adds the names in a credit line (`By A and B`), skipping duplicates.
pub(crate) fn add_names(names: &mut Vec<String>, credit: &str) {
    for name in deboil_engine::fields::split_authors(&collapse(credit)) {
        if name.chars().count() <= 80 && !names.contains(&name) {
            names.push(name);
        }
    }
}

fn ld_names(author: &Value, names: &mut Vec<String>) {
    match author {
        Value::String(name) => add_names(names, name),
        Value::Array(items) => items.iter().take(50).for_each(|a| ld_names(a, names)),
        Value::Object(map) => {
            if let Some(Value::String(name)) = map.get("name") {
                add_names(names, name);
            }
        }
        _ => {}
    }
}

fn looks_like_url(text: &str) -> bool {
    text.starts_with("http://") || text.starts_with("https://") || text.starts_with('/')
}

/// `en-GB` → `en`; only two-letter primary subtags are ISO 639-1.
fn iso_639_1(lang: &str) -> Option<String> {
    let primary = lang.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    (primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_lowercase())).then_some(primary)
}

/// A `<title>` without the site's name: `Headline | Site`, `Site - Headline`, and
/// with more than one such part (`Headline | Site | 19.01.2020`) without each.
fn strip_site(title: &str, site_name: Option<&str>) -> String {
    const SEPARATORS: [&str; 6] = [" | ", " - ", " – ", " — ", " :: ", " · "];
    let title = collapse(title);
    let Some((mut title, sep)) = strip_one_site_part(&title, site_name, &SEPARATORS) else {
        return title;
    };
    // Further parts go only at the separator the first one went at: a dash inside
    // the headline itself stays.
    while let Some((shorter, _)) = strip_one_site_part(&title, site_name, &[sep]) {
        title = shorter;
    }
    title
}

/// The title without one site-like part at either end, if it has one, and the
/// separator it stood at.
fn strip_one_site_part(
    title: &str,
    site_name: Option<&str>,
    separators: &[&'static str],
) -> Option<(String, &'static str)> {
    for &sep in separators {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        let is_site = |part: &str| {
            site_name.is_some_and(|s| part.eq_ignore_ascii_case(s))
                || part.split_whitespace().count() <= 3
        };
        let (first, last) = (parts[0], parts[parts.len() - 1]);
        let longest = parts
            .iter()
            .copied()
            .max_by_key(|p| p.len())
            .unwrap_or(first);
        if is_site(last) && longest != last {
            return Some((parts[..parts.len() - 1].join(sep), sep));
        }
        if is_site(first) && longest != first {
            return Some((parts[1..].join(sep), sep));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_the_site_from_the_title() {
        assert_eq!(
            strip_site("Big news today | The Site", None),
            "Big news today"
        );
        assert_eq!(
            strip_site("BBC News - Big news here today", None),
            "Big news here today"
        );
        assert_eq!(
            strip_site("Berlin confronts its colonial past | DW | 19.01.2020", None),
            "Berlin confronts its colonial past"
        );
        assert_eq!(
            strip_site(
                "Why the sky is blue - and why it matters | Science Weekly",
                Some("Science Weekly")
            ),
            "Why the sky is blue - and why it matters"
        );
        assert_eq!(strip_site("Just a headline", None), "Just a headline");
    }

    #[test]
    fn reads_json_ld_graphs() {
        let mut c = Candidates::default();
        c.json_ld(
            r#"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"X"},
            {"@type":"NewsArticle","headline":"H","datePublished":"2020-01-02T03:04:05+00:00",
             "author":[{"@type":"Person","name":"Jane Doe"},{"name":"John Roe"}]}]}"#,
        );
        let meta = c.finish();
        assert_eq!(meta.published.as_deref(), Some("2020-01-02T03:04:05+00:00"));
        assert_eq!(meta.authors, ["Jane Doe", "John Roe"]);
        assert_eq!(meta.title.as_deref(), Some("H"));
    }

    #[test]
    fn languages_are_two_letters() {
        assert_eq!(iso_639_1("en-GB").as_deref(), Some("en"));
        assert_eq!(iso_639_1("nb_NO").as_deref(), Some("nb"));
        assert_eq!(iso_639_1("eng"), None);
    }
}
