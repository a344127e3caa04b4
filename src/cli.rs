//! The commands: convert, tables, check, schema. Argument parsing and
//! wiring only; the work is in the library.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use rayon::prelude::*;

use crate::document::Document;
use crate::report::Report;
use crate::write::{self, FileError, Lang, Options, OutputFormat};

const EXAMPLES: &str = "\
Examples:
  nianbao convert report.docx                 one report as JSON Lines on stdout
  nianbao convert downloads/ -o all.xlsx      a folder (recursive) into a workbook
  nianbao convert a.pdf b.docx -o out.csv     wide CSV: one row per report
  nianbao convert in/ -o cells.csv --long     long CSV: one row per value, with provenance
  nianbao tables report.pdf                   every table of a document as a grid
  nianbao check in/                           which reports fail their own sums (勾稽关系)
  nianbao schema > report.schema.json         the JSON Schema of a report

Exit status: 0 all files converted, 1 some failed, 2 usage error.";

/// Chinese government information-disclosure annual reports
/// (政府信息公开工作年度报告) from DOCX, PDF and web pages into checked,
/// structured data: JSON, JSONL, CSV and XLSX.
#[derive(Parser)]
#[command(name = "nianbao", version, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    /// Files or folders (searched recursively for .docx .pdf .html .htm .shtml .txt).
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output file; its extension (.json .jsonl .csv .xlsx) picks the format. Default: JSONL on stdout.
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
    /// Print nothing on stderr but errors of the command itself.
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
    match cli.command {
        Command::Convert(args) => convert(args),
        Command::Tables { file, json } => tables(&file, json),
        Command::Check { inputs } => check(&inputs),
        Command::Schema => {
            let schema = schemars::schema_for!(Report);
            match serde_json::to_string_pretty(&schema) {
                Ok(s) => {
                    println!("{s}");
                    0
                }
                Err(e) => fail(&format!("cannot print the schema: {e}")),
            }
        }
    }
}

fn fail(msg: &str) -> i32 {
    eprintln!("nianbao: {msg}");
    2
}

/// Extensions looked for inside folders (files named on the command line are
/// read whatever their name: the content decides).
const EXTENSIONS: &[&str] = &["docx", "pdf", "html", "htm", "shtml", "xhtml", "txt", "doc", "wps"];

/// Expands files and folders into the list of files to convert, in order.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(input)
                .follow_links(true)
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| e.into_path())
                .filter(|p| {
                    p.extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else if input.exists() {
            files.push(input.clone());
        } else {
            return Err(format!("{}: no such file or folder", input.display()));
        }
    }
    Ok(files)
}

fn convert_one(path: &Path) -> Result<Report, FileError> {
    crate::convert_file(path).map_err(|e| FileError {
        path: path.to_string_lossy().into_owned(),
        code: e.code().to_string(),
        message: e.to_string(),
    })
}

/// Converts files in parallel, handing results to `each` in input order.
/// Works in chunks so memory stays bounded whatever the number of files.
fn convert_all(
    files: &[PathBuf],
    jobs: Option<usize>,
    mut each: impl FnMut(Result<Report, FileError>) -> bool,
) -> Result<(), String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| format!("cannot start worker threads: {e}"))?;
    let chunk = 64 * pool.current_num_threads().max(1);
    for group in files.chunks(chunk) {
        let results: Vec<Result<Report, FileError>> =
            pool.install(|| group.par_iter().map(|p| convert_one(p)).collect());
        for r in results {
            if !each(r) {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn convert(args: ConvertArgs) -> i32 {
    let format = match (args.format, &args.output) {
        (Some(f), _) => f,
        (None, Some(path)) => match OutputFormat::from_path(path) {
            Some(f) => f,
            None => {
                return fail(&format!(
                    "{}: unknown output extension; use .json .jsonl .csv .xlsx or --format",
                    path.display()
                ));
            }
        },
        (None, None) => OutputFormat::Jsonl,
    };
    let files = match expand_inputs(&args.inputs) {
        Ok(f) if f.is_empty() => return fail("no input files found"),
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let options = Options { long: args.long, lang: args.lang };
    let mut sink = match write::open(format, options, args.output.as_deref()) {
        Ok(s) => s,
        Err(e) => return fail(&e.to_string()),
    };
    let (mut converted, mut failed) = (0usize, 0usize);
    let mut write_error = None;
    let run = convert_all(&files, args.jobs, |result| {
        let written = match &result {
            Ok(report) => {
                converted += 1;
                sink.report(report)
            }
            Err(e) => {
                failed += 1;
                eprintln!("nianbao: {}: {}", e.path, e.message);
                sink.error(e)
            }
        };
        match written {
            Ok(()) => true,
            Err(e) => {
                write_error = Some(e);
                false
            }
        }
    });
    if let Err(e) = run {
        return fail(&e);
    }
    if let Some(e) = write_error {
        return fail(&e.to_string());
    }
    if let Err(e) = sink.finish() {
        return fail(&e.to_string());
    }
    if !args.quiet && files.len() > 1 {
        eprintln!("nianbao: {converted} converted, {failed} failed");
    }
    i32::from(failed > 0)
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
    let out = if json {
        let source = crate::source(&path.to_string_lossy(), &format, &bytes, doc.pages);
        crate::write::tables_json(&source, &doc)
    } else {
        crate::write::tables_text(&doc)
    };
    println!("{out}");
    0
}

fn check(inputs: &[PathBuf]) -> i32 {
    let files = match expand_inputs(inputs) {
        Ok(f) if f.is_empty() => return fail("no input files found"),
        Ok(f) => f,
        Err(e) => return fail(&e),
    };
    let mut status = 0;
    let run = convert_all(&files, None, |result| {
        match result {
            Ok(r) => {
                let who = format!(
                    "{} ({} {})",
                    r.source.path,
                    r.organ.as_deref().unwrap_or("organ unknown"),
                    r.year.map_or("year unknown".to_string(), |y| y.to_string())
                );
                if r.checks.is_empty() {
                    println!("ok   {who}: every rule holds");
                } else {
                    status = 1;
                    println!("FAIL {who}: {} rule{} fail", r.checks.len(), if r.checks.len() == 1 { "" } else { "s" });
                    for c in &r.checks {
                        println!(
                            "       {:<20} {:<24} expected {:>6}  found {:>6}",
                            c.rule, c.location, c.expected, c.found
                        );
                    }
                }
            }
            Err(e) => {
                status = 1;
                println!("ERR  {}: {}", e.path, e.message);
            }
        }
        true
    });
    if let Err(e) = run {
        return fail(&e);
    }
    status
}
