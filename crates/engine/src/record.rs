//! The output record (one per document, CLEANING.md's fields in its order) and the
//! explain trace: where every piece of the input went.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::spec::Field;

/// The cleaned article and everything that was taken out of it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub outlet: String,
    pub language: Option<String>,
    pub title: Option<String>,
    pub standfirst: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<String>,
    /// What kind of page the dump is: a story, or a listing of teasers.
    pub page_type: PageType,
    /// Set when no clear article was found (an HTML page where the main-content
    /// extractor could not tell the story from the rest): the body is what it
    /// could take. Written only when set.
    #[serde(default, skip_serializing_if = "is_false")]
    pub uncertain: bool,
    pub body: Vec<String>,
    pub removed: Vec<Removed>,
}

fn is_false(flag: &bool) -> bool {
    !flag
}

impl Record {
    /// The fields a record writes only when they say something.
    pub const FLAGS: &'static [&'static str] = &["uncertain"];

    /// The record's field names as it always serialises them, in order.
    pub const FIELDS: &'static [&'static str] = &[
        "id",
        "outlet",
        "language",
        "title",
        "standfirst",
        "authors",
        "published",
        "page_type",
        "body",
        "removed",
    ];
}

/// What kind of page a dump is. A listing (section front, author page, search
/// results: many short teasers, `Read more`, many dates) is flagged rather than
/// passed off as an article.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PageType {
    #[default]
    Article,
    Listing,
}

impl PageType {
    /// The page type as the record spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Listing => "listing",
        }
    }
}

/// A dropped piece of the input and the rule that dropped it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// (Shared with the rule and the trace: naming it costs no copy.)
    pub rule: Arc<str>,
    pub text: String,
}

/// What happened to a piece of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Kept as (part of) a body paragraph.
    Kept,
    /// Moved into a record field.
    Moved(Field),
    /// Removed by the named rule.
    Removed(Arc<str>),
}

/// One piece of the input: a byte range and its fate. The pieces of a document are
/// disjoint, in input order, and together cover every non-blank byte of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub span: Range<usize>,
    pub fate: Fate,
}

/// A cleaning result: the record and the trace behind it.
#[derive(Debug, Clone)]
pub struct Cleaned {
    pub record: Record,
    pub trace: Vec<Piece>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_name_what_a_record_serialises_in_order() {
        let value = serde_json::to_value(Record::default()).unwrap_or_default();
        let keys: Vec<&str> = value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, Record::FIELDS);
    }

    #[test]
    fn a_flag_is_written_after_page_type_only_when_set() {
        let record = Record {
            uncertain: true,
            ..Record::default()
        };
        let value = serde_json::to_value(record).unwrap_or_default();
        let keys: Vec<&str> = value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys[..8], Record::FIELDS[..8]);
        assert_eq!(keys[8], Record::FLAGS[0]);
        assert_eq!(keys[9..], Record::FIELDS[8..]);
        assert_eq!(value["uncertain"], true);
    }
}
