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
        // The trigrams need only weigh the languages the vote puts in the lead,
        // not every language whatlang knows.
        LanguageVote::Unclear { ranked, words } => {
            if let Some(contenders) = contenders(&ranked, words) {
                let contenders: Vec<Lang> = contenders
                    .iter()
                    .filter_map(|code| from_iso639_1(code))
                    .filter(|lang| allowed.is_empty() || allowed.contains(lang))
                    .collect();
                if !contenders.is_empty() {
                    candidates = contenders;
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

/// The share of a text's words (in percent) its leading language's stop words
/// make, at least, when the text is written in the languages of the stoplists: a
/// text's own language has a third or more of its words in its list, another
/// language seldom a tenth (Polish or Czech, which have no list, score a few
/// words in several).
const MIN_LEADER_SHARE: usize = 15;

/// The languages an unclear stop-word vote leaves in contention (`ranked`: most
/// votes first; `words`: the text's words), if it narrows them at all:
/// - a text written in the stoplists' languages (its leader has enough stop words,
///   and a good share of its words): the languages with at least half the
///   leader's votes, each with its close relatives, which the vote cannot tell
///   apart (a story in English that quotes German reads as both, and is neither
///   Dutch nor Danish);
/// - otherwise a family of close relatives leading clear of every other language.
fn contenders(ranked: &[(&'static str, usize)], words: usize) -> Option<Vec<&'static str>> {
    let &[(_, top), ..] = ranked else {
        return None;
    };
    if top < crate::stopwords::MIN_VOTES || top * 100 < words * MIN_LEADER_SHARE {
        return family_ahead(ranked).map(<[_]>::to_vec);
    }
    let mut contenders = Vec::new();
    for &(code, _) in ranked.iter().take_while(|&&(_, votes)| 2 * votes >= top) {
        let kin = family_of(code).unwrap_or(std::slice::from_ref(&code));
        for &lang in kin {
            if !contenders.contains(&lang) {
                contenders.push(lang);
            }
        }
    }
    Some(contenders)
}

/// The family of close relatives that leads a stop-word vote (most votes first)
/// with its first two members, where every language outside it has at most half
/// the leader's votes.
fn family_ahead(ranked: &[(&str, usize)]) -> Option<&'static [&'static str]> {
    let [(first, top), (second, _), ..] = ranked else {
        return None;
    };
    let family = family_of(first).filter(|family| family.contains(second))?;
    let outsider = ranked
        .iter()
        .filter(|(code, _)| !family.contains(code))
        .map(|&(_, votes)| votes)
        .max()
        .unwrap_or(0);
    (*top >= 2 * outsider).then_some(family)
}

/// The family of close relatives `code` belongs to, if any.
fn family_of(code: &str) -> Option<&'static [&'static str]> {
    CLOSE_RELATIVES
        .iter()
        .copied()
        .find(|family| family.contains(&code))
}

fn close_relatives(a: &str, b: &str) -> bool {
    family_of(a).is_some_and(|family| family.contains(&b))
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
            matches!(vote, LanguageVote::Unclear { ref ranked, .. } if family_ahead(ranked).is_some()),
            "{vote:?}"
        );
        assert_eq!(identify(da, &[]).as_deref(), Some("da"));
    }

    #[test]
    fn a_text_in_two_listed_languages_is_one_of_them() {
        // An English story with two German paragraphs: whatlang over every
        // language reads the mix as Dutch.
        let mixed = "MAPLETON, Ind. (AP) — Mapleton Police Department officers arrested four people Monday following a burglary investigation on Elm Street.
Die Stadt will deshalb zwei neue Parkhäuser am Rand der Innenstadt bauen und den Busverkehr in den Abendstunden ausbauen.
Der Einzelhandelsverband befürchtet, dass durch den Wegfall von Parkplätzen in der Innenstadt weniger Kunden in die Geschäfte kommen werden.
Passengers Erin M. Cole, 36, and Victor T. Hale, 29, both of Mapleton, face theft charges, Lowell said.
A fourth suspect was arrested later that evening at a home on the west side of the city, after a neighbour recognised him from a doorbell camera video.
All four were taken to the county jail, where they were being held on bonds ranging from $5,000 to $25,000.";
        assert_eq!(
            Detector::new().detect(mixed).map(|info| info.lang()),
            Some(Lang::Nld)
        );
        let LanguageVote::Unclear { ranked, words } = crate::stopwords::language_vote(mixed) else {
            panic!("a mixed text's vote is unclear");
        };
        assert_eq!(contenders(&ranked, words), Some(vec!["en", "de"]));
        assert_eq!(identify(mixed, &[]).as_deref(), Some("en"));
    }

    #[test]
    fn contenders_are_the_leaders_with_their_kin_when_the_stoplists_read_the_text() {
        // Two leaders, a good share of the words: they and their close relatives.
        assert_eq!(
            contenders(&[("en", 30), ("no", 16), ("nl", 9)], 100),
            Some(vec!["en", "nb", "nn", "no", "da", "sv"])
        );
        // A language without a stoplist (Polish) scores a few words in several:
        // nothing is narrowed.
        assert_eq!(contenders(&[("it", 8), ("en", 6), ("no", 5)], 110), None);
        assert_eq!(contenders(&[("en", 4), ("de", 3)], 20), None);
        let pl = "Rada miasta zdecydowała w poniedziałek, że nowy most na rzece zostanie zbudowany do końca przyszłego roku, a jego koszt pokryje w większości budżet państwa. Mieszkańcy od lat czekali na tę decyzję, bo stary most jest zamknięty dla ciężarówek i autobusów.";
        if let LanguageVote::Unclear { ranked, words } = crate::stopwords::language_vote(pl) {
            assert_eq!(contenders(&ranked, words), None, "{ranked:?}");
        }
        assert_eq!(identify(pl, &[]).as_deref(), Some("pl"));
        // Below the share, a family clear of the rest still narrows to itself.
        let family = contenders(&[("no", 10), ("da", 9), ("en", 2)], 120).unwrap();
        assert!(
            family.contains(&"sv") && !family.contains(&"en"),
            "{family:?}"
        );
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(from_iso639_1("no"), Some(Lang::Nob));
        assert_eq!(from_iso639_1("xx"), None);
    }
}
