//! canonym gives every spelling of a name one canonical ID.
//!
//! News about Iraq, Syria, Iran and Lebanon spells one person as Falih al-Fayyadh, Faleh
//! al-Fayyadh, FALIH AL-FAYYADH and فالح الفياض. canonym finds such names in running text and
//! resolves them to stable IDs (`person:falih-al-fayyadh`), with byte spans that point into the
//! original input, whatever its case, diacritics, apostrophes or Arabic vowel marks.
//!
//! # Finding names in text
//!
//! ```
//! let canonym = canonym::Canonym::new();
//! let text = "Faleh al-Fayyadh met PMF commanders in Erbil.";
//! for m in canonym.find_iter(text) {
//!     let entity = m.entity().expect("unambiguous");
//!     println!("{}..{} {:?} -> {}", m.start(), m.end(), &text[m.span()], entity.id());
//! }
//! let ids: Vec<&str> = canonym.find_iter(text).filter_map(|m| m.entity().map(|e| e.id())).collect();
//! assert_eq!(ids, ["person:falih-al-fayyadh", "org:popular-mobilization-forces", "place:erbil"]);
//! ```
//!
//! # Resolving one name
//!
//! ```
//! let canonym = canonym::Canonym::new();
//! let r = canonym.resolve("FALIH AL-FAYYADH").expect("known name");
//! assert_eq!(r.entity().unwrap().id(), "person:falih-al-fayyadh");
//! assert!(canonym.resolve("Hamas").map_or(true, |r| r.entity().unwrap().id() != "place:hama"));
//! ```
//!
//! # Rewriting text
//!
//! ```
//! use canonym::{Canonym, Replacement};
//! let canonym = Canonym::new();
//! let out = canonym.normalize("Kataib Hizbollah fighters", &Replacement::Id);
//! assert_eq!(out, "org:kataib-hezbollah fighters");
//! ```
//!
//! # Your own lexicons
//!
//! ```
//! let canonym = canonym::Canonym::builder()
//!     .no_default_lexicons()
//!     .lexicon_str("mine.tsv", "Acme Corp\torg:acme\tAcme Corporation\nACME corp.\torg:acme\n")
//!     .build()
//!     .unwrap();
//! let m = canonym.find_iter("shares of acme corp rose").next().unwrap();
//! assert_eq!(m.entity().unwrap().name(), "Acme Corporation");
//! ```
//!
//! # How matching works
//!
//! Text and aliases go through one folding function ([`fold::fold`]): compatibility
//! normalization, lowercasing, removal of diacritics and Arabic vowel marks, apostrophes deleted
//! inside words, hyphens as spaces, Arabic letter variants unified. An Aho-Corasick automaton over
//! the folded alias keys finds candidates; a mention must start and end on a word boundary
//! (letters and digits of any script are word characters), except that Arabic proclitics (و ف ب
//! ل ك and the article) may stand before an Arabic-script name. Among valid candidates the
//! leftmost-longest wins. Acronyms match only in their exact case; short forms only after the
//! entity was named in full earlier in the same record; an alias shared by several entities gives
//! a mention that lists them all.

#![deny(missing_docs)]

#[doc(hidden)]
pub mod checks;
pub mod fold;
mod fxhash;
pub mod lexicon;
mod scan;
mod shortwords;
mod swar;
pub mod translit;

pub use lexicon::{Alias, AliasClass, Diagnostic, Entity, EntityType, Lexicon, Severity};
pub use scan::MatchKind;
pub use scan::tiers::Tiers;
pub use translit::{Rule, Rules};

use once_cell::sync::Lazy;
use scan::{Matcher, RawMention};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A compiled lexicon ready to find, rewrite and resolve names. Cheap to clone; `Send + Sync`.
#[derive(Clone)]
pub struct Canonym {
    inner: Arc<Inner>,
}

struct Inner {
    lex: Lexicon,
    matcher: Matcher,
    /// Built on first use: a run that only meets listed spellings never pays for it.
    index: once_cell::sync::OnceCell<translit::index::Index>,
    rules: Rules,
    tiers: Tiers,
    /// This matcher's share of the per-thread memo of the later tiers.
    memo: u64,
}

impl Inner {
    fn index(&self) -> &translit::index::Index {
        self.index
            .get_or_init(|| translit::index::Index::new(&self.lex, &self.matcher, self.rules))
    }
}

impl fmt::Debug for Canonym {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.debug_struct("Canonym")
            .field("entities", &self.inner.lex.entities.len())
            .finish()
    }
}

static BUILTIN: Lazy<Result<Canonym, Error>> = Lazy::new(|| Canonym::builder().build());

impl Default for Canonym {
    fn default() -> Canonym {
        Canonym::new()
    }
}

impl Canonym {
    /// The built-in lexicons, compiled once per process on first use.
    ///
    /// # Panics
    ///
    /// If the built-in lexicons do not load, which `cargo test` rules out for every release; use
    /// [`Canonym::try_new`] to handle that case.
    pub fn new() -> Canonym {
        match Canonym::try_new() {
            Ok(c) => c,
            Err(e) => panic!("the built-in lexicons do not load: {e}"),
        }
    }

    /// The built-in lexicons, or the errors that keep them from loading.
    pub fn try_new() -> Result<Canonym, Error> {
        BUILTIN.clone()
    }

    /// A builder to add lexicons or drop the built-in ones.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The lexicon behind this matcher.
    pub fn lexicon(&self) -> &Lexicon {
        &self.inner.lex
    }

    /// Builds now what is otherwise built on first use: the transliteration and fuzzy index,
    /// when the later tiers are on, and the table that [`Canonym::resolve`] looks whole names
    /// up in. A server can call it before taking requests, so that the first one does not
    /// wait; the CLI calls it before starting worker threads when the later tiers are on, so
    /// that the index is built once, on one thread.
    pub fn warm_up(&self) {
        if self.inner.tiers != Tiers::exact_only() {
            self.inner.index();
        }
        self.inner.matcher.warm_up();
    }

    /// Finds the mentions in `text`, treated as one record (short forms look back to the start).
    pub fn find_iter<'c>(&'c self, text: &str) -> Mentions<'c> {
        // Text known to be UTF-8 is not checked again.
        self.find_folded(text.as_bytes(), |out| fold::fold_str_into(text, out))
    }

    /// Like [`Canonym::find_iter`] for bytes that need not be valid UTF-8. Spans are byte offsets
    /// into `text`; invalid sequences are never part of a mention.
    pub fn find_bytes<'c>(&'c self, text: &[u8]) -> Mentions<'c> {
        self.find_folded(text, |out| fold::fold_bytes_into(text, out))
    }

    /// The mentions in `text`, which `fold` folds into the buffer it is given.
    fn find_folded<'c>(
        &'c self,
        text: &[u8],
        fold: impl FnOnce(&mut fold::Folded),
    ) -> Mentions<'c> {
        let inner = &*self.inner;
        let scan = |folded: &fold::Folded| {
            if inner.tiers == Tiers::exact_only() {
                return inner.matcher.scan_folded(text, folded);
            }
            thread_local! {
                /// The words the gate walked, passed on to the later tiers (one buffer per
                /// thread, reused from record to record).
                static RUNS: std::cell::Cell<Vec<scan::WordRun>> =
                    const { std::cell::Cell::new(Vec::new()) };
            }
            let mut runs = RUNS.with(|r| r.take());
            runs.clear();
            let mut raw = inner
                .matcher
                .scan_folded_recording(text, folded, Some(&mut runs));
            scan::tiers::extend(
                inner.index(),
                inner.tiers,
                inner.memo,
                text,
                folded,
                &runs,
                &mut raw,
            );
            // A very long record's buffer is not kept.
            if runs.capacity() <= 1 << 16 {
                RUNS.with(|r| r.set(runs));
            }
            raw
        };
        let raw = with_folded(fold, scan);
        Mentions::new(&self.inner.lex, raw)
    }

    /// Rewrites every mention in `text`; every other byte is unchanged.
    pub fn normalize(&self, text: &str, to: &Replacement) -> String {
        let out = self.normalize_bytes(text.as_bytes(), to);
        String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// Rewrites every mention in `text` into `out`; every other byte, valid UTF-8 or not, is
    /// copied unchanged. Ambiguous mentions without a preferred reading are left as they are.
    pub fn normalize_into(&self, text: &[u8], to: &Replacement, out: &mut Vec<u8>) {
        let mut pos = 0;
        for m in self.find_bytes(text) {
            let Some(entity) = m.entity() else { continue };
            out.extend_from_slice(&text[pos..m.start()]);
            to.write(entity, &m, &text[m.span()], out);
            pos = m.end();
        }
        out.extend_from_slice(&text[pos..]);
    }

    /// Like [`Canonym::normalize`] for bytes.
    pub fn normalize_bytes(&self, text: &[u8], to: &Replacement) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 16);
        self.normalize_into(text, to, &mut out);
        out
    }

    /// Resolves one name (a whole cell of a table, say) to an entity.
    ///
    /// The name must be an alias as a whole, after folding and Arabic proclitics; short forms
    /// resolve with kind `coref` only when unambiguous. Returns `None` when nothing matches.
    pub fn resolve(&self, name: &str) -> Option<Resolution<'_>> {
        with_folded(
            |out| fold::fold_str_into(name, out),
            |full| self.resolve_folded(name, full),
        )
    }

    /// [`Canonym::resolve`] of `name`, folded to `full`.
    fn resolve_folded(&self, name: &str, full: &fold::Folded) -> Option<Resolution<'_>> {
        let lex = &self.inner.lex;
        let folded = full.as_str();
        let key = folded.trim();
        // A mention must cover every word character of the name (Arabic proclitics aside), so
        // a name that starts and ends with one can only be an alias as a whole, or after
        // proclitics of its first word: when no alias folds to any of those, the scan (and
        // building the automaton it would need) can be skipped.
        let whole_only = folded.chars().next().is_some_and(fold::is_word_char)
            && folded.chars().next_back().is_some_and(fold::is_word_char);
        let known = |k: &str| self.inner.matcher.pattern_of(k).is_some();
        let after_proclitics = || fold::arabic::proclitic_splits(key).any(|i| known(&key[i..]));
        let mentions = if whole_only && !known(key) && !after_proclitics() {
            Vec::new()
        } else {
            self.inner.matcher.scan_folded(name.as_bytes(), full)
        };
        if let [m] = mentions.as_slice() {
            let before = fold::fold_str(&name[..m.start]);
            let after = fold::fold_str(&name[m.end..]);
            let clean = |s: &str| !s.chars().any(fold::is_word_char);
            let before_ok = clean(&before) || {
                let b = before.trim_start();
                !b.ends_with(' ')
                    && (fold::arabic::is_proclitic(b) || fold::arabic::is_article_proclitic(b))
            };
            if before_ok && clean(&after) {
                return Some(Resolution {
                    lex,
                    raw: m.clone(),
                });
            }
        }
        // A short form alone: resolves when it names exactly one entity.
        if let Some(pat) = self.inner.matcher.pattern_of(key) {
            let mut ents: Vec<u32> = self
                .inner
                .matcher
                .entries(pat)
                .iter()
                .filter(|e| e.class == AliasClass::Short && !e.article_stripped)
                .map(|e| e.entity)
                .collect();
            ents.sort_unstable();
            ents.dedup();
            if !ents.is_empty() {
                let raw = RawMention {
                    start: 0,
                    end: name.len(),
                    fstart: 0,
                    fend: key.len(),
                    entity: (ents.len() == 1).then(|| ents[0]),
                    candidates: if ents.len() > 1 { ents } else { Vec::new() },
                    kind: MatchKind::Coref,
                };
                return Some(Resolution { lex, raw });
            }
        }
        // Spellings no lexicon lists.
        if !(self.inner.tiers.translit || self.inner.tiers.fuzzy) {
            return None;
        }
        self.resolve_later_tiers(name, key, None)
    }

    /// The translit, cross-script and fuzzy tiers for a whole name (`key` is its folded form).
    fn resolve_later_tiers(
        &self,
        name: &str,
        key: &str,
        hide: translit::index::Hide,
    ) -> Option<Resolution<'_>> {
        let inner = &*self.inner;
        let f = translit::form(key, inner.rules);
        let (entity, candidates, kind) = scan::tiers::lookup(
            inner.index(),
            inner.tiers,
            key,
            Some(name),
            f.as_ref(),
            hide,
            true,
        )?;
        let raw = RawMention {
            start: 0,
            end: name.len(),
            fstart: 0,
            fend: key.len(),
            entity,
            candidates,
            kind,
        };
        Some(Resolution {
            lex: &inner.lex,
            raw,
        })
    }

    /// Resolves `name` as if some spellings were not in the lexicon: the exact tier is skipped and
    /// every alias for which `hide(entity, folded_alias)` is true is left out. For evaluations.
    #[doc(hidden)]
    pub fn resolve_unlisted(
        &self,
        name: &str,
        hide: &dyn Fn(&Entity, &str) -> bool,
    ) -> Option<Resolution<'_>> {
        let inner = &*self.inner;
        let key = fold::fold_str(name);
        let index = inner.index();
        let h = |e: &translit::index::Entry| {
            hide(&inner.lex.entities[e.entity as usize], index.folded(e))
        };
        self.resolve_later_tiers(name, key.trim(), Some(&h))
    }

    /// Explains how `name` resolves: its folded form, its transliteration key, the candidates of
    /// every tier with their distances, and the result.
    pub fn explain(&self, name: &str) -> Explanation<'_> {
        let inner = &*self.inner;
        let folded = fold::fold_str(name).trim().to_owned();
        let form = translit::form(&folded, inner.rules);
        let mut candidates = Vec::new();
        if let Some(f) = &form {
            let both = inner
                .index()
                .translit(f, None)
                .into_iter()
                .chain(inner.index().fuzzy(&folded, Some(f), None, true));
            for c in both.take(20) {
                let e = &inner.index().entries[c.entry as usize];
                let entity = &inner.lex.entities[e.entity as usize];
                candidates.push(ExplainedCandidate {
                    entity,
                    alias: &entity.aliases[e.alias as usize].text,
                    kind: scan::tiers::kind_of(c.tier),
                    distance: c.distance,
                    accepted: c.accepted,
                });
            }
        }
        Explanation {
            folded,
            form,
            candidates,
            result: self.resolve(name),
        }
    }
}

/// What [`Canonym::explain`] found.
#[derive(Debug)]
pub struct Explanation<'c> {
    /// The folded name.
    pub folded: String,
    /// Its transliteration form, if it has one.
    pub form: Option<translit::Form>,
    /// Candidates of the translit, cross-script and fuzzy tiers, closest first.
    pub candidates: Vec<ExplainedCandidate<'c>>,
    /// What [`Canonym::resolve`] returns.
    pub result: Option<Resolution<'c>>,
}

/// One candidate in an [`Explanation`].
#[derive(Debug)]
pub struct ExplainedCandidate<'c> {
    /// The candidate entity.
    pub entity: &'c Entity,
    /// The alias that made it a candidate.
    pub alias: &'c str,
    /// The tier.
    pub kind: MatchKind,
    /// Transliteration distance; for fuzzy candidates the letter edits (plus 0.5 when the
    /// transliteration keys differ), or 1 - string similarity for those found by key alone.
    pub distance: f64,
    /// Whether it is within the tier's threshold.
    pub accepted: bool,
}

/// Runs `then` on a text that `fold` folds into this thread's folding buffers (reused from one
/// record or name to the next; fresh ones when they are in use further up the stack). A huge
/// text's buffers are let go afterwards rather than kept for the rest of the thread's life.
fn with_folded<R>(
    fold: impl FnOnce(&mut fold::Folded),
    then: impl FnOnce(&fold::Folded) -> R,
) -> R {
    thread_local! {
        static SCRATCH: std::cell::RefCell<fold::Folded> = std::cell::RefCell::default();
    }
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut folded) => {
            fold(&mut folded);
            let r = then(&folded);
            if folded.as_str().len() > 1 << 20 {
                *folded = fold::Folded::default();
            }
            r
        }
        Err(_) => {
            let mut folded = fold::Folded::default();
            fold(&mut folded);
            then(&folded)
        }
    })
}

/// The mentions of a record, in order: what [`Canonym::find_iter`] and [`Canonym::find_bytes`]
/// return. (Each [`Mention`] is made as it is taken, not collected first.)
#[derive(Debug, Clone)]
pub struct Mentions<'c> {
    lex: &'c Lexicon,
    /// The mentions; those before `front` and from `back` on are taken. The buffer goes back
    /// to the scan when this is dropped, for the next record on this thread.
    raw: Vec<RawMention>,
    front: usize,
    back: usize,
}

impl<'c> Mentions<'c> {
    fn new(lex: &'c Lexicon, raw: Vec<RawMention>) -> Mentions<'c> {
        let back = raw.len();
        Mentions {
            lex,
            raw,
            front: 0,
            back,
        }
    }

    fn take(&mut self, i: usize) -> Mention<'c> {
        Mention {
            lex: self.lex,
            raw: std::mem::replace(&mut self.raw[i], RawMention::TAKEN),
        }
    }
}

impl Drop for Mentions<'_> {
    fn drop(&mut self) {
        scan::give_back(std::mem::take(&mut self.raw));
    }
}

impl<'c> Iterator for Mentions<'c> {
    type Item = Mention<'c>;

    fn next(&mut self) -> Option<Mention<'c>> {
        if self.front == self.back {
            return None;
        }
        self.front += 1;
        Some(self.take(self.front - 1))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Mentions<'_> {}

impl DoubleEndedIterator for Mentions<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        if self.front == self.back {
            return None;
        }
        self.back -= 1;
        Some(self.take(self.back))
    }
}

impl std::iter::FusedIterator for Mentions<'_> {}

/// A name found in text.
#[derive(Debug, Clone)]
pub struct Mention<'c> {
    lex: &'c Lexicon,
    raw: RawMention,
}

impl<'c> Mention<'c> {
    /// Byte offset of the start in the original text.
    pub fn start(&self) -> usize {
        self.raw.start
    }
    /// Byte offset of the end (exclusive) in the original text.
    pub fn end(&self) -> usize {
        self.raw.end
    }
    /// `start()..end()`; slicing the original text with it gives the mention.
    pub fn span(&self) -> Range<usize> {
        self.raw.start..self.raw.end
    }
    /// The entity, or `None` for a shared alias without a preferred reading (see
    /// [`Mention::candidates`]).
    pub fn entity(&self) -> Option<&'c Entity> {
        self.raw.entity.map(|i| &self.lex.entities[i as usize])
    }
    /// When several entities fit (a shared alias), all of them; empty otherwise.
    pub fn candidates(&self) -> impl Iterator<Item = &'c Entity> + '_ {
        self.raw
            .candidates
            .iter()
            .map(|&i| &self.lex.entities[i as usize])
    }
    /// Whether several entities fit.
    pub fn is_ambiguous(&self) -> bool {
        !self.raw.candidates.is_empty()
    }
    /// How it matched.
    pub fn kind(&self) -> MatchKind {
        self.raw.kind
    }
    /// Confidence in 0..=1.
    pub fn score(&self) -> f64 {
        let s = self.raw.kind.score();
        if self.is_ambiguous() { s * 0.5 } else { s }
    }
}

/// The result of [`Canonym::resolve`]: a mention that covers the whole name.
pub type Resolution<'c> = Mention<'c>;

/// What [`Canonym::normalize`] writes in place of a mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replacement {
    /// The entity's display name.
    Name,
    /// The entity's ID.
    Id,
    /// A template with `{text}`, `{id}`, `{name}`, `{type}`, `{kind}` and `{score}`; `{{` and `}}`
    /// are literal braces.
    Template(Template),
}

/// A parsed replacement template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Lit(String),
    Text,
    Id,
    Name,
    Type,
    Kind,
    Score,
}

impl Template {
    /// Parses a template such as `{text} [{id}]`.
    pub fn parse(s: &str) -> Result<Template, Error> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    lit.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    lit.push('}');
                }
                '{' => {
                    let name: String = chars.by_ref().take_while(|&c| c != '}').collect();
                    let part = match name.as_str() {
                        "text" => Part::Text,
                        "id" => Part::Id,
                        "name" => Part::Name,
                        "type" => Part::Type,
                        "kind" => Part::Kind,
                        "score" => Part::Score,
                        _ => {
                            return Err(Error::msg(format!(
                                "unknown template field `{{{name}}}`; use {{text}}, {{id}}, {{name}}, {{type}}, {{kind}} or {{score}}"
                            )));
                        }
                    };
                    if !lit.is_empty() {
                        parts.push(Part::Lit(std::mem::take(&mut lit)));
                    }
                    parts.push(part);
                }
                '}' => {
                    return Err(Error::msg(
                        "unmatched `}` in template; write `}}` for a literal brace",
                    ));
                }
                c => lit.push(c),
            }
        }
        if !lit.is_empty() {
            parts.push(Part::Lit(lit));
        }
        Ok(Template { parts })
    }
}

impl Replacement {
    fn write(&self, e: &Entity, m: &Mention<'_>, original: &[u8], out: &mut Vec<u8>) {
        match self {
            Replacement::Name => out.extend_from_slice(e.name.as_bytes()),
            Replacement::Id => out.extend_from_slice(e.id.as_bytes()),
            Replacement::Template(t) => {
                for p in &t.parts {
                    match p {
                        Part::Lit(s) => out.extend_from_slice(s.as_bytes()),
                        Part::Text => out.extend_from_slice(original),
                        Part::Id => out.extend_from_slice(e.id.as_bytes()),
                        Part::Name => out.extend_from_slice(e.name.as_bytes()),
                        Part::Type => out.extend_from_slice(e.kind.as_str().as_bytes()),
                        Part::Kind => out.extend_from_slice(m.kind().as_str().as_bytes()),
                        Part::Score => {
                            out.extend_from_slice(format!("{:.2}", m.score()).as_bytes())
                        }
                    }
                }
            }
        }
    }
}

/// Builds a [`Canonym`] from the built-in lexicons and any others.
#[derive(Debug, Default, Clone)]
pub struct Builder {
    tiers: Tiers,
    rules: Rules,
    no_defaults: bool,
    paths: Vec<PathBuf>,
    strings: Vec<(String, String)>,
}

impl Builder {
    /// Leaves out the built-in lexicons.
    pub fn no_default_lexicons(mut self) -> Builder {
        self.no_defaults = true;
        self
    }

    /// Chooses the tiers that run after exact and folded matching (all by default).
    pub fn tiers(mut self, tiers: Tiers) -> Builder {
        self.tiers = tiers;
        self
    }

    /// Chooses the transliteration rules (all by default).
    pub fn rules(mut self, rules: Rules) -> Builder {
        self.rules = rules;
        self
    }

    /// Adds a lexicon file (TOML or TSV) or a directory of them.
    pub fn lexicon_path(mut self, path: impl AsRef<Path>) -> Builder {
        self.paths.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds a lexicon from text; `name` ending in `.tsv` selects the TSV format, else TOML.
    pub fn lexicon_str(mut self, name: &str, text: &str) -> Builder {
        self.strings.push((name.to_owned(), text.to_owned()));
        self
    }

    /// Reads the lexicons without compiling them (what `canonym lint` checks).
    pub fn load(&self) -> lexicon::Loaded {
        let mut loaded = if self.no_defaults {
            lexicon::Loaded::default()
        } else {
            lexicon::load_builtin()
        };
        for p in &self.paths {
            loaded.merge(lexicon::load_path(p));
        }
        for (name, text) in &self.strings {
            loaded.merge(lexicon::load_str(name, text));
        }
        loaded
    }

    /// Loads and compiles. Fails with every lexicon error found.
    pub fn build(&self) -> Result<Canonym, Error> {
        let mut lex = Lexicon::from_loaded(self.load()).map_err(Error::lexicon)?;
        let matcher = Matcher::new(&mut lex);
        Ok(Canonym {
            inner: Arc::new(Inner {
                lex,
                matcher,
                index: once_cell::sync::OnceCell::new(),
                rules: self.rules,
                tiers: self.tiers,
                memo: scan::tiers::new_memo_id(),
            }),
        })
    }
}

/// An error building a [`Canonym`] or parsing an option.
#[derive(Debug, Clone)]
pub struct Error {
    message: String,
    diagnostics: Vec<Diagnostic>,
}

impl Error {
    fn msg(m: impl Into<String>) -> Error {
        Error {
            message: m.into(),
            diagnostics: Vec::new(),
        }
    }

    fn lexicon(diagnostics: Vec<Diagnostic>) -> Error {
        let n = diagnostics.len();
        Error {
            message: format!("{n} lexicon error{}", if n == 1 { "" } else { "s" }),
            diagnostics,
        }
    }

    /// The lexicon problems behind this error, if any.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [d] => write!(f, "{d}"),
            [] => f.write_str(&self.message),
            ds => {
                write!(f, "{}:", self.message)?;
                for d in ds {
                    write!(f, "\n{d}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Canonym>();
        check::<Mention<'static>>();
        check::<Error>();
        check::<Builder>();
        check::<Lexicon>();
    }
}
