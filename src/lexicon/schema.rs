//! The on-disk TOML schema, deserialized with unknown keys rejected.
//!
//! These types are private to the loader: [`super::load_toml`] turns them into
//! [`super::Entity`] values, checking what serde cannot.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use toml::Spanned;

#[derive(Deserialize, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct FileDoc {
    pub attribution: Option<String>,
    pub license: Option<String>,
    #[serde(default)]
    pub entity: Vec<Spanned<EntityDoc>>,
    #[serde(default)]
    pub retired: Vec<Spanned<RetiredDoc>>,
}

impl FileDoc {
    /// Every alias of every entity (names, acronyms and short forms), to fill or clear the
    /// keys a snapshot carries (`build.rs` and the snapshot tests).
    #[cfg_attr(not(test), allow(dead_code))]
    pub fn aliases_mut(&mut self) -> impl Iterator<Item = &mut AliasDoc> {
        self.entity.iter_mut().flat_map(|e| {
            let e = e.get_mut();
            e.aliases
                .iter_mut()
                .chain(&mut e.acronyms)
                .chain(&mut e.short)
                .map(|a| a.get_mut())
        })
    }
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct EntityDoc {
    pub id: Spanned<String>,
    pub name: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<AliasDoc>>,
    #[serde(default)]
    pub acronyms: Vec<Spanned<AliasDoc>>,
    #[serde(default)]
    pub short: Vec<Spanned<AliasDoc>>,
    #[serde(default)]
    pub sources: Vec<Spanned<String>>,
    pub wikidata: Option<Spanned<String>>,
    pub note: Option<String>,
    pub examples: Option<ExamplesDoc>,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct ExamplesDoc {
    #[serde(default, rename = "match")]
    pub matches: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<String>,
}

#[derive(Deserialize, PartialEq, Debug)]
#[serde(deny_unknown_fields)]
pub(super) struct RetiredDoc {
    pub id: Spanned<String>,
    pub successor: Option<Spanned<String>>,
    pub reason: Option<String>,
}

/// An alias entry: a plain string or a table with `text`.
#[derive(Default, PartialEq, Debug)]
pub(super) struct AliasDoc {
    pub text: String,
    pub lang: Option<String>,
    pub shared: bool,
    pub primary: bool,
    pub note: Option<String>,
    /// The folded text (the alias's key), when a build-time snapshot carries it: `build.rs`
    /// folds every built-in alias with the runtime's own folding code, so that start-up does
    /// not. Never read from TOML.
    pub key: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasTable {
    text: String,
    lang: Option<String>,
    #[serde(default)]
    shared: bool,
    #[serde(default)]
    primary: bool,
    note: Option<String>,
}

impl<'de> Deserialize<'de> for AliasDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct AliasVisitor;
        impl<'de> Visitor<'de> for AliasVisitor {
            type Value = AliasDoc;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "an alias: a string, or a table such as { text = \"...\", lang = \"ar\" }",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AliasDoc, E> {
                Ok(AliasDoc {
                    text: v.to_owned(),
                    ..AliasDoc::default()
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<AliasDoc, A::Error> {
                let t = AliasTable::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(AliasDoc {
                    text: t.text,
                    lang: t.lang,
                    shared: t.shared,
                    primary: t.primary,
                    note: t.note,
                    key: None,
                })
            }
        }
        d.deserialize_any(AliasVisitor)
    }
}
