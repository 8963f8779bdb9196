//! Errors, one type a layer. The layers below have their own ([`spec::Diagnostics`],
//! [`catalog::CatalogError`], [`plan::PlanError`], [`catalog::sqlfile::SqlFileError`]); this
//! module adds what happens while running against a database ([`ExecError`]) and reading a
//! schema source ([`SourceError`]), and composes them all into [`Error`], what the
//! application-level functions return and the command line reports.

use super::{catalog, pg_message, plan, spec, StepFailure};

/// What an application-level call (plan, apply, rollback, diff) can fail with: the error of
/// the layer where it happened, with the migration or source it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec breaks its rules (every diagnostic, with its place).
    #[error("{0}")]
    Spec(spec::Diagnostics),
    /// A schema could not be read from a database.
    #[error("{context}: {error}")]
    Catalog { context: String, error: catalog::CatalogError },
    /// The planner refused the change.
    #[error("{migration}: {error}")]
    Plan { migration: String, error: plan::PlanError },
    /// A SQL file or dump could not be read or loaded.
    #[error("{0}")]
    Source(SourceError),
    /// Running against the database failed.
    #[error("{0}")]
    Exec(ExecError),
}

impl Error {
    /// A stable name for the kind of error (the `kind` of JSON errors).
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Spec(_) => "invalid_spec",
            Error::Catalog { .. } => "catalog",
            Error::Plan { .. } => "plan",
            Error::Source(e) => e.kind(),
            Error::Exec(e) => e.kind(),
        }
    }

    /// The run error, when the failure happened while running.
    pub fn as_exec(&self) -> Option<&ExecError> {
        match self {
            Error::Exec(e) => Some(e),
            _ => None,
        }
    }

    pub(crate) fn catalog(context: impl ToString) -> impl FnOnce(catalog::CatalogError) -> Error {
        let context = context.to_string();
        move |error| Error::Catalog { context, error }
    }

    pub(crate) fn plan(migration: &str) -> impl FnOnce(plan::PlanError) -> Error + '_ {
        move |error| Error::Plan { migration: migration.to_string(), error }
    }
}

impl From<ExecError> for Error {
    fn from(e: ExecError) -> Self {
        Error::Exec(e)
    }
}

impl From<tokio_postgres::Error> for Error {
    fn from(e: tokio_postgres::Error) -> Self {
        Error::Exec(ExecError::Db(e))
    }
}

impl From<spec::Diagnostics> for Error {
    fn from(d: spec::Diagnostics) -> Self {
        Error::Spec(d)
    }
}

impl From<SourceError> for Error {
    fn from(e: SourceError) -> Self {
        Error::Source(e)
    }
}

impl From<catalog::sqlfile::SqlFileError> for Error {
    fn from(e: catalog::sqlfile::SqlFileError) -> Self {
        Error::Source(SourceError::SqlFile(e))
    }
}

/// A schema source (SQL files, a dump) that could not be read or loaded.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{0}")]
    SqlFile(catalog::sqlfile::SqlFileError),
    #[error("cannot read {path}: {message}")]
    ReadFile { path: String, message: String },
    #[error("{file}:{line}:{col}: PostgreSQL rejects this statement: {message}\n  statement: {statement}")]
    Load { file: String, line: usize, col: usize, statement: String, message: String },
}

impl SourceError {
    pub fn kind(&self) -> &'static str {
        match self {
            SourceError::SqlFile(_) => "sql_file",
            SourceError::ReadFile { .. } => "read_file",
            SourceError::Load { .. } => "load",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    #[error("cannot connect to {url}: {message}\n  help: {hint}")]
    Connect { url: String, message: String, hint: &'static str },
    #[error("another phaseshift is applying to this database (waited {waited_secs} s for it): {holder}\n  help: wait for it to finish and try again; if that session is stuck, end it with pg_terminate_backend(pid)")]
    AnotherRunner { holder: String, waited_secs: u64 },
    #[error("spec {name} was changed after it was applied (checksum {applied} when applied, {now} now):\n{diff}\n  help: restore the applied spec and put new changes in a new spec file, or roll this migration back to phase 0 first")]
    SpecChanged { name: String, applied: String, now: String, diff: String },
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
    #[error("{migration}: {rows} row(s) of {source_table} fit no partition of {target}{range}, and on_invalid is fail\n  help: add partitions that take them (or a `default` partition), or set on_invalid: quarantine (or skip) on the backfill to set them aside")]
    UnfitRows { migration: String, source_table: String, target: String, rows: i64, range: String },
    #[error("{migration}: filling {columns} of {table} would leave rows that break its constraints, and on_invalid is fail (nothing was written):\n{list}\n  help: fix those rows, or the expression that computes the new values; `phaseshift rollback` undoes what ran before")]
    FillBreaks { migration: String, table: String, columns: String, list: String },
    #[error("{migration}: the check of {target} failed: {detail}\n  help: `phaseshift verify` shows it again; rows written through other paths than the sync trigger are the usual cause")]
    CheckFailed { migration: String, target: String, detail: String },
    #[error("{migration}: contract refused: {count} write(s) of the old application did not reach the new tables and wait in phaseshift.quarantine:\n{sample}\n  help: fix the cause, then write those rows again (an UPDATE of the source row re-runs the sync), or roll back; contract would leave them behind")]
    UnresolvedQuarantine { migration: String, count: i64, sample: String },
    #[error("refusing to purge archived tables that unfinished migrations still use: {0}\n  help: the old application writes through them and rollback moves them back; finish those migrations (apply through contract) or roll them back first")]
    ArchiveInUse(String),
    #[error("{migration}: {archive} was purged, and what it kept cannot be given back: the phase that archived it can no longer be rolled back\n  help: roll back to a phase after it (phaseshift status shows the phases), or write a migration that goes forward")]
    ArchivePurged { migration: String, archive: String },
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
    #[error("{column}: PostgreSQL has no cast from {from} to {to}, so the plan cannot change this column's type as it is\n  help: give the conversion (in a spec, `using:` on the column), or change it in steps: add a column of the new type, fill it, then drop the old one")]
    NoConversion { column: String, from: String, to: String },
    #[error("copy stopped before the data: the schema was not applied whole: {why}\n  help: allow what it needs (--allow-hazards, --yes), or copy the data alone with --skip-schema")]
    CopyStopped { why: String },
    #[error("table {table} is not in the source database\n  help: `phaseshift diff URL URL` lists what is there; name tables as schema.name")]
    CopyUnknownTable { table: String },
    #[error("table {table} of the target already holds rows that phaseshift did not copy: the source's would be mixed with them\n  help: pass --truncate to empty it first (in the copy's transaction), --append to add to it, or leave it out with --exclude-table {table}")]
    CopyTargetNotEmpty { table: String },
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

impl ExecError {
    /// A stable name for the kind of error (the `kind` of JSON errors).
    pub fn kind(&self) -> &'static str {
        match self {
            ExecError::Connect { .. } => "connect",
            ExecError::AnotherRunner { .. } => "another_runner",
            ExecError::SpecChanged { .. } => "spec_changed",
            ExecError::LockTimeout { .. } => "lock_timeout",
            ExecError::BackfillLockTimeout { .. } => "backfill_lock_timeout",
            ExecError::StepFailed(_) => "step_failed",
            ExecError::Hazards { .. } => "hazards",
            ExecError::InvalidRows { .. } => "invalid_rows",
            ExecError::UnfitRows { .. } => "unfit_rows",
            ExecError::FillBreaks { .. } => "fill_breaks",
            ExecError::CheckFailed { .. } => "check_failed",
            ExecError::UnresolvedQuarantine { .. } => "unresolved_quarantine",
            ExecError::ArchiveInUse(_) => "archive_in_use",
            ExecError::ArchivePurged { .. } => "archive_purged",
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
            ExecError::NoConversion { .. } => "no_conversion",
            ExecError::CopyStopped { .. } => "copy_stopped",
            ExecError::CopyUnknownTable { .. } => "copy_unknown_table",
            ExecError::CopyTargetNotEmpty { .. } => "copy_target_not_empty",
            ExecError::Db(_) => "database",
        }
    }
}
