//! The `generic` cleaner for deboil: its rules file, embedded. What it removes and why
//! is in `rules.toml`; this crate holds no logic of its own.

/// Outlet name, as in the record's `outlet` field.
pub const NAME: &str = "generic";

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

    #[test]
    fn a_closing_contributor_credit_is_removed_only_at_the_end() {
        let rules = deboil_engine::RuleSet::from_toml(super::RULES).expect("rules.toml compiles");
        let story = "The senate passed the bill on Tuesday after a long debate in the chamber.\n\n\
            Associated Press writers Alan Fram and Zeke Miller contributed to this report.";
        let doc = deboil_engine::Document::parse(story);
        let record = rules.clean_extracted("doc", &doc, false).record;
        assert_eq!(record.body.len(), 1, "{:?}", record.body);
        assert_eq!(&*record.removed[0].rule, "generic/contributor-credit");
        // Not the last line: a sentence of the story.
        let inside = "Two reporters contributed reporting.\n\n\
            The senate passed the bill on Tuesday after a long debate in the chamber.";
        let doc = deboil_engine::Document::parse(inside);
        assert_eq!(
            rules.clean_extracted("doc", &doc, false).record.body.len(),
            2
        );
        // A wire's reporting and editing credit.
        let wire = "Asian shares rose on Tuesday as investors bet on a trade deal.\n\n\
            (Reporting by Rodrigo Campos; Editing by Nick Zieminski)";
        let doc = deboil_engine::Document::parse(wire);
        let record = rules.clean_extracted("doc", &doc, false).record;
        assert_eq!(record.body.len(), 1, "{:?}", record.body);
        assert_eq!(&*record.removed[0].rule, "generic/contributor-credit");
    }

    #[test]
    fn a_newsletter_pitch_goes_but_a_story_sentence_about_deliveries_stays() {
        let rules = deboil_engine::RuleSet::from_toml(super::RULES).expect("rules.toml compiles");
        let removed_by_newsletter_box = |line: &str| {
            let doc = deboil_engine::Document::parse(line);
            let record = rules.clean_extracted("doc", &doc, false).record;
            record
                .removed
                .iter()
                .any(|r| &*r.rule == "generic/newsletter-box")
        };
        assert!(removed_by_newsletter_box(
            "The news and stories that matter, delivered weekday mornings."
        ));
        assert!(removed_by_newsletter_box(
            "Sign up today to get the free daily newsletter delivered to your inbox daily."
        ));
        assert!(!removed_by_newsletter_box(
            "The papers were delivered every morning to more than 4,000 homes across the valley, the council said."
        ));
        for pitch in [
            "Get the latest updates right in your inbox. Subscribe to NJ.com’s newsletters.",
            "I agree that the Gazette can send me the \"Morning\" newsletter.",
            "Please check the opt-in box to acknowledge that you would like to subscribe.",
            "Enter your email address to subscribe to this blog and receive notifications of new posts by email.",
        ] {
            assert!(removed_by_newsletter_box(pitch), "{pitch}");
        }
        // A box's header goes; a story's subhead about e-mails stays.
        for header in ["CNN Newsletters", "Breaking News Emails"] {
            assert!(removed_by_newsletter_box(header), "{header}");
        }
        for subhead in ["The Clinton emails", "Leaked e-mails"] {
            assert!(!removed_by_newsletter_box(subhead), "{subhead}");
        }
    }

    /// The rule (if any) that removes a one-line document.
    fn removing_rule(line: &str) -> Option<String> {
        let rules = deboil_engine::RuleSet::from_toml(super::RULES).expect("rules.toml compiles");
        let doc = deboil_engine::Document::parse(line);
        let record = rules.clean_extracted("doc", &doc, false).record;
        record.removed.first().map(|r| r.rule.to_string())
    }

    /// Each line alone is removed, and by `rule`.
    fn assert_removed_by(rule: &str, lines: &[&str]) {
        for line in lines {
            assert_eq!(removing_rule(line).as_deref(), Some(rule), "{line}");
        }
    }

    #[test]
    fn author_contacts_share_buttons_post_navigation_and_single_related_links() {
        let contact = Some("generic/author-contact".to_owned());
        assert_eq!(
            removing_rule("Have a tip? Jane Doe may be reached at jdoe@example.com. Follow her on Twitter @jdoe."),
            contact
        );
        assert_eq!(
            removing_rule(
                "Jane Doe's book about the harbour is out now. Follow her on Twitter @jdoe."
            ),
            contact
        );
        assert_eq!(
            removing_rule("Share this on WhatsApp"),
            Some("generic/share-row".to_owned())
        );
        assert_removed_by(
            "generic/share-row",
            &[
                "Copied!",
                "Link copied",
                "This story has been shared 44,976 times.",
            ],
        );
        assert_removed_by(
            "generic/membership-pitch",
            &["If you enjoyed this article, we have a proposition for you: Join GazettePlus. Members get all of our content."],
        );
        assert_eq!(
            removing_rule("If you enjoyed this article about the bridge, you may want to visit it yourself when it opens in the spring."),
            None
        );
        assert_removed_by(
            "shared/read-more",
            &["Related news", "related news", "RELATED NEWS"],
        );
        assert_removed_by(
            "generic/link-arrow",
            &["» Coluna de Adauto Silva", "› Weather forecast"],
        );
        assert_removed_by(
            "generic/click-through",
            &[
                "Clique na imagem acima e veja como está o ranking dos pilotos nesta temporada.",
                "Click on the image to see the full standings",
            ],
        );
        // A German quote opened with `»` is the story's.
        for line in [
            "»Wir haben lange auf diese Brücke gewartet«, sagte die Bürgermeisterin am Dienstag.",
            "» Die Brücke wird im Frühjahr gebaut.",
        ] {
            assert_eq!(removing_rule(line), None, "{line}");
        }
        assert_removed_by(
            "generic/post-navigation",
            &["previous post", "Next article »", "« Older entries"],
        );
        assert_eq!(
            removing_rule("Related: The 15 Weirdest Galaxies in Our Universe"),
            Some("generic/related-link".to_owned())
        );
        // A story's sentences that use the same words stay.
        for line in [
            "Related: the council's own figures show that the cost has doubled since the plans were drawn up.",
            "The mayor said residents can share their views on the bridge at the town hall on Tuesday evening.",
        ] {
            assert_eq!(removing_rule(line), None, "{line}");
        }
    }

    #[test]
    fn affiliate_notices_and_labelled_captions_go_but_a_story_about_commissions_stays() {
        assert_removed_by(
            "generic/affiliate-notice",
            &[
                "If you buy something through this post, the Gazette may get a share of the sale.",
                "The Gazette may earn an affiliate commission if you purchase something through links in this article.",
            ],
        );
        assert_removed_by(
            "shared/labelled-caption",
            &[
                "Image caption The mayor opened the bridge on Tuesday",
                "Image copyright Getty Images",
            ],
        );
        assert_removed_by(
            "shared/captioned-photo",
            &[
                "The bridge at dusk. Work began in the spring of last year. (Image credit: Gazette)",
                "A man crosses the new bridge on November 19. The council hailed the opening. Jane DOE / AFP",
                "Fleas live on rodents, like rats and rabbits. ( JANE DOE/SCIENCE PHOTO LIBRARY)",
                "This illustration shows how the bridge could look when it opens [Gazette via City Council]",
            ],
        );
        assert_removed_by(
            "generic/picture-credit",
            &["Courtesy of Jane Doe", "(Image: © NASA/ESA)"],
        );
        // The caption above such a credit goes with it, full stop and all.
        let rules = deboil_engine::RuleSet::from_toml(super::RULES).expect("rules.toml compiles");
        let doc = deboil_engine::Document::parse(
            "An artist's illustration of a plume of water vapour over the moon.\n(Image: © NASA/ESA)",
        );
        let record = rules.clean_extracted("doc", &doc, false).record;
        assert!(record.body.is_empty(), "{:?}", record.body);
        assert_removed_by(
            "generic/related-link",
            &["SEE MORE: Bridge opens after a year of delays"],
        );
        assert_eq!(
            removing_rule("If you buy a house through an agent, the agent will usually earn a commission of about 2 percent."),
            None
        );
    }
}
