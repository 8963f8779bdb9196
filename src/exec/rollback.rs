//! Rolling back phases with the rollback SQL recorded at apply time, and reporting status.

use super::apply::with_lock;
use super::planning::{read_state, StateRow};
use super::{Event, ExecError};
use crate::sql::state as st;
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
}

#[derive(Debug, Clone, Serialize)]
pub struct RollbackReport {
    pub migration: String,
    pub from_phase: u32,
    pub to_phase: u32,
    pub statements_executed: usize,
}

pub async fn rollback(
    client: &mut Client,
    opts: &RollbackOptions,
    events: &mut dyn FnMut(Event),
) -> Result<RollbackReport, ExecError> {
    with_lock(client, async |client: &mut Client| {
        let state = read_state(client).await?;
        let row: &StateRow = match &opts.migration {
            Some(name) => {
                state.iter().find(|r| &r.name == name).ok_or_else(|| ExecError::UnknownMigration(name.clone()))?
            }
            None => state
                .iter()
                .rev()
                .find(|r| r.applied_phase > 0 || r.status != "applied")
                .ok_or(ExecError::NothingApplied)?,
        };
        client.batch_execute(&st::set_lock_timeout(opts.lock_timeout_ms)).await?;
        let name = row.name.clone();
        let applied = row.applied_phase as u32;
        // A phase that failed midway may have left some of its steps applied: undo it too.
        // A phase that failed midway may have left some of its steps applied: those recorded,
        // and a step outside a transaction (CONCURRENTLY) that was interrupted.
        let partial = (row.status == "failed" && (applied as usize) < row.plan.phases.len()).then_some(applied + 1);
        let recorded: std::collections::HashSet<(u32, usize)> = client
            .query(&st::select_steps(&row.name), &[])
            .await?
            .iter()
            .map(|r| (r.get::<_, i32>(0) as u32, r.get::<_, i32>(1) as usize))
            .collect();
        let undoable = |phase: u32, idx: usize, step: &crate::sql::RenderedStep| {
            Some(phase) != partial
                || recorded.contains(&(phase, idx + 1))
                || step.statements.iter().any(|s| !s.transactional)
        };
        let top = partial.unwrap_or(applied);
        let to = opts.to_phase.unwrap_or(applied.saturating_sub(1)).min(top);
        let mut executed = 0;
        for phase in row.plan.phases.iter().rev().filter(|p| p.number > to && p.number <= top) {
            let mut attempt = 0;
            let count = loop {
                let tx = client.transaction().await?;
                let mut count = 0;
                let mut failed = None;
                for (idx, step) in phase.steps.iter().enumerate().rev() {
                    if !undoable(phase.number, idx, step) {
                        continue;
                    }
                    for s in step.rollback_statements.iter().filter(|s| s.transactional) {
                        match tx.batch_execute(&s.sql).await {
                            Ok(()) => count += 1,
                            Err(e) => {
                                failed = Some((step.description.clone(), s.sql.clone(), e));
                                break;
                            }
                        }
                    }
                    if failed.is_some() {
                        break;
                    }
                }
                if let Some((desc, sql, e)) = failed {
                    let _ = tx.rollback().await;
                    if e.as_db_error().is_some_and(|d| matches!(d.code().code(), "55P03" | "40P01"))
                        && attempt < opts.retries
                    {
                        attempt += 1;
                        tokio::time::sleep(super::apply::backoff(attempt)).await;
                        continue;
                    }
                    return Err(ExecError::StepFailed(Box::new(super::StepFailure {
                        migration: name.clone(),
                        phase: phase.number,
                        step: 0,
                        description: format!("undo {desc}"),
                        statement: sql,
                        message: e.as_db_error().map_or_else(|| e.to_string(), |d| d.message().to_string()),
                        state: format!(
                            "state: phase {} is still applied; nothing of its rollback was kept",
                            phase.number
                        ),
                    })));
                }
                // CONCURRENTLY statements cannot join the transaction: run them after it.
                tx.batch_execute(&st::forget_phase_steps(&name, phase.number as i32)).await?;
                tx.batch_execute(&st::set_progress(&name, phase.number as i32 - 1, "applying", None)).await?;
                tx.batch_execute(&st::log(&name, phase.number as i32, phase.kind.as_str(), "rollback", count as i32))
                    .await?;
                tx.commit().await?;
                for (idx, step) in phase.steps.iter().enumerate().rev() {
                    if !undoable(phase.number, idx, step) {
                        continue;
                    }
                    for s in step.rollback_statements.iter().filter(|s| !s.transactional) {
                        client.batch_execute(&s.sql).await?;
                        count += 1;
                    }
                }
                break count;
            };
            executed += count;
            events(Event::PhaseRolledBack {
                migration: name.clone(),
                phase: phase.number,
                kind: phase.kind,
                statements: count,
            });
        }
        if to == 0 {
            client.batch_execute(&st::delete_migration(&name)).await?;
        }
        Ok(RollbackReport { migration: name, from_phase: top, to_phase: to, statements_executed: executed })
    })
    .await
}

#[derive(Debug, Clone, Serialize)]
pub struct MigrationStatus {
    pub name: String,
    pub status: String,
    pub applied_phase: u32,
    pub phase_count: u32,
    pub phases: Vec<PhaseStatus>,
    pub checksum: String,
    pub last_error: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PhaseStatus {
    pub number: u32,
    pub kind: crate::plan::PhaseKind,
    pub steps: usize,
    pub applied: bool,
}

pub async fn status(client: &mut Client) -> Result<Vec<MigrationStatus>, ExecError> {
    Ok(read_state(client)
        .await?
        .into_iter()
        .map(|r| MigrationStatus {
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
        })
        .collect())
}
