//! Language identification of the cleaned text (whatlang), reported as ISO 639-1,
//! and how it is weighed against the language a page declares. Bokmål, Nynorsk,
//! Danish and Swedish, which stop words and trigrams tell apart poorly, are told
//! apart by the words they spell differently.

use std::sync::OnceLock;

use whatlang::{Detector, Lang};

use crate::stopwords::{LanguageVote, WordCounts, WordTable};

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

/// A language a rules file may name (ISO 639-1), as identification reports it:
/// one whatlang knows (`no` as `nb`), or Nynorsk, which the Nordic spellings tell.
fn known_code(code: &str) -> Option<String> {
    match from_iso639_1(code) {
        Some(lang) => to_iso639_1(lang),
        None => NORDIC.contains(&code).then(|| code.to_owned()),
    }
}

/// The languages an outlet publishes in, read once when its rules compile: as
/// identification reports them, and as whatlang knows them (it has no Nynorsk).
#[derive(Debug, Clone, Default)]
pub(crate) struct Languages {
    pub(crate) codes: Vec<String>,
    whatlang: Vec<Lang>,
}

impl Languages {
    /// A rules file's ISO 639-1 codes; `Err` is the first one no identification
    /// knows.
    pub(crate) fn from_codes(codes: &[String]) -> Result<Self, String> {
        let codes = codes
            .iter()
            .map(|code| known_code(code).ok_or_else(|| code.clone()))
            .collect::<Result<Vec<_>, _>>()?;
        let whatlang = codes
            .iter()
            .filter_map(|code| from_iso639_1(code))
            .collect();
        Ok(Languages { codes, whatlang })
    }

    fn permit(&self, code: &str) -> bool {
        self.codes.is_empty() || self.codes.iter().any(|c| c == code)
    }

    fn permit_lang(&self, lang: Lang) -> bool {
        self.codes.is_empty() || self.whatlang.contains(&lang)
    }
}

/// Identifies the language of `text`, among `allowed` when that names any. An
/// outlet that publishes in one language only is taken at its word (identifying
/// a language is the costliest step of cleaning a dump).
///
/// The words of the sample weighed (the first [`SAMPLE_BYTES`] of `text`, to a
/// character's end) are counted by `counted` (`WordCounts::of`): a caller that
/// counted the words of `text`'s lines already adds their counts up (they are what
/// counting the sample gives) instead of reading them again.
pub(crate) fn identify(
    text: &str,
    allowed: &Languages,
    counted: impl FnOnce(&str) -> WordCounts,
) -> Option<String> {
    if !enough_letters(text) {
        return None;
    }
    if let [only] = allowed.codes.as_slice() {
        return Some(only.clone());
    }
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    // A clear stop-word vote settles most texts at a fraction of the cost of
    // trigram identification, which decides the rest (and near neighbours).
    // (`from_iso639_1` reads the stoplists' `no` as Bokmål.)
    let mut candidates = allowed.whatlang.clone();
    match counted(sample).vote() {
        LanguageVote::Clear(code) => {
            // The vote cannot tell Bokmål from Nynorsk (one stoplist has both), and
            // between Danish and Norwegian its answer is the spellings' to confirm.
            if let Some(nordic) =
                family_of(code).and_then(|family| nordic_vote(sample, family, allowed))
            {
                return Some(nordic.to_owned());
            }
            if let Some(lang) = from_iso639_1(code) {
                if allowed.permit_lang(lang) {
                    return to_iso639_1(lang);
                }
            }
        }
        // The trigrams need only weigh the languages the vote puts in the lead,
        // not every language whatlang knows.
        LanguageVote::Unclear { ranked, words } => {
            if let Some(contenders) = contenders(&ranked, words) {
                // The spellings settle which Nordic language it is when only Nordic
                // languages contend, or when one leads and another (English, whose
                // short words the Nordic stoplists share) is close enough to contend.
                let nordic = |code: &&str| NORDIC_FAMILY.contains(code);
                let kin: Vec<&str> = contenders.iter().copied().filter(nordic).collect();
                let leads = ranked.first().is_some_and(|(leader, _)| nordic(leader));
                if kin.len() == contenders.len() || leads {
                    if let Some(nordic) = nordic_vote(sample, &kin, allowed) {
                        return Some(nordic.to_owned());
                    }
                }
                let contenders: Vec<Lang> = contenders
                    .iter()
                    .filter_map(|code| from_iso639_1(code))
                    .filter(|&lang| allowed.permit_lang(lang))
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

/// Whether `text` has the letters [`identify`] needs to name its language.
fn enough_letters(text: &str) -> bool {
    text.chars()
        .filter(|c| c.is_alphabetic())
        .take(MIN_CHARS)
        .count()
        >= MIN_CHARS
}

/// The start of `paragraphs` joined by line breaks, as far as [`identify`] reads
/// it: the whole text's language is that of this part (the sample it weighs, and
/// letters enough), so the rest of a long article is not copied to be ignored.
pub(crate) fn joined_sample(paragraphs: &[String]) -> String {
    // Room for what is usually joined, so that the string does not grow to it
    // by doubling.
    let whole: usize = paragraphs.iter().map(|p| p.len() + 1).sum();
    let mut sample = String::with_capacity(whole.min(2 * SAMPLE_BYTES));
    for (k, paragraph) in paragraphs.iter().enumerate() {
        if k > 0 {
            sample.push('\n');
        }
        sample.push_str(paragraph);
        if sample.len() >= SAMPLE_BYTES && enough_letters(&sample) {
            break;
        }
    }
    sample
}

/// The close Nordic languages, in the order of their bits in [`NORDIC_WORDS`].
const NORDIC: [&str; 4] = ["nb", "nn", "da", "sv"];
const NB: u8 = 1;
const NN: u8 = 2;
const DA: u8 = 4;
const SV: u8 = 8;

/// Common words that Bokmål, Nynorsk, Danish and Swedish spell differently, each
/// with the languages that spell it so (`etter` is Norwegian of both kinds,
/// `efter` Danish and Swedish). Most are stop words of several of them, so a vote
/// of stop words cannot part them; whatlang's trigrams can, slowly, and between
/// Bokmål and Danish not surely (it has no Nynorsk at all). A news story uses
/// a dozen of them in its first paragraphs.
const NORDIC_WORDS: &[(&str, u8)] = &[
    ("av", NB | NN | SV),
    ("af", DA),
    ("etter", NB | NN),
    ("efter", DA | SV),
    ("ikke", NB | DA),
    ("ikkje", NN),
    ("inte", SV),
    ("jeg", NB | DA),
    ("eg", NN),
    ("jag", SV),
    ("hun", NB | DA),
    ("ho", NN),
    ("hon", SV),
    ("noen", NB),
    ("nokon", NN),
    ("nogen", DA),
    ("någon", SV),
    ("noe", NB),
    ("noko", NN),
    ("noget", DA),
    ("något", SV),
    ("hva", NB),
    ("kva", NN),
    ("hvad", DA),
    ("vad", SV),
    ("hvordan", NB | DA),
    ("korleis", NN),
    ("hur", SV),
    ("ble", NB),
    ("blei", NB | NN),
    ("blev", DA | SV),
    ("blir", NB | NN | SV),
    ("bliver", DA),
    ("sier", NB),
    ("seier", NN),
    ("siger", DA),
    ("säger", SV),
    ("hadde", NB | NN),
    ("havde", DA),
    ("hade", SV),
    ("fikk", NB),
    ("fekk", NN),
    ("fik", DA),
    ("fick", SV),
    ("mye", NB),
    ("mykje", NN),
    ("mycket", SV),
    ("mellom", NB | NN),
    ("mellem", DA),
    ("mellan", SV),
    ("meg", NB | NN),
    ("deg", NB | NN),
    ("seg", NB | NN),
    ("mig", DA | SV),
    ("dig", DA | SV),
    ("sig", DA | SV),
    ("ut", NB | NN | SV),
    ("ud", DA),
    ("opp", NB | NN),
    ("op", DA),
    ("upp", SV),
    ("oss", NB | NN | SV),
    ("os", DA),
    ("mot", NB | NN | SV),
    ("mod", DA),
    ("enn", NB | NN),
    ("end", DA),
    ("än", SV),
    ("fra", NB | DA),
    ("frå", NN),
    ("från", SV),
    ("og", NB | NN | DA),
    ("och", SV),
    ("er", NB | NN | DA),
    ("är", SV),
    ("til", NB | NN | DA),
    ("till", SV),
    ("en", NB | DA | SV),
    ("ein", NN),
    ("et", NB | DA),
    ("eit", NN),
    ("ett", SV),
    ("de", NB | DA | SV),
    ("dem", NB | DA | SV),
    ("dei", NN),
    ("hvor", NB | DA),
    ("kvar", NN | SV),
    ("for", NB | NN | DA),
    ("för", SV),
    ("vil", NB | NN | DA),
    ("vill", SV),
    ("skal", NB | NN | DA),
    ("ska", SV),
    ("når", NB | NN | DA),
    ("när", SV),
    ("dette", NB | NN | DA),
    ("detta", SV),
    ("mange", NB | NN | DA),
    ("många", SV),
    ("flere", NB | DA),
    ("fleire", NN),
    ("flera", SV),
    ("gjennom", NB | NN),
    ("gennem", DA),
    ("genom", SV),
    ("millioner", NB | DA),
    ("millionar", NN),
    ("miljoner", SV),
    ("bare", NB | DA),
    ("berre", NN),
    ("bara", SV),
    ("være", NB | DA),
    ("vere", NN),
    ("vera", NN),
    ("vara", SV),
    ("kommer", NB | DA | SV),
    ("kjem", NN),
    ("uke", NB),
    ("veke", NN),
    ("uge", DA),
    ("vecka", SV),
    ("prosent", NB | NN),
    ("procent", DA | SV),
    ("gjøre", NB),
    ("gjere", NN),
    ("gjera", NN),
    ("gøre", DA),
    ("göra", SV),
    ("regjeringen", NB),
    ("regjeringa", NB | NN),
    ("regeringen", DA | SV),
    ("mer", NB | DA | SV),
    ("mere", DA),
    ("meir", NN),
    ("vart", NN | SV),
    ("vært", NB),
    ("vore", NN | DA),
    ("varit", SV),
    ("gikk", NB),
    ("gjekk", NN),
    ("gik", DA),
    ("gick", SV),
    ("sammen", NB | DA),
    ("saman", NN),
    ("samman", SV),
    ("helt", NB | DA | SV),
    ("heilt", NN),
    ("hele", NB | DA),
    ("heile", NN),
    ("hela", SV),
    ("gang", NB | DA),
    ("gong", NN),
    ("gång", SV),
    ("mens", NB | DA),
    ("medan", NN | SV),
    ("siden", NB | DA),
    ("sidan", NN | SV),
    ("sedan", SV),
    ("mener", NB | DA),
    ("meiner", NN),
    ("menar", SV),
    ("ennå", NB),
    ("enno", NN),
    ("endnu", DA),
    ("ännu", SV),
    ("framleis", NN),
    ("fortsatt", NB | SV),
    ("fortsat", DA),
    ("trolig", NB),
    ("truleg", NN),
    ("då", NN | SV),
    ("da", NB | DA),
    ("nu", DA | SV),
    ("fyrste", NN),
    ("nokre", NN),
    ("nogle", DA),
    ("några", SV),
    ("hvorfor", NB | DA),
    ("kvifor", NN),
    ("varför", SV),
    ("disse", NB | DA),
    ("desse", NN),
    ("dessa", SV),
    ("selv", NB | DA),
    ("sjølv", NN),
    ("själv", SV),
    ("òg", NN),
    ("også", NB | NN | DA),
    ("också", SV),
    ("blant", NB | NN),
    ("blandt", DA),
    ("bland", SV),
    ("skjer", NB | NN),
    ("sker", DA | SV),
    ("slik", NB | NN),
    ("sådan", DA | SV),
    ("hverandre", NB),
    ("kvarandre", NN),
    ("hinanden", DA),
    ("varandra", SV),
    ("uten", NB),
    ("utan", NN | SV),
    ("uden", DA),
    ("siste", NB | NN),
    ("sidste", DA),
    ("sista", SV),
    ("neste", NB | NN),
    ("næste", DA),
    ("nästa", SV),
    ("tilbake", NB | NN),
    ("tilbage", DA),
    ("tillbaka", SV),
    ("igjen", NB | NN),
    ("igen", DA | SV),
    ("lenge", NB | NN),
    ("længe", DA),
    ("länge", SV),
    ("kanskje", NB | NN),
    ("måske", DA),
    ("kanske", SV),
    ("spørsmål", NB | NN),
    ("spørgsmål", DA),
    ("fråga", SV),
    ("hjelp", NB | NN),
    ("hjælp", DA),
    ("hjälp", SV),
    ("penger", NB),
    ("penge", DA),
    ("pengar", NN | SV),
    ("arbeid", NB | NN),
    ("arbejde", DA),
    ("arbete", SV),
];

/// The most words [`nordic_vote`] looks at: the first paragraphs settle it.
const NORDIC_SAMPLE_WORDS: usize = 150;
/// The fewest words that must speak for a language against each other one.
const MIN_NORDIC_EVIDENCE: usize = 2;
/// How many times the words against it those for a language must outnumber.
const NORDIC_MARGIN: usize = 4;

/// The one of `contenders` (ISO 639-1 codes, all of them close Nordic languages,
/// and among `allowed` when that is non-empty) that `text`'s spellings speak for
/// against every other: at least [`MIN_NORDIC_EVIDENCE`] words written its way
/// and not the other's, and [`NORDIC_MARGIN`] times as many as the other way
/// round. `None` when the contenders are not all Nordic or the words do not
/// settle it; then whatlang decides as before.
fn nordic_vote(text: &str, contenders: &[&str], allowed: &Languages) -> Option<&'static str> {
    let mut among = 0u8;
    for code in contenders {
        // (The stoplists' `no` is Bokmål, as identification reports it.)
        let code = known_code(code)?;
        let bit = NORDIC.iter().position(|l| *l == code)?;
        if allowed.permit(&code) {
            among |= 1 << bit;
        }
    }
    if among.count_ones() < 2 {
        return None;
    }
    // How many words of the text each set of languages spells its way.
    let mut by_spelling = [0usize; 16];
    nordic_words().each_listed(text, NORDIC_SAMPLE_WORDS, |langs| {
        by_spelling[usize::from(langs)] += 1;
    });
    // Words spelt `a`'s way and not `b`'s.
    let evidence = |a: u8, b: u8| -> usize {
        (0..16u8)
            .filter(|&langs| langs & a != 0 && langs & b == 0)
            .map(|langs| by_spelling[usize::from(langs)])
            .sum()
    };
    let bits = || {
        (0..NORDIC.len())
            .map(|l| 1u8 << l)
            .filter(|&bit| among & bit != 0)
    };
    let winner = bits().find(|&a| {
        bits().filter(|&b| b != a).all(|b| {
            let (for_a, for_b) = (evidence(a, b), evidence(b, a));
            for_a >= MIN_NORDIC_EVIDENCE && for_a >= NORDIC_MARGIN * for_b
        })
    })?;
    Some(NORDIC[winner.trailing_zeros() as usize])
}

/// [`NORDIC_WORDS`] to look words up in.
fn nordic_words() -> &'static WordTable<u8> {
    static WORDS: OnceLock<WordTable<u8>> = OnceLock::new();
    WORDS.get_or_init(|| WordTable::new(NORDIC_WORDS))
}

/// The close Nordic languages as the stoplists and rules files name them (the
/// stoplists' `no` is both kinds of Norwegian).
const NORDIC_FAMILY: &[&str] = &["nb", "nn", "no", "da", "sv"];

/// Languages so close that telling them apart from a short text is a guess
/// (Bokmål, Nynorsk, Danish and Swedish above all): between them, what a page
/// declares decides.
const CLOSE_RELATIVES: &[&[&str]] = &[
    NORDIC_FAMILY,
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

    fn identify(text: &str, allowed: &[&str]) -> Option<String> {
        super::identify(text, &langs(allowed), WordCounts::of)
    }

    #[test]
    fn the_joined_sample_names_the_language_the_whole_text_does() {
        let prose =
            "The council met on Tuesday and the vote was close, but the bridge will be built.";
        let figures =
            "1,234 / 5,678 / 9,012 / 3,456 / 7,890 / 1,234 / 5,678 / 9,012 / 3,456 / 7,890";
        let norsk = "Det er ikke første gang at det er problemer med brua, sier han til NTB.";
        for paragraphs in [
            vec![prose; 30],
            vec![figures; 30],
            [vec![figures; 12], vec![prose; 3]].concat(),
            [vec![figures; 12], vec![norsk; 3]].concat(),
            vec![prose],
            vec![],
        ] {
            let paragraphs: Vec<String> = paragraphs.into_iter().map(String::from).collect();
            let whole = paragraphs.join("\n");
            let sample = joined_sample(&paragraphs);
            assert!(whole.starts_with(&sample));
            assert_eq!(identify(&sample, &[]), identify(&whole, &[]), "{whole:?}");
        }
        // A long article is not copied whole.
        assert!(joined_sample(&vec![prose.to_owned(); 100]).len() < 2 * SAMPLE_BYTES);
    }

    #[test]
    fn a_nordic_leader_is_settled_by_spellings_though_english_contends() {
        // A Norwegian author page (the generic fixtures' `Fjordposten`, as the
        // bench corpus varies it): its short words read as English too, and
        // whatlang, weighing five languages, called it Danish.
        let page =
            "Fjordposten\nNyheter\nSport\nKultur\nKari Nordmann\nJournalist i eksisterende\n\
            Brua over fjorden blir stengt i tre kommunen\n23.11.2026\n\
            Ferjeprisene heller fra nyttår\n20.11.2026\nPendlere krever gratis buss til byen\n\
            18.11.2026\nNy rektor ved handelsstanden\n15.11.2026\n\
            Her er årets julemarked i sentrum\n12.11.2026\nKommunen kutter i kulturbudsjettet\n\
            10.11.2026\nVis flere\nKontakt oss\nPersonvern";
        let LanguageVote::Unclear { ranked, words } = WordCounts::of(page).vote() else {
            panic!("the stop words leave it open");
        };
        let contenders = contenders(&ranked, words).unwrap_or_default();
        assert!(contenders.contains(&"en"), "{contenders:?}");
        assert_eq!(identify(page, &[]).as_deref(), Some("nb"));
    }

    fn nordic_vote(text: &str, contenders: &[&str], allowed: &[&str]) -> Option<&'static str> {
        super::nordic_vote(text, contenders, &langs(allowed))
    }

    fn langs(codes: &[&str]) -> Languages {
        let codes: Vec<String> = codes.iter().map(|&c| c.to_owned()).collect();
        Languages::from_codes(&codes).unwrap()
    }

    #[test]
    fn identifies_common_languages() {
        let en = "The two leaders also said progress had been made on fairer burden-sharing but insisted there is still more to do.";
        assert_eq!(identify(en, &[]).as_deref(), Some("en"));
        let nb = "De to var enige om at det er gjort viktige framskritt i arbeidet for å gjøre byrdefordeling mellom USA og Europa.";
        assert_eq!(identify(nb, &[]).as_deref(), Some("nb"));
        assert_eq!(identify(nb, &["nb"]).as_deref(), Some("nb"));
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
    fn close_nordic_languages_are_told_apart_by_their_spellings() {
        let nb = "Regjeringen har etter flere måneders forhandlinger inngått en avtale med et flertall på Stortinget om en ny klimaplan. – Vi må handle nå, sier klimaministeren, som ikke mener at avtalen går langt nok. Ifølge planen skal utslippene av klimagasser halveres innen 2030.";
        let nn = "Kommunen har ikkje fått svar frå departementet enno, og ordføraren seier at dei må vente til over nyttår før dei kan byrje arbeidet. – Eg forstår at mange er utolmodige, men vi kan ikkje gjere noko før vi veit kva pengar vi får, seier ho.";
        let da = "Regeringen har efter flere måneders forhandlinger indgået en aftale med et flertal i Folketinget om en ny klimaplan. – Vi er nødt til at handle nu, siger klimaministeren, som ikke mener, at aftalen går langt nok. Ifølge planen skal udledningen af drivhusgasser halveres inden 2030.";
        let sv = "Regeringen har efter flera månaders förhandlingar kommit överens med oppositionen om en ny klimatplan. – Vi måste agera nu, säger klimatministern, som inte tycker att avtalet går tillräckligt långt. Enligt planen ska utsläppen halveras till 2030.";
        let family = family_of("nb").unwrap();
        for (text, code) in [(nb, "nb"), (nn, "nn"), (da, "da"), (sv, "sv")] {
            assert_eq!(nordic_vote(text, family, &[]), Some(code), "{text}");
            assert_eq!(identify(text, &[]).as_deref(), Some(code), "{text}");
        }
        // Only the contenders are weighed, and only when all of them are Nordic.
        assert_eq!(nordic_vote(nn, &["nb", "da"], &[]), None);
        assert_eq!(nordic_vote(nb, &["nb", "da", "en"], &[]), None);
        let allowed = ["da", "sv"];
        assert_eq!(nordic_vote(da, family, &allowed), Some("da"));
        assert_eq!(nordic_vote(sv, family, &allowed), Some("sv"));
        // An outlet that publishes in both Norwegian languages gets either.
        let norwegian = ["nb", "nn"];
        assert_eq!(identify(nn, &norwegian).as_deref(), Some("nn"));
        assert_eq!(identify(nb, &norwegian).as_deref(), Some("nb"));
        assert_eq!(nordic_vote(nb, &["nb"], &[]), None);
        // One word spelt one way settles nothing; two with none against do, and
        // two against one do not.
        let vote = |text| nordic_vote(text, &["nb", "da"], &[]);
        assert_eq!(
            vote("Bane NOR melder at feilen er rettet etter kort tid."),
            None
        );
        assert_eq!(
            vote("Bane NOR sier at feilen er rettet etter kort tid."),
            Some("nb")
        );
        assert_eq!(
            vote("Bane NOR sier at feilen er rettet efter kort tid."),
            None
        );
    }

    #[test]
    fn each_nordic_word_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for (word, _) in NORDIC_WORDS {
            assert!(seen.insert(word), "{word} is listed twice");
            assert_eq!(word.to_lowercase(), *word);
        }
    }

    #[test]
    fn bokmal_that_trigrams_read_as_danish_is_bokmal() {
        let nb = "Bane NOR melder at feilen skyldes en skadet kabel. Teknikere er på vei til stedet.
– Vi jobber mer enn noen gang og tjener mindre enn noen gang. Regjeringen må forstå at dette ikke kan fortsette, sier melkebonde Jean-Luc Moreau fra Normandie.";
        let nordic = family_of("nb")
            .unwrap()
            .iter()
            .filter_map(|code| from_iso639_1(code))
            .collect::<Vec<_>>();
        assert_eq!(
            Detector::with_allowlist(nordic)
                .detect(nb)
                .map(|info| info.lang()),
            Some(Lang::Dan)
        );
        assert_eq!(identify(nb, &[]).as_deref(), Some("nb"));
    }

    #[test]
    fn codes_round_trip() {
        assert_eq!(from_iso639_1("no"), Some(Lang::Nob));
        assert_eq!(from_iso639_1("xx"), None);
        assert_eq!(known_code("no").as_deref(), Some("nb"));
        assert_eq!(known_code("nn").as_deref(), Some("nn"));
        assert_eq!(known_code("de").as_deref(), Some("de"));
        assert_eq!(known_code("xx"), None);
    }
}
