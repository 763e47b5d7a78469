//! Language identification of the cleaned text (whatlang), reported as ISO 639-1,
//! and how it is weighed against the language a page declares.

use whatlang::{Detector, Lang};

use crate::stopwords::LanguageVote;

/// Shortest text worth identifying; below it the language is left unknown.
const MIN_CHARS: usize = 40;
/// Longest sample looked at: language is settled long before this.
const SAMPLE_BYTES: usize = 768;

/// The whatlang language for an ISO 639-1 code (`no` is read as Bokmål).
pub(crate) fn from_iso639_1(code: &str) -> Option<Lang> {
    let code = if code == "no" { "nb" } else { code };
    let three = isolang::Language::from_639_1(code)?.to_639_3();
    Lang::from_code(three)
}

/// Identifies the language of `text`, among `allowed` when that is non-empty. An
/// outlet that publishes in one language only is taken at its word (identifying a
/// language is the costliest step of cleaning a dump).
pub(crate) fn identify(text: &str, allowed: &[Lang]) -> Option<String> {
    if text
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(MIN_CHARS)
        .count()
        < MIN_CHARS
    {
        return None;
    }
    if let [only] = allowed {
        return to_iso639_1(*only);
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    // A clear stop-word vote settles most texts at a fraction of the cost of
    // trigram identification, which decides the rest (and near neighbours).
    // (`from_iso639_1` reads the stoplists' `no` as Bokmål.)
    let mut candidates = allowed.to_vec();
    match crate::stopwords::language_vote(sample) {
        LanguageVote::Clear(code) => {
            if let Some(lang) = from_iso639_1(code) {
                if allowed.is_empty() || allowed.contains(&lang) {
                    return to_iso639_1(lang);
                }
            }
        }
        // Close relatives lead the vote (Norwegian, Danish, Swedish), clear of
        // every other language: the trigrams need only weigh that family, not
        // every language whatlang knows.
        LanguageVote::Unclear(ranked) => {
            if let Some(kin) = family_ahead(&ranked) {
                let kin: Vec<Lang> = kin
                    .iter()
                    .filter_map(|code| from_iso639_1(code))
                    .filter(|lang| allowed.is_empty() || allowed.contains(lang))
                    .collect();
                if !kin.is_empty() {
                    candidates = kin;
                }
            }
        }
    }
    let detected = if !candidates.is_empty() {
        Detector::with_allowlist(candidates).detect(sample)
    } else {
        Detector::new().detect(sample)
    };
    to_iso639_1(detected?.lang())
}

/// Languages so close that telling them apart from a short text is a guess
/// (Bokmål, Nynorsk, Danish and Swedish above all): between them, what a page
/// declares decides.
const CLOSE_RELATIVES: &[&[&str]] = &[
    &["nb", "nn", "no", "da", "sv"],
    &["hr", "sr", "bs"],
    &["cs", "sk"],
    &["id", "ms"],
];

/// The language of a page that declares one (`<html lang>`, as ISO 639-1): the
/// declared one when its text gives none or reads as a close relative of it; the
/// text's when it reads as another language altogether (a template's `lang="en"`
/// over a German story).
pub fn reconcile(identified: Option<String>, declared: Option<&str>) -> Option<String> {
    let Some(declared) = declared.filter(|d| !d.is_empty()) else {
        return identified;
    };
    match identified {
        Some(text) if text != declared && !close_relatives(&text, declared) => Some(text),
        // `no` is either written Norwegian: the text's `nb` or `nn` says which.
        Some(text) if declared == "no" && (text == "nb" || text == "nn") => Some(text),
        _ => Some(declared.to_owned()),
    }
}

/// The family of close relatives that leads a stop-word vote (most votes first)
/// with its first two members, where every language outside it has at most half
/// the leader's votes.
fn family_ahead(ranked: &[(&str, usize)]) -> Option<&'static [&'static str]> {
    let [(first, top), (second, _), ..] = ranked else {
        return None;
    };
    let family = CLOSE_RELATIVES
        .iter()
        .find(|group| group.contains(first) && group.contains(second))?;
    let outsider = ranked
        .iter()
        .filter(|(code, _)| !family.contains(code))
        .map(|&(_, votes)| votes)
        .max()
        .unwrap_or(0);
    (*top >= 2 * outsider).then_some(*family)
}

fn close_relatives(a: &str, b: &str) -> bool {
    CLOSE_RELATIVES
        .iter()
        .any(|group| group.contains(&a) && group.contains(&b))
}

fn to_iso639_1(lang: Lang) -> Option<String> {
    isolang::Language::from_639_3(lang.code())?
        .to_639_1()
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_common_languages() {
        let en = "The two leaders also said progress had been made on fairer burden-sharing but insisted there is still more to do.";
        assert_eq!(identify(en, &[]).as_deref(), Some("en"));
        let nb = "De to var enige om at det er gjort viktige framskritt i arbeidet for å gjøre byrdefordeling mellom USA og Europa.";
        assert_eq!(identify(nb, &[]).as_deref(), Some("nb"));
        assert_eq!(
            identify(nb, &[from_iso639_1("nb").unwrap()]).as_deref(),
            Some("nb")
        );
        let de = "Die beiden Politiker sprachen am Sonntag über die Zukunft des Bündnisses und die Verteidigungsausgaben der Europäer.";
        assert_eq!(identify(de, &[]).as_deref(), Some("de"));
        assert_eq!(identify("too short", &[]), None);
    }

    #[test]
    fn a_declared_language_decides_between_close_relatives_only() {
        let some = |s: &str| Some(s.to_owned());
        assert_eq!(reconcile(some("da"), Some("no")), some("no"));
        assert_eq!(reconcile(some("sv"), Some("nb")), some("nb"));
        assert_eq!(reconcile(some("nn"), Some("no")), some("nn"));
        assert_eq!(reconcile(None, Some("de")), some("de"));
        assert_eq!(reconcile(some("de"), Some("en")), some("de"));
        assert_eq!(reconcile(some("en"), None), some("en"));
        assert_eq!(reconcile(some("en"), Some("")), some("en"));
    }

    #[test]
    fn trigrams_weigh_only_the_family_that_leads_the_vote_clear_of_the_rest() {
        let family = family_ahead(&[("no", 10), ("da", 9), ("sv", 7), ("en", 2)]);
        assert!(family.is_some_and(|f| f.contains(&"nn") && f.contains(&"da")));
        // A mixed text (German beside Norwegian) is left to the whole identifier.
        assert_eq!(family_ahead(&[("no", 9), ("da", 8), ("de", 7)]), None);
        // Leaders from different families, or a single language, settle nothing.
        assert_eq!(family_ahead(&[("en", 4), ("nl", 3)]), None);
        assert_eq!(family_ahead(&[("en", 4)]), None);
        // And the family's answer is the one the whole identifier gives.
        let da = "Det er ikke første gang, at der er problemer med broen, og kommunen har nu bedt om en ny undersøgelse af hele konstruktionen.";
        let vote = crate::stopwords::language_vote(da);
        assert!(
            matches!(vote, LanguageVote::Unclear(ref ranked) if family_ahead(ranked).is_some()),
            "{vote:?}"
        );
        assert_eq!(identify(da, &[]).as_deref(), Some("da"));
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(from_iso639_1("no"), Some(Lang::Nob));
        assert_eq!(from_iso639_1("xx"), None);
    }
}
