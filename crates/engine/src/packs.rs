//! The shared rule packs (donation appeals, nav cruft, comment prompts, media
//! furniture, related links, crawl artefacts), embedded as data and referenced by
//! name from an outlet's `packs = [...]`. Their rule ids read `shared/<id>`.

use crate::spec::RulesFile;

/// Rule id prefix of every pack rule.
pub const PREFIX: &str = "shared";

/// Pack names with their TOML source, sorted by name.
pub const PACKS: &[(&str, &str)] = &[
    (
        "comment-prompts",
        include_str!("../packs/comment-prompts.toml"),
    ),
    (
        "crawl-artefacts",
        include_str!("../packs/crawl-artefacts.toml"),
    ),
    (
        "donation-appeals",
        include_str!("../packs/donation-appeals.toml"),
    ),
    (
        "media-furniture",
        include_str!("../packs/media-furniture.toml"),
    ),
    ("nav-cruft", include_str!("../packs/nav-cruft.toml")),
    ("related-links", include_str!("../packs/related-links.toml")),
];

/// Every pack name, for error messages.
pub fn names() -> Vec<&'static str> {
    PACKS.iter().map(|(name, _)| *name).collect()
}

/// Parses the named pack; `None` when no pack has that name.
pub(crate) fn get(name: &str) -> Option<Result<RulesFile, toml::de::Error>> {
    let (_, source) = PACKS.iter().find(|(n, _)| *n == name)?;
    Some(toml::from_str(source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pack_parses_compiles_and_is_named_like_its_file() {
        let names = names();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted, "packs are listed in name order");
        for (name, source) in PACKS {
            let file: RulesFile = toml::from_str(source).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(file.name, *name);
            assert!(!file.rules.is_empty(), "{name} has no rules");
            assert!(
                file.rules.iter().all(|r| !r.why.is_empty()),
                "{name}: every rule says why"
            );
            let as_outlet = RulesFile {
                name: "check".into(),
                packs: vec![name.to_string()],
                ..RulesFile::default()
            };
            crate::RuleSet::compile(&as_outlet).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }
}
