//! Criterion benchmarks: folding, tagging with the built-in and synthetic lexicons, resolving.
//!
//! ```text
//! cargo run --release --example gen_bench_data -- bench-data   # once; the lexicon groups need it
//! cargo bench                                                  # all groups
//! cargo bench -- tag/                                          # one family
//! ```
//!
//! The synthetic data lives in `bench-data/` (or `$CANONYM_BENCH_DATA`); groups that need it are
//! skipped with a message when it is missing. Measurement times are short so a full run takes a
//! few minutes on two cores; pass `--measurement-time 10` for steadier figures.

use aho_corasick::{AhoCorasick, MatchKind as AcMatchKind};
use canonym::{Canonym, Tiers, fold};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::cell::OnceCell;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Bytes of the corpus read for the tagging benchmarks.
const CORPUS_SAMPLE: usize = 1 << 20;
/// Names resolved per iteration.
const NAMES_SAMPLE: usize = 2_000;

const ENGLISH: &str = "Iraqi Prime Minister Mohammed Shia al-Sudani met Falih al-Fayyadh, the head of the \
Popular Mobilization Forces, in Baghdad on Tuesday, according to a statement from his office. \
The two discussed security along the border with Syria and the situation in Sinjar, where Kurdish \
forces and the PMF have clashed before. Officials in Erbil said talks with the federal government \
over the budget and oil exports would resume next week. Separately, a drone strike near Deir ez-Zor \
killed two fighters, a monitoring group said; Kata'ib Hezbollah denied any role in the attack.\n";

const ARABIC: &str = "الْتَقَى رَئِيسُ الْوُزَرَاءِ الْعِرَاقِيُّ مُحَمَّد شِيَاع السُّودَانِيّ بِرَئِيسِ هَيْئَةِ \
الْحَشْدِ الشَّعْبِيِّ فَالِح الْفَيَّاض فِي بَغْدَادَ يَوْمَ الثُّلَاثَاءِ، وَبَحَثَ الْجَانِبَانِ أَمْنَ الْحُدُودِ مَعَ \
سُورِيَا وَالْوَضْعَ فِي سِنْجَار. وَقَالَ مَسْؤُولُونَ فِي أَرْبِيل إِنَّ الْمُحَادَثَاتِ مَعَ الْحُكُومَةِ الِاتِّحَادِيَّةِ \
سَتُسْتَأْنَفُ الْأُسْبُوعَ الْمُقْبِلَ، فِيمَا نَفَتْ كَتَائِبُ حِزْبِ اللَّهِ أَيَّ دَوْرٍ فِي الْهُجُومِ.\n";

fn repeat_to(s: &str, bytes: usize) -> String {
    s.repeat(bytes / s.len() + 1)
}

fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("CANONYM_BENCH_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bench-data"));
    if dir.join("corpus.txt").is_file() && dir.join("lex-1000.tsv").is_file() {
        Some(dir)
    } else {
        eprintln!(
            "{} has no benchmark data; skipping the corpus and synthetic-lexicon benchmarks \
             (run `cargo run --release --example gen_bench_data -- bench-data` first)",
            dir.display()
        );
        None
    }
}

/// The first `max` bytes of the corpus, cut at a line end.
fn corpus_lines(dir: &Path, max: usize) -> Vec<Vec<u8>> {
    let text = std::fs::read(dir.join("corpus.txt")).expect("read corpus.txt");
    let mut out = Vec::new();
    let mut total = 0;
    for line in text.split(|&b| b == b'\n') {
        if total >= max {
            break;
        }
        total += line.len() + 1;
        out.push(line.to_vec());
    }
    out
}

/// The first `max` names of a `name<TAB>id` list.
fn names(dir: &Path, file: &str, max: usize) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join(file)).expect("read names");
    text.lines()
        .filter_map(|l| l.split('\t').next())
        .take(max)
        .map(str::to_owned)
        .collect()
}

fn fold_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("fold");
    let english = repeat_to(ENGLISH, 64 << 10);
    let arabic = repeat_to(ARABIC, 64 << 10);
    for (name, text) in [("ascii_english", &english), ("arabic_diacritics", &arabic)] {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_function(name, |b| {
            b.iter(|| fold::fold_bytes(black_box(text.as_bytes())))
        });
    }
    if let Some(dir) = data_dir() {
        let lines = corpus_lines(&dir, CORPUS_SAMPLE);
        let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("news_corpus_per_line", |b| {
            b.iter(|| {
                let mut n = 0;
                for l in &lines {
                    n += fold::fold_bytes(black_box(l)).as_str().len();
                }
                n
            })
        });
    }
    g.finish();
}

/// The baseline of `examples/baseline.rs`, in process so both run under the same conditions:
/// aho-corasick over the aliases as written, ASCII case-insensitive, leftmost-longest, with the
/// same word-boundary filter (ASCII alphanumerics and non-ASCII bytes are word bytes).
struct Baseline {
    ac: AhoCorasick,
}

impl Baseline {
    fn new(aliases: impl IntoIterator<Item = String>) -> Baseline {
        let patterns: Vec<String> = aliases.into_iter().collect();
        let ac = AhoCorasick::builder()
            .match_kind(AcMatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .expect("baseline automaton builds");
        Baseline { ac }
    }

    fn from_tsv(path: &Path) -> Baseline {
        let text = std::fs::read_to_string(path).expect("read lexicon");
        Baseline::new(
            text.lines()
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .filter_map(|l| l.split('\t').next())
                .map(str::to_owned),
        )
    }

    fn count(&self, lines: &[Vec<u8>]) -> usize {
        let word = |b: u8| b.is_ascii_alphanumeric() || b >= 0x80;
        let mut n = 0;
        for line in lines {
            for m in self.ac.find_iter(black_box(line)) {
                let before = m.start() == 0 || !word(line[m.start() - 1]);
                let after = m.end() == line.len() || !word(line[m.end()]);
                n += usize::from(before && after);
            }
        }
        n
    }
}

/// Builds a synthetic lexicon, reporting how long it took.
fn synthetic(dir: &Path, n: usize, tiers: Tiers) -> Canonym {
    let path = dir.join(format!("lex-{n}.tsv"));
    let started = std::time::Instant::now();
    let c = Canonym::builder()
        .no_default_lexicons()
        .tiers(tiers)
        .lexicon_path(&path)
        .build()
        .expect("synthetic lexicon builds");
    eprintln!("built {} in {:.2?}", path.display(), started.elapsed());
    c
}

fn tag_lines(c: &Canonym, lines: &[Vec<u8>]) -> usize {
    lines.iter().map(|l| c.find_bytes(black_box(l)).len()).sum()
}

fn tag_benches(c: &mut Criterion) {
    let dir = data_dir();
    let lines: Vec<Vec<u8>> = match &dir {
        Some(d) => corpus_lines(d, CORPUS_SAMPLE),
        None => repeat_to(ENGLISH, CORPUS_SAMPLE)
            .lines()
            .map(|l| l.as_bytes().to_vec())
            .collect(),
    };
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    let mut g = c.benchmark_group("tag");
    g.throughput(Throughput::Bytes(bytes as u64));
    // Exact and folded matching alone is what issue 5's targets are about; the default adds the
    // transliteration, fuzzy and coreference tiers.
    let builtin = Canonym::new();
    let builtin_none = Canonym::builder()
        .tiers(Tiers::exact_only())
        .build()
        .expect("builds");
    g.bench_function("builtin", |b| b.iter(|| tag_lines(&builtin, &lines)));
    g.bench_function("builtin_tiers_none", |b| {
        b.iter(|| tag_lines(&builtin_none, &lines))
    });
    let english: Vec<Vec<u8>> = repeat_to(ENGLISH, CORPUS_SAMPLE)
        .lines()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    g.bench_function("builtin_tiers_none_english_paragraphs", |b| {
        b.iter(|| tag_lines(&builtin_none, &english))
    });
    // Acronyms are left out here (the baseline would match them in any case); short forms too.
    let baseline = Baseline::new(builtin.lexicon().entities().iter().flat_map(|e| {
        e.aliases()
            .iter()
            .filter(|a| a.class() == canonym::AliasClass::Name)
            .map(|a| a.text().to_owned())
    }));
    g.bench_function("baseline_aho_corasick_builtin_names", |b| {
        b.iter(|| baseline.count(&lines))
    });
    if let Some(dir) = &dir {
        let baseline = OnceCell::new();
        g.bench_with_input(
            BenchmarkId::new("baseline_aho_corasick", 100_000),
            &lines,
            |b, lines| {
                let baseline =
                    baseline.get_or_init(|| Baseline::from_tsv(&dir.join("lex-100000.tsv")));
                b.iter(|| baseline.count(lines))
            },
        );
        for (n, tiers, label) in [
            (1_000, Tiers::exact_only(), "synthetic_tiers_none"),
            (10_000, Tiers::exact_only(), "synthetic_tiers_none"),
            (100_000, Tiers::exact_only(), "synthetic_tiers_none"),
            (100_000, Tiers::default(), "synthetic"),
        ] {
            // Built on first use, so a filter that skips this benchmark skips the build too.
            let lex = OnceCell::new();
            g.bench_with_input(BenchmarkId::new(label, n), &lines, |b, lines| {
                let lex = lex.get_or_init(|| synthetic(dir, n, tiers));
                b.iter(|| tag_lines(lex, lines))
            });
        }
    }
    g.finish();
}

fn build_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    g.sample_size(10);
    g.bench_function("builtin", |b| {
        b.iter(|| Canonym::builder().build().expect("builds"))
    });
    if let Some(dir) = data_dir() {
        // 100k entities take seconds per build; scripts/bench.sh times that one.
        for n in [1_000, 10_000] {
            let path = dir.join(format!("lex-{n}.tsv"));
            g.throughput(Throughput::Elements(n));
            g.bench_with_input(BenchmarkId::new("synthetic", n), &path, |b, path| {
                b.iter(|| {
                    Canonym::builder()
                        .no_default_lexicons()
                        .lexicon_path(path)
                        .build()
                        .expect("builds")
                })
            });
        }
    }
    g.finish();
}

fn resolve_benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("resolve");
    let builtin = Canonym::new();
    let known: Vec<String> = builtin
        .lexicon()
        .entities()
        .iter()
        .flat_map(|e| e.aliases().iter().map(|a| a.text().to_owned()))
        .take(NAMES_SAMPLE)
        .collect();
    g.throughput(Throughput::Elements(known.len() as u64));
    g.bench_function("builtin_aliases", |b| {
        b.iter(|| {
            known
                .iter()
                .filter(|n| builtin.resolve(black_box(n)).is_some())
                .count()
        })
    });
    if let Some(dir) = data_dir() {
        let lex = OnceCell::new();
        for file in ["names-exact.tsv", "misspelled.tsv"] {
            let list = names(&dir, file, NAMES_SAMPLE);
            g.throughput(Throughput::Elements(list.len() as u64));
            g.bench_with_input(
                BenchmarkId::new("synthetic-100000", file),
                &list,
                |b, list| {
                    let lex = lex.get_or_init(|| synthetic(&dir, 100_000, Tiers::default()));
                    b.iter(|| {
                        list.iter()
                            .filter(|n| lex.resolve(black_box(n)).is_some())
                            .count()
                    })
                },
            );
        }
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3))
        .sample_size(20);
    targets = fold_benches, tag_benches, build_benches, resolve_benches
}
criterion_main!(benches);
