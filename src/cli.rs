//! The commands: convert, tables, check, schema. Argument parsing and
//! wiring only; the work is in the library.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::batch::inputs::{self, Input};
use crate::batch::{self, panel::PanelWarning};
use crate::document::Document;
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
  nianbao tables report.pdf                      every table of a document as a grid
  nianbao check in/                              which reports fail their own sums (勾稽关系)
  nianbao schema > report.schema.json            the JSON Schema of a report

Exit status: 0 all files converted, 1 some failed, 2 usage error.";

/// Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告) from DOCX, PDF and web pages into checked,
/// structured data: JSON, JSONL, CSV, XLSX and SQLite.
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
    },
    /// Print, per file, the 勾稽 rules its tables fail.
    Check {
        /// Files or folders (searched recursively).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// Print the JSON Schema of one converted report.
    Schema,
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
    /// No progress bar and no summary.
    #[arg(short, long)]
    quiet: bool,
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
        Command::Tables { file, json } => tables(&file, json),
        Command::Check { inputs } => check(&inputs),
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
                    "{}: unknown output extension; use .json .jsonl .csv .xlsx .sqlite or --format",
                    path.display()
                ));
            }
        },
        (None, None) => OutputFormat::Jsonl,
    };
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
    let mut files = match inputs::expand(&names) {
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    if let Some(s) = &args.shard {
        match inputs::parse_shard(s) {
            Ok((k, n)) => files = inputs::shard(files, k, n),
            Err(e) => return fail(&e),
        }
    }
    if files.is_empty() {
        return fail("no input files found");
    }
    let options = Options { long: args.long, lang: args.lang };
    let mut sink = match write::open(format, options, args.output.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    let batch_options = batch::Options { jobs: args.jobs.unwrap_or(0), force: args.force, progress: !args.quiet };
    let summary = match batch::run(&files, sink.as_mut(), &batch_options) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    if let Err(e) = sink.finish() {
        return fail(&e.to_string());
    }
    if !args.quiet && (files.len() > 1 || !summary.panel.is_empty()) {
        eprint!("nianbao: {summary}");
    }
    i32::from(summary.n_failed() > 0)
}

fn read_document(path: &Path) -> Result<(String, Vec<u8>, Document), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let (format, doc) = crate::read::read(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok((format.name().to_string(), bytes, doc))
}

fn tables(path: &Path, json: bool) -> i32 {
    let (format, bytes, doc) = match read_document(path) {
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

fn check(inputs: &[PathBuf]) -> i32 {
    let files = match expand_inputs(inputs) {
        Ok(f) if f.is_empty() => return fail("no input files found"),
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let mut sink = CheckPrinter { status: 0 };
    let options = batch::Options { jobs: 0, force: true, progress: false };
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
