//! The only place that talks to PostgreSQL to change it: state, locks, phases, retries.
//! The library never prints; progress goes out as [`Event`]s.

mod apply;
mod backfill;
mod blockers;
mod canonical;
mod connect;
pub mod conninfo;
mod planning;
pub mod quarantine;
mod retry;
mod rollback;
mod source;
pub mod state;

use phaseshift_catalog as catalog;
use phaseshift_engine::{diff, plan, sql};
use phaseshift_model as model;
use phaseshift_spec as spec;

pub use source::{read_source, Scratch, Source};

pub use apply::{apply, apply_desired, apply_sql_target, ApplyOptions, ApplyReport, Confirm, Desired, Outcome};
pub use backfill::{BackfillOptions, Yielding, BUSY_BATCH_MS};
pub use connect::{connect, redact, with_database};
pub use planning::{
    drift, plan_against, plan_offline, plan_online, read_live, read_live_parallel, MigrationState, PlannedMigration,
};
pub use rollback::{
    backfills, rollback, status, undoes_contract, BackfillStatus, MigrationStatus, RollbackOptions, RollbackReport,
};

use crate::plan::PhaseKind;
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("cannot connect to {url}: {message}\n  help: {hint}")]
    Connect { url: String, message: String, hint: &'static str },
    #[error("another phaseshift is applying to this database (waited {waited_secs} s for it): {holder}\n  help: wait for it to finish and try again; if that session is stuck, end it with pg_terminate_backend(pid)")]
    AnotherRunner { holder: String, waited_secs: u64 },
    #[error("spec {name} was changed after it was applied (checksum {applied} when applied, {now} now):\n{diff}\n  help: restore the applied spec and put new changes in a new spec file, or roll this migration back to phase 0 first")]
    SpecChanged { name: String, applied: String, now: String, diff: String },
    #[error("{0}")]
    Invalid(crate::spec::Diagnostics),
    #[error("{migration}: {error}")]
    Plan { migration: String, error: crate::plan::PlanError },
    #[error("{migration}: {error}")]
    Catalog { migration: String, error: crate::catalog::CatalogError },
    #[error("{migration} phase {phase} step {step} ({description}): could not get a lock within {lock_timeout_ms} ms after {attempts} attempts; nothing of this step was applied\n  blocked by: {blocked_by}\n  help: retry when the table is less busy, end the blocking session if it is stuck (SELECT pg_terminate_backend(PID)), or raise --lock-timeout / --retries")]
    LockTimeout {
        migration: String,
        phase: u32,
        step: usize,
        description: String,
        lock_timeout_ms: u64,
        attempts: u32,
        blocked_by: String,
    },
    #[error("{migration}: the backfill could not lock the rows of its next batch in {source_table} within {waited_ms} ms (--lock-timeout times --retries + 1): a session holds some of them\n  blocked by: {blocked_by}\n  help: `phaseshift apply` resumes from the last batch; end the blocking session if it is stuck, or raise --lock-timeout / --retries")]
    BackfillLockTimeout { migration: String, source_table: String, waited_ms: u64, blocked_by: String },
    #[error("{0}")]
    StepFailed(Box<StepFailure>),
    #[error("{migration}: the plan has hazards that are not allowed:\n{list}\n  help: review them with `phaseshift plan`, then allow them with --allow-hazards {kinds}")]
    Hazards { migration: String, list: String, kinds: String },
    #[error("{migration}: rows for {target} break its rules and on_invalid is fail: {sample}\n  help: fix the source rows, or set on_invalid: quarantine (or skip) on the backfill")]
    InvalidRows { migration: String, target: String, sample: String },
    #[error("{migration}: the check of {target} failed: {detail}\n  help: `phaseshift verify` shows it again; rows written through other paths than the sync trigger are the usual cause")]
    CheckFailed { migration: String, target: String, detail: String },
    #[error("{migration}: contract refused: {count} write(s) of the old application did not reach the new tables and wait in phaseshift.quarantine:\n{sample}\n  help: fix the cause, then write those rows again (an UPDATE of the source row re-runs the sync), or roll back; contract would leave them behind")]
    UnresolvedQuarantine { migration: String, count: i64, sample: String },
    #[error("refusing to purge archived tables that unfinished migrations still use: {0}\n  help: the old application writes through them and rollback moves them back; finish those migrations (apply through contract) or roll them back first")]
    ArchiveInUse(String),
    #[error("{migration}: later migrations are applied on top of it: {later}\n  help: roll those back first, latest first (phaseshift rollback NAME --to-phase 0), or pass --cascade to roll back the whole chain in that order")]
    LaterMigrations { migration: String, later: String },
    #[error("{migration} is at phase {applied}: there is no phase {asked} to roll back to\n  help: --to-phase takes a phase from 0 (undo everything) to {applied}; `phaseshift status` shows the phases")]
    PhaseBeyond { migration: String, asked: u32, applied: u32 },
    #[error("{migration}: the backfill into {target} has no key to write rows by (its primary key or a unique constraint)\n  help: {help}")]
    UnkeyedTarget { migration: String, target: String, help: &'static str },
    #[error("{migration}: its sync triggers are not in place (before its sync phase, or after its contract), so quarantined rows cannot be retried\n  help: apply it through the sync phase first, or discard the rows (`phaseshift quarantine discard {migration}`)")]
    NoSync { migration: String },
    #[error("no migration named {0} has been applied to this database")]
    UnknownMigration(String),
    #[error("nothing to roll back: no migration has been applied to this database")]
    NothingApplied,
    #[error("the phaseshift state in this database is at version {found}, newer than this phaseshift knows (up to {known})\n  help: use the phaseshift release that wrote it, or a newer one")]
    StateNewer { found: i32, known: i32 },
    #[error("state version {version} ({description}) recorded in phaseshift.state_version has checksum {recorded}, but this release's has {expected}: the state schema was changed outside phaseshift\n  help: compare phaseshift.state_version with the release that wrote it")]
    StateEdited { version: i32, description: &'static str, recorded: String, expected: String },
    #[error("upgrading the phaseshift state to version {version} ({description}) failed: {message}")]
    StateUpgrade { version: i32, description: &'static str, message: String },
    #[error("migration {migration}: {error}")]
    StoredPlan { migration: String, error: crate::sql::PlanFormatError },
    #[error("migration {migration}: unknown status `{status}` in phaseshift.migrations")]
    UnknownStatus { migration: String, status: String },
    #[error("{0}")]
    SqlFile(crate::catalog::sqlfile::SqlFileError),
    #[error("cannot read {path}: {message}")]
    ReadFile { path: String, message: String },
    #[error("{file}:{line}:{col}: PostgreSQL rejects this statement: {message}\n  statement: {statement}")]
    Load { file: String, line: usize, col: usize, statement: String, message: String },
    #[error("database error: {}", pg_message(.0))]
    Db(tokio_postgres::Error),
}

// The variants above print what they wrap, so none of them is also a `source()`: an error
// chain never repeats a message.
impl From<tokio_postgres::Error> for ExecError {
    fn from(e: tokio_postgres::Error) -> Self {
        ExecError::Db(e)
    }
}

impl From<crate::spec::Diagnostics> for ExecError {
    fn from(d: crate::spec::Diagnostics) -> Self {
        ExecError::Invalid(d)
    }
}

impl From<crate::catalog::sqlfile::SqlFileError> for ExecError {
    fn from(e: crate::catalog::sqlfile::SqlFileError) -> Self {
        ExecError::SqlFile(e)
    }
}

impl ExecError {
    /// A stable name for the kind of error (the `kind` of JSON errors).
    pub fn kind(&self) -> &'static str {
        match self {
            ExecError::Connect { .. } => "connect",
            ExecError::AnotherRunner { .. } => "another_runner",
            ExecError::SpecChanged { .. } => "spec_changed",
            ExecError::Invalid(_) => "invalid_spec",
            ExecError::Plan { .. } => "plan",
            ExecError::Catalog { .. } => "catalog",
            ExecError::LockTimeout { .. } => "lock_timeout",
            ExecError::BackfillLockTimeout { .. } => "backfill_lock_timeout",
            ExecError::StepFailed(_) => "step_failed",
            ExecError::Hazards { .. } => "hazards",
            ExecError::InvalidRows { .. } => "invalid_rows",
            ExecError::CheckFailed { .. } => "check_failed",
            ExecError::UnresolvedQuarantine { .. } => "unresolved_quarantine",
            ExecError::ArchiveInUse(_) => "archive_in_use",
            ExecError::LaterMigrations { .. } => "later_migrations",
            ExecError::PhaseBeyond { .. } => "phase_beyond",
            ExecError::UnkeyedTarget { .. } => "unkeyed_target",
            ExecError::UnknownMigration(_) => "unknown_migration",
            ExecError::NoSync { .. } => "no_sync",
            ExecError::NothingApplied => "nothing_applied",
            ExecError::StateNewer { .. } => "state_newer",
            ExecError::StateEdited { .. } => "state_edited",
            ExecError::StateUpgrade { .. } => "state_upgrade",
            ExecError::StoredPlan { .. } => "stored_plan",
            ExecError::UnknownStatus { .. } => "unknown_status",
            ExecError::SqlFile(_) => "sql_file",
            ExecError::ReadFile { .. } => "read_file",
            ExecError::Load { .. } => "load",
            ExecError::Db(_) => "database",
        }
    }
}

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
