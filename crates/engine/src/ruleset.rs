//! Compiling a rules file once into a `RuleSet`: regexes into `RegexSet`s, literals
//! into one Aho-Corasick automaton per matcher, shared packs resolved by name. A
//! compiled set is immutable and `Sync`, so one copy serves every worker thread.

use std::sync::{Arc, OnceLock};

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet};

use crate::clean::phase_order;
use crate::fields::has_shape;
use crate::group_regex::GroupRegex;
use crate::language::Languages;
use crate::packs;
use crate::page_parts::ScannedTest;
use crate::paragraphs::Reason;
use crate::prefilter::{Candidates, Prefilter};
use crate::spec::{
    rule_id, ClassifySpec, Field, HeadSpec, HtmlSpec, MatchSpec, RuleKind, RuleSpec, RulesFile,
    Shape,
};
use crate::verdicts::{self, MatcherId};

/// Why a rules file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    #[error("rules file is not valid TOML for deboil: {0}")]
    Parse(#[from] toml::de::Error),
    #[error("rule `{rule}`: bad regex `{pattern}`: {source}")]
    Regex {
        rule: String,
        pattern: String,
        #[source]
        source: Box<regex::Error>,
    },
    #[error("rule `{rule}`: {problem}")]
    Invalid { rule: String, problem: String },
    #[error("unknown shared pack `{0}` (known: {known})", known = packs::names().join(", "))]
    UnknownPack(String),
    #[error("unknown language code `{0}` (use ISO 639-1, e.g. `en`, `nb`, `de`)")]
    UnknownLanguage(String),
}

/// A compiled line matcher: any of exact lines, contained literals, regexes, shapes.
#[derive(Debug, Clone, Default)]
pub struct Matcher {
    /// Looked up once per line a rule is asked about: a fast hash for short keys.
    exact: rustc_hash::FxHashMap<Box<str>, usize>,
    contains: Option<AhoCorasick>,
    /// The regexes as one set, for a matcher that is only asked whether it matches.
    regex: Option<RegexSet>,
    /// The regexes one by one instead, for rules that read captures or positions
    /// (they are asked whether a line matches through these: compiling the set
    /// as well would compile every pattern twice).
    regexes: Vec<GroupRegex>,
    like: Vec<Shape>,
    /// Its name in the per-thread memo of regex verdicts (`verdicts.rs`).
    memo: MatcherId,
    /// When every alternative matches whole lines of bounded length, the longest
    /// line that can match: longer lines (most body paragraphs) are not scanned.
    max_line_len: Option<usize>,
    /// Pattern count offsets: exact, then contains, then regex, then like.
    counts: [usize; 3],
}

impl Matcher {
    /// Compiles the alternatives once: the regexes as a set, or with `with_captures`
    /// each on its own, for the rule kinds that read match positions and groups.
    pub(crate) fn compile(
        rule: &str,
        spec: &MatchSpec,
        with_captures: bool,
    ) -> Result<Self, RulesError> {
        // On error, compile the patterns one by one to name the one at fault.
        let culprit = |set_error: regex::Error| {
            spec.regex
                .iter()
                .find_map(|p| compile_regex(rule, p).err())
                .unwrap_or_else(|| RulesError::Regex {
                    rule: rule.to_owned(),
                    pattern: spec.regex.join(" | "),
                    source: Box::new(set_error),
                })
        };
        let regex = if spec.regex.is_empty() || with_captures {
            None
        } else {
            Some(RegexSet::new(&spec.regex).map_err(culprit)?)
        };
        let regexes = if with_captures {
            spec.regex
                .iter()
                .map(|p| compile_group_regex(rule, p))
                .collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };
        let contains = if spec.contains.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::new(&spec.contains).map_err(|e| RulesError::Invalid {
                    rule: rule.to_owned(),
                    problem: e.to_string(),
                })?,
            )
        };
        Ok(Matcher {
            exact: spec
                .exact
                .iter()
                .enumerate()
                .map(|(i, s)| (s.as_str().into(), i))
                .collect(),
            contains,
            regex,
            regexes,
            like: spec.like.clone(),
            memo: MatcherId::next(),
            max_line_len: max_line_len(spec),
            counts: [spec.exact.len(), spec.contains.len(), spec.regex.len()],
        })
    }

    pub fn is_empty(&self) -> bool {
        self.exact.is_empty()
            && self.contains.is_none()
            && self.regex.is_none()
            && self.regexes.is_empty()
            && self.like.is_empty()
    }

    /// Whether `line` matches any alternative. The regexes' verdict on a line is
    /// remembered (per thread): the lines they are asked about are mostly the
    /// boilerplate an outlet prints on every page.
    pub fn is_match(&self, line: &str) -> bool {
        if self.max_line_len.is_some_and(|max| line.len() > max) {
            return false;
        }
        let regexes_match = |line: &str| {
            self.regex.as_ref().is_some_and(|set| set.is_match(line))
                || self.regexes.iter().any(|re| re.is_match(line))
        };
        self.exact.contains_key(line)
            || self.contains.as_ref().is_some_and(|ac| ac.is_match(line))
            || ((self.regex.is_some() || !self.regexes.is_empty())
                && verdicts::remembered(self.memo, line, regexes_match))
            || self.like.iter().any(|&shape| has_shape(line, shape))
    }

    /// Calls `hit` with the index of every alternative that matches `line`.
    pub(crate) fn for_each_hit(&self, line: &str, mut hit: impl FnMut(usize)) {
        let [exact, contains, regex] = self.counts;
        if let Some(&i) = self.exact.get(line) {
            hit(i);
        }
        if let Some(ac) = &self.contains {
            for m in ac.find_overlapping_iter(line) {
                hit(exact + m.pattern().as_usize());
            }
        }
        if let Some(set) = &self.regex {
            verdicts::remembered_hits(
                self.memo,
                line,
                |line| set.matches(line).iter().map(|i| i as u32).collect(),
                |i| hit(exact + contains + i),
            );
        }
        for (i, re) in self.regexes.iter().enumerate() {
            if re.is_match(line) {
                hit(exact + contains + i);
            }
        }
        for (i, &shape) in self.like.iter().enumerate() {
            if has_shape(line, shape) {
                hit(exact + contains + regex + i);
            }
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.counts.iter().sum::<usize>() + self.like.len()
    }

    pub(crate) fn regexes(&self) -> &[GroupRegex] {
        &self.regexes
    }
}

/// The regexes of `file` that write a Unicode word boundary (`\b`, `\B`, `\<`,
/// ...), one message each: the rules work as written, only slower. The regex
/// crate's fast engines give up on such a boundary at the first character
/// outside ASCII (German, Norwegian, a curly quote), and every line like that
/// is then searched by its slowest engine; an ASCII boundary (`(?-u:\b)`) or one
/// spelled out (`(?:^|\W)...(?:\W|$)`, for a yes-or-no match) keeps the fast
/// path. (Asked of a user's rules file when it is loaded; tests hold the bundled
/// ones to none, so start-up does not parse their regexes a second time.)
pub fn word_boundary_lints(file: &RulesFile) -> Vec<String> {
    file.regexes()
        .into_iter()
        .filter(|(_, pattern)| {
            regex_syntax::parse(pattern)
                .is_ok_and(|hir| hir.properties().look_set().contains_word_unicode())
        })
        .map(|(rule, pattern)| {
            format!(
                "{rule}: `{pattern}` has a Unicode word boundary, which makes the regex \
                 engine search every line with a letter outside ASCII the slow way; \
                 write `(?-u:\\b)` (ASCII letters and digits) or spell it out \
                 (`(?:^|\\W)` ... `(?:\\W|$)`)"
            )
        })
        .collect()
}

/// Compiles one of rule `rule`'s regexes; an error names both.
fn compile_regex(rule: &str, pattern: &str) -> Result<Regex, RulesError> {
    compile_as(rule, pattern, Regex::new)
}

/// A regex whose groups the rule reads (see `group_regex.rs`).
fn compile_group_regex(rule: &str, pattern: &str) -> Result<GroupRegex, RulesError> {
    compile_as(rule, pattern, GroupRegex::new)
}

fn compile_as<T>(
    rule: &str,
    pattern: &str,
    new: impl FnOnce(&str) -> Result<T, regex::Error>,
) -> Result<T, RulesError> {
    new(pattern).map_err(|e| RulesError::Regex {
        rule: rule.to_owned(),
        pattern: pattern.to_owned(),
        source: Box::new(e),
    })
}

/// The longest line any alternative can match, when all are exact lines or regexes
/// anchored at both ends (`^...$`) with a bounded match length.
fn max_line_len(spec: &MatchSpec) -> Option<usize> {
    use regex_syntax::hir::Look;
    if !spec.contains.is_empty() || !spec.like.is_empty() {
        return None;
    }
    let exact = spec.exact.iter().map(String::len).max().unwrap_or(0);
    spec.regex.iter().try_fold(exact, |longest, pattern| {
        let hir = regex_syntax::parse(pattern).ok()?;
        let props = hir.properties();
        let anchored = props.look_set_prefix().contains(Look::Start)
            && props.look_set_suffix().contains(Look::End);
        anchored.then_some(())?;
        Some(longest.max(props.maximum_len()?))
    })
}

/// Gives each rule its place in the set as its slot (its matcher's place in the
/// set's prefilter), and returns the order the rules apply in (`phase_order`):
/// what a set keeps of its rules' places, worked out wherever they change.
fn number_rules(rules: &mut [Rule]) -> Vec<usize> {
    for (slot, rule) in rules.iter_mut().enumerate() {
        rule.slot = slot;
    }
    phase_order(rules)
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Full id as it appears in output: `independent/donation-appeal`, `shared/skip-links`.
    pub id: Arc<str>,
    pub kind: RuleKind,
    pub why: String,
    pub(crate) matcher: Matcher,
    /// The rule's place in its set, which is its matcher's in the prefilter.
    pub(crate) slot: usize,
    /// The matcher as written, to rebuild the prefilter when sets are combined.
    spec: Option<MatchSpec>,
    pub(crate) end: Vec<Regex>,
    pub(crate) max_lines: usize,
    pub(crate) within: usize,
    pub(crate) with_previous: bool,
    pub(crate) require_previous: bool,
    pub(crate) sentence_caption: bool,
    pub(crate) max_chars: usize,
    pub(crate) min_chars: usize,
}

/// A compiled head slot.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    pub field: Field,
    pub patterns: Vec<GroupRegex>,
    pub like: Option<Shape>,
    pub optional: bool,
    pub next: Option<Field>,
    pub prev: Option<Field>,
    /// Names the slot in the memo of verdicts: whether a line fits it (its
    /// patterns and shape) is asked of the same head lines on every page.
    pub memo: MatcherId,
}

/// The compiled head description.
#[derive(Debug, Clone, Default)]
pub(crate) struct Head {
    pub anchor: Option<usize>,
    pub window: usize,
    pub above: Option<Arc<str>>,
    pub slots: Vec<Slot>,
}

/// A compiled outlet (or generic) cleaner: its own rules followed by its packs' rules.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub name: String,
    pub about: String,
    pub domains: Vec<String>,
    /// The languages the outlet publishes in.
    pub(crate) languages: Languages,
    pub(crate) detect: Option<(Matcher, usize)>,
    /// The detection signatures as written, for a `Detector` over many sets.
    detect_spec: Option<MatchSpec>,
    pub(crate) head: Head,
    /// Own rules, then the packs'; in step with `prefilter` (see `prepend_rules`).
    pub(crate) rules: Vec<Rule>,
    /// The rules' places in `rules`, in the order cleaning applies them (phase by
    /// phase, see `clean::phase_order`), worked out once for every document.
    pub(crate) phased: Vec<usize>,
    /// Built on first use: a set that only cleans from a `Detector`'s shared scan
    /// (the bundled sets on dumps without a URL) never needs its own.
    prefilter: OnceLock<Prefilter>,
    /// The paragraph classifier, when the file switches it on.
    pub(crate) classify: Option<ClassifySpec>,
    /// The rule id the classifier files each of its reasons under
    /// (`generic/page-furniture`, ...), in `Reason::ALL`'s order: named once here,
    /// shared by every line removed under it.
    pub(crate) reason_ids: [Arc<str>; Reason::ALL.len()],
    /// The `[html]` selectors, as written (empty when the file has none); the
    /// engine carries them for the HTML path and never reads them.
    pub html: HtmlSpec,
    /// The rule id what the `drop` selectors take off a page is listed under
    /// (`<name>/html-drop`), named once here like the classifier's.
    pub html_drop_id: Arc<str>,
    /// Which compiled rules these are: new for every compile and every change of
    /// the rules (a clone has the same), so a `Detector` tells a set it was built
    /// for from any other.
    identity: u64,
}

/// A new [`RuleSet`] identity.
fn next_identity() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl RuleSet {
    /// Parses and compiles a rules file (TOML).
    pub fn from_toml(text: &str) -> Result<Self, RulesError> {
        Self::compile(&RulesFile::from_toml(text)?)
    }

    /// Compiles a parsed rules file, resolving its shared packs.
    pub fn compile(file: &RulesFile) -> Result<Self, RulesError> {
        let mut rules = compile_rules(&file.name, &file.rules)?;
        for pack in &file.packs {
            rules.extend(compiled_pack(pack)?);
        }
        let phased = number_rules(&mut rules);
        let languages =
            Languages::from_codes(&file.languages).map_err(RulesError::UnknownLanguage)?;
        let detect = match &file.detect {
            Some(d) => Some((
                Matcher::compile(&rule_id(&file.name, "detect"), &d.signatures, false)?,
                d.min_score.unwrap_or(1).max(1),
            )),
            None => None,
        };
        Ok(RuleSet {
            name: file.name.clone(),
            about: file.about.clone(),
            domains: file.domains.iter().map(|d| d.to_lowercase()).collect(),
            languages,
            detect,
            detect_spec: file.detect.as_ref().map(|d| d.signatures.clone()),
            head: compile_head(&file.name, file.head.as_ref())?,
            phased,
            rules,
            prefilter: OnceLock::new(),
            classify: file.classify.clone(),
            reason_ids: Reason::ALL.map(|reason| rule_id(&file.name, reason.id()).into()),
            html: file.html.clone().unwrap_or_default(),
            html_drop_id: rule_id(&file.name, "html-drop").into(),
            identity: next_identity(),
        })
    }

    /// The rules in the order they are tried: own rules, then the packs'.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The compiled rules, to put in front of another set's.
    pub fn into_rules(self) -> Vec<Rule> {
        self.rules
    }

    /// Puts `rules` ahead of this set's own (they win any line both claim in a
    /// phase), keeping the prefilter in step.
    pub fn prepend_rules(&mut self, rules: Vec<Rule>) {
        self.rules.splice(0..0, rules);
        self.phased = number_rules(&mut self.rules);
        self.prefilter = OnceLock::new();
        self.identity = next_identity();
    }

    /// What the literal scan looks for on this set's behalf, in order: each rule's
    /// matcher, then, with a classifier, its line tests (see `ScannedTest`).
    fn scanned_specs(&self) -> impl Iterator<Item = Option<&MatchSpec>> {
        let tests = match self.classify {
            Some(_) => ScannedTest::specs(),
            None => &[],
        };
        self.rules
            .iter()
            .map(|r| r.spec.as_ref())
            .chain(tests.iter().map(Some))
    }

    /// Which rules may match which lines (see `prefilter`).
    pub(crate) fn candidates(&self, doc: &crate::Document<'_>) -> Candidates {
        self.prefilter
            .get_or_init(|| Prefilter::build(&self.scanned_specs().collect::<Vec<_>>()))
            .scan(doc)
    }

    /// The rule ids the paragraph classifier files its removals under
    /// (`generic/page-furniture`, ...), each with why; empty without `[classify]`.
    pub fn classifier_rules(&self) -> Vec<(String, &'static str)> {
        if self.classify.is_none() {
            return Vec::new();
        }
        Reason::ALL
            .iter()
            .zip(&self.reason_ids)
            .map(|(reason, id)| (id.to_string(), reason.why()))
            .collect()
    }

    /// Whether the outlet can be recognised from content (it lists signatures).
    pub fn detects_by_content(&self) -> bool {
        self.detect.is_some()
    }

    /// Whether a URL's host (or a bare domain) belongs to this outlet.
    pub fn owns_host(&self, host: &str) -> bool {
        let host = host.trim_end_matches('.').to_lowercase();
        self.domains.iter().any(|d| {
            host == *d
                || host
                    .strip_suffix(d.as_str())
                    .is_some_and(|rest| rest.ends_with('.'))
        })
    }

    /// How many distinct detection signatures match the document's `lines` (those
    /// the prefilter lets through); zero when the outlet has none or scores below
    /// its threshold.
    fn score_lines(&self, doc: &crate::Document<'_>, lines: impl Iterator<Item = usize>) -> usize {
        let Some((matcher, min_score)) = &self.detect else {
            return 0;
        };
        // A bit a signature, on the stack for the few dozen an outlet has.
        let words = matcher.len().div_ceil(64);
        let (mut few, mut many) = ([0u64; 4], Vec::new());
        let seen: &mut [u64] = if words <= few.len() {
            &mut few[..words]
        } else {
            many.resize(words, 0);
            &mut many
        };
        for i in lines {
            matcher.for_each_hit(doc.text(i), |k| seen[k / 64] |= 1 << (k % 64));
        }
        let score = seen.iter().map(|w| w.count_ones() as usize).sum::<usize>();
        if score >= *min_score {
            score
        } else {
            0
        }
    }
}

/// A shared pack's compiled rules. Every outlet uses the same packs, so each is
/// compiled once per process and its rules cloned (cheaply: compiled regexes and
/// automata are shared) into every set that lists it.
///
/// Sets compiled side by side wait for the one compiling a pack, rather than
/// compile it too. A pack that fails to compile (only ever while its file is
/// being edited) is compiled again by each set, for its error.
fn compiled_pack(name: &str) -> Result<Vec<Rule>, RulesError> {
    static COMPILED: [OnceLock<Option<Vec<Rule>>>; packs::PACKS.len()] =
        [const { OnceLock::new() }; packs::PACKS.len()];
    let at = packs::PACKS
        .iter()
        .position(|(n, _)| *n == name)
        .ok_or_else(|| RulesError::UnknownPack(name.to_owned()))?;
    let compile = || {
        let file = packs::get(name).ok_or_else(|| RulesError::UnknownPack(name.to_owned()))??;
        compile_rules(packs::PREFIX, &file.rules)
    };
    match COMPILED[at].get_or_init(|| compile().ok()) {
        Some(rules) => Ok(rules.clone()),
        None => compile(),
    }
}

fn compile_rules(prefix: &str, specs: &[RuleSpec]) -> Result<Vec<Rule>, RulesError> {
    specs
        .iter()
        .map(|spec| compile_rule(prefix, spec))
        .collect()
}

fn compile_rule(prefix: &str, spec: &RuleSpec) -> Result<Rule, RulesError> {
    let id = rule_id(prefix, &spec.id);
    let invalid = |problem: &str| RulesError::Invalid {
        rule: id.clone(),
        problem: problem.to_owned(),
    };
    if spec.id.is_empty()
        || !spec
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(invalid(
            "ids are kebab-case: lowercase letters, digits and `-`",
        ));
    }
    let matcher = match &spec.matches {
        Some(m) => Matcher::compile(
            &id,
            m,
            matches!(spec.kind, RuleKind::StripPrefix | RuleKind::Tail),
        )?,
        None => Matcher::default(),
    };
    let needs_match = spec.kind != RuleKind::Repeated;
    if needs_match && matcher.is_empty() {
        return Err(invalid(
            "needs a `match` with at least one exact, contains, regex or like entry",
        ));
    }
    if spec.kind == RuleKind::Span && spec.end.is_empty() {
        return Err(invalid("a span needs `end` regexes"));
    }
    if spec.kind != RuleKind::Span && !spec.end.is_empty() {
        return Err(invalid("`end` only applies to kind = \"span\""));
    }
    if matches!(spec.kind, RuleKind::StripPrefix | RuleKind::Tail)
        && spec.matches.as_ref().is_none_or(|m| m.regex.is_empty())
    {
        return Err(invalid(
            "this kind needs `match.regex` (it uses the match position and groups)",
        ));
    }
    let end = spec
        .end
        .iter()
        .map(|p| compile_regex(&id, p))
        .collect::<Result<_, _>>()?;
    Ok(Rule {
        id: id.into(),
        kind: spec.kind,
        why: spec.why.clone(),
        matcher,
        slot: 0,
        spec: spec.matches.clone(),
        end,
        max_lines: spec.max_lines.unwrap_or(15),
        within: spec.within.unwrap_or(40),
        with_previous: spec.with_previous || spec.require_previous,
        require_previous: spec.require_previous,
        sentence_caption: spec.sentence_caption,
        max_chars: spec.max_chars.unwrap_or(200),
        min_chars: spec.min_chars.unwrap_or(25),
    })
}

fn compile_head(prefix: &str, spec: Option<&HeadSpec>) -> Result<Head, RulesError> {
    let Some(spec) = spec else {
        return Ok(Head::default());
    };
    let rule = rule_id(prefix, "head");
    let slots = spec
        .slots
        .iter()
        .map(|s| {
            let patterns = s
                .pattern
                .iter()
                .map(|p| compile_group_regex(&rule, p))
                .collect::<Result<Vec<_>, _>>()?;
            if patterns.is_empty() && s.like.is_none() {
                return Err(RulesError::Invalid {
                    rule: rule.clone(),
                    problem: format!("slot `{}` needs a `pattern` or `like`", s.field.as_str()),
                });
            }
            Ok(Slot {
                field: s.field,
                patterns,
                like: s.like,
                optional: s.optional,
                next: s.next,
                prev: s.prev,
                memo: MatcherId::next(),
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let anchor = match spec.anchor {
        Some(field) => Some(slots.iter().position(|s| s.field == field).ok_or_else(|| {
            RulesError::Invalid {
                rule: rule.clone(),
                problem: format!("anchor `{}` is not one of the slots", field.as_str()),
            }
        })?),
        None => None,
    };
    Ok(Head {
        anchor,
        window: spec.window.unwrap_or(10),
        above: spec.above.as_ref().map(|id| rule_id(prefix, id).into()),
        slots,
    })
}

/// The host of a URL, or the input itself when it is a bare domain (what
/// `RuleSet::owns_host` is asked about).
pub fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then_some(host)
}

/// Content detection over many rule sets at the cost of one literal scan of each
/// line (see `prefilter`): a set's signatures are asked only about the lines that
/// hold one of their literals. The same scan serves the rules' prefilter of every
/// set the detector knows (`with_rules`): the automaton holds the literals of the
/// signatures and of every set's rules, and each consumer reads its own matchers'
/// bits, which are what a scan with its own automaton would give (a line's bits
/// for a matcher depend only on which of that matcher's literals the line holds,
/// and an overlapping scan reports every occurrence of every literal).
#[derive(Debug, Clone)]
pub struct Detector {
    prefilter: Prefilter,
    /// For each set whose rules the scan also covers: its identity (a check that
    /// a set is the one it was built for) and where its matchers start.
    rules: Vec<(u64, usize)>,
}

/// Each set's detection signatures as written, in order: the detector's first
/// matchers.
fn signatures(sets: &[RuleSet]) -> Vec<Option<&MatchSpec>> {
    sets.iter().map(|s| s.detect_spec.as_ref()).collect()
}

/// One document's literal scan (see [`Detector::scan`]).
#[derive(Debug, Clone)]
pub struct Scan {
    pub(crate) candidates: Candidates,
}

impl Detector {
    /// The detector for these sets, in this order.
    pub fn new(sets: &[RuleSet]) -> Self {
        Detector {
            prefilter: Prefilter::build(&signatures(sets)),
            rules: Vec::new(),
        }
    }

    /// The detector for `sets`, whose scan also serves as the rules' prefilter of
    /// `sets` and then `more`, in that order (see [`Detector::clean`]).
    pub fn with_rules(sets: &[RuleSet], more: &[&RuleSet]) -> Self {
        let mut specs = signatures(sets);
        let rules = sets
            .iter()
            .chain(more.iter().copied())
            .map(|set| {
                let offset = specs.len();
                specs.extend(set.scanned_specs());
                (set.identity, offset)
            })
            .collect();
        Detector {
            prefilter: Prefilter::build(&specs),
            rules,
        }
    }

    /// Scans every line of `doc` once, for detection and the rules' prefilter.
    pub fn scan(&self, doc: &crate::Document<'_>) -> Scan {
        Scan {
            candidates: self.prefilter.scan(doc),
        }
    }

    /// The set whose signatures the document shows most (the first of equals), if
    /// any scores (how many distinct signatures match its lines; zero below the
    /// set's threshold); `sets` must be the ones the detector was
    /// built for, in the same order.
    pub fn best<'s>(&self, sets: &'s [RuleSet], doc: &crate::Document<'_>) -> Option<&'s RuleSet> {
        self.best_scanned(sets, doc, &self.scan(doc))
    }

    /// [`Detector::best`] from a scan already made.
    pub fn best_scanned<'s>(
        &self,
        sets: &'s [RuleSet],
        doc: &crate::Document<'_>,
        scan: &Scan,
    ) -> Option<&'s RuleSet> {
        self.best_index(sets, doc, scan).map(|k| &sets[k])
    }

    /// Where [`Detector::best`]'s choice stands in `sets`, from a scan already
    /// made (also its index among the sets whose rules the scan covers).
    pub fn best_index(
        &self,
        sets: &[RuleSet],
        doc: &crate::Document<'_>,
        scan: &Scan,
    ) -> Option<usize> {
        let mut best: Option<(usize, usize)> = None;
        for (k, set) in sets.iter().enumerate() {
            let score = set.score_lines(doc, scan.candidates.lines(k));
            if score > best.map_or(0, |(_, s)| s) {
                best = Some((k, score));
            }
        }
        best.map(|(k, _)| k)
    }

    /// Cleans `doc` with `set`, the `index`th of the sets whose rules the
    /// detector covers (`sets`, then `more`), reusing the scan; a set it was not
    /// built for (another compile, or its rules changed since) scans for itself.
    pub fn clean(
        &self,
        set: &RuleSet,
        index: Option<usize>,
        id: &str,
        doc: &crate::Document<'_>,
        scan: Scan,
    ) -> crate::Cleaned {
        match index.and_then(|i| self.rules.get(i)) {
            Some(&(identity, offset)) if identity == set.identity => {
                set.clean_scanned(id, doc, scan.candidates.at_offset(offset))
            }
            _ => set.clean_document(id, doc),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_unicode_word_boundary_is_linted_wherever_the_file_writes_it() {
        let file: RulesFile = toml::from_str(
            r#"
name = "t"
[detect]
match.regex = ['\bThe Daily\b']
[head]
[[head.slot]]
field = "published"
pattern = '^Published\b(?P<date>.+)$'
[[rules]]
id = "menu"
kind = "drop"
match.regex = ['(?i)^menu$', '(?-u:\b)share(?-u:\b)', '(?:^|\W)follow us(?:\W|$)']
[[rules]]
id = "appeal"
kind = "span"
match.regex = ['^Support us']
end = ['\Bthanks\b']
"#,
        )
        .unwrap();
        let lints = word_boundary_lints(&file);
        let flagged: Vec<&str> = lints
            .iter()
            .map(|lint| lint.split(':').next().unwrap())
            .collect();
        assert_eq!(flagged, ["t/appeal", "t/head", "t/detect"], "{lints:?}");
        assert!(lints[0].contains(r"(?-u:\b)"), "{}", lints[0]);
        // The rules still work as written.
        assert_eq!(RuleSet::compile(&file).unwrap().rules().len(), 2);
    }

    #[test]
    fn an_outlet_scores_each_signature_its_lines_show_once() {
        // Three signatures and three hundred (past what a score keeps on the
        // stack); the dump shows three of them, two of them twice, and one line
        // shows two at once.
        for count in [3, 300] {
            let signatures: Vec<String> =
                (0..count).map(|k| format!("\"Sig {k:03} end\"")).collect();
            let set = RuleSet::from_toml(&format!(
                "name = \"t\"\n[detect]\nmin-score = 2\nmatch.contains = [{}]\n",
                signatures.join(", ")
            ))
            .unwrap();
            let dump = "Sig 000 end\nSig 001 end and Sig 002 end\nSig 000 end\nprose\nSig 001 end";
            let doc = crate::Document::parse(dump);
            assert_eq!(set.score_lines(&doc, 0..doc.lines.len()), 3, "{count}");
            // Below the threshold, no score.
            assert_eq!(set.score_lines(&doc, 3..4), 0);
            assert_eq!(set.score_lines(&doc, 0..1), 0);
        }
    }

    #[test]
    fn a_classifier_behind_a_detector_reads_its_line_tests_from_the_shared_scan() {
        // The outlet's rules come first in the shared scan, so the classifier's
        // line tests stand at an offset there, not where the set's own scan has them.
        let outlet = RuleSet::from_toml(
            "name = \"o\"\n[detect]\nmatch.exact = [\"Outlet\"]\n[[rules]]\nid = \"a\"\nkind = \"drop\"\nmatch.contains = [\"menu\"]\n[[rules]]\nid = \"b\"\nkind = \"drop\"\nmatch.contains = [\"written\"]\n",
        )
        .unwrap();
        let generic = RuleSet::from_toml(
            "name = \"g\"\n[classify]\nhead = false\n[[rules]]\nid = \"c\"\nkind = \"drop\"\nmatch.exact = [\"Subscribe\"]\n",
        )
        .unwrap();
        let notice = "Readers should know that the material on this site may not be reproduced, distributed or used in any way by anyone else.";
        let text = [
            "The council met on Monday evening to discuss the plans for the new bridge over the river, which have divided the town for years.",
            notice,
            "Most of the people who spoke at the meeting said that they wanted the work to start as soon as it could, and the council agreed.",
            "The mayor said that she was glad the town had been heard and that the bridge would be built by the end of the next year.",
        ]
        .join("\n");
        let doc = crate::Document::parse(&text);
        let detector = Detector::with_rules(std::slice::from_ref(&outlet), &[&generic]);
        let scan = detector.scan(&doc);
        let shared = detector.clean(&generic, Some(1), "doc", &doc, scan).record;
        assert!(
            shared
                .removed
                .iter()
                .any(|r| r.text == notice && &*r.rule == "g/not-prose"),
            "{:?}",
            shared.removed
        );
        assert_eq!(shared.body.len(), 3, "{:?}", shared.body);
        assert_eq!(shared, generic.clean_document("doc", &doc).record);
    }

    #[test]
    fn an_outlet_may_publish_in_nynorsk() {
        let rules = |languages: &str| {
            RuleSet::from_toml(&format!(
                "name = \"t\"\nlanguages = {languages}\n[[rules]]\nid = \"menu\"\nkind = \"drop\"\nmatch.exact = [\"Meny\"]\n"
            ))
        };
        let both = rules(r#"["nb", "nn"]"#).unwrap();
        let nynorsk = "Meny\nKommunen har ikkje fått svar frå departementet enno, og ordføraren seier at dei må vente til over nyttår før dei kan byrje arbeidet.\n– Eg forstår at mange er utolmodige, men vi kan ikkje gjere noko før vi veit kva pengar vi får, seier ho.";
        assert_eq!(
            both.clean("doc", nynorsk).record.language.as_deref(),
            Some("nn")
        );
        // `no` is read as Bokmål, as identification reports it.
        let norwegian = rules(r#"["no"]"#).unwrap();
        assert_eq!(norwegian.languages.codes, ["nb"]);
        assert!(matches!(
            rules(r#"["xx"]"#),
            Err(RulesError::UnknownLanguage(code)) if code == "xx"
        ));
    }

    #[test]
    fn no_shared_pack_writes_a_unicode_word_boundary() {
        for (name, source) in packs::PACKS {
            let file: RulesFile = toml::from_str(source).unwrap();
            assert_eq!(word_boundary_lints(&file), Vec::<String>::new(), "{name}");
        }
    }

    #[test]
    fn a_matcher_with_captures_matches_what_its_set_matches() {
        let spec = MatchSpec {
            exact: vec!["Menu".into()],
            regex: vec![r"^By (?P<authors>.+)$".into(), r"(?i)\(ap\)$".into()],
            ..MatchSpec::default()
        };
        let set = Matcher::compile("t", &spec, false).unwrap();
        let each = Matcher::compile("t", &spec, true).unwrap();
        assert!(
            set.regexes().is_empty() && each.regex.is_none(),
            "compiled once"
        );
        let hits = |m: &Matcher, line: &str| {
            let mut found = Vec::new();
            m.for_each_hit(line, |k| found.push(k));
            found
        };
        for line in [
            "By Jane Doe",
            "Told to (AP)",
            "Menu",
            "Story text.",
            "by (Ap)",
        ] {
            assert_eq!(each.is_match(line), set.is_match(line), "{line}");
            assert_eq!(hits(&each, line), hits(&set, line), "{line}");
        }
        assert_eq!(hits(&each, "By Jane Doe (AP)"), [1, 2]);
        assert!(!each.is_match("Story text.") && !each.is_empty());
    }
}
