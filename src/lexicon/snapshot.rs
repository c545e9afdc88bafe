//! A compact binary form of a parsed lexicon file, made at build time for the built-in lexicons.
//!
//! Parsing the TOML of the built-in lexicons is most of what a short run (`echo name | canonym
//! resolve`) spends. So `build.rs` parses each built-in file with the same serde schema
//! ([`super::schema`]) and writes the result, spans included, in this form; at run time the
//! loader decodes it instead of parsing and then checks the document exactly as it checks a
//! parsed one. A file that does not parse gets no snapshot: the loader then parses the text and
//! reports the error as for any other file.
//!
//! This file is compiled into the build script too, so it uses nothing outside `super::schema`,
//! `toml` and `std`.

use super::schema::{AliasDoc, EntityDoc, ExamplesDoc, FileDoc, RetiredDoc};
use toml::Spanned;

/// Format version; a snapshot with another one is ignored.
const MAGIC: &[u8; 8] = b"canonym3";

/// Writes the structure (lengths, spans, flags) and the text of the strings apart: a snapshot
/// is the magic, the structure's length, the structure, then every string end to end, so that
/// the reader checks the strings are UTF-8 once rather than string by string.
// Used by build.rs; the library itself only decodes (and its tests encode).
#[allow(dead_code)]
#[derive(Default)]
struct Writer {
    data: Vec<u8>,
    strings: String,
}

#[allow(dead_code)]
impl Writer {
    fn len(&mut self, n: usize) {
        self.data.extend_from_slice(&(n as u32).to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.len(s.len());
        self.strings.push_str(s);
    }
    fn opt_str(&mut self, s: Option<&str>) {
        self.bool(s.is_some());
        if let Some(s) = s {
            self.str(s);
        }
    }
    fn bool(&mut self, b: bool) {
        self.data.push(u8::from(b));
    }
    fn span<T>(&mut self, s: &Spanned<T>) {
        let r = s.span();
        self.len(r.start);
        self.len(r.end);
    }
    fn spanned_str(&mut self, s: &Spanned<String>) {
        self.span(s);
        self.str(s.get_ref());
    }
    fn strs(&mut self, v: &[String]) {
        self.len(v.len());
        for s in v {
            self.str(s);
        }
    }
    fn spanned_strs(&mut self, v: &[Spanned<String>]) {
        self.len(v.len());
        for s in v {
            self.spanned_str(s);
        }
    }
    fn aliases(&mut self, v: &[Spanned<AliasDoc>]) {
        self.len(v.len());
        for a in v {
            self.span(a);
            let a = a.get_ref();
            self.str(&a.text);
            self.opt_str(a.lang.as_deref());
            self.bool(a.shared);
            self.bool(a.primary);
            self.opt_str(a.note.as_deref());
            self.opt_str(a.key.as_deref());
        }
    }
}

struct Reader<'a> {
    data: &'a [u8],
    strings: &'a str,
}

impl Reader<'_> {
    fn bytes(&mut self, n: usize) -> Option<&[u8]> {
        let (head, rest) = self.data.split_at_checked(n)?;
        self.data = rest;
        Some(head)
    }
    fn len(&mut self) -> Option<usize> {
        let b = self.bytes(4)?;
        Some(u32::from_le_bytes(b.try_into().ok()?) as usize)
    }
    fn str(&mut self) -> Option<String> {
        let n = self.len()?;
        let s = self.strings.get(..n)?;
        self.strings = &self.strings[n..];
        Some(s.to_owned())
    }
    fn bool(&mut self) -> Option<bool> {
        match self.bytes(1)? {
            [0] => Some(false),
            [1] => Some(true),
            _ => None,
        }
    }
    fn opt_str(&mut self) -> Option<Option<String>> {
        Some(if self.bool()? {
            Some(self.str()?)
        } else {
            None
        })
    }
    fn span(&mut self) -> Option<std::ops::Range<usize>> {
        Some(self.len()?..self.len()?)
    }
    fn spanned_str(&mut self) -> Option<Spanned<String>> {
        let r = self.span()?;
        Some(Spanned::new(r, self.str()?))
    }
    fn opt_spanned_str(&mut self) -> Option<Option<Spanned<String>>> {
        Some(if self.bool()? {
            Some(self.spanned_str()?)
        } else {
            None
        })
    }
    /// A count of items that each take at least one byte, so a corrupt count fails fast
    /// instead of reserving memory for it.
    fn count(&mut self) -> Option<usize> {
        let n = self.len()?;
        (n <= self.data.len()).then_some(n)
    }
    /// A counted list of items read by `item`, in a vector allocated once (collecting an
    /// iterator of options would grow it item by item).
    fn list<T>(&mut self, mut item: impl FnMut(&mut Self) -> Option<T>) -> Option<Vec<T>> {
        let n = self.count()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(item(self)?);
        }
        Some(out)
    }
    fn strs(&mut self) -> Option<Vec<String>> {
        self.list(Self::str)
    }
    fn spanned_strs(&mut self) -> Option<Vec<Spanned<String>>> {
        self.list(Self::spanned_str)
    }
    fn aliases(&mut self) -> Option<Vec<Spanned<AliasDoc>>> {
        self.list(|r| {
            let span = r.span()?;
            let doc = AliasDoc {
                text: r.str()?,
                lang: r.opt_str()?,
                shared: r.bool()?,
                primary: r.bool()?,
                note: r.opt_str()?,
                key: r.opt_str()?,
            };
            Some(Spanned::new(span, doc))
        })
    }
}

/// Encodes a parsed lexicon file.
#[allow(dead_code)]
pub(crate) fn encode(doc: &FileDoc) -> Vec<u8> {
    let mut w = Writer::default();
    w.opt_str(doc.attribution.as_deref());
    w.opt_str(doc.license.as_deref());
    w.len(doc.entity.len());
    for e in &doc.entity {
        w.span(e);
        let e = e.get_ref();
        w.spanned_str(&e.id);
        w.spanned_str(&e.name);
        w.spanned_str(&e.kind);
        w.aliases(&e.aliases);
        w.aliases(&e.acronyms);
        w.aliases(&e.short);
        w.spanned_strs(&e.sources);
        w.bool(e.wikidata.is_some());
        if let Some(q) = &e.wikidata {
            w.spanned_str(q);
        }
        w.opt_str(e.note.as_deref());
        w.bool(e.examples.is_some());
        if let Some(x) = &e.examples {
            w.strs(&x.matches);
            w.strs(&x.no_match);
        }
    }
    w.len(doc.retired.len());
    for r in &doc.retired {
        w.span(r);
        let r = r.get_ref();
        w.spanned_str(&r.id);
        w.bool(r.successor.is_some());
        if let Some(s) = &r.successor {
            w.spanned_str(s);
        }
        w.opt_str(r.reason.as_deref());
    }
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&(w.data.len() as u32).to_le_bytes());
    out.extend_from_slice(&w.data);
    out.extend_from_slice(w.strings.as_bytes());
    out
}

/// Decodes what [`encode`] wrote; `None` when the bytes are not such a snapshot.
pub(crate) fn decode(bytes: &[u8]) -> Option<FileDoc> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (n, rest) = rest.split_at_checked(4)?;
    let n = u32::from_le_bytes(n.try_into().ok()?) as usize;
    let (data, strings) = rest.split_at_checked(n)?;
    let mut r = Reader {
        data,
        strings: std::str::from_utf8(strings).ok()?,
    };
    let attribution = r.opt_str()?;
    let license = r.opt_str()?;
    let entity = r.list(|r| {
        let span = r.span()?;
        let id = r.spanned_str()?;
        let name = r.spanned_str()?;
        let kind = r.spanned_str()?;
        let aliases = r.aliases()?;
        let acronyms = r.aliases()?;
        let short = r.aliases()?;
        let sources = r.spanned_strs()?;
        let wikidata = r.opt_spanned_str()?;
        let note = r.opt_str()?;
        let examples = if r.bool()? {
            Some(ExamplesDoc {
                matches: r.strs()?,
                no_match: r.strs()?,
            })
        } else {
            None
        };
        let doc = EntityDoc {
            id,
            name,
            kind,
            aliases,
            acronyms,
            short,
            sources,
            wikidata,
            note,
            examples,
        };
        Some(Spanned::new(span, doc))
    })?;
    let retired = r.list(|r| {
        let span = r.span()?;
        let id = r.spanned_str()?;
        let successor = r.opt_spanned_str()?;
        let reason = r.opt_str()?;
        Some(Spanned::new(
            span,
            RetiredDoc {
                id,
                successor,
                reason,
            },
        ))
    })?;
    (r.data.is_empty() && r.strings.is_empty()).then_some(FileDoc {
        attribution,
        license,
        entity,
        retired,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::{builtin_snapshots, builtin_sources, load_builtin, load_str};

    #[test]
    fn every_builtin_file_has_a_snapshot_equal_to_its_parse() {
        let snaps = builtin_snapshots();
        assert_eq!(snaps.len(), builtin_sources().len());
        for ((name, text), snap) in builtin_sources().iter().zip(snaps) {
            if !name.ends_with(".toml") {
                continue;
            }
            let parsed: FileDoc = toml::from_str(text).unwrap();
            let snap = snap.unwrap_or_else(|| panic!("{name} has no snapshot"));
            let mut decoded = decode(snap).unwrap_or_else(|| panic!("{name}: bad snapshot"));
            // The snapshot adds each alias's key (checked against the fold by the test below).
            for a in decoded.aliases_mut() {
                assert!(a.key.take().is_some(), "{name}: an alias without its key");
            }
            assert!(decoded == parsed, "{name}");
        }
    }

    #[test]
    fn loading_from_snapshots_equals_loading_the_text() {
        let mut from_text = super::super::Loaded::default();
        for (name, text) in builtin_sources() {
            from_text.merge(load_str(name, text));
        }
        assert_eq!(
            format!("{:?}", load_builtin()),
            format!("{from_text:?}"),
            "the snapshot path must give the loader's result, positions included"
        );
    }

    #[test]
    fn round_trip_and_corrupt_input() {
        let text = r#"
attribution = "x"
[[entity]]
id = "person:a-b"
name = "A B"
type = "person"
aliases = ["A B", { text = "ا ب", lang = "ar", primary = true }]
short = ["B"]
sources = ["https://example.org"]
examples = { match = ["A B said"], no_match = ["AB"] }

[[retired]]
id = "person:old"
successor = "person:a-b"
"#;
        let doc: FileDoc = toml::from_str(text).unwrap();
        let bytes = encode(&doc);
        assert!(decode(&bytes) == Some(doc));
        // Every truncation, and trailing garbage, is rejected rather than misread.
        for n in 0..bytes.len() {
            assert!(decode(&bytes[..n]).is_none(), "truncated at {n}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_none());
    }
}
