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
use crate::write::{FileError, Sink, WriteError};

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

/// Converts `inputs` into `sink`, in input order.
pub fn run(inputs: &[Input], sink: &mut dyn Sink, options: &Options) -> Result<Summary, WriteError> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs)
        .build()
        .map_err(|e| WriteError::Io(std::io::Error::other(e.to_string())))?;
    let progress = summary::progress_bar(inputs.len() as u64, options.progress);
    let mut summary = Summary::default();
    let mut seen: HashMap<String, String> = HashMap::new(); // sha256 → first name
    let mut entries: Vec<panel::Entry> = Vec::new();
    for batch in inputs.chunks(BATCH) {
        // Load and hash in parallel, decide duplicates in order, convert the
        // rest in parallel.
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
            match l {
                Err(e) => {
                    outcomes.push(Some(Outcome::Failed(e)));
                    todo.push(None);
                }
                Ok((bytes, sha)) => {
                    if let Some(first) = seen.get(&sha) {
                        outcomes.push(Some(Outcome::Duplicate {
                            name: input.name.clone(),
                            sha256: sha,
                            of: first.clone(),
                        }));
                        todo.push(None);
                        continue;
                    }
                    seen.insert(sha.clone(), input.name.clone());
                    if !options.force
                        && let Some(prior) = sink.converted_before(&sha)
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
            }
        }
        let converted: Vec<Option<Outcome>> = pool.install(|| {
            todo.into_par_iter()
                .map(|t| {
                    t.map(|(input, bytes, _)| match crate::convert_input(input, &bytes) {
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
        for (outcome, conv) in outcomes.into_iter().zip(converted) {
            let Some(outcome) = outcome.or(conv) else { continue };
            match outcome {
                Outcome::Converted(report) => {
                    summary.converted(&report);
                    entries.extend(panel::Entry::of(&report));
                    sink.report(&report)?;
                }
                Outcome::Failed(e) => {
                    progress.suspend(|| eprintln!("nianbao: {}: {}", e.path, e.message));
                    summary.failed(&e);
                    sink.error(&e)?;
                }
                Outcome::Duplicate { name, sha256, of } => {
                    summary.duplicates += 1;
                    sink.duplicate(&name, &sha256, &of)?;
                }
                Outcome::Skipped => summary.skipped += 1,
            }
            progress.inc(1);
            progress.set_message(summary.short());
        }
        sink.end_batch()?;
    }
    progress.finish_and_clear();
    let warnings = panel::check(&entries);
    for w in &warnings {
        sink.panel(w)?;
    }
    sink.panel_table(&panel::rows(&entries, &warnings))?;
    summary.panel = warnings;
    Ok(summary)
}
