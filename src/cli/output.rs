//! Rendering results and events for people (text) and programs (JSON).

use phaseshift::exec::{ApplyReport, Event, MigrationState, MigrationStatus, PlannedMigration};
use phaseshift::sql::RenderedPhase;
use std::io::{IsTerminal, Write};

/// An error and its causes. The library's errors print what they wrap and expose no
/// `source()`, so each cause here is one the command line added context to.
pub fn error_chain(e: &anyhow::Error) -> String {
    let mut s = e.to_string();
    for cause in e.chain().skip(1) {
        s.push_str(&format!("\n  caused by: {cause}"));
    }
    s
}

fn indent(text: &str, by: &str) -> String {
    text.lines().map(|l| format!("{by}{l}")).collect::<Vec<_>>().join("\n")
}

pub fn print_plan(planned: &[PlannedMigration]) {
    for m in planned {
        let state = match &m.state {
            MigrationState::Pending => "pending".to_string(),
            MigrationState::Partial { applied_phase } => {
                format!("applied up to phase {applied_phase}")
            }
            MigrationState::Applied => "applied".to_string(),
        };
        println!("migration {} ({state})", m.name);
        if m.plan.phases.is_empty() {
            println!("  nothing to do: the database already matches");
        }
        for p in &m.plan.phases {
            println!("\n  phase {}: {}", p.number, p.kind.as_str());
            for (i, s) in p.steps.iter().enumerate() {
                println!("    {}. {}", i + 1, s.description);
                println!("       lock: {}", s.lock);
                for h in &s.hazards {
                    println!("       HAZARD {}: {}", h.kind, h.message);
                }
                println!("       sql:\n{}", indent(&s.sql, "         "));
                if s.rollback.is_empty() {
                    println!("       rollback: (nothing to undo)");
                } else {
                    println!("       rollback:\n{}", indent(&s.rollback, "         "));
                }
            }
        }
        println!();
    }
}

pub fn ask(question: &str) -> bool {
    eprint!("{question} [y/N] ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).is_ok() && matches!(line.trim(), "y" | "Y" | "yes")
}

pub fn ask_contract(migration: &str, phase: &RenderedPhase) -> bool {
    eprintln!("\n{migration}: phase {} (contract) will:", phase.number);
    for s in &phase.steps {
        eprintln!("  - {}", s.description);
        for h in &s.hazards {
            eprintln!("    HAZARD {}: {}", h.kind, h.message);
        }
    }
    ask("Run the contract phase now?")
}

/// Prints events as they come (text mode), on stderr so stdout stays the result. On a
/// terminal a backfill shows a progress bar; elsewhere a line every few seconds.
pub struct EventPrinter {
    enabled: bool,
    bar: Option<indicatif::ProgressBar>,
    last_log: Option<std::time::Instant>,
}

impl EventPrinter {
    pub fn new(enabled: bool) -> Self {
        EventPrinter { enabled: enabled || std::io::stderr().is_terminal(), bar: None, last_log: None }
    }

    fn progress(&mut self, e: &Event) {
        let Event::BackfillProgress {
            target,
            rows,
            rejected,
            estimate,
            rows_per_sec: rate,
            eta_secs: eta,
            batch_rows: batch,
            batch_ms: ms,
            throttle,
            ..
        } = e
        else {
            return;
        };
        let (rows, rejected, estimate) = (*rows, *rejected, *estimate);
        if std::io::stderr().is_terminal() {
            let bar = self.bar.get_or_insert_with(|| {
                let b = indicatif::ProgressBar::new(estimate.max(1) as u64);
                // The rate and ETA are the backfill's own (this run's rows over this run's
                // time): indicatif's would count a resumed backfill's earlier rows as done
                // in the first instant.
                b.set_style(
                    indicatif::ProgressStyle::with_template("  {prefix} [{bar:30}] {pos}/{len} rows, {msg}")
                        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
                        .progress_chars("=> "),
                );
                b
            });
            bar.set_prefix(format!("backfill {target}"));
            let why = throttle.as_deref().map(|t| format!(" (holding back: {t})")).unwrap_or_default();
            bar.set_message(format!("{rejected} set aside, {rate} rows/s, eta {eta} s{why}"));
            bar.set_length(estimate.max(rows + rejected) as u64);
            bar.set_position((rows + rejected) as u64);
            return;
        }
        let now = std::time::Instant::now();
        if self.last_log.is_none_or(|t| now.duration_since(t).as_secs() >= 5) {
            self.last_log = Some(now);
            eprintln!(
                "  backfill {target}: {rows} rows ({rejected} set aside) of ~{estimate}, {rate} rows/s, eta {eta}s, batch {batch} rows in {ms} ms{}",
                throttle.as_deref().map(|t| format!("; holding back: {t}")).unwrap_or_default()
            );
        }
    }

    pub fn event(&mut self, e: Event) {
        if !self.enabled {
            return;
        }
        let line = match e {
            Event::StateUpgraded { versions } => {
                let v: Vec<String> = versions.iter().map(|v| v.to_string()).collect();
                format!("phaseshift state schema: version {} applied", v.join(", "))
            }
            e @ Event::BackfillProgress { .. } => {
                self.progress(&e);
                return;
            }
            Event::BackfillDone { target, rows, rejected, copied, secs, longest_batch_ms, .. } => {
                if let Some(b) = self.bar.take() {
                    b.finish_and_clear();
                }
                self.last_log = None;
                format!(
                    "  backfilled {target}: {rows} rows, {rejected} set aside; this run {copied} in {secs:.1} s ({:.0} rows/s; longest batch {longest_batch_ms} ms)",
                    copied as f64 / secs.max(1e-3)
                )
            }
            Event::BackfillChecked { target, source_rows, excluded, target_rows, checksums_match, .. } => format!(
                "  checked {target}: {target_rows} rows for {source_rows} source rows ({excluded} excluded), checksums {}",
                if checksums_match { "match" } else { "DIFFER" }
            ),
            Event::MigrationUpToDate { migration } => format!("{migration}: already applied"),
            Event::MigrationPlanned { migration, phases, steps } => {
                format!("{migration}: planned {phases} phase(s), {steps} step(s)")
            }
            Event::MigrationResumed { migration, applied_phase } => {
                format!("{migration}: resuming after phase {applied_phase}")
            }
            Event::PhaseStarted { migration, phase, kind, steps } => {
                format!("{migration}: phase {phase} ({}) - {steps} step(s)", kind.as_str())
            }
            // Backfills and their checks run no statements of their own: their lines say
            // what they did.
            Event::StepApplied { step, description, statements: 0, .. } => format!("  {step}. {description}"),
            Event::StepApplied { step, description, statements, .. } => {
                format!("  {step}. {description} ({statements} statement(s))")
            }
            Event::StepAlreadyApplied { step, description, .. } => format!("  {step}. {description} (already applied)"),
            Event::InvalidIndexDropped { index, .. } => {
                format!("  dropped invalid index {index} left by an interrupted build")
            }
            Event::DetachFinalized { table, parent, .. } => {
                format!("  finished detaching {table} from {parent}, left pending by an interrupted run")
            }
            Event::BackfillWaiting { target, reason, .. } => format!("  backfill {target} waits: {reason}"),
            Event::BackfillSetAside { target, rows, why, .. } => {
                format!("  backfill {target}: {rows} row(s) {why}; they will be set aside")
            }
            Event::LockRetry { attempt, wait_ms, message, .. } => {
                format!("  lock busy ({message}); retry {attempt} in {wait_ms} ms")
            }
            Event::PhaseApplied { phase, kind, statements, .. } => {
                format!("  phase {phase} ({}) applied: {statements} statement(s)", kind.as_str())
            }
            Event::PartitionCreated { table, bound } => format!("created partition {table} {bound}"),
            Event::PartitionDropped { table, archived: false } => {
                format!("detached and dropped partition {table} (past retention)")
            }
            Event::PartitionDropped { table, archived: true } => {
                format!("detached partition {table} (past retention) and moved it to phaseshift_archive")
            }
            Event::TableCopied { table, rows, already: false } => format!("copied {table}: {rows} row(s)"),
            Event::TableCopied { table, rows, already: true } => {
                format!("{table}: copied by an earlier run ({rows} row(s)), skipped")
            }
            Event::MigrationWaits { migration, behind, objects } => format!(
                "{migration}: not run: it changes {} as {behind} does, which is in flight (contract {behind} first)",
                objects.join(", ")
            ),
            Event::ContractRefused { migration, phase } => {
                format!("{migration}: contract phase {phase} not run: it needs confirmation (--yes)")
            }
            Event::PhaseRolledBack { migration, phase, kind, statements } => {
                format!("{migration}: phase {phase} ({}) rolled back: {statements} statement(s)", kind.as_str())
            }
        };
        eprintln!("{line}");
    }
}

pub fn print_apply(r: &ApplyReport) {
    for m in &r.migrations {
        println!("{}: {} (phase {}/{})", m.name, m.status.as_str(), m.applied_phase, m.phase_count);
        for b in &m.backfills {
            println!("  {}", backfill_line(b));
        }
    }
    if let Some(why) = &r.stopped {
        println!("stopped: {why}");
    }
    println!("statements executed: {}", r.statements_executed);
}

pub fn print_status(st: &[MigrationStatus]) {
    if st.is_empty() {
        println!("no migrations applied");
    }
    for m in st {
        println!(
            "{}: {} (phase {}/{}, spec {}, updated {})",
            m.name, m.status, m.applied_phase, m.phase_count, m.checksum, m.updated_at
        );
        for p in &m.phases {
            println!(
                "  [{}] phase {}: {} ({} steps)",
                if p.applied { "x" } else { " " },
                p.number,
                p.kind.as_str(),
                p.steps
            );
        }
        for b in &m.backfills {
            println!("  {}", backfill_line(b));
        }
        if let Some(e) = &m.last_error {
            println!("  last error: {e}");
        }
    }
}

/// `backfill public.t: 120000 of ~1000000 rows (12%), 3 set aside, running at 45000 rows/s,
/// eta 19 s (checkpoint 0.4 s ago)`, or `... done`.
fn backfill_line(b: &phaseshift::exec::BackfillStatus) -> String {
    let seen = b.rows + b.rejected;
    let share = if b.estimate > 0 { seen * 100 / b.estimate } else { 100 };
    let head =
        format!("backfill {}: {} of ~{} rows ({share}%), {} set aside", b.target, b.rows, b.estimate, b.rejected);
    if b.done {
        return format!("{head}, done");
    }
    let eta = if b.rows_per_sec > 0 {
        format!(", eta {} s", (b.estimate - seen).max(0) / b.rows_per_sec)
    } else {
        String::new()
    };
    format!(
        "{head}, {} at {} rows/s{eta} (checkpoint {:.1} s ago)",
        if b.running { "running" } else { "stopped" },
        b.rows_per_sec,
        b.checkpoint_age_secs
    )
}

pub fn print_quarantine(rows: &[phaseshift::exec::quarantine::QuarantinedRow]) {
    if rows.is_empty() {
        println!("the quarantine is empty");
        return;
    }
    for r in rows {
        println!(
            "{:>6}  {}  {}  key {}  {}: {}{}",
            r.id,
            r.migration.as_deref().unwrap_or("-"),
            r.target,
            r.source_key,
            r.rule,
            r.reason,
            r.value.as_deref().map(|v| format!(" ({v})")).unwrap_or_default()
        );
    }
    println!("{} row(s)", rows.len());
}
