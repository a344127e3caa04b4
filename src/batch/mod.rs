//! Bulk conversion: many inputs, converted in parallel, written in input
//! order, in batches so memory stays bounded whatever the number of files.
//! Identical files (same sha256) are converted once; a sink that remembers
//! earlier runs (SQLite) can skip what it already holds.

pub mod inputs;
mod summary;

use std::collections::HashMap;

use rayon::prelude::*;

pub use inputs::Input;
pub use summary::Summary;

use crate::panel;
use crate::report::Report;
use crate::write::{FileError, Resume, Sink, WriteError};

/// Inputs loaded and converted per batch (and per SQLite transaction).
pub const BATCH: usize = 64;

#[derive(Debug, Clone)]
pub struct Options {
    /// Worker threads; 0 for all cores.
    pub jobs: usize,
    /// Convert again what the sink already holds.
    pub force: bool,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    /// Organ keys for names the rules cannot know (`--organ-map`).
    pub organ_map: Option<std::sync::Arc<panel::OrganMap>>,
    /// Files (and archive members) larger than this are refused unread.
    pub max_file_size: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            jobs: 0,
            force: false,
            progress: false,
            organ_map: None,
            max_file_size: inputs::DEFAULT_MAX_FILE_BYTES,
        }
    }
}

/// What became of one input.
enum Outcome {
    Converted(Box<Report>),
    Failed(FileError),
    /// Same bytes as an earlier input of this run, or one the sink holds.
    Duplicate {
        name: String,
        sha256: String,
        of: String,
    },
    /// The sink holds this very file from an earlier run.
    Skipped,
}

fn failed(input: &Input, e: crate::Error) -> FileError {
    FileError { path: input.name.clone(), code: e.code().to_string(), message: e.to_string() }
}

/// Converts `inputs` into `sink`, in input order. The workers convert the
/// next batch while the sink writes the last one on a thread of its own.
pub fn run(inputs: &[Input], sink: &mut dyn Sink, options: &Options) -> Result<Summary, WriteError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| WriteError::Io(std::io::Error::other(e.to_string())))?;
    let progress = summary::progress_bar(inputs.len() as u64, options.progress);
    let mut summary = Summary::default();
    let mut seen: HashMap<String, String> = HashMap::new(); // sha256 → first name
    let mut entries: Vec<panel::Entry> = Vec::new();
    let mut resume = if options.force { None } else { sink.resume()? };
    let written = std::thread::scope(|scope| -> Result<(), WriteError> {
        // Two batches in flight bound the memory whatever the sink's speed.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Outcome>>(1);
        let sink_ref: &mut dyn Sink = &mut *sink;
        let writer = scope.spawn(move || -> Result<(), WriteError> {
            for batch in rx {
                for outcome in batch {
                    match outcome {
                        Outcome::Converted(report) => sink_ref.report_owned(report)?,
                        Outcome::Failed(e) => sink_ref.error(&e)?,
                        Outcome::Duplicate { name, sha256, of } => sink_ref.duplicate(&name, &sha256, &of)?,
                        Outcome::Skipped => {}
                    }
                }
                sink_ref.end_batch()?;
            }
            Ok(())
        });
        for batch in inputs.chunks(BATCH) {
            let outcomes = convert_batch(&pool, batch, &mut seen, &mut resume, options, &mut entries);
            for outcome in &outcomes {
                match outcome {
                    Outcome::Converted(report) => {
                        summary.converted(report);
                        entries.extend(panel::Entry::of(report));
                    }
                    Outcome::Failed(e) => {
                        progress.suspend(|| eprintln!("nianbao: {}: {}", e.path, e.message));
                        summary.failed(e);
                    }
                    Outcome::Duplicate { .. } => summary.duplicates += 1,
                    Outcome::Skipped => summary.skipped += 1,
                }
                progress.inc(1);
            }
            progress.set_message(summary.short());
            if tx.send(outcomes).is_err() {
                break; // the writer stopped: its error is below
            }
        }
        drop(tx);
        writer.join().unwrap_or_else(|_| Err(WriteError::Io(std::io::Error::other("the writer thread panicked"))))
    });
    progress.finish_and_clear();
    written?;
    let warnings = panel::check(&entries);
    for w in &warnings {
        sink.panel(w)?;
    }
    sink.panel_table(&panel::rows(&entries, &warnings))?;
    sink.end_batch()?;
    summary.panel = warnings;
    Ok(summary)
}

/// Loads, hashes and converts one batch: duplicates decided in input order,
/// the rest converted in parallel.
fn convert_batch(
    pool: &rayon::ThreadPool,
    batch: &[Input],
    seen: &mut HashMap<String, String>,
    resume: &mut Option<Box<dyn Resume>>,
    options: &Options,
    entries: &mut Vec<panel::Entry>,
) -> Vec<Outcome> {
    let loaded: Vec<Result<(Vec<u8>, String), FileError>> = pool.install(|| {
        batch
            .par_iter()
            .map(|i| {
                i.load(options.max_file_size)
                    .map(|b| {
                        let h = crate::sha256_hex(&b);
                        (b, h)
                    })
                    .map_err(|e| failed(i, e))
            })
            .collect()
    });
    let mut todo: Vec<Option<(&Input, Vec<u8>, String)>> = Vec::with_capacity(batch.len());
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(batch.len());
    for (input, l) in batch.iter().zip(loaded) {
        let (bytes, sha) = match l {
            Err(e) => {
                outcomes.push(Some(Outcome::Failed(e)));
                todo.push(None);
                continue;
            }
            Ok(l) => l,
        };
        if let Some(first) = seen.get(&sha) {
            outcomes.push(Some(Outcome::Duplicate { name: input.name.clone(), sha256: sha, of: first.clone() }));
            todo.push(None);
            continue;
        }
        seen.insert(sha.clone(), input.name.clone());
        if !options.force
            && let Some(prior) = resume.as_mut().and_then(|r| r.converted_before(&sha))
        {
            entries.extend(prior.entry.clone());
            outcomes.push(Some(if prior.path == input.name {
                Outcome::Skipped
            } else {
                Outcome::Duplicate { name: input.name.clone(), sha256: sha, of: prior.path }
            }));
            todo.push(None);
            continue;
        }
        outcomes.push(None);
        todo.push(Some((input, bytes, sha)));
    }
    let converted: Vec<Option<Outcome>> = pool.install(|| {
        todo.into_par_iter()
            .map(|t| {
                t.map(|(input, bytes, sha)| match crate::convert_hashed(input, &bytes, sha) {
                    Ok(mut r) => {
                        if let Some(map) = &options.organ_map {
                            map.apply(&mut r);
                        }
                        Outcome::Converted(Box::new(r))
                    }
                    Err(e) => Outcome::Failed(failed(input, e)),
                })
            })
            .collect()
    });
    outcomes.into_iter().zip(converted).filter_map(|(o, c)| o.or(c)).collect()
}
