//! `canonym fmt`: the canonical layout of TOML lexicon files.
//!
//! Entities are sorted by ID and written with their keys in schema order, one alias per line.
//! The file header (attribution, comments before the first entity) and comment lines directly above
//! an entity are kept. An entity with comments inside it is kept exactly as written (only moved
//! into place), so no contributor note is ever lost. The result is parsed again and compared with
//! the input; if the meaning differs, nothing is written.

use super::schema::{AliasDoc, EntityDoc, FileDoc, RetiredDoc};
use std::fmt::Write as _;

/// Why a file could not be formatted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FmtError(pub String);

impl std::fmt::Display for FmtError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

struct Block {
    key: (u8, String),
    text: String,
}

fn quote(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn alias(a: &AliasDoc) -> String {
    if a.lang.is_none() && !a.shared && !a.primary && a.note.is_none() {
        return quote(&a.text);
    }
    let mut s = format!("{{ text = {}", quote(&a.text));
    if let Some(l) = &a.lang {
        let _ = write!(s, ", lang = {}", quote(l));
    }
    if a.shared {
        s.push_str(", shared = true");
    }
    if a.primary {
        s.push_str(", primary = true");
    }
    if let Some(n) = &a.note {
        let _ = write!(s, ", note = {}", quote(n));
    }
    s.push_str(" }");
    s
}

fn list(out: &mut String, key: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    if items.len() == 1 && items[0].len() < 60 {
        let _ = writeln!(out, "{key} = [{}]", items[0]);
        return;
    }
    let _ = writeln!(out, "{key} = [");
    for i in items {
        let _ = writeln!(out, "  {i},");
    }
    out.push_str("]\n");
}

fn entity(e: &EntityDoc) -> String {
    let mut s = String::from("[[entity]]\n");
    let _ = writeln!(s, "id = {}", quote(e.id.get_ref()));
    let _ = writeln!(s, "name = {}", quote(e.name.get_ref()));
    let _ = writeln!(s, "type = {}", quote(e.kind.get_ref()));
    let aliases =
        |v: &[toml::Spanned<AliasDoc>]| v.iter().map(|a| alias(a.get_ref())).collect::<Vec<_>>();
    list(&mut s, "aliases", &aliases(&e.aliases));
    list(&mut s, "acronyms", &aliases(&e.acronyms));
    list(&mut s, "short", &aliases(&e.short));
    list(
        &mut s,
        "sources",
        &e.sources
            .iter()
            .map(|x| quote(x.get_ref()))
            .collect::<Vec<_>>(),
    );
    if let Some(q) = &e.wikidata {
        let _ = writeln!(s, "wikidata = {}", quote(q.get_ref()));
    }
    if let Some(n) = &e.note {
        let _ = writeln!(s, "note = {}", quote(n));
    }
    if let Some(x) = &e.examples {
        let q = |v: &[String]| v.iter().map(|t| quote(t)).collect::<Vec<_>>();
        list(&mut s, "examples.match", &q(&x.matches));
        list(&mut s, "examples.no_match", &q(&x.no_match));
        if x.matches.is_empty() && x.no_match.is_empty() {
            s.push_str("examples = {}\n");
        }
    }
    s
}

fn retired(r: &RetiredDoc) -> String {
    let mut s = String::from("[[retired]]\n");
    let _ = writeln!(s, "id = {}", quote(r.id.get_ref()));
    if let Some(x) = &r.successor {
        let _ = writeln!(s, "successor = {}", quote(x.get_ref()));
    }
    if let Some(x) = &r.reason {
        let _ = writeln!(s, "reason = {}", quote(x));
    }
    s
}

fn is_header(line: &str) -> Option<u8> {
    match line.trim_end() {
        "[[entity]]" => Some(0),
        "[[retired]]" => Some(1),
        _ => None,
    }
}

/// A file's documents in a comparable form: entities and retired IDs sorted by ID.
fn canonical_doc(text: &str) -> Result<FileDoc, FmtError> {
    let mut doc: FileDoc = toml::from_str(text).map_err(|e| FmtError(e.message().to_string()))?;
    doc.entity
        .sort_by(|a, b| a.get_ref().id.get_ref().cmp(b.get_ref().id.get_ref()));
    doc.retired
        .sort_by(|a, b| a.get_ref().id.get_ref().cmp(b.get_ref().id.get_ref()));
    Ok(doc)
}

/// Formats one TOML lexicon. Fails when the file does not parse, or when the layout uses a form
/// this formatter does not handle (it then leaves the file as it is).
pub fn format_toml(text: &str) -> Result<String, FmtError> {
    let before = canonical_doc(text)?;
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(first) = lines.iter().position(|l| is_header(l).is_some()) else {
        return Ok(text.to_owned());
    };
    // Comment lines right above the first header belong to that entity, not the preamble.
    let mut cut = first;
    while cut > 0 && lines[cut - 1].trim_start().starts_with('#') {
        cut -= 1;
    }
    let preamble = lines[..cut].concat();
    let mut blocks: Vec<Block> = Vec::new();
    let mut start = cut;
    while start < lines.len() {
        let header = (start..lines.len())
            .find(|&i| is_header(lines[i]).is_some())
            .unwrap_or(lines.len());
        let mut end = (header + 1..lines.len())
            .find(|&i| is_header(lines[i]).is_some())
            .unwrap_or(lines.len());
        let next_header = end;
        while end > header + 1 && end < lines.len() && lines[end - 1].trim_start().starts_with('#')
        {
            end -= 1;
        }
        let _ = next_header;
        let raw = lines[start..end].concat();
        let leading: String = lines[start..header]
            .iter()
            .filter(|l| !l.trim().is_empty())
            .copied()
            .collect();
        let body = lines[header..end].concat();
        let inner_comment = lines[header + 1..end]
            .iter()
            .any(|l| l.contains('#') && toml_comment(l));
        let doc: FileDoc = toml::from_str(&raw).map_err(|e| {
            FmtError(format!(
                "cannot format around line {}: {}",
                header + 1,
                e.message()
            ))
        })?;
        let (kind, id, canon) = match (doc.entity.first(), doc.retired.first()) {
            (Some(e), None) if doc.entity.len() == 1 => {
                (0, e.get_ref().id.get_ref().clone(), entity(e.get_ref()))
            }
            (None, Some(r)) if doc.retired.len() == 1 => {
                (1, r.get_ref().id.get_ref().clone(), retired(r.get_ref()))
            }
            _ => {
                return Err(FmtError(format!(
                    "cannot format the table at line {}: unexpected layout",
                    header + 1
                )));
            }
        };
        let body = if inner_comment {
            body.trim_end().to_owned() + "\n"
        } else {
            canon
        };
        blocks.push(Block {
            key: (kind, id),
            text: leading + &body,
        });
        start = end;
    }
    blocks.sort_by(|a, b| a.key.cmp(&b.key));
    let mut out = preamble.trim_end().to_owned();
    if !out.is_empty() {
        out.push_str("\n\n");
    }
    let joined: Vec<&str> = blocks.iter().map(|b| b.text.as_str()).collect();
    out.push_str(&joined.join("\n"));
    let after = canonical_doc(&out)?;
    if before != after {
        return Err(FmtError(
            "formatting would change the file's meaning; left as it is (please report this)".into(),
        ));
    }
    Ok(out)
}

/// Whether a line holds a TOML comment outside strings (a `#` not inside quotes).
fn toml_comment(line: &str) -> bool {
    let mut in_str: Option<char> = None;
    let mut escaped = false;
    for c in line.chars() {
        match in_str {
            Some(q) => {
                if escaped {
                    escaped = false;
                } else if c == '\\' && q == '"' {
                    escaped = true;
                } else if c == q {
                    in_str = None;
                }
            }
            None => match c {
                '"' | '\'' => in_str = Some(c),
                '#' => return true,
                _ => {}
            },
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    const MESSY: &str = r#"# Header comment
attribution = "x"

# about b
[[entity]]
id = "place:b"
type = "place"
name = "B"
sources = ["https://example.org/b"]
aliases = ["B town", {text="ب", lang="ar"}]

[[entity]]
name = "A"
id = "place:a"
type = "place"
aliases = [ "A city" ]   # the usual form
sources = ["https://example.org/a"]
"#;

    #[test]
    fn sorts_entities_orders_keys_and_keeps_comments() {
        let out = format_toml(MESSY).unwrap();
        let a = out.find("id = \"place:a\"").unwrap();
        let b = out.find("id = \"place:b\"").unwrap();
        assert!(a < b, "{out}");
        assert!(
            out.starts_with("# Header comment\nattribution = \"x\"\n\n"),
            "{out}"
        );
        assert!(out.contains("# the usual form"), "{out}");
        assert!(out.contains("# about b\n[[entity]]\nid = \"place:b\"\nname = \"B\"\ntype = \"place\"\naliases = [\n  \"B town\",\n  { text = \"ب\", lang = \"ar\" },\n]\n"), "{out}");
    }

    #[test]
    fn formatting_is_idempotent() {
        let once = format_toml(MESSY).unwrap();
        assert_eq!(format_toml(&once).unwrap(), once);
    }

    #[test]
    fn invalid_toml_is_an_error_not_a_rewrite() {
        assert!(format_toml("[[entity]]\nid = ").is_err());
    }
}
