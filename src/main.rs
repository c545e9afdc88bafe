//! The `canonym` command line: thin glue over the library.

use canonym::lexicon::{self, lint};
use canonym::{Canonym, Mention, Replacement, Severity, Template, Tiers};
use clap::{Args, Parser, Subcommand, ValueEnum};
use serde::Serialize;
use std::io::{self, BufRead, BufReader, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  canonym tag article.txt | jq -r .id | sort | uniq -c
  cat news/*.txt | canonym tag | jq 'select(.type == \"person\")'
  canonym tag --whole report.txt            # one record per file, offsets into the file
  canonym normalize --to id < article.txt
  canonym normalize --template '{text} [{id}]' article.txt
  cut -f3 table.tsv | canonym resolve | jq -r '.id // \"-\"'
  canonym --lexicon my-names.tsv tag article.txt
  canonym lint lexicons/                    # check lexicon files before a pull request

Exit status: 0 on success, 1 when `lint` finds errors, 2 on any error (a message on stderr).";

#[derive(Parser)]
#[command(
    name = "canonym",
    version,
    about = "Give every spelling of a name one canonical ID",
    long_about = "Give every spelling of a name one canonical ID.\n\nFinds names of people, groups, places and media of Iraq, Syria, Iran and Lebanon news in text, in any spelling or script, and reports stable IDs with byte offsets into the original input.",
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
struct LexiconOpts {
    /// Add a lexicon file (TOML, or TSV `alias<TAB>id[<TAB>name]`) or a directory of them. Repeatable.
    #[arg(long = "lexicon", short = 'l', value_name = "PATH", global = true)]
    lexicons: Vec<PathBuf>,
    /// Do not load the built-in lexicons.
    #[arg(long, global = true)]
    no_default_lexicons: bool,
    /// Matching tiers after exact and folded, comma-separated: translit (transliteration and
    /// cross-script keys), fuzzy, coref; `none` for exact and folded matching only.
    #[arg(long, global = true, value_name = "LIST", default_value = "translit,fuzzy,coref", value_parser = parse_tiers)]
    tiers: Tiers,
}

fn parse_tiers(s: &str) -> Result<Tiers, String> {
    let mut t = Tiers::exact_only();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match part {
            "none" | "exact" => {}
            "translit" => t.translit = true,
            "fuzzy" => t.fuzzy = true,
            "coref" => t.coref = true,
            "all" => t = Tiers::default(),
            other => {
                return Err(format!(
                    "unknown tier `{other}`; use translit, fuzzy, coref, all or none"
                ));
            }
        }
    }
    Ok(t)
}

#[derive(Subcommand)]
enum Command {
    /// Find mentions and print one JSON object per mention (JSON Lines).
    ///
    /// Each object has `record` (1-based line number, or 1 with --whole), `start` and `end` (byte
    /// offsets into the record), `text`, `id`, `name`, `type`, `kind` (exact, folded, coref) and
    /// `score`; `file` when FILEs are named; `candidates` (all IDs) when the name is shared by
    /// several entities, in which case `id` is the preferred one or null.
    #[command(after_help = "Example:\n  echo \"Faleh al-Fayyadh visited Erbil\" | canonym tag")]
    Tag {
        /// Input files; standard input when none or `-`.
        files: Vec<PathBuf>,
        /// Treat each file as one record; offsets are into the whole file.
        #[arg(long)]
        whole: bool,
        /// Worker threads (default: all cores); output stays in input order.
        #[arg(short = 'j', long, value_name = "N")]
        jobs: Option<usize>,
        /// Flush the output after each line of input (or each read of it), as for `tail -f`;
        /// otherwise output to a pipe or file is written in large blocks. Output flushed this
        /// way (or to a terminal) is rendered on one thread, whatever `-j` says.
        #[arg(long)]
        line_buffered: bool,
        #[command(flatten)]
        lex: LexiconOpts,
    },
    /// Rewrite each mention; every other byte passes through unchanged.
    ///
    /// One output line per input line, line endings (LF or CRLF) and invalid UTF-8 preserved.
    /// Mentions of shared names without a preferred reading are left as they are.
    #[command(
        after_help = "Examples:\n  echo \"Kataib Hizbollah fighters\" | canonym normalize\n  canonym normalize --template '{text} [{id}]' article.txt"
    )]
    Normalize {
        /// Input files; standard input when none or `-`.
        files: Vec<PathBuf>,
        /// What to write in place of a mention.
        #[arg(long, value_enum, default_value_t = To::Name, conflicts_with = "template")]
        to: To,
        /// Template with {text}, {id}, {name}, {type}, {kind}, {score}; `{{` for a literal brace.
        #[arg(long)]
        template: Option<String>,
        /// Worker threads (default: all cores); output stays in input order.
        #[arg(short = 'j', long, value_name = "N")]
        jobs: Option<usize>,
        /// Flush the output after each line of input (or each read of it), as for `tail -f`;
        /// otherwise output to a pipe or file is written in large blocks. Output flushed this
        /// way (or to a terminal) is rendered on one thread, whatever `-j` says.
        #[arg(long)]
        line_buffered: bool,
        #[command(flatten)]
        lex: LexiconOpts,
    },
    /// Resolve one name per input line to an entity; one JSON object per line.
    ///
    /// Fields: `input`, `id` (null when nothing matches), `name`, `type`, `kind`, `score`, and
    /// `candidates` when several entities share the name.
    #[command(
        after_help = "Example:\n  printf 'FALIH AL-FAYYADH\\nفالح الفياض\\nnobody\\n' | canonym resolve"
    )]
    Resolve {
        /// Input files; standard input when none or `-`.
        files: Vec<PathBuf>,
        /// Worker threads (default: all cores); output stays in input order.
        #[arg(short = 'j', long, value_name = "N")]
        jobs: Option<usize>,
        /// Flush the output after each line of input (or each read of it), as for `tail -f`;
        /// otherwise output to a pipe or file is written in large blocks. Output flushed this
        /// way (or to a terminal) is rendered on one thread, whatever `-j` says.
        #[arg(long)]
        line_buffered: bool,
        #[command(flatten)]
        lex: LexiconOpts,
    },
    /// Show how names resolve: folded form, transliteration key, candidates and the verdict.
    #[command(after_help = "Example:\n  canonym explain 'Faleh Fayyadh' 'فالح الفياض'")]
    Explain {
        /// Names to explain.
        #[arg(required = true)]
        names: Vec<String>,
        #[command(flatten)]
        lex: LexiconOpts,
    },
    /// Check lexicon files and report every problem with file:line.
    ///
    /// Without PATHs, checks the built-in lexicons. Exits 1 when there are errors.
    #[command(after_help = "Example:\n  canonym lint lexicons/")]
    Lint {
        /// Lexicon files or directories to check.
        paths: Vec<PathBuf>,
        /// Print errors only, not warnings.
        #[arg(long)]
        errors_only: bool,
    },
    /// Rewrite lexicon TOML files in canonical form (entities sorted by ID, keys in schema order).
    ///
    /// With --check, changes nothing and exits 1 when a file is not in canonical form.
    #[command(
        after_help = "Examples:\n  canonym fmt                # rewrite lexicons/ in place\n  canonym fmt --check lexicons/iraq"
    )]
    Fmt {
        /// Lexicon files or directories (default: lexicons).
        paths: Vec<PathBuf>,
        /// Report files that would change instead of rewriting them.
        #[arg(long)]
        check: bool,
    },
    /// Count entities per type and aliases per script.
    Stats {
        /// Lexicon files or directories; the built-in lexicons when none.
        paths: Vec<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum To {
    /// The entity's display name.
    Name,
    /// The entity's canonical ID.
    Id,
}

/// Exit statuses.
const EXIT_PROBLEMS: u8 = 1;
const EXIT_ERROR: u8 = 2;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_ERROR } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("canonym: {e}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn build(opts: &LexiconOpts) -> io::Result<Canonym> {
    if opts.lexicons.is_empty() && !opts.no_default_lexicons && opts.tiers == Tiers::default() {
        return Canonym::try_new().map_err(|e| io::Error::other(e.to_string()));
    }
    let mut b = Canonym::builder().tiers(opts.tiers);
    if opts.no_default_lexicons {
        b = b.no_default_lexicons();
    }
    for p in &opts.lexicons {
        b = b.lexicon_path(p);
    }
    let c = b.build().map_err(|e| io::Error::other(e.to_string()))?;
    // The process ends right after the command: freeing a large lexicon entry by entry would
    // only delay the exit (about 0.4 s for 100,000 entities), so one reference is kept forever.
    std::mem::forget(c.clone());
    Ok(c)
}

/// Buffered stdout, flushed per record when it is a terminal.
struct Output {
    w: io::BufWriter<io::StdoutLock<'static>>,
    interactive: bool,
}

impl Output {
    /// Output that is flushed after each record when it goes to a terminal or `line_buffered`
    /// asks for it, and in large blocks otherwise.
    fn new(line_buffered: bool) -> Output {
        let stdout = io::stdout();
        let interactive = line_buffered || stdout.is_terminal();
        Output {
            w: io::BufWriter::with_capacity(1 << 16, stdout.lock()),
            interactive,
        }
    }
    fn end_record(&mut self) -> io::Result<()> {
        if self.interactive {
            self.w.flush()
        } else {
            Ok(())
        }
    }
}

/// Input buffer size: a block of records handed to a worker is at most what one read leaves in
/// it (whole lines), so small buffers make many small blocks. A slow producer's lines still
/// come through as they arrive: a read returns what is there.
const READ_BUFFER: usize = 1 << 20;

/// Runs `each` over every input (stdin when none); an unreadable file is reported and skipped.
/// Returns whether any input failed.
fn for_each_input(
    files: &[PathBuf],
    mut each: impl FnMut(Option<&str>, &mut dyn BufRead) -> io::Result<()>,
) -> io::Result<bool> {
    let mut failed = false;
    if files.is_empty() {
        each(
            None,
            &mut BufReader::with_capacity(READ_BUFFER, io::stdin().lock()),
        )?;
        return Ok(false);
    }
    for f in files {
        if f.as_os_str() == "-" {
            each(
                Some("-"),
                &mut BufReader::with_capacity(READ_BUFFER, io::stdin().lock()),
            )?;
            continue;
        }
        let name = f.display().to_string();
        match std::fs::File::open(f) {
            Ok(file) => {
                let mut r = BufReader::with_capacity(READ_BUFFER, file);
                match each(Some(&name), &mut r) {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::BrokenPipe => return Err(e),
                    Err(e) if is_output_error(&e) => return Err(e),
                    Err(e) => {
                        eprintln!("canonym: {name}: {e}");
                        failed = true;
                    }
                }
            }
            Err(e) => {
                eprintln!("canonym: {name}: {e}");
                failed = true;
            }
        }
    }
    Ok(failed)
}

/// Errors writing to stdout are tagged so that they end the run instead of skipping a file.
fn is_output_error(e: &io::Error) -> bool {
    e.get_ref().is_some_and(|i| i.is::<OutputError>())
}

#[derive(Debug)]
struct OutputError(io::Error);
impl std::fmt::Display for OutputError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "writing output: {}", self.0)
    }
}
impl std::error::Error for OutputError {}

fn out_err(e: io::Error) -> io::Error {
    if e.kind() == io::ErrorKind::BrokenPipe {
        e
    } else {
        io::Error::new(e.kind(), OutputError(e))
    }
}

fn jobs_or_default(jobs: Option<usize>) -> usize {
    jobs.filter(|&j| j > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Lines of a block: (content without the line ending, the line ending).
fn lines(block: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    let mut rest = block;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, after) = match memchr::memchr(b'\n', rest) {
            Some(i) => rest.split_at(i + 1),
            None => (rest, &[][..]),
        };
        rest = after;
        let mut content = line.len();
        if line.ends_with(b"\n") {
            content -= 1;
            if line[..content].ends_with(b"\r") {
                content -= 1;
            }
        }
        Some(line.split_at(content))
    })
}

/// Most bytes read into one block; a longer line makes a block of its own.
const BLOCK: usize = 1 << 20;

/// Reads whole lines in blocks of what the reader has buffered (so a slow producer's lines come
/// out as they arrive), renders each block with `render(first_record_number, block, out)` on
/// `jobs` threads, and writes the results in input order. `render` returns how many records
/// the block held.
fn for_each_block<F>(
    r: &mut dyn BufRead,
    jobs: usize,
    render: &F,
    out: &mut Output,
) -> io::Result<()>
where
    F: Fn(u64, &[u8], &mut Vec<u8>) -> io::Result<u64> + Sync,
{
    let mut next_record = 1u64;
    let read_block =
        |r: &mut dyn BufRead, next_record: &mut u64| -> io::Result<Option<(u64, Vec<u8>)>> {
            let avail = r.fill_buf()?;
            if avail.is_empty() {
                return Ok(None);
            }
            let take = avail.len().min(BLOCK);
            // Room for the rest of the last line, so that completing it does not copy the block.
            let mut block = Vec::with_capacity(take + (64 << 10));
            block.extend_from_slice(&avail[..take]);
            r.consume(take);
            if !block.ends_with(b"\n") {
                r.read_until(b'\n', &mut block)?;
            }
            let first = *next_record;
            *next_record += memchr::memchr_iter(b'\n', &block).count() as u64
                + u64::from(!block.ends_with(b"\n"));
            Ok(Some((first, block)))
        };
    // Output flushed record by record (a terminal, `--line-buffered`) is rendered on this thread:
    // a worker's output would wait for the next read, and so for the next line of a slow
    // producer such as `tail -f`.
    if jobs <= 1 || out.interactive {
        let mut buf = Vec::new();
        loop {
            // The whole lines in the reader's buffer are rendered where they are; only a line
            // that the buffer cuts goes through a copy.
            let avail = r.fill_buf()?;
            if let Some(last) = memchr::memrchr(b'\n', &avail[..avail.len().min(BLOCK)]) {
                let lines = &avail[..=last];
                buf.clear();
                next_record += render(next_record, lines, &mut buf)?;
                r.consume(last + 1);
            } else {
                let Some((first, block)) = read_block(r, &mut next_record)? else {
                    break;
                };
                buf.clear();
                render(first, &block, &mut buf)?;
            }
            out.w.write_all(&buf).map_err(out_err)?;
            out.end_record().map_err(out_err)?;
        }
        return Ok(());
    }
    // This thread reads, writes, and renders too: `jobs - 1` workers take blocks from a short
    // queue, and when the queue is full this thread renders the block it has just read. So
    // `jobs` threads share `jobs` cores, with no reader thread cutting in, and at the end of
    // the input this thread takes queued blocks as well, so that no core waits for another's
    // queue to drain.
    //
    // Buffers go round: a block read goes to a renderer and comes back with its output; the
    // output, once written, goes back to be filled again. Nothing is allocated or zeroed per
    // block once the first few are in use.
    struct Job {
        seq: u64,
        first: u64,
        block: Vec<u8>,
        len: usize,
    }
    struct Done {
        seq: u64,
        out: io::Result<Vec<u8>>,
        block: Vec<u8>,
    }
    use std::collections::BTreeMap;
    use std::sync::{Mutex, mpsc};
    let spare_out: Mutex<Vec<Vec<u8>>> = Mutex::default();
    let run = |job: Job| -> Done {
        let mut buf = spare_out
            .lock()
            .ok()
            .and_then(|mut v| v.pop())
            .unwrap_or_default();
        buf.clear();
        let out = render(job.first, &job.block[..job.len], &mut buf).map(|_| buf);
        Done {
            seq: job.seq,
            out,
            block: job.block,
        }
    };
    let workers = jobs - 1;
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(workers * 2);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|scope| {
        let (res_tx, res_rx) = mpsc::channel::<Done>();
        for _ in 0..workers {
            let (job_rx, res_tx, run) = (&job_rx, res_tx.clone(), &run);
            scope.spawn(move || {
                loop {
                    let job = job_rx
                        .lock()
                        .map_err(|_| ())
                        .and_then(|rx| rx.recv().map_err(|_| ()));
                    let Ok(job) = job else { return };
                    if res_tx.send(run(job)).is_err() {
                        return;
                    }
                }
            });
        }
        drop(res_tx);
        let mut pending: BTreeMap<u64, io::Result<Vec<u8>>> = BTreeMap::new();
        let mut spare_blocks: Vec<Vec<u8>> = Vec::new();
        let (mut sent, mut written) = (0u64, 0u64);
        // Files a rendered block, then writes every block that is next in input order.
        let mut take =
            |done: Done, written: &mut u64, spare_blocks: &mut Vec<Vec<u8>>| -> io::Result<()> {
                pending.insert(done.seq, done.out);
                spare_blocks.push(done.block);
                while let Some(res) = pending.remove(written) {
                    let buf = res?;
                    out.w.write_all(&buf).map_err(out_err)?;
                    out.end_record().map_err(out_err)?;
                    *written += 1;
                    if let Ok(mut spare) = spare_out.lock() {
                        spare.push(buf);
                    }
                }
                Ok(())
            };
        let mut carry = Vec::new();
        let mut result = (|| -> io::Result<()> {
            loop {
                let mut block = spare_blocks.pop().unwrap_or_default();
                let Some(len) = read_lines(r, &mut block, &mut carry)? else {
                    return Ok(());
                };
                let first = next_record;
                next_record += memchr::memchr_iter(b'\n', &block[..len]).count() as u64
                    + u64::from(block[len - 1] != b'\n');
                while let Ok(done) = res_rx.try_recv() {
                    take(done, &mut written, &mut spare_blocks)?;
                }
                let job = Job {
                    seq: sent,
                    first,
                    block,
                    len,
                };
                sent += 1;
                match job_tx.try_send(job) {
                    Ok(()) => {}
                    // (The queue's receiving end lives here: it is never disconnected.)
                    Err(mpsc::TrySendError::Full(job) | mpsc::TrySendError::Disconnected(job)) => {
                        take(run(job), &mut written, &mut spare_blocks)?
                    }
                }
            }
        })();
        // At the end of the input, take queued blocks too. A worker holds the queue's lock
        // while it waits for a block, so a lock that is taken means an empty queue (or a worker
        // taking the last block).
        while result.is_ok() {
            let job = job_rx.try_lock().ok().and_then(|rx| rx.try_recv().ok());
            let Some(job) = job else { break };
            result = take(run(job), &mut written, &mut spare_blocks);
        }
        drop(job_tx);
        result?;
        while written < sent {
            match res_rx.recv() {
                Ok(done) => take(done, &mut written, &mut spare_blocks)?,
                Err(_) => break,
            }
        }
        Ok(())
    })
}

/// Reads the next block of whole lines into `block`, and returns its length (`None` at the end
/// of input): the line the previous read cut (`carry`), then what one read returns, up to its
/// last newline; the cut line after that goes back to `carry`. A line longer than a block
/// takes more reads. At the end of input, the last line may lack its newline.
///
/// The read goes straight into the block: a `BufReader` with nothing buffered passes a read as
/// large as its buffer through to the file. The block keeps its length past the lines (the
/// bytes of earlier blocks), so reusing it zeroes nothing.
fn read_lines(
    r: &mut dyn BufRead,
    block: &mut Vec<u8>,
    carry: &mut Vec<u8>,
) -> io::Result<Option<usize>> {
    let mut len = carry.len();
    if block.len() < len + BLOCK {
        block.resize(len + BLOCK, 0);
    }
    block[..len].copy_from_slice(carry);
    carry.clear();
    loop {
        let n = match r.read(&mut block[len..len + BLOCK]) {
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if n == 0 {
            return Ok((len > 0).then_some(len));
        }
        let before = len;
        len += n;
        // The carried line has no newline: only the new bytes can end a line.
        if let Some(i) = memchr::memrchr(b'\n', &block[before..len]) {
            let end = before + i + 1;
            carry.extend_from_slice(&block[end..len]);
            return Ok(Some(end));
        }
        if block.len() < len + BLOCK {
            block.resize(len + BLOCK, 0);
        }
    }
}

/// Writes the lines of `canonym tag`: one JSON object per mention, with the fields `file` (when
/// files are named), `record`, `start`, `end`, `text`, `id`, `name`, `type`, `kind`, `score` and,
/// for an ambiguous mention, `candidates`. The file name and each entity's fields are escaped
/// once and reused.
struct TagWriter {
    /// `"file":"…",` or nothing.
    file: Vec<u8>,
    /// The start of a line up to the mention's start offset, `{"file":"…","record":N,"start":`,
    /// for record `line_record`: the mentions of one record share it.
    line_start: Vec<u8>,
    line_record: u64,
    /// The end of the line from `"id":` on, for a mention of one entity without other
    /// candidates, by entity address (entities live as long as the lexicon), kind and score
    /// bits: a few thousand cover a whole corpus. Two ways per set, by a hash of the key: a
    /// lookup is one multiplication and one or two comparisons. (With one way, the dozens of
    /// keys of a news corpus put two frequent ones in the same slot in about half of all heap
    /// layouts, and address space randomisation picks a layout per run: such a pair rebuilt
    /// its tails in turn, thousands of times, in some runs and not in others.)
    tails: Vec<((usize, u64, usize), Vec<u8>)>,
    /// `tails` has `1 << tail_bits` slots.
    tail_bits: u32,
    /// Scores as JSON by their bits: a handful of values make nearly every mention's score.
    scores: Vec<(u64, Vec<u8>)>,
}

impl TagWriter {
    /// A writer for one block of `tag`'s input: a thousand line ends cover the entities a block
    /// of news names.
    fn new(file: Option<&str>) -> io::Result<TagWriter> {
        TagWriter::with_tails(file, 10)
    }

    /// A writer for all of `resolve`'s lines: a table of names can name tens of thousands of
    /// entities, each worth keeping.
    fn for_resolve() -> io::Result<TagWriter> {
        TagWriter::with_tails(None, 16)
    }

    fn with_tails(file: Option<&str>, tail_bits: u32) -> io::Result<TagWriter> {
        let mut prefix = Vec::new();
        if let Some(f) = file {
            prefix.extend_from_slice(b"\"file\":");
            serde_json::to_writer(&mut prefix, f).map_err(io::Error::from)?;
            prefix.push(b',');
        }
        Ok(TagWriter {
            file: prefix,
            line_start: Vec::new(),
            line_record: 0,
            tails: Vec::new(),
            tail_bits,
            scores: Vec::new(),
        })
    }

    fn write(
        &mut self,
        out: &mut Vec<u8>,
        record: u64,
        text: &[u8],
        m: &Mention<'_>,
    ) -> io::Result<()> {
        if self.line_record != record || self.line_start.is_empty() {
            self.line_start.clear();
            self.line_start.push(b'{');
            self.line_start.extend_from_slice(&self.file);
            self.line_start.extend_from_slice(b"\"record\":");
            push_u64(&mut self.line_start, record);
            self.line_start.extend_from_slice(b",\"start\":");
            self.line_record = record;
        }
        out.extend_from_slice(&self.line_start);
        push_u64(out, m.start() as u64);
        out.extend_from_slice(b",\"end\":");
        push_u64(out, m.end() as u64);
        out.extend_from_slice(b",\"text\":");
        push_json_str(out, &text[m.span()])?;
        out.push(b',');
        self.end(out, m)
    }

    /// The end of a line from `"id":` on, cached for a mention of one entity without other
    /// candidates.
    fn end(&mut self, out: &mut Vec<u8>, m: &Mention<'_>) -> io::Result<()> {
        let score = m.score();
        if let Some(e) = m.entity().filter(|_| m.candidates().next().is_none()) {
            // The kind by the address of its name (one static string per kind).
            let key = (
                e as *const canonym::Entity as usize,
                score.to_bits(),
                m.kind().as_str().as_ptr() as usize,
            );
            if self.tails.is_empty() {
                self.tails = vec![((0, 0, 0), Vec::new()); 1 << self.tail_bits];
            }
            // The most recent key of the set is in its even slot, the other in the odd one.
            let slot = tail_slot(key, self.tail_bits) & !1;
            if self.tails[slot].0 != key {
                if self.tails[slot + 1].0 != key {
                    // The older key goes, and its buffer is reused.
                    let mut tail = std::mem::take(&mut self.tails[slot + 1].1);
                    tail.clear();
                    self.tail(&mut tail, m)?;
                    self.tails[slot + 1] = (key, tail);
                }
                self.tails.swap(slot, slot + 1);
            }
            out.extend_from_slice(&self.tails[slot].1);
            return Ok(());
        }
        self.tail(out, m)
    }

    /// One line of `canonym resolve` (the fields of [`ResolveRecord`], as `serde_json` writes
    /// them), with the same cached ends of lines as `tag`.
    fn resolved(
        &mut self,
        out: &mut Vec<u8>,
        input: &str,
        res: Option<&Mention<'_>>,
    ) -> io::Result<()> {
        out.extend_from_slice(b"{\"input\":");
        push_json_str(out, input.as_bytes())?;
        out.push(b',');
        match res {
            Some(m) if m.entity().is_some() => self.end(out, m),
            Some(m) => {
                // A shared name without a preferred reading: unlike `tag`, no type either.
                out.extend_from_slice(b"\"id\":null,\"name\":null,\"type\":null,\"kind\":\"");
                out.extend_from_slice(m.kind().as_str().as_bytes());
                out.extend_from_slice(b"\",\"score\":");
                json(out, &m.score())?;
                push_candidates(out, m)
            }
            None => {
                out.extend_from_slice(
                    b"\"id\":null,\"name\":null,\"type\":null,\"kind\":null,\"score\":null}\n",
                );
                Ok(())
            }
        }
    }

    /// The end of a mention's line from `"id":` on.
    fn tail(&mut self, out: &mut Vec<u8>, m: &Mention<'_>) -> io::Result<()> {
        match m.entity() {
            Some(e) => {
                out.extend_from_slice(b"\"id\":");
                json(out, e.id())?;
                out.extend_from_slice(b",\"name\":");
                json(out, e.name())?;
                out.extend_from_slice(b",\"type\":");
                json(out, e.kind().as_str())?;
            }
            None => {
                out.extend_from_slice(b"\"id\":null,\"name\":null,\"type\":");
                match m.candidates().next() {
                    Some(c) => json(out, c.kind().as_str())?,
                    None => out.extend_from_slice(b"null"),
                }
            }
        }
        out.extend_from_slice(b",\"kind\":");
        out.push(b'"');
        out.extend_from_slice(m.kind().as_str().as_bytes());
        out.extend_from_slice(b"\",\"score\":");
        let score = m.score();
        match self.scores.iter().find(|(s, _)| *s == score.to_bits()) {
            Some((_, text)) => out.extend_from_slice(text),
            None => {
                let mut text = Vec::new();
                json(&mut text, &score)?;
                out.extend_from_slice(&text);
                if self.scores.len() < 16 {
                    self.scores.push((score.to_bits(), text));
                }
            }
        }
        push_candidates(out, m)
    }
}

/// Whether every byte of `bytes` is ASCII that a JSON string holds as it is (no control
/// character, quote or backslash): eight bytes at a time, since every mention's text is
/// tested.
fn plain_ascii(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of `v` that is zero (exact as a yes or no for the whole word).
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w);
        // Non-ASCII, below 0x20 (exact for a bound of at most 0x80), `"` or `\`.
        let special = (x & HIGH)
            | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
            | zero(x ^ (ONES * u64::from(b'"')))
            | zero(x ^ (ONES * u64::from(b'\\')));
        if special != 0 {
            return false;
        }
    }
    chunks
        .remainder()
        .iter()
        .all(|&b| (0x20..0x80).contains(&b) && b != b'"' && b != b'\\')
}

/// Ends a line of `tag` or `resolve`: `,"candidates":[…]` when the name is shared, and `}`.
fn push_candidates(out: &mut Vec<u8>, m: &Mention<'_>) -> io::Result<()> {
    let mut candidates = m.candidates().peekable();
    if candidates.peek().is_some() {
        out.extend_from_slice(b",\"candidates\":[");
        for (i, c) in candidates.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            json(out, c.id())?;
        }
        out.push(b']');
    }
    out.extend_from_slice(b"}\n");
    Ok(())
}

/// Appends `n` in decimal (three per mention: `itoa` writes two digits a step, without the
/// formatting machinery).
fn push_u64(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends `bytes` as a JSON string, as `json` would write it after a lossy UTF-8 conversion.
/// Mention texts are short and almost never need an escape: those are copied as they are.
fn push_json_str(out: &mut Vec<u8>, bytes: &[u8]) -> io::Result<()> {
    let plain = |b: u8| b >= 0x20 && b != b'"' && b != b'\\';
    // ASCII needs no UTF-8 check.
    if plain_ascii(bytes) {
        out.push(b'"');
        out.extend_from_slice(bytes);
        out.push(b'"');
        return Ok(());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) if bytes.iter().all(|&b| plain(b)) => {
            out.push(b'"');
            out.extend_from_slice(s.as_bytes());
            out.push(b'"');
            Ok(())
        }
        _ => json(out, &String::from_utf8_lossy(bytes)),
    }
}

/// The slot among `1 << bits` of a key of `TagWriter::tails` (an entity's address, score bits,
/// kind name's address; the zero key of an empty slot is no entity's).
fn tail_slot((entity, score, kind): (usize, u64, usize), bits: u32) -> usize {
    let h = (entity as u64 ^ score.rotate_left(17) ^ (kind as u64).rotate_left(41))
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - bits)) as usize
}

/// Appends `v` as JSON.
fn json<T: Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> io::Result<()> {
    serde_json::to_writer(out, v).map_err(io::Error::from)
}

fn run(cli: Cli) -> io::Result<u8> {
    match cli.command {
        Command::Tag {
            files,
            whole,
            jobs,
            line_buffered,
            lex,
        } => {
            let c = build(&lex)?;
            let mut out = Output::new(line_buffered);
            let named = !files.is_empty();
            let jobs = jobs_or_default(jobs);
            // The later tiers' index, built once before the threads start (exact matching
            // needs nothing more).
            if jobs > 1 && lex.tiers != Tiers::exact_only() {
                c.warm_up();
            }
            let failed = for_each_input(&files, |name, r| {
                let file = if named { name } else { None };
                if whole {
                    let mut text = Vec::new();
                    r.read_to_end(&mut text)?;
                    let mut buf = Vec::new();
                    let mut w = TagWriter::new(file)?;
                    for m in c.find_bytes(&text) {
                        w.write(&mut buf, 1, &text, &m)?;
                    }
                    out.w.write_all(&buf).map_err(out_err)?;
                    return out.end_record().map_err(out_err);
                }
                let render = |first: u64, block: &[u8], buf: &mut Vec<u8>| {
                    let mut w = TagWriter::new(file)?;
                    let mut records = 0;
                    for (line, _) in lines(block) {
                        for m in c.find_bytes(line) {
                            w.write(buf, first + records, line, &m)?;
                        }
                        records += 1;
                    }
                    Ok(records)
                };
                for_each_block(r, jobs, &render, &mut out)
            })?;
            out.w.flush().map_err(out_err)?;
            Ok(if failed { EXIT_ERROR } else { 0 })
        }
        Command::Normalize {
            files,
            to,
            template,
            jobs,
            line_buffered,
            lex,
        } => {
            let replacement = match template {
                Some(t) => Replacement::Template(
                    Template::parse(&t).map_err(|e| io::Error::other(e.to_string()))?,
                ),
                None => match to {
                    To::Name => Replacement::Name,
                    To::Id => Replacement::Id,
                },
            };
            let c = build(&lex)?;
            let mut out = Output::new(line_buffered);
            let jobs = jobs_or_default(jobs);
            // The later tiers' index, built once before the threads start (exact matching
            // needs nothing more).
            if jobs > 1 && lex.tiers != Tiers::exact_only() {
                c.warm_up();
            }
            let render = |_: u64, block: &[u8], buf: &mut Vec<u8>| {
                let mut records = 0;
                for (line, term) in lines(block) {
                    c.normalize_into(line, &replacement, buf);
                    buf.extend_from_slice(term);
                    records += 1;
                }
                Ok(records)
            };
            let failed = for_each_input(&files, |_, r| for_each_block(r, jobs, &render, &mut out))?;
            out.w.flush().map_err(out_err)?;
            Ok(if failed { EXIT_ERROR } else { 0 })
        }
        Command::Resolve {
            files,
            jobs,
            line_buffered,
            lex,
        } => {
            let c = build(&lex)?;
            let mut out = Output::new(line_buffered);
            let jobs = jobs_or_default(jobs);
            // No warm-up: most names of a table resolve without the later tiers' index, and a
            // short run (`echo name | canonym resolve`) should not build it. The first thread
            // to need it builds it; another that needs it meanwhile waits.
            let render = |_: u64, block: &[u8], buf: &mut Vec<u8>| {
                thread_local! {
                    /// Each thread's writer, kept from block to block: its cached line ends
                    /// serve the whole table.
                    static WRITER: std::cell::RefCell<Option<TagWriter>> =
                        const { std::cell::RefCell::new(None) };
                }
                WRITER.with(|cell| {
                    let mut slot = cell.borrow_mut();
                    let w = match &mut *slot {
                        Some(w) => w,
                        none => none.insert(TagWriter::for_resolve()?),
                    };
                    let mut records = 0;
                    for (line, _) in lines(block) {
                        // Valid UTF-8 (all but odd inputs) is checked a word at a time; the
                        // lossy conversion checks it a byte at a time.
                        let input = match std::str::from_utf8(line) {
                            Ok(s) => std::borrow::Cow::Borrowed(s),
                            Err(_) => String::from_utf8_lossy(line),
                        };
                        let res = c.resolve(&input);
                        w.resolved(buf, &input, res.as_ref())?;
                        records += 1;
                    }
                    Ok(records)
                })
            };
            let failed = for_each_input(&files, |_, r| for_each_block(r, jobs, &render, &mut out))?;
            out.w.flush().map_err(out_err)?;
            Ok(if failed { EXIT_ERROR } else { 0 })
        }
        Command::Explain { names, lex } => {
            let c = build(&lex)?;
            let mut out = Output::new(false);
            for n in &names {
                explain(&mut out.w, &c, n).map_err(out_err)?;
            }
            out.w.flush().map_err(out_err)?;
            Ok(0)
        }
        Command::Lint { paths, errors_only } => lint_cmd(&paths, errors_only),
        Command::Stats { paths } => stats_cmd(&paths),
        Command::Fmt { paths, check } => fmt_cmd(&paths, check),
    }
}

fn load(paths: &[PathBuf]) -> lexicon::Loaded {
    if paths.is_empty() {
        return lexicon::load_builtin();
    }
    let mut loaded = lexicon::Loaded::default();
    for p in paths {
        loaded.merge(lexicon::load_path(p));
    }
    loaded
}

/// Names every path that does not exist on stderr; true when there was one. A missing lexicon is
/// an error of the invocation (exit 2), not a problem in a lexicon (exit 1).
fn missing_paths(paths: &[PathBuf]) -> bool {
    let mut missing = false;
    for p in paths {
        if let Err(e) = std::fs::metadata(p) {
            eprintln!("canonym: {}: {e}", p.display());
            missing = true;
        }
    }
    missing
}

fn lint_cmd(paths: &[PathBuf], errors_only: bool) -> io::Result<u8> {
    if missing_paths(paths) {
        return Ok(EXIT_ERROR);
    }
    let loaded = load(paths);
    let mut diags = lint::lint(&loaded);
    if !lint::has_errors(&diags) {
        let mut b = Canonym::builder().no_default_lexicons();
        if paths.is_empty() {
            b = Canonym::builder();
        }
        for p in paths {
            b = b.lexicon_path(p);
        }
        match b.build() {
            Ok(c) => diags.extend(lint::check_examples(&c)),
            Err(e) => diags.extend(e.diagnostics().iter().cloned()),
        }
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    let mut out = Output::new(false);
    for d in diags
        .iter()
        .filter(|d| !errors_only || d.severity == Severity::Error)
    {
        writeln!(out.w, "{d}").map_err(out_err)?;
    }
    out.w.flush().map_err(out_err)?;
    eprintln!(
        "canonym lint: {} entities, {errors} error(s), {warnings} warning(s)",
        loaded_entities(&loaded)
    );
    Ok(if errors > 0 { EXIT_PROBLEMS } else { 0 })
}

fn loaded_entities(l: &lexicon::Loaded) -> usize {
    lint::stats(l.entities()).entities
}

fn stats_cmd(paths: &[PathBuf]) -> io::Result<u8> {
    if missing_paths(paths) {
        return Ok(EXIT_ERROR);
    }
    let loaded = load(paths);
    let s = lint::stats(loaded.entities());
    let pct = |n: usize| {
        if s.entities == 0 {
            0.0
        } else {
            100.0 * n as f64 / s.entities as f64
        }
    };
    let mut out = Output::new(false);
    writeln!(out.w, "entities\t{}", s.entities)?;
    writeln!(out.w, "aliases\t{}", s.aliases)?;
    for (t, n) in &s.per_type {
        writeln!(out.w, "type {t}\t{n}")?;
    }
    for (sc, n) in &s.per_script {
        writeln!(out.w, "aliases in script {sc}\t{n}")?;
    }
    writeln!(
        out.w,
        "entities with sources\t{} ({:.1}%)",
        s.with_sources,
        pct(s.with_sources)
    )?;
    writeln!(
        out.w,
        "entities with an Arabic-script alias\t{} ({:.1}%)",
        s.with_arabic,
        pct(s.with_arabic)
    )?;
    out.w.flush().map_err(out_err)?;
    Ok(0)
}

fn toml_files(path: &std::path::Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() || p.extension().is_some_and(|e| e == "toml") {
                toml_files(&p, out)?;
            }
        }
    } else {
        std::fs::metadata(path)?;
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn fmt_cmd(paths: &[PathBuf], check: bool) -> io::Result<u8> {
    let default = [PathBuf::from("lexicons")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    if missing_paths(paths) {
        return Ok(EXIT_ERROR);
    }
    let mut files = Vec::new();
    for p in paths {
        toml_files(p, &mut files)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))?;
    }
    let (mut unformatted, mut failed) = (0, false);
    for f in &files {
        let text = std::fs::read_to_string(f)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.display())))?;
        match lexicon::format::format_toml(&text) {
            Ok(out) if out == text => {}
            Ok(_) if check => {
                println!("{}: not in canonical form", f.display());
                unformatted += 1;
            }
            Ok(out) => {
                std::fs::write(f, out)
                    .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", f.display())))?;
                eprintln!("formatted {}", f.display());
            }
            Err(e) => {
                eprintln!("canonym: {}: {e}", f.display());
                failed = true;
            }
        }
    }
    if unformatted > 0 {
        eprintln!(
            "canonym fmt: {unformatted} file(s) need formatting; run `canonym fmt` (or `cargo run -- fmt`) and commit the result"
        );
    }
    Ok(if failed {
        EXIT_ERROR
    } else if unformatted > 0 {
        EXIT_PROBLEMS
    } else {
        0
    })
}

fn explain(w: &mut impl Write, c: &Canonym, name: &str) -> io::Result<()> {
    let x = c.explain(name);
    writeln!(w, "name:     {name}")?;
    writeln!(w, "folded:   {}", x.folded)?;
    match &x.form {
        Some(f) => writeln!(
            w,
            "key:      {}  (vowel slots {}; {} token(s), {} script)",
            f.key(),
            f.slots_display(),
            f.tokens(),
            if f.is_arabic() { "Arabic" } else { "Latin" }
        )?,
        None => writeln!(
            w,
            "key:      none (no letters to key on, or digits or other scripts)"
        )?,
    }
    if x.candidates.is_empty() {
        writeln!(
            w,
            "candidates: none share its key or come within one key edit"
        )?;
    } else {
        writeln!(w, "candidates:")?;
        for cand in &x.candidates {
            let d = if cand.distance.is_finite() {
                format!("{:.2}", cand.distance)
            } else {
                "vowels disagree".into()
            };
            writeln!(
                w,
                "  {} {:<12} {:<34} via {:?} (distance {d})",
                if cand.accepted { "+" } else { "-" },
                cand.kind.as_str(),
                cand.entity.id(),
                cand.alias
            )?;
        }
    }
    match &x.result {
        Some(m) => match m.entity() {
            Some(e) => writeln!(
                w,
                "result:   {} ({}) by {}, score {:.2}",
                e.id(),
                e.name(),
                m.kind().as_str(),
                m.score()
            )?,
            None => writeln!(
                w,
                "result:   ambiguous between {}",
                m.candidates()
                    .map(|c| c.id())
                    .collect::<Vec<_>>()
                    .join(", ")
            )?,
        },
        None => writeln!(w, "result:   no match")?,
    }
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One line of `canonym resolve` output, as serde writes it: what `TagWriter::resolved`
    /// must match.
    #[derive(Serialize)]
    struct ResolveRecord<'a> {
        input: &'a str,
        id: Option<&'a str>,
        name: Option<&'a str>,
        #[serde(rename = "type")]
        kind_of: Option<&'a str>,
        kind: Option<&'static str>,
        score: Option<f64>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        candidates: Vec<&'a str>,
    }

    #[test]
    fn resolve_lines_match_serde() {
        let c = Canonym::new();
        // A writer with one set of two cached line ends, too: the names' entities take turns
        // in it, so every lookup there is a hit in either slot or a replacement.
        for mut w in [
            TagWriter::new(None).unwrap(),
            TagWriter::with_tails(None, 1).unwrap(),
        ] {
            let names = [
                "Erbil",
                "FALIH AL-FAYYADH",
                "فالح الفياض",
                "Faleh Fayyadh",
                "nobody at all",
                "a \"quoted\" \\ name\t",
                "Hezbollah",
                "Al Mayadeen",
                "Sadr",
                "",
            ];
            // Twice: the second time the ends of the lines come from the cache.
            for name in names.iter().chain(names.iter()) {
                let res = c.resolve(name);
                let e = res.as_ref().and_then(|m| m.entity());
                let rec = ResolveRecord {
                    input: name,
                    id: e.map(|e| e.id()),
                    name: e.map(|e| e.name()),
                    kind_of: e.map(|e| e.kind().as_str()),
                    kind: res.as_ref().map(|m| m.kind().as_str()),
                    score: res.as_ref().map(|m| m.score()),
                    candidates: res
                        .as_ref()
                        .map_or_else(Vec::new, |m| m.candidates().map(|c| c.id()).collect()),
                };
                let mut want = serde_json::to_vec(&rec).unwrap();
                want.push(b'\n');
                let mut got = Vec::new();
                w.resolved(&mut got, name, res.as_ref()).unwrap();
                assert_eq!(
                    String::from_utf8_lossy(&got),
                    String::from_utf8_lossy(&want),
                    "{name}"
                );
            }
        }
    }

    #[test]
    fn json_strings_and_numbers_match_serde() {
        let texts: [&[u8]; 9] = [
            b"Erbil",
            b"",
            "فالح الفياض".as_bytes(),
            "Kata\u{2019}ib".as_bytes(),
            b"a \"quoted\" name",
            b"back\\slash",
            b"tab\there\nnewline\x01",
            b"bad \xff\xfe utf-8",
            b"\x7f del",
        ];
        // And every special byte at every place of a chunk of eight and of the rest.
        let mut more: Vec<Vec<u8>> = Vec::new();
        for special in [b'"', b'\\', 0x00, 0x1f, 0x7f, 0x80, 0xc3, 0xff] {
            for len in [7, 8, 9, 16, 17] {
                for at in 0..len {
                    let mut t = vec![b'a'; len];
                    t[at] = special;
                    more.push(t);
                }
            }
        }
        for t in texts.into_iter().chain(more.iter().map(|t| &t[..])) {
            let slow_plain = t
                .iter()
                .all(|&b| (0x20..0x80).contains(&b) && b != b'"' && b != b'\\');
            assert_eq!(plain_ascii(t), slow_plain, "{t:?}");
            let mut fast = Vec::new();
            push_json_str(&mut fast, t).unwrap();
            let mut slow = Vec::new();
            json(&mut slow, &String::from_utf8_lossy(t)).unwrap();
            assert_eq!(fast, slow, "{t:?}");
        }
        for n in [0u64, 7, 10, 99, 100, 65_535, 1 << 40, u64::MAX] {
            let mut out = b"x".to_vec();
            push_u64(&mut out, n);
            assert_eq!(out, format!("x{n}").into_bytes());
        }
    }
}
