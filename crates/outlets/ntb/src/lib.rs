//! The `ntb` cleaner for deboil: its rules file, embedded. What it removes and why
//! is in `rules.toml`; this crate holds no logic of its own.

/// Outlet name, as in the record's `outlet` field.
pub const NAME: &str = "ntb";

/// The rules file (TOML), compiled by `deboil_engine::RuleSet::from_toml`.
pub const RULES: &str = include_str!("../rules.toml");

/// The registry entry: (name, rules file).
pub const OUTLET: (&str, &str) = (NAME, RULES);

#[cfg(test)]
mod tests {
    #[test]
    fn rules_compile_and_carry_the_crate_name() {
        let rules = deboil_engine::RuleSet::from_toml(super::RULES).expect("rules.toml compiles");
        assert_eq!(rules.name, super::NAME);
    }
}
