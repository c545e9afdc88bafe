//! `canonym lint` catches each class of lexicon problem, at the right file and line.

use canonym::lexicon::{self, lint};
use canonym::{Canonym, Diagnostic, Severity};

fn entity(id: &str, aliases: &str) -> String {
    format!(
        "[[entity]]\nid = \"{id}\"\nname = \"N\"\ntype = \"{}\"\naliases = [{aliases}]\nsources = [\"https://example.org/x\"]\n\n",
        match id.split(':').next() {
            Some("person") => "person",
            Some("place") => "place",
            Some("media") => "media",
            _ => "organization",
        }
    )
}

fn run(file: &str, text: &str) -> Vec<Diagnostic> {
    let loaded = lexicon::load_str(file, text);
    let mut ds = lint::lint(&loaded);
    if !lint::has_errors(&ds) {
        let c = Canonym::builder()
            .no_default_lexicons()
            .lexicon_str(file, text)
            .build()
            .unwrap();
        ds.extend(lint::check_examples(&c));
    }
    ds
}

#[track_caller]
fn expect(ds: &[Diagnostic], severity: Severity, line: u32, needle: &str) {
    assert!(
        ds.iter()
            .any(|d| d.severity == severity && d.line == line && d.to_string().contains(needle)),
        "expected {severity:?} at line {line} containing {needle:?}; got:\n{}",
        ds.iter()
            .map(|d| d.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn aliases_of_two_entities_that_fold_alike_are_an_error_unless_shared() {
    let text = entity("place:a", "\"Al-Mayadin\"") + &entity("media:b", "\"AL MAYADIN\"");
    let ds = run("f.toml", &text);
    expect(&ds, Severity::Error, 12, "folds to `al mayadin`");
    let shared = entity("place:a", "{ text = \"Al-Mayadin\", shared = true }")
        + &entity(
            "media:b",
            "{ text = \"AL MAYADIN\", shared = true, primary = true }",
        );
    assert!(!lint::has_errors(&run("f.toml", &shared)));
}

#[test]
fn two_primaries_for_one_shared_alias_are_an_error() {
    let text = entity(
        "place:a",
        "{ text = \"Springfield\", shared = true, primary = true }",
    ) + &entity(
        "place:b",
        "{ text = \"Springfield\", shared = true, primary = true }",
    );
    expect(
        &run("f.toml", &text),
        Severity::Error,
        12,
        "more than one `primary`",
    );
}

#[test]
fn a_common_english_word_is_an_error() {
    let text = entity("org:x", "\"Victory\", \"Victory Alliance\"");
    expect(
        &run("f.toml", &text),
        Severity::Error,
        5,
        "common English word",
    );
}

#[test]
fn an_alias_nested_in_another_entitys_alias_is_a_warning() {
    let text = entity("org:a", "\"Hezbollah\"") + &entity("org:b", "\"Kataib Hezbollah\"");
    expect(
        &run("f.toml", &text),
        Severity::Warning,
        12,
        "contains `Hezbollah`",
    );
}

#[test]
fn names_equal_under_transliteration_rules_are_a_warning() {
    let text =
        entity("person:a", "\"Qassem Soleimani\"") + &entity("person:b", "\"Ghasem Suleimani\"");
    expect(
        &run("f.toml", &text),
        Severity::Warning,
        12,
        "one name under the transliteration rules",
    );
}

#[test]
fn a_shared_mark_nobody_else_uses_is_a_warning() {
    let text = entity("place:a", "{ text = \"Lonely\", shared = true }");
    expect(
        &run("f.toml", &text),
        Severity::Warning,
        5,
        "marked shared but only",
    );
}

#[test]
fn a_primary_without_shared_is_an_error() {
    let text = entity("place:a", "{ text = \"Alone Town\", primary = true }");
    expect(
        &run("f.toml", &text),
        Severity::Error,
        5,
        "`primary` but not `shared`",
    );
}

#[test]
fn failing_examples_are_errors_at_the_entity() {
    let text = "[[entity]]\nid = \"place:hama\"\nname = \"Hama\"\ntype = \"place\"\naliases = [\"Hama\"]\nsources = [\"https://example.org/x\"]\nexamples.match = [\"Nothing here\"]\nexamples.no_match = [\"Hama city\"]\n";
    let ds = run("f.toml", text);
    expect(
        &ds,
        Severity::Error,
        1,
        "must produce `place:hama` but does not",
    );
    expect(
        &ds,
        Severity::Error,
        1,
        "must not produce `place:hama` but does",
    );
}

#[test]
fn a_retired_id_in_use_and_a_dangling_redirect_are_errors() {
    let text = entity("place:a", "\"Alpha Town\"")
        + "[[retired]]\nid = \"place:a\"\nsuccessor = \"place:zzz\"\n";
    let ds = run("f.toml", &text);
    expect(&ds, Severity::Error, 8, "is used by an entity");
    expect(&ds, Severity::Error, 8, "redirects to `place:zzz`");
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = entity("place:a", "\"Victory\"")
        + &entity("place:a", "\"Beta Town\"")
        + &entity("place:c", "\"BETA-town\"");
    let errors = run("f.toml", &text)
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    assert!(errors >= 3, "{errors}");
}
