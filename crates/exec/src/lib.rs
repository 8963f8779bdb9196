//! The only place that talks to PostgreSQL to change it: state, locks, phases, retries.
//! The library never prints; progress goes out as [`Event`]s.

mod apply;
mod backfill;
mod blockers;
mod canonical;
mod compare;
mod connect;
pub mod conninfo;
pub mod conversions;
mod copy;
mod error;
mod partitions;
mod planning;
pub mod quarantine;
mod retry;
mod rollback;
mod source;
pub mod state;
mod synclog;

use phaseshift_catalog as catalog;
use phaseshift_engine::{diff, plan, sql};
use phaseshift_model as model;
use phaseshift_spec as spec;

pub use error::{Error, ExecError, SourceError};
pub use source::{read_source, Scratch, Source};

pub use apply::{
    apply, apply_desired, apply_schema, apply_schema_target, ApplyOptions, ApplyReport, Confirm, Desired, Outcome,
};
pub use backfill::{BackfillOptions, Yielding, BUSY_BATCH_MS};
pub use compare::{compare_databases, Comparison, Level, SequenceComparison, TableComparison};
pub use connect::{connect, redact, with_database};
pub use copy::{copy, CopyOptions, CopyReport, ExistingRows, TableCopy};
pub use partitions::{partitions, PartitionsReport};
pub use planning::{
    drift, plan_against, plan_offline, plan_online, plan_schema_target, read_live, read_live_parallel, MigrationState,
    PlannedMigration,
};
pub use rollback::{
    backfills, rollback, status, undoes_contract, BackfillStatus, MigrationStatus, RollbackOptions, RollbackReport,
};

use crate::plan::PhaseKind;
use serde::Serialize;

/// Where a run stopped on a failing statement, and what to do next.
#[derive(Debug, thiserror::Error)]
#[error("{migration} phase {phase} step {step} ({description}) failed: {message}\n  statement: {statement}\n  {state}")]
pub struct StepFailure {
    pub migration: String,
    pub phase: u32,
    pub step: usize,
    pub description: String,
    pub statement: String,
    pub message: String,
    pub state: String,
}

/// Progress, reported as it happens.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Event {
    /// phaseshift's own state schema was brought to this release's version.
    StateUpgraded {
        versions: Vec<i32>,
    },
    MigrationUpToDate {
        migration: String,
    },
    MigrationPlanned {
        migration: String,
        phases: usize,
        steps: usize,
    },
    MigrationResumed {
        migration: String,
        applied_phase: u32,
    },
    /// `partitions`: a partition now due was created.
    PartitionCreated {
        table: String,
        bound: String,
    },
    /// `partitions`: a partition past retention was detached and dropped (or moved to the
    /// archive schema).
    PartitionDropped {
        table: String,
        archived: bool,
    },
    /// `copy`: a table's rows are in the target (`already`: by an earlier run).
    TableCopied {
        table: String,
        rows: i64,
        already: bool,
    },
    /// A migration not run because an earlier one, in flight before its contract, changes
    /// some of the same objects.
    MigrationWaits {
        migration: String,
        behind: String,
        objects: Vec<String>,
    },
    PhaseStarted {
        migration: String,
        phase: u32,
        kind: PhaseKind,
        steps: usize,
    },
    StepApplied {
        migration: String,
        phase: u32,
        step: usize,
        description: String,
        statements: usize,
    },
    StepAlreadyApplied {
        migration: String,
        phase: u32,
        step: usize,
        description: String,
    },
    InvalidIndexDropped {
        migration: String,
        index: String,
    },
    /// A concurrent detach that an interrupted run left pending was completed (FINALIZE).
    DetachFinalized {
        migration: String,
        table: String,
        parent: String,
    },
    LockRetry {
        migration: String,
        phase: u32,
        attempt: u32,
        wait_ms: u64,
        message: String,
    },
    PhaseApplied {
        migration: String,
        phase: u32,
        kind: PhaseKind,
        statements: usize,
    },
    ContractRefused {
        migration: String,
        phase: u32,
    },
    PhaseRolledBack {
        migration: String,
        phase: u32,
        kind: PhaseKind,
        statements: usize,
    },
    BackfillProgress {
        migration: String,
        target: String,
        rows: i64,
        rejected: i64,
        estimate: i64,
        rows_per_sec: u64,
        eta_secs: u64,
        batch_rows: i64,
        batch_ms: u64,
        /// Why the backfill holds back, when it does.
        throttle: Option<String>,
    },
    /// Rows of a backfill's source found before it copies anything that its target will
    /// refuse (no partition takes them, a constraint they would break): they will be set
    /// aside (`on_invalid` is quarantine or skip).
    BackfillSetAside {
        migration: String,
        target: String,
        rows: i64,
        /// Why, as it follows "N row(s)": `fit no partition (recorded_at from .. to ..)`.
        why: String,
    },
    /// A backfill waits before its next batch (a replica behind), and why.
    BackfillWaiting {
        migration: String,
        target: String,
        reason: String,
    },
    BackfillDone {
        migration: String,
        target: String,
        /// Rows in the target and rows set aside, in all (a resumed backfill's earlier runs
        /// included).
        rows: i64,
        rejected: i64,
        /// Rows this run copied or set aside, in `secs`.
        copied: i64,
        secs: f64,
        longest_batch_ms: u64,
    },
    BackfillChecked {
        migration: String,
        target: String,
        source_rows: i64,
        excluded: i64,
        target_rows: i64,
        checksums_match: bool,
    },
}

/// Runs a script of SQL statements as it is (example databases, fixtures).
pub async fn run_script(client: &tokio_postgres::Client, sql: &str) -> Result<(), ExecError> {
    client.batch_execute(sql).await.map_err(ExecError::from)
}

/// Creates a database (dropping one of the same name first when `replace`).
pub async fn create_database(client: &tokio_postgres::Client, name: &str, replace: bool) -> Result<(), ExecError> {
    if replace {
        client.batch_execute(&crate::sql::drop_database(name)).await?;
    }
    client.batch_execute(&crate::sql::create_database(name)).await?;
    Ok(())
}

/// Number of rows in a table.
pub async fn count_rows(client: &tokio_postgres::Client, table: &crate::model::QualName) -> Result<i64, ExecError> {
    Ok(client.query_one(&crate::sql::count_rows(table), &[]).await?.get(0))
}

pub use phaseshift_pg::pg_message;

/// Tables in the archive schema (retired or replaced tables kept until purged).
pub async fn archived_tables(client: &tokio_postgres::Client) -> Result<Vec<String>, ExecError> {
    Ok(client.query(crate::sql::ARCHIVED_TABLES, &[]).await?.iter().map(|r| r.get(0)).collect())
}

/// Archived tables that migrations not yet complete still need (their compatibility views
/// write through them, and their rollback moves them back), with the migration.
pub async fn archives_in_use(
    client: &mut tokio_postgres::Client,
) -> Result<Vec<(crate::model::QualName, String)>, ExecError> {
    let state = state::read_state(client).await?;
    Ok(state
        .iter()
        .filter(|r| r.applied_phase < r.phase_count)
        .flat_map(|r| {
            r.plan
                .phases
                .iter()
                .flat_map(|p| p.steps.iter())
                .flat_map(|s| s.archives.iter())
                .map(|a| (a.clone(), r.name.clone()))
        })
        .collect())
}

/// Refuses to purge archived tables that an unfinished migration still needs, naming it.
pub async fn check_purge(client: &mut tokio_postgres::Client, tables: &[String]) -> Result<(), ExecError> {
    let needed = archives_in_use(client).await?;
    let in_use: Vec<String> = tables
        .iter()
        .filter_map(|t| needed.iter().find(|(a, _)| &a.name == t).map(|(_, m)| format!("{t} (migration {m})")))
        .collect();
    if in_use.is_empty() {
        Ok(())
    } else {
        Err(ExecError::ArchiveInUse(in_use.join(", ")))
    }
}

/// Drops archived tables for good (all of them when `only` is empty).
pub async fn purge(client: &mut tokio_postgres::Client, only: &[String]) -> Result<Vec<String>, ExecError> {
    apply::with_lock(client, async |client: &mut tokio_postgres::Client| {
        state::upgrade_existing(client).await?;
        let all = archived_tables(client).await?;
        let chosen: Vec<String> = all.into_iter().filter(|t| only.is_empty() || only.iter().any(|o| o == t)).collect();
        check_purge(client, &chosen).await?;
        let tx = client.transaction().await?;
        for t in &chosen {
            tx.batch_execute(&crate::sql::drop_archived(t)).await?;
        }
        // Contracts whose archived tables are gone can no longer be undone: their logs go.
        tx.batch_execute(crate::sql::data::DROP_ORPHANED_CONTRACT_LOGS).await?;
        tx.batch_execute(crate::sql::data::FORGET_PURGED_COMPAT_GRANTS).await?;
        tx.batch_execute(
            &crate::sql::render(&crate::plan::Op::Schema(crate::plan::SchemaOp::DropSchemaIfEmpty {
                schema: crate::plan::ops::retire::ARCHIVE_SCHEMA.into(),
            }))
            .iter()
            .map(|s| format!("{};", s.sql))
            .collect::<String>(),
        )
        .await?;
        tx.commit().await?;
        Ok(chosen)
    })
    .await
}
