//! The commands: convert, tables, check, schema, compare, serve. Argument parsing and
//! wiring only; the work is in the library.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::batch;
use crate::batch::inputs::{self, Input};
use crate::document::Document;
use crate::panel::PanelWarning;
use crate::report::Report;
use crate::write::{self, FileError, Lang, Options, OutputFormat, Sink, WriteError};

const EXAMPLES: &str = "\
Examples:
  nianbao convert report.docx                    one report as JSON Lines on stdout
  nianbao convert downloads/ -o all.xlsx         a folder (recursive) into a workbook
  nianbao convert a.pdf b.docx -o out.csv        wide CSV: one row per report
  nianbao convert in/ -o cells.csv --long        long CSV: one row per value, with provenance
  nianbao convert attachments.zip -o out.jsonl   members of a zip archive, read in place
  nianbao convert --from list.txt -o db.sqlite   a list of paths into a resumable database
  nianbao convert in/ -o db.sqlite --shard 2/8   one eighth of a job (for several machines)
  nianbao convert in/ -o out/part2.parquet       Parquet, one row per value (--wide: one per report)
  nianbao merge part*.sqlite -o all.sqlite       shards' databases joined (each report kept once)
  nianbao tables report.pdf                      every table of a document as a grid
  nianbao check in/                              which reports fail their own sums (勾稽关系)
  nianbao schema > report.schema.json            the JSON Schema of a report
  nianbao compare reports/                       one organ's reports compared year over year
  nianbao compare reports/ --json                the same as nianbao/compare/v1 JSON lines
  nianbao convert in/ -o panel.csv --panel       one row per organ and year, with YoY change

Exit status: 0 all files converted, 1 some failed, 2 usage error, 3 the output could not be
written (what was converted is in OUTPUT.rescued.jsonl beside it, as the message says).";

/// Exit status when the output could not be written.
pub const EXIT_OUTPUT: i32 = 3;

/// Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告) from DOCX, PDF and web pages into checked,
/// structured data: JSON, JSONL, CSV, XLSX, SQLite and Parquet.
#[derive(Parser)]
#[command(name = "nianbao", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// OCR for scanned pages (Tesseract): auto reads pages without text
    /// (title, tables, last page), always all of their text, never none.
    #[arg(long, global = true, value_enum, default_value = "auto")]
    ocr: OcrArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OcrArg {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Convert reports into the canonical schema (format from -o's extension).
    #[command(after_help = EXAMPLES)]
    Convert(ConvertArgs),
    /// Print every table of a document as a clean grid (merged cells resolved).
    Tables {
        /// A DOCX, PDF, HTML or text file.
        file: PathBuf,
        /// Print JSON (cells with row, column, spans, text, page and box).
        #[arg(long)]
        json: bool,
        /// Refuse a file larger than this unread (e.g. 200MB, 1GiB).
        #[arg(long, value_name = "SIZE", default_value = "200MB", value_parser = inputs::parse_size)]
        max_file_size: u64,
    },
    /// Print, per file, the 勾稽 rules its tables fail.
    Check {
        /// Files or folders (searched recursively).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Refuse files larger than this unread (e.g. 200MB, 1GiB).
        #[arg(long, value_name = "SIZE", default_value = "200MB", value_parser = inputs::parse_size)]
        max_file_size: u64,
    },
    /// Print the JSON Schema of one converted report.
    Schema,
    /// Compare each organ's reports year over year (changes, carry, indicators, repeated text).
    Compare(CompareArgs),
    /// A local web page for people and an HTTP API for other systems.
    Serve(ServeArgs),
    /// Join SQLite databases written by shards of one job (each report kept once, by sha256).
    Merge {
        /// Databases written by `nianbao convert … -o x.sqlite`.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// The joined database (created, or added to when it exists).
        #[arg(short, long, required = true)]
        output: PathBuf,
    },
}

#[derive(clap::Args)]
struct ServeArgs {
    /// Address to listen on (a non-loopback address needs --token).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
    /// Open the page in the default browser once listening.
    #[arg(long)]
    open: bool,
    /// Require `Authorization: Bearer TOKEN` on every request.
    #[arg(long, value_name = "TOKEN")]
    token: Option<String>,
    /// Largest request body in bytes (larger ones get 413).
    #[arg(long, value_name = "BYTES", default_value_t = crate::serve::DEFAULT_MAX_UPLOAD)]
    max_upload: usize,
    /// Conversions at once (default: one per core).
    #[arg(short, long, default_value_t = 0)]
    jobs: usize,
    /// Time limit of one request's conversions, in seconds (then 504).
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    timeout: u64,
}

#[derive(clap::Args)]
struct CompareArgs {
    /// Files, folders, glob patterns or zip archives, as `convert` takes them.
    inputs: Vec<String>,
    /// Read more inputs from a list file, one per line ('-' for standard input).
    #[arg(long, value_name = "LIST")]
    from: Option<String>,
    /// One nianbao/compare/v1 JSON record a line instead of the readable table.
    #[arg(long)]
    json: bool,
    /// A CSV of name,key rows: organ keys for names the rules cannot know.
    #[arg(long, value_name = "FILE.csv")]
    organ_map: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// No notices on stderr about reports left uncompared.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(clap::Args)]
struct ConvertArgs {
    /// Files, folders (searched recursively), glob patterns ('in/**/*.pdf') or zip archives of attachments.
    inputs: Vec<String>,
    /// Read more inputs from a list file, one per line ('-' for standard input).
    #[arg(long, value_name = "LIST")]
    from: Option<String>,
    /// Output file; its extension (.json .jsonl .csv .xlsx .sqlite) picks the format. Default: JSONL on stdout.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Output format, overriding the extension of -o.
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// CSV: one row per value (labels as printed, raw text, location) instead of one per report.
    #[arg(long)]
    long: bool,
    /// Parquet: one row per report, one typed column per schema leaf (default: one row per value).
    #[arg(long)]
    wide: bool,
    /// Column headers of wide CSV/XLSX: Chinese labels or schema keys.
    #[arg(long, value_enum, default_value = "zh")]
    lang: Lang,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    jobs: Option<usize>,
    /// Convert only shard K of N (e.g. 2/8), split deterministically by file name.
    #[arg(long, value_name = "K/N")]
    shard: Option<String>,
    /// SQLite: convert again files the database already holds.
    #[arg(long)]
    force: bool,
    /// A CSV of name,key rows: organ keys for names the rules cannot know.
    #[arg(long, value_name = "FILE.csv")]
    organ_map: Option<PathBuf>,
    /// CSV: the panel (one row per organ key and year, indicators and their change) instead of the reports.
    #[arg(long, conflicts_with = "long")]
    panel: bool,
    /// No progress bar and no summary.
    #[arg(short, long)]
    quiet: bool,
    /// Refuse files (and archive members) larger than this unread, as `too_large` errors.
    /// SIZE: bytes, or with a unit: 200MB, 1.5GB (powers of 1000), 512MiB (powers of 1024).
    #[arg(long, value_name = "SIZE", default_value = "200MB", value_parser = inputs::parse_size)]
    max_file_size: u64,
}

/// Runs the command line; returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    crate::read::scan::set_mode(match cli.ocr {
        OcrArg::Auto => crate::read::scan::OcrMode::Auto,
        OcrArg::Always => crate::read::scan::OcrMode::Always,
        OcrArg::Never => crate::read::scan::OcrMode::Never,
    });
    match cli.command {
        Command::Convert(args) => convert(args),
        Command::Tables { file, json, max_file_size } => tables(&file, json, max_file_size),
        Command::Check { inputs, max_file_size } => check(&inputs, max_file_size),
        Command::Compare(args) => compare(args),
        Command::Serve(args) => serve(args),
        Command::Merge { inputs, output } => merge(&inputs, &output),
        Command::Schema => {
            let schema = schemars::schema_for!(Report);
            match serde_json::to_string_pretty(&schema) {
                Ok(s) => {
                    let _ = out(&s);
                    0
                }
                Err(e) => fail(&format!("cannot print the schema: {e}")),
            }
        }
    }
}

/// Writes a line to stdout; a closed pipe (`nianbao tables f | head`) ends
/// the output quietly instead of panicking as `println!` would.
fn out(text: &str) -> Result<(), WriteError> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}")?;
    Ok(())
}

fn fail(msg: &str) -> i32 {
    eprintln!("nianbao: {msg}");
    2
}

/// Files and folders for `tables` and `check` (no archives or lists).
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<Input>, String> {
    let args: Vec<String> = inputs.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    inputs::expand(&args)
}

fn convert(args: ConvertArgs) -> i32 {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(path)) => match OutputFormat::from_path(path) {
            Some(f) => f,
            None => {
                return fail(&format!(
                    "{}: unknown output extension; use .json .jsonl .csv .xlsx .sqlite .parquet or --format",
                    path.display()
                ));
            }
        },
        (None, None) => OutputFormat::Jsonl,
    };
    let listed = match &args.from {
        Some(list) => match inputs::read_list(list) {
            Ok(more) => more,
            Err(e) => return fail(&e),
        },
        None => Vec::new(),
    };
    if args.inputs.is_empty() && listed.is_empty() {
        return fail("no inputs: name files, folders or patterns, or --from LIST");
    }
    let mut files = match inputs::expand(&args.inputs) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    files.extend(inputs::expand_listed(&listed));
    if let Some(s) = &args.shard {
        match inputs::parse_shard(s) {
            Ok((k, n)) => files = inputs::shard(files, k, n),
            Err(e) => return fail(&e),
        }
    }
    if files.is_empty() {
        return fail("no input files found");
    }
    if args.panel && format != OutputFormat::Csv {
        return fail("--panel is for CSV output (a workbook has its panel sheet, SQLite its panel view)");
    }
    let organ_map = match load_organ_map(args.organ_map.as_deref()) {
        Ok(m) => m,
        Err(e) => return fail(&e),
    };
    let options = Options { long: args.long, lang: args.lang, panel: args.panel, wide: args.wide };
    if !args.quiet {
        for note in write::preflight(format, files.len()) {
            eprintln!("nianbao: {note}");
        }
    }
    let sink = match write::open(format, options, args.output.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    let mut sink: Box<dyn Sink> = Box::new(write::Guarded::new(sink, args.output.as_deref()));
    let batch_options = batch::Options {
        jobs: args.jobs.unwrap_or(0),
        force: args.force,
        progress: !args.quiet,
        organ_map,
        max_file_size: args.max_file_size,
    };
    let run = batch::run(&files, sink.as_mut(), &batch_options);
    let notes = sink.notes();
    let finished = sink.finish();
    let mut summary = match run {
        Ok(s) => s,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return EXIT_OUTPUT;
        }
    };
    summary.notes = notes;
    if !args.quiet && (files.len() > 1 || !summary.panel.is_empty() || !summary.notes.is_empty()) {
        eprint!("nianbao: {summary}");
    }
    if let Err(e) = finished {
        eprintln!("nianbao: {e}");
        return EXIT_OUTPUT;
    }
    i32::from(summary.n_failed() > 0)
}

fn load_organ_map(path: Option<&Path>) -> Result<Option<std::sync::Arc<crate::panel::OrganMap>>, String> {
    let Some(path) = path else { return Ok(None) };
    crate::panel::OrganMap::load(path).map(|m| Some(std::sync::Arc::new(m))).map_err(|e| e.to_string())
}

/// `nianbao compare`: converts the inputs, then compares each organ's
/// consecutive years.
fn compare(args: CompareArgs) -> i32 {
    let mut names = args.inputs.clone();
    if let Some(list) = &args.from {
        match inputs::read_list(list) {
            Ok(more) => names.extend(more),
            Err(e) => return fail(&e),
        }
    }
    if names.is_empty() {
        return fail("no inputs: name files, folders or patterns, or --from LIST");
    }
    let files = match inputs::expand(&names) {
        Ok(f) if f.is_empty() => return fail("no input files found"),
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let organ_map = match load_organ_map(args.organ_map.as_deref()) {
        Ok(m) => m,
        Err(e) => return fail(&e),
    };
    let mut sink = write::CompareSink::default();
    let options = batch::Options {
        jobs: args.jobs.unwrap_or(0),
        force: true,
        progress: !args.quiet,
        organ_map,
        ..batch::Options::default()
    };
    if let Err(e) = batch::run(&files, &mut sink, &options) {
        return fail(&e.to_string());
    }
    let (comparisons, notices) = crate::panel::compare_all(std::mem::take(&mut sink.years), sink.unplaced.clone());
    if !args.quiet {
        for n in &notices {
            eprintln!("nianbao: {n}");
        }
    }
    for c in &comparisons {
        let text = if args.json { write::comparison_json(c) } else { Ok(write::comparison_text(c)) };
        match text.and_then(|t| out(&t)) {
            Ok(()) => {}
            Err(WriteError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => return 0,
            Err(e) => return fail(&e.to_string()),
        }
    }
    if comparisons.is_empty() && !args.quiet {
        eprintln!("nianbao: no organ has reports for two years to compare");
    }
    i32::from(sink.failed > 0)
}

/// `nianbao serve`: the page and the API until Ctrl-C.
fn serve(args: ServeArgs) -> i32 {
    let config = crate::serve::Config {
        addr: args.addr,
        token: args.token,
        max_upload: args.max_upload,
        workers: args.jobs,
        timeout: std::time::Duration::from_secs(args.timeout.max(1)),
    };
    let open = args.open;
    let on_bound = move |addr: std::net::SocketAddr| {
        if open {
            crate::serve::open_browser(&format!("http://{addr}/"));
        }
    };
    match crate::serve::run(config, on_bound) {
        Ok(()) => 0,
        Err(e) => fail(&e.to_string()),
    }
}

fn merge(inputs: &[PathBuf], output: &Path) -> i32 {
    match write::merge::merge(inputs, output) {
        Ok(m) => {
            eprintln!(
                "nianbao: {} reports added to {}, {} already there (kept once), {} errors listed, {} cross-year warnings",
                m.added,
                output.display(),
                m.kept_once,
                m.errors,
                m.panel_warnings
            );
            0
        }
        Err(e @ WriteError::Layout(_)) => fail(&e.to_string()),
        Err(e) => {
            eprintln!("nianbao: {e}");
            EXIT_OUTPUT
        }
    }
}

fn read_document(path: &Path, max_file_size: u64) -> Result<(String, Vec<u8>, Document), String> {
    let bytes = inputs::load_file(path, max_file_size).map_err(|e| format!("{}: {e}", path.display()))?;
    let (format, doc) = crate::read::read(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((format.name().to_string(), bytes, doc))
}

fn tables(path: &Path, json: bool, max_file_size: u64) -> i32 {
    let (format, bytes, doc) = match read_document(path, max_file_size) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("nianbao: {e}");
            return 1;
        }
    };
    let text = if json {
        let source = crate::source(&path.to_string_lossy(), &format, &bytes, doc.pages);
        crate::write::tables_json(&source, &doc)
    } else {
        crate::write::tables_text(&doc)
    };
    let _ = out(&text);
    0
}

fn check(inputs: &[PathBuf], max_file_size: u64) -> i32 {
    let files = match expand_inputs(inputs) {
        Ok(f) if f.is_empty() => return fail("no input files found"),
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let mut sink = CheckPrinter { status: 0 };
    let options = batch::Options { force: true, max_file_size, ..batch::Options::default() };
    if let Err(e) = batch::run(&files, &mut sink, &options) {
        return fail(&e.to_string());
    }
    sink.status
}

/// `nianbao check`: a readable line per file, the failing rules under it.
struct CheckPrinter {
    status: i32,
}

impl Sink for CheckPrinter {
    fn report(&mut self, r: &Report) -> Result<(), WriteError> {
        let who = format!(
            "{} ({} {})",
            r.source.path,
            r.organ.as_deref().unwrap_or("organ unknown"),
            r.year.map_or("year unknown".to_string(), |y| y.to_string())
        );
        if r.checks.is_empty() {
            out(&format!("ok   {who}: every rule holds"))?;
        } else {
            self.status = 1;
            out(&format!("FAIL {who}: {} rule{} fail", r.checks.len(), if r.checks.len() == 1 { "" } else { "s" }))?;
            for c in &r.checks {
                out(&format!(
                    "       {:<20} {:<24} expected {:>6}  found {:>6}",
                    c.rule, c.location, c.expected, c.found
                ))?;
            }
        }
        Ok(())
    }

    fn error(&mut self, e: &FileError) -> Result<(), WriteError> {
        self.status = 1;
        out(&format!("ERR  {}: {}", e.path, e.message))
    }

    fn duplicate(&mut self, name: &str, _sha256: &str, of: &str) -> Result<(), WriteError> {
        out(&format!("dup  {name}: same file as {of}"))
    }

    fn panel(&mut self, w: &PanelWarning) -> Result<(), WriteError> {
        out(&format!("warn {}: {}", w.path, w.message()))
    }

    fn finish(self: Box<Self>) -> Result<(), WriteError> {
        Ok(())
    }
}
