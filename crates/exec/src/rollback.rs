//! Rolling back phases with the rollback SQL recorded at apply time, and reporting status.

use super::apply::{run_retried, with_lock};
use super::blockers::Watch;
use super::state::{read_state, StateRow};
use super::{Event, ExecError};
use crate::sql::state::{self as st, RunStatus};
use serde::Serialize;
use tokio_postgres::Client;

#[derive(Debug, Clone, Default)]
pub struct RollbackOptions {
    /// Migration to roll back; the latest applied when absent.
    pub migration: Option<String>,
    /// Phase to return to (0: undo the whole migration); one phase back when absent.
    pub to_phase: Option<u32>,
    pub lock_timeout_ms: u64,
    pub retries: u32,
    /// Roll back the migrations applied after this one first (latest first), instead of
    /// refusing.
    pub cascade: bool,
    /// A connection string for a second session that names who blocks a waiting undo.
    pub monitor: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RollbackReport {
    pub migration: String,
    pub from_phase: u32,
    pub to_phase: u32,
    pub statements_executed: usize,
    /// Later migrations rolled back entirely first (with --cascade), latest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cascaded: Vec<String>,
}

pub async fn rollback(
    client: &mut Client,
    opts: &RollbackOptions,
    events: &mut dyn FnMut(Event),
) -> Result<RollbackReport, ExecError> {
    with_lock(client, async |client: &mut Client| {
        super::state::upgrade_existing(client).await?;
        let state = read_state(client).await?;
        let pos = match &opts.migration {
            Some(name) => {
                state.iter().position(|r| &r.name == name).ok_or_else(|| ExecError::UnknownMigration(name.clone()))?
            }
            None => latest(&state).ok_or(ExecError::NothingApplied)?,
        };
        // Later migrations may build on this one's objects: undoing it under them would
        // break them for good. They go first, latest first, or nothing happens.
        let later: Vec<&StateRow> = state[pos + 1..].iter().collect();
        if !later.is_empty() && !opts.cascade {
            return Err(ExecError::LaterMigrations {
                migration: state[pos].name.clone(),
                later: later.iter().map(|r| r.name.as_str()).collect::<Vec<_>>().join(", "),
            });
        }
        client.batch_execute(&st::set_lock_timeout(opts.lock_timeout_ms)).await?;
        let watch = Watch::open(opts.monitor.as_deref(), client, opts.lock_timeout_ms).await;
        let mut cascaded = Vec::new();
        let mut executed = 0;
        for r in later.iter().rev() {
            executed += rollback_one(client, r, Some(0), opts, &watch, events).await?.statements_executed;
            cascaded.push(r.name.clone());
        }
        let mut report = rollback_one(client, &state[pos], opts.to_phase, opts, &watch, events).await?;
        report.statements_executed += executed;
        report.cascaded = cascaded;
        Ok(report)
    })
    .await
}

/// Rolls one migration back to `to_phase` (one phase back when absent).
async fn rollback_one(
    client: &mut Client,
    row: &StateRow,
    to_phase: Option<u32>,
    opts: &RollbackOptions,
    watch: &Watch,
    events: &mut dyn FnMut(Event),
) -> Result<RollbackReport, ExecError> {
    let name = row.name.clone();
    let applied = row.applied_phase as u32;
    // The phase after the last complete one may have been started (failed, or killed):
    // undo what of it was recorded, what runs outside a transaction (an interrupted
    // CONCURRENTLY build leaves an invalid index), and its backfills' checkpoints.
    let partial =
        (row.status != RunStatus::Applied && (applied as usize) < row.plan.phases.len()).then_some(applied + 1);
    let recorded: std::collections::HashSet<(u32, usize)> = client
        .query(&st::select_steps(&row.name), &[])
        .await?
        .iter()
        .map(|r| (r.get::<_, i32>(0) as u32, r.get::<_, i32>(1) as usize))
        .collect();
    let undoable = |phase: u32, idx: usize, step: &crate::sql::RenderedStep| {
        Some(phase) != partial
            || recorded.contains(&(phase, idx + 1))
            || step.backfill.is_some()
            || step.statements.iter().any(|s| !s.transactional)
    };
    let top = partial.unwrap_or(applied);
    if let Some(asked) = to_phase.filter(|n| *n > top) {
        return Err(ExecError::PhaseBeyond { migration: name, asked, applied: top });
    }
    let to = to_phase.unwrap_or(applied.saturating_sub(1)).min(top);
    // A contract of columns changed online whose archive was purged cannot give the old
    // columns back: refused before anything is undone. (A table moved to the archive may
    // never have been there: a step that moves it does so only if it exists.)
    for phase in row.plan.phases.iter().filter(|p| p.number > to && p.number <= applied) {
        for a in phase.steps.iter().filter_map(|s| s.contracted.as_ref()) {
            let gone: bool = client.query_one(st::RELATION_MISSING, &[&crate::sql::qual(a)]).await?.get(0);
            if gone {
                return Err(ExecError::ArchivePurged { migration: name, archive: a.to_string() });
            }
        }
    }
    let mut executed = 0;
    for phase in row.plan.phases.iter().rev().filter(|p| p.number > to && p.number <= top) {
        // The steps in reverse order: each run of steps whose undo is all transactional in
        // one transaction; a step with CONCURRENTLY statements (which cannot join one) by
        // itself between them, each statement retried on lock timeouts, and forgotten only
        // once it all succeeded. (So an undo that needs what a later step's concurrent undo
        // brings back, a foreign key on a rebuilt index, finds it.)
        let steps: Vec<(usize, &crate::sql::RenderedStep)> =
            phase.steps.iter().enumerate().rev().filter(|(idx, step)| undoable(phase.number, *idx, step)).collect();
        let in_tx = |step: &crate::sql::RenderedStep| step.rollback_statements.iter().all(|s| s.transactional);
        let mut count = 0;
        let mut i = 0;
        while i < steps.len() {
            if in_tx(steps[i].1) {
                let j = (i..steps.len()).find(|&j| !in_tx(steps[j].1)).unwrap_or(steps.len());
                count += undo_in_tx(client, &name, phase.number, &steps[i..j], opts, watch, events).await?;
                i = j;
                continue;
            }
            let (idx, step) = steps[i];
            for u in crate::sql::units(&step.rollback_statements) {
                if let Err((e, _, who)) =
                    run_retried(client, watch, &u.sql, opts.retries, &name, phase.number, events).await
                {
                    return Err(undo_failed(&name, phase.number, &step.description, &u.sql, &e, who, !u.transactional));
                }
                count += u.statements;
            }
            client.batch_execute(&st::forget_step(&name, phase.number as i32, idx as i32 + 1)).await?;
            i += 1;
        }
        // Only now is the phase undone as a whole.
        let tx = client.transaction().await?;
        tx.batch_execute(&st::forget_phase_steps(&name, phase.number as i32)).await?;
        tx.batch_execute(&st::set_progress(&name, phase.number as i32 - 1, RunStatus::Applying, None)).await?;
        tx.batch_execute(&st::log(&name, phase.number as i32, phase.kind.as_str(), "rollback", count as i32)).await?;
        tx.commit().await?;
        executed += count;
        events(Event::PhaseRolledBack {
            migration: name.clone(),
            phase: phase.number,
            kind: phase.kind,
            statements: count,
        });
    }
    if to == 0 {
        // Nothing of the migration is left: neither its checkpoints nor its quarantine.
        client.batch_execute(&st::delete_migration(&name)).await?;
    }
    Ok(RollbackReport {
        migration: name,
        from_phase: top,
        to_phase: to,
        statements_executed: executed,
        cascaded: Vec::new(),
    })
}

/// Undoes `steps` (of phase `phase`, in the order given, each all transactional) in one
/// transaction (retried on lock timeouts), forgetting each step with it, and the
/// checkpoints and quarantined rows of its backfills.
async fn undo_in_tx(
    client: &mut Client,
    name: &str,
    phase: u32,
    steps: &[(usize, &crate::sql::RenderedStep)],
    opts: &RollbackOptions,
    watch: &Watch,
    events: &mut dyn FnMut(Event),
) -> Result<usize, ExecError> {
    let mut retry = super::retry::Retry::new(super::retry::Backoff::STEPS, opts.retries);
    loop {
        let tx = client.transaction().await?;
        let mut count = 0;
        let mut failed = None;
        'steps: for &(idx, step) in steps {
            for s in &step.rollback_statements {
                match watch.run(tx.batch_execute(&s.sql)).await {
                    (Ok(()), _) => count += 1,
                    (Err(e), who) => {
                        failed = Some((step.description.clone(), s.sql.clone(), e, who));
                        break 'steps;
                    }
                }
            }
            tx.batch_execute(&st::forget_step(name, phase as i32, idx as i32 + 1)).await?;
        }
        let Some((desc, sql, e, who)) = failed else {
            tx.commit().await?;
            return Ok(count);
        };
        let _ = tx.rollback().await;
        if retry.again(&e, name, phase, who.as_deref(), events).await {
            continue;
        }
        return Err(undo_failed(name, phase, &desc, &sql, &e, who, false));
    }
}

fn undo_failed(
    name: &str,
    phase: u32,
    description: &str,
    sql: &str,
    e: &tokio_postgres::Error,
    blocked_by: Option<String>,
    after_tx: bool,
) -> ExecError {
    ExecError::StepFailed(Box::new(super::StepFailure {
        migration: name.into(),
        phase,
        step: 0,
        description: format!("undo {description}"),
        statement: sql.into(),
        message: match blocked_by {
            Some(who) => format!("{}\n  blocked by: {who}", super::pg_message(e)),
            None => super::pg_message(e),
        },
        state: if after_tx {
            format!("state: phase {phase} is still recorded as applied; its transactional part was undone.\n  help: run the same rollback again to finish it (every undo statement can run twice)")
        } else {
            format!("state: phase {phase} is still applied; this step's rollback was not kept (steps undone before it stay undone).\n  help: fix the cause and run the same rollback again")
        },
    }))
}

#[derive(Debug, Clone, Serialize)]
pub struct MigrationStatus {
    pub name: String,
    pub status: RunStatus,
    pub applied_phase: u32,
    pub phase_count: u32,
    pub phases: Vec<PhaseStatus>,
    pub checksum: String,
    pub last_error: Option<String>,
    pub updated_at: String,
    /// Its backfills as their checkpoints have them (one running in another process
    /// included).
    pub backfills: Vec<BackfillStatus>,
}

/// Where one backfill stands.
#[derive(Debug, Clone, Serialize)]
pub struct BackfillStatus {
    pub target: String,
    pub rows: i64,
    /// Rows set aside (quarantined or skipped).
    pub rejected: i64,
    /// The rows it expects in all (an estimate; at least what it has done).
    pub estimate: i64,
    pub rows_per_sec: i64,
    pub done: bool,
    /// Not done, and a phaseshift run holds the database's runner lock now (when none
    /// does, it stopped: `apply` resumes it).
    pub running: bool,
    /// Seconds since its last checkpoint.
    pub checkpoint_age_secs: f64,
}

/// The backfills of a migration, from their checkpoints.
pub async fn backfills(client: &Client, migration: &str) -> Result<Vec<BackfillStatus>, ExecError> {
    let rows = client.query(&st::migration_progress(migration), &[]).await?;
    Ok(rows
        .iter()
        .map(|r| {
            let (rows, rejected): (i64, i64) = (r.get(1), r.get(2));
            BackfillStatus {
                target: r.get(0),
                rows,
                rejected,
                estimate: r.get::<_, i64>(3).max(rows + rejected),
                rows_per_sec: r.get(4),
                done: r.get(5),
                running: !r.get::<_, bool>(5) && r.get::<_, bool>(7),
                checkpoint_age_secs: r.get(6),
            }
        })
        .collect())
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseStatus {
    pub number: u32,
    pub kind: crate::plan::PhaseKind,
    pub steps: usize,
    pub applied: bool,
}

pub async fn status(client: &mut Client) -> Result<Vec<MigrationStatus>, ExecError> {
    let mut out = Vec::new();
    for r in read_state(client).await? {
        let backfills = backfills(client, &r.name).await?;
        out.push(MigrationStatus {
            backfills,
            phases: r
                .plan
                .phases
                .iter()
                .map(|p| PhaseStatus {
                    number: p.number,
                    kind: p.kind,
                    steps: p.steps.len(),
                    applied: p.number as i32 <= r.applied_phase,
                })
                .collect(),
            name: r.name,
            status: r.status,
            applied_phase: r.applied_phase as u32,
            phase_count: r.phase_count as u32,
            checksum: r.checksum[..12.min(r.checksum.len())].to_string(),
            last_error: r.last_error,
            updated_at: r.updated_at,
        });
    }
    Ok(out)
}

/// The migration a rollback that names none undoes: the latest with a phase applied or a
/// run left unfinished.
fn latest(state: &[StateRow]) -> Option<usize> {
    state.iter().rposition(|r| r.applied_phase > 0 || r.status != RunStatus::Applied)
}

/// Whether the rollback of `migration` (or of the latest, see [`latest`]) to `to_phase` (or
/// the phase before the one applied) would undo a contract phase: what a caller confirms
/// before rolling back.
pub async fn undoes_contract(
    client: &Client,
    migration: Option<&str>,
    to_phase: Option<u32>,
) -> Result<bool, ExecError> {
    let state = read_state(client).await?;
    let row = match migration {
        Some(n) => state.iter().find(|r| r.name == n),
        None => latest(&state).map(|i| &state[i]),
    };
    let Some(row) = row else { return Ok(false) };
    let to = to_phase.unwrap_or((row.applied_phase as u32).saturating_sub(1));
    Ok(row
        .plan
        .phases
        .iter()
        .any(|p| p.number as i32 <= row.applied_phase && p.number > to && p.kind == crate::plan::PhaseKind::Contract))
}
