//! Lexicons: the entities, their aliases, and the one loader that both the runtime and
//! `canonym lint` use.
//!
//! Two formats are read. TOML files follow the schema in `lexicons/README.md`. Plain TSV lists have
//! one alias per line, `alias<TAB>id[<TAB>name]`; a TSV row whose ID already exists adds an alias to
//! that entity, so a user can extend the built-in lexicons without copying them.

mod diagnostic;
pub mod format;
pub mod lint;
mod schema;
mod snapshot;

pub use diagnostic::{Diagnostic, Severity};

use crate::fold::{Folded, fold_str_into};
use crate::fxhash::FxBuild;
use std::collections::HashMap;
use std::fmt;
use std::path::Path;
use std::sync::Arc;
use unicode_normalization::is_nfc;

/// What kind of thing an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EntityType {
    /// A person.
    Person,
    /// An armed group, militia or military force.
    ArmedGroup,
    /// A political party or coalition.
    Party,
    /// A government, ministry, parliament or state body.
    GovernmentBody,
    /// Any other organization (NGO, company, international body).
    Organization,
    /// A country, region, town, site or other place.
    Place,
    /// A news outlet or agency.
    Media,
    /// An entity from a TSV list whose ID does not say its type.
    Other,
}

impl EntityType {
    /// All types a TOML lexicon may use, with their names.
    pub const NAMED: [(&'static str, EntityType); 7] = [
        ("person", EntityType::Person),
        ("armed-group", EntityType::ArmedGroup),
        ("party", EntityType::Party),
        ("government-body", EntityType::GovernmentBody),
        ("organization", EntityType::Organization),
        ("place", EntityType::Place),
        ("media", EntityType::Media),
    ];

    /// The name used in lexicons and output (`armed-group`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Other => "other",
            t => EntityType::NAMED
                .iter()
                .find(|(_, k)| *k == t)
                .map_or("other", |(n, _)| n),
        }
    }

    /// Parses a lexicon type name.
    pub fn parse(s: &str) -> Option<EntityType> {
        EntityType::NAMED
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, t)| *t)
    }

    /// The ID namespace this type's IDs must use.
    pub fn namespace(self) -> &'static str {
        match self {
            EntityType::Person => "person",
            EntityType::Place => "place",
            EntityType::Media => "media",
            _ => "org",
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an alias may match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasClass {
    /// A name that identifies the entity on its own; matched after folding.
    Name,
    /// An acronym; matches only with exactly the listed letter case.
    Acronym,
    /// A short form that counts only after a full name or acronym of the same entity appeared
    /// earlier in the same record.
    Short,
}

/// One spelling of an entity.
#[derive(Debug, Clone)]
pub struct Alias {
    // Boxed strings: a large lexicon has hundreds of thousands of aliases, and they never grow.
    pub(crate) text: Box<str>,
    /// The matching key: `text` folded and trimmed, made once by the loader's check. The
    /// matcher takes it when it is built (it keeps its own copy of every key), so that a large
    /// lexicon does not hold each key twice; empty after that.
    pub(crate) key: Box<str>,
    pub(crate) class: AliasClass,
    pub(crate) lang: Option<Box<str>>,
    pub(crate) shared: bool,
    pub(crate) primary: bool,
    pub(crate) line: u32,
}

impl Alias {
    /// The spelling as written in the lexicon.
    pub fn text(&self) -> &str {
        &self.text
    }
    /// How it may match.
    pub fn class(&self) -> AliasClass {
        self.class
    }
    /// Its language tag, if the lexicon gives one.
    pub fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
    /// Whether the lexicon marks it as naming several entities.
    pub fn is_shared(&self) -> bool {
        self.shared
    }
    /// Whether this entity is the preferred reading of a shared alias.
    pub fn is_primary(&self) -> bool {
        self.primary
    }
}

/// An entity: one canonical ID and everything known to name it.
#[derive(Debug, Clone)]
pub struct Entity {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) kind: EntityType,
    pub(crate) aliases: Vec<Alias>,
    pub(crate) sources: Vec<String>,
    pub(crate) wikidata: Option<String>,
    pub(crate) examples_match: Vec<String>,
    pub(crate) examples_no_match: Vec<String>,
    pub(crate) file: Arc<str>,
    pub(crate) line: u32,
}

impl Entity {
    /// The canonical ID, e.g. `person:falih-al-fayyadh`.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// The display name.
    pub fn name(&self) -> &str {
        &self.name
    }
    /// The entity type.
    pub fn kind(&self) -> EntityType {
        self.kind
    }
    /// All aliases, acronyms and short forms.
    pub fn aliases(&self) -> &[Alias] {
        &self.aliases
    }
    /// Source page addresses.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }
    /// Wikidata QID, when the lexicon gives one.
    pub fn wikidata(&self) -> Option<&str> {
        self.wikidata.as_deref()
    }
    /// Sentences that must produce this entity.
    pub fn examples_match(&self) -> &[String] {
        &self.examples_match
    }
    /// Sentences that must not produce this entity.
    pub fn examples_no_match(&self) -> &[String] {
        &self.examples_no_match
    }
    /// The lexicon file and line that define the entity.
    pub fn origin(&self) -> (&str, u32) {
        (&self.file, self.line)
    }
}

/// A retired ID and the ID that replaced it.
#[derive(Debug, Clone)]
pub struct Retired {
    pub(crate) id: String,
    pub(crate) successor: Option<String>,
    pub(crate) file: Arc<str>,
    pub(crate) line: u32,
}

/// The result of reading one lexicon source: what could be read, and every problem found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub(crate) entities: Vec<Entity>,
    /// TSV rows that add an alias to an entity defined elsewhere: (id, alias).
    pub(crate) extensions: Vec<(String, Alias, Arc<str>)>,
    pub(crate) retired: Vec<Retired>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// The entities read.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Problems found while reading.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    fn error(&mut self, file: &Arc<str>, line: u32, col: u32, msg: String, help: Option<String>) {
        self.diagnostics.push(Diagnostic {
            severity: Severity::Error,
            file: file.clone(),
            line,
            col,
            message: msg,
            help,
        });
    }

    /// Duplicate IDs, retired IDs still in use, and redirects to IDs nobody has: checked alike by
    /// `canonym lint` and when a lexicon is built.
    pub fn id_problems(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut first: HashMap<&str, &Entity, FxBuild> = HashMap::default();
        for e in &self.entities {
            match first.get(e.id.as_str()) {
                Some(p) => out.push(
                    Diagnostic::error(
                        &e.file,
                        e.line,
                        1,
                        format!(
                            "duplicate ID `{}` (first defined at {}:{})",
                            e.id, p.file, p.line
                        ),
                    )
                    .with_help(
                        "IDs are unique: merge the two entries, or give this one another slug",
                    ),
                ),
                None => {
                    first.insert(&e.id, e);
                }
            }
        }
        for r in &self.retired {
            if first.contains_key(r.id.as_str()) {
                out.push(
                    Diagnostic::error(
                        &r.file,
                        r.line,
                        1,
                        format!("retired ID `{}` is used by an entity", r.id),
                    )
                    .with_help("IDs are never reused: give the entity a new ID"),
                );
            }
            if let Some(s) = &r.successor {
                if !first.contains_key(s.as_str()) && !self.retired.iter().any(|x| &x.id == s) {
                    out.push(Diagnostic::error(
                        &r.file,
                        r.line,
                        1,
                        format!(
                            "retired ID `{}` redirects to `{s}`, which no entity has",
                            r.id
                        ),
                    ));
                }
            }
        }
        out
    }

    /// Appends another source's contents.
    pub fn merge(&mut self, other: Loaded) {
        // Into nothing yet (the first source), the vectors are taken as they are rather than
        // copied: a large lexicon's entities are not held twice.
        fn append<T>(to: &mut Vec<T>, from: Vec<T>) {
            if to.is_empty() {
                *to = from;
            } else {
                to.extend(from);
            }
        }
        append(&mut self.entities, other.entities);
        append(&mut self.extensions, other.extensions);
        append(&mut self.retired, other.retired);
        append(&mut self.diagnostics, other.diagnostics);
    }
}

/// Byte offset to 1-based line and column.
///
/// Every entity and alias records its line, and they are asked for in file order: the newlines
/// are counted from the last offset asked about, forward or back, rather than indexed up front.
/// Only a diagnostic needs a column, which counts the characters before the offset on its line.
struct Lines<'t> {
    text: &'t str,
    /// The last offset asked about and its line.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Lines<'t> {
        Lines {
            text,
            last: std::cell::Cell::new((0, 1)),
        }
    }
    fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let newlines = |from: usize, to: usize| {
            memchr::memchr_iter(b'\n', &self.text.as_bytes()[from..to]).count()
        };
        let (last, line) = self.last.get();
        let line = if offset >= last {
            line + newlines(last, offset)
        } else {
            line - newlines(offset, last)
        };
        self.last.set((offset, line));
        line
    }
    fn locate(&self, offset: usize) -> (u32, u32) {
        let line = self.line(offset);
        let offset = offset.min(self.text.len());
        let start = self.text.as_bytes()[..offset]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let col = self
            .text
            .get(start..offset)
            .map_or(1, |s| s.chars().count() + 1);
        (line as u32, col as u32)
    }
}

fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Checks an ID has the form `namespace:slug`.
pub fn check_id(id: &str) -> Result<(&str, &str), String> {
    let Some((ns, slug)) = id.split_once(':') else {
        return Err(format!(
            "ID `{id}` has no namespace; write it as `person:...`, `org:...`, `place:...` or `media:...`"
        ));
    };
    if !matches!(ns, "person" | "org" | "place" | "media") {
        return Err(format!(
            "ID `{id}` has unknown namespace `{ns}`; use person, org, place or media"
        ));
    }
    if !is_valid_slug(slug) {
        return Err(format!(
            "ID `{id}` is not a lowercase ASCII slug; use words of a-z and 0-9 joined by `-`, e.g. `{ns}:abu-kamal`"
        ));
    }
    Ok((ns, slug))
}

/// Whether a text made only of such characters is NFC whatever their order: each is its own
/// composed form and has combining class 0, and none composes with a character before it (the
/// Unicode quick check answers Yes for such text). Most aliases are ASCII, Latin letters or
/// Arabic and Persian letters: they skip the table lookup of `is_nfc` per character.
fn nfc_on_its_own(c: char) -> bool {
    matches!(c,
        '\0'..='\u{7F}'
        | '\u{C0}'..='\u{17F}'
        | '\u{621}'..='\u{64A}'
        | '\u{671}'..='\u{6D5}')
}

/// Checks one alias text, shared by TOML and TSV, and gives its matching key: the alias folded
/// ([`crate::fold::fold_str`]) and trimmed, or the problem that keeps it out.
///
/// The check needs the fold of the text (an alias must keep a letter or digit), and the matcher
/// needs the same fold as its key: the key is kept in the [`Alias`] so that every alias is
/// folded once, here, for `canonym lint` and the runtime alike.
///
/// `scratch` is a folding buffer reused from one alias to the next: the key is then the one
/// allocation an alias costs here. `folded` is the key a build-time snapshot carries (made by
/// this fold, in `build.rs`): the checks still run, but the text is not folded again.
fn alias_key(text: &str, folded: Option<String>, scratch: &mut Folded) -> Result<Box<str>, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("alias is empty".into());
    }
    if trimmed.len() != text.len() {
        return Err(format!("alias `{text}` has leading or trailing whitespace"));
    }
    // ASCII text has no replacement character, its only control characters are ASCII ones, and
    // it is NFC: the two Unicode checks below are for other text only.
    let ascii = text.is_ascii();
    let bad_char = if ascii {
        text.bytes().any(|b| b.is_ascii_control())
    } else {
        text.chars().any(|c| c.is_control() || c == '\u{FFFD}')
    };
    if bad_char {
        return Err(format!(
            "alias `{}` contains a control or replacement character",
            text.escape_debug()
        ));
    }
    if !ascii && !text.chars().all(nfc_on_its_own) && !is_nfc(text) {
        return Err(format!(
            "alias `{text}` is not in Unicode NFC; write it in composed form"
        ));
    }
    let key = match &folded {
        Some(key) => key.as_str(),
        None => {
            fold_str_into(text, scratch);
            scratch.as_str().trim()
        }
    };
    // Folding keeps every ASCII letter (lowercased) and digit: only other text needs the fold
    // looked at to tell.
    if !text.bytes().any(|b| b.is_ascii_alphanumeric())
        && !key.chars().any(crate::fold::is_word_char)
    {
        return Err(format!(
            "alias `{text}` has no letters or digits after folding"
        ));
    }
    Ok(match folded {
        Some(key) => key.into_boxed_str(),
        None => key.into(),
    })
}

/// Reads one TOML lexicon. `file` names it in diagnostics.
pub fn load_toml(file: &str, text: &str) -> Loaded {
    load_toml_or_snapshot(file, text, None)
}

/// [`load_toml`], decoding `snapshot` (made by `build.rs` from the same text) instead of
/// parsing when there is one.
fn load_toml_or_snapshot(file: &str, text: &str, snapshot: Option<&[u8]>) -> Loaded {
    let file: Arc<str> = Arc::from(file);
    let mut out = Loaded::default();
    let lines = Lines::new(text);
    let at = |span: std::ops::Range<usize>| lines.locate(span.start);
    let line_of = |span: std::ops::Range<usize>| lines.line(span.start) as u32;
    // One folding buffer for every alias of the file (see `alias_key`).
    let mut scratch = Folded::default();
    let parsed = match snapshot.and_then(snapshot::decode) {
        Some(doc) => Ok(doc),
        None => toml::from_str::<schema::FileDoc>(text),
    };
    let doc: schema::FileDoc = match parsed {
        Ok(d) => d,
        Err(e) => {
            let (line, col) = e.span().map_or((1, 1), at);
            let msg = e.message().trim().replace('\n', " ");
            // The parser gives no message for some characters (a control character, a lone CR).
            let msg = if msg.is_empty() {
                let found = e.span().and_then(|s| text.get(s.start..)?.chars().next());
                found.map_or("invalid TOML".to_owned(), |c| {
                    format!("invalid TOML: unexpected character {c:?}")
                })
            } else {
                msg
            };
            let help = if msg.contains("unknown field") {
                Some("see lexicons/README.md for the fields an entity may have".to_string())
            } else {
                None
            };
            out.error(&file, line, col, msg, help);
            return out;
        }
    };
    let _ = (&doc.attribution, &doc.license);
    out.entities.reserve_exact(doc.entity.len());
    for ent in doc.entity {
        let line = line_of(ent.span());
        let e = ent.into_inner();
        let id = e.id.get_ref().clone();
        if let Err(msg) = check_id(&id) {
            let (id_line, id_col) = at(e.id.span());
            out.error(&file, id_line, id_col, msg, None);
        }
        let kind = match EntityType::parse(e.kind.get_ref()) {
            Some(k) => k,
            None => {
                let (l, c) = at(e.kind.span());
                let names: Vec<_> = EntityType::NAMED.iter().map(|(n, _)| *n).collect();
                out.error(
                    &file,
                    l,
                    c,
                    format!("unknown type `{}`", e.kind.get_ref()),
                    Some(format!("use one of: {}", names.join(", "))),
                );
                EntityType::Other
            }
        };
        if kind != EntityType::Other {
            if let Some((ns, _)) = id.split_once(':') {
                if ns != kind.namespace() && matches!(ns, "person" | "org" | "place" | "media") {
                    let (id_line, id_col) = at(e.id.span());
                    out.error(
                        &file,
                        id_line,
                        id_col,
                        format!(
                            "ID `{id}` has namespace `{ns}` but type `{kind}` uses `{}`",
                            kind.namespace()
                        ),
                        None,
                    );
                }
            }
        }
        if e.name.get_ref().trim().is_empty() {
            let (l, c) = at(e.name.span());
            out.error(
                &file,
                l,
                c,
                format!("entity `{id}` has an empty name"),
                None,
            );
        }
        if e.aliases.is_empty() {
            out.error(
                &file,
                line,
                1,
                format!("entity `{id}` has no aliases"),
                Some("list at least its display name in `aliases`".into()),
            );
        }
        if e.sources.is_empty() {
            out.error(
                &file,
                line,
                1,
                format!("entity `{id}` has no sources"),
                Some(
                    "add `sources = [\"https://...\"]` with the page where its spellings were seen"
                        .into(),
                ),
            );
        }
        for s in &e.sources {
            let url = s.get_ref();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                let (l, c) = at(s.span());
                out.error(
                    &file,
                    l,
                    c,
                    format!("source `{url}` is not a page address"),
                    Some("sources are http:// or https:// addresses".into()),
                );
            }
        }
        if let Some(q) = &e.wikidata {
            let v = q.get_ref();
            if !(v.len() > 1 && v.starts_with('Q') && v[1..].bytes().all(|b| b.is_ascii_digit())) {
                let (l, c) = at(q.span());
                out.error(
                    &file,
                    l,
                    c,
                    format!("wikidata `{v}` is not a QID like `Q123`"),
                    None,
                );
            }
        }
        let mut aliases = Vec::with_capacity(e.aliases.len() + e.acronyms.len() + e.short.len());
        for (class, list) in [
            (AliasClass::Name, e.aliases),
            (AliasClass::Acronym, e.acronyms),
            (AliasClass::Short, e.short),
        ] {
            for a in list {
                let span = a.span();
                let l = line_of(span.clone());
                let mut a = a.into_inner();
                let key = match alias_key(&a.text, a.key.take(), &mut scratch) {
                    Ok(key) => key,
                    Err(msg) => {
                        let (l, c) = at(span);
                        out.error(&file, l, c, format!("{msg} (entity `{id}`)"), None);
                        continue;
                    }
                };
                if a.primary && !a.shared {
                    let (l, c) = at(span);
                    out.error(
                        &file,
                        l,
                        c,
                        format!("alias `{}` is `primary` but not `shared`", a.text),
                        Some("add `shared = true`, or drop `primary`".into()),
                    );
                }
                let _ = &a.note;
                aliases.push(Alias {
                    text: a.text.into(),
                    key,
                    class,
                    lang: a.lang.map(String::into_boxed_str),
                    shared: a.shared,
                    primary: a.primary,
                    line: l,
                });
            }
        }
        let (examples_match, examples_no_match) = e
            .examples
            .map(|x| (x.matches, x.no_match))
            .unwrap_or_default();
        let _ = &e.note;
        out.entities.push(Entity {
            id,
            name: e.name.into_inner(),
            kind,
            aliases,
            sources: e.sources.into_iter().map(|s| s.into_inner()).collect(),
            wikidata: e.wikidata.map(|q| q.into_inner()),
            examples_match,
            examples_no_match,
            file: file.clone(),
            line,
        });
    }
    for r in doc.retired {
        let line = line_of(r.span());
        let r = r.into_inner();
        if let Err(msg) = check_id(r.id.get_ref()) {
            let (l, c) = at(r.id.span());
            out.error(&file, l, c, msg, None);
        }
        out.retired.push(Retired {
            id: r.id.into_inner(),
            successor: r.successor.map(|s| s.into_inner()),
            file: file.clone(),
            line,
        });
        let _ = r.reason;
    }
    out
}

/// Reads a TSV list: `alias<TAB>id[<TAB>name]` per line. Blank lines and lines starting with `#`
/// are skipped. IDs are free-form here, so users can bring their own.
pub fn load_tsv(file: &str, text: &str) -> Loaded {
    let file: Arc<str> = Arc::from(file);
    let mut out = Loaded::default();
    let mut local: HashMap<String, usize, FxBuild> = HashMap::default();
    // One folding buffer for every alias of the file (see `alias_key`).
    let mut scratch = Folded::default();
    for (i, raw) in text.lines().enumerate() {
        let line = (i + 1) as u32;
        let row = raw.strip_suffix('\r').unwrap_or(raw);
        if row.trim().is_empty() || row.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = row.split('\t').collect();
        if cols.len() < 2 || cols.len() > 3 {
            out.error(
                &file,
                line,
                1,
                format!(
                    "expected `alias<TAB>id[<TAB>name]`, found {} column(s)",
                    cols.len()
                ),
                Some("separate columns with one TAB character".into()),
            );
            continue;
        }
        let (alias, id) = (cols[0], cols[1].trim());
        if id.is_empty() || id.chars().any(char::is_whitespace) {
            out.error(
                &file,
                line,
                alias.chars().count() as u32 + 2,
                format!("ID `{id}` is empty or contains whitespace"),
                None,
            );
            continue;
        }
        let key = match alias_key(alias, None, &mut scratch) {
            Ok(key) => key,
            Err(msg) => {
                out.error(&file, line, 1, msg, None);
                continue;
            }
        };
        let a = Alias {
            text: alias.into(),
            key,
            class: AliasClass::Name,
            lang: None,
            shared: false,
            primary: false,
            line,
        };
        if let Some(&idx) = local.get(id) {
            out.entities[idx].aliases.push(a);
            continue;
        }
        let name = cols.get(2).map(|n| n.trim()).filter(|n| !n.is_empty());
        if name.is_none() {
            // May extend an entity from another lexicon; resolved when lexicons are combined.
            out.extensions.push((id.to_owned(), a, file.clone()));
            continue;
        }
        let kind = match id.split_once(':').map(|(ns, _)| ns) {
            Some("person") => EntityType::Person,
            Some("place") => EntityType::Place,
            Some("media") => EntityType::Media,
            Some("org") => EntityType::Organization,
            _ => EntityType::Other,
        };
        local.insert(id.to_owned(), out.entities.len());
        out.entities.push(Entity {
            id: id.to_owned(),
            name: name.unwrap_or(alias).to_owned(),
            kind,
            aliases: vec![a],
            sources: Vec::new(),
            wikidata: None,
            examples_match: Vec::new(),
            examples_no_match: Vec::new(),
            file: file.clone(),
            line,
        });
    }
    out
}

/// Reads a lexicon from text, choosing the format from the file name (`.tsv` or TOML).
pub fn load_str(file: &str, text: &str) -> Loaded {
    if file.ends_with(".tsv") || file.ends_with(".txt") {
        load_tsv(file, text)
    } else {
        load_toml(file, text)
    }
}

/// Reads a lexicon file, or every `.toml` and `.tsv` file below a directory (in sorted order).
pub fn load_path(path: &Path) -> Loaded {
    let mut out = Loaded::default();
    let mut files = Vec::new();
    if let Err(e) = collect_files(path, &mut files) {
        let f: Arc<str> = Arc::from(path.display().to_string());
        out.error(&f, 0, 0, format!("cannot read: {e}"), None);
        return out;
    }
    for f in files {
        let name = f.display().to_string();
        match std::fs::read(&f) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => out.merge(load_str(&name, &text)),
                Err(e) => {
                    let f: Arc<str> = Arc::from(name);
                    let before = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
                    out.error(&f, line, 1, "lexicon is not valid UTF-8".into(), None);
                }
            },
            Err(e) => {
                let f: Arc<str> = Arc::from(name);
                out.error(&f, 0, 0, format!("cannot read: {e}"), None);
            }
        }
    }
    out
}

fn collect_files(path: &Path, out: &mut Vec<std::path::PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                collect_files(&p, out)?;
            } else if matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "tsv")) {
                out.push(p);
            }
        }
    } else {
        out.push(path.to_path_buf());
    }
    Ok(())
}

/// The lexicon files compiled into the binary: (path relative to the crate, contents).
pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
    include!(concat!(env!("OUT_DIR"), "/builtin_lexicons.rs"))
}

/// Build-time snapshots of the built-in files, in the order of [`builtin_sources`] (`None` for
/// a TSV file or a TOML file that did not parse).
fn builtin_snapshots() -> &'static [Option<&'static [u8]>] {
    include!(concat!(env!("OUT_DIR"), "/builtin_snapshots.rs"))
}

/// Reads the built-in lexicons.
pub fn load_builtin() -> Loaded {
    let mut out = Loaded::default();
    let snapshots = builtin_snapshots();
    for (i, (name, text)) in builtin_sources().iter().enumerate() {
        match snapshots.get(i).copied().flatten() {
            Some(snap) => out.merge(load_toml_or_snapshot(name, text, Some(snap))),
            None => out.merge(load_str(name, text)),
        }
    }
    out
}

/// A set of entities ready for matching, with retired-ID redirects.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub(crate) entities: Vec<Entity>,
    pub(crate) by_id: HashMap<String, usize, FxBuild>,
    pub(crate) redirects: HashMap<String, String, FxBuild>,
}

impl Lexicon {
    /// Combines loaded sources. Fails with the diagnostics when any is an error, including a
    /// duplicate ID or a TSV row naming an unknown ID without a name.
    pub fn from_loaded(loaded: Loaded) -> Result<Lexicon, Vec<Diagnostic>> {
        let mut errors: Vec<Diagnostic> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .cloned()
            .collect();
        errors.extend(loaded.id_problems());
        // The first entity of each ID, in load order; the loaded vector is reused.
        let mut lex = Lexicon {
            entities: loaded.entities,
            ..Lexicon::default()
        };
        lex.by_id.reserve(lex.entities.len());
        let by_id = &mut lex.by_id;
        lex.entities.retain(|e| {
            if by_id.contains_key(&e.id) {
                return false;
            }
            by_id.insert(e.id.clone(), by_id.len());
            true
        });
        for (id, alias, file) in loaded.extensions {
            let target = lex.resolve_id(&id).map(|e| e.id.clone());
            match target.and_then(|t| lex.by_id.get(&t).copied()) {
                Some(i) => lex.entities[i].aliases.push(alias),
                None => errors.push(
                    Diagnostic::error(
                        &file,
                        alias.line,
                        1,
                        format!(
                            "ID `{id}` is not defined by any lexicon and the row has no name column"
                        ),
                    )
                    .with_help("add a third column with the display name to define a new entity"),
                ),
            }
        }
        for r in loaded.retired {
            if let Some(s) = r.successor {
                lex.redirects.insert(r.id, s);
            }
        }
        // A large lexicon is kept for the life of the matcher: no spare capacity.
        lex.entities.shrink_to_fit();
        for e in &mut lex.entities {
            e.aliases.shrink_to_fit();
        }
        if errors.is_empty() {
            Ok(lex)
        } else {
            Err(errors)
        }
    }

    /// All entities, in load order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// Looks up an entity by ID, following redirects of retired IDs.
    pub fn resolve_id(&self, id: &str) -> Option<&Entity> {
        let mut id = id;
        for _ in 0..16 {
            if let Some(&i) = self.by_id.get(id) {
                return Some(&self.entities[i]);
            }
            id = self.redirects.get(id)?;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::char::canonical_combining_class;
    use unicode_normalization::{IsNormalized, is_nfc_quick};

    #[test]
    fn characters_nfc_on_their_own_pass_the_quick_check_alone() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|&c| nfc_on_its_own(c))
        {
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert!(
                matches!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes),
                "{c:?}"
            );
        }
    }
}
