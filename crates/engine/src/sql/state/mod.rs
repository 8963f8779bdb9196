//! Statements on phaseshift's own state tables, built with sea-query (values inlined and
//! escaped by it) so they can join a phase's transaction in one batch.

use sea_query::{Alias, Expr, ExprTrait, OnConflict, PostgresQueryBuilder, Query};

/// One numbered change to phaseshift's own state schema. Released ones are never edited:
/// their checksums are recorded in the database, and a changed one is refused.
pub struct StateMigration {
    pub version: i32,
    pub description: &'static str,
    pub sql: &'static str,
}

/// The state schema's history, oldest first, numbered from 1 without gaps.
pub const STATE_MIGRATIONS: &[StateMigration] = &[
    StateMigration { version: 1, description: "initial state schema", sql: include_str!("0001_initial.sql") },
    StateMigration {
        version: 2,
        description: "migration status checked",
        sql: include_str!("0002_checked_status.sql"),
    },
    StateMigration {
        version: 3,
        description: "backfill estimate and rate",
        sql: include_str!("0003_backfill_rate.sql"),
    },
    StateMigration { version: 4, description: "backfill key ranges", sql: include_str!("0004_backfill_parts.sql") },
    StateMigration { version: 5, description: "copy progress", sql: include_str!("0005_copy_progress.sql") },
    StateMigration {
        version: 6,
        description: "privileges compatibility views granted",
        sql: include_str!("0006_compat_grants.sql"),
    },
];

/// Transaction-level advisory lock that serializes upgrades of the state schema.
pub const STATE_LOCK_KEY: i64 = 0x7068_6173_6573_7376; // "phasessv"

pub fn lock_state() -> String {
    format!("SELECT pg_advisory_xact_lock({STATE_LOCK_KEY})")
}

/// The state schema and its version table, created when missing.
pub const CREATE_STATE_VERSION: &str = "CREATE SCHEMA IF NOT EXISTS phaseshift; \
    CREATE TABLE IF NOT EXISTS phaseshift.state_version ( \
    version integer PRIMARY KEY, description text NOT NULL, checksum text NOT NULL, \
    release text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())";

/// The recorded state versions (version, checksum), or no rows when none was recorded
/// (no state at all, or state written before versions were kept).
pub const SELECT_STATE_VERSIONS: &str = "SELECT version, checksum FROM phaseshift.state_version ORDER BY version";

/// Whether the version table exists (one boolean).
pub const STATE_VERSION_EXISTS: &str = "SELECT to_regclass('phaseshift.state_version') IS NOT NULL";

pub fn record_state_version(m: &StateMigration, checksum: &str, release: &str) -> String {
    Query::insert()
        .into_table(t("state_version"))
        .columns(["version", "description", "checksum", "release"].map(Alias::new))
        .values_panic([m.version.into(), m.description.into(), checksum.into(), release.into()])
        .to_string(PostgresQueryBuilder)
}

/// Where a migration stands, as stored in `phaseshift.migrations.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Phases are being applied or rolled back, or a run stopped between them.
    Applying,
    /// The migration's last phase is applied (or, after a rollback to 0, nothing is).
    Applied,
    /// A step failed; `last_error` says which.
    Failed,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Applying => "applying",
            RunStatus::Applied => "applied",
            RunStatus::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<RunStatus> {
        [RunStatus::Applying, RunStatus::Applied, RunStatus::Failed].into_iter().find(|k| k.as_str() == s)
    }
}

impl std::fmt::Display for RunStatus {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn t(name: &str) -> (Alias, Alias) {
    (Alias::new("phaseshift"), Alias::new(name))
}

pub fn insert_migration(name: &str, checksum: &str, spec: &str, plan_json: &str, phase_count: i32) -> String {
    Query::insert()
        .into_table(t("migrations"))
        .columns(["name", "checksum", "spec", "plan", "phase_count", "status"].map(Alias::new))
        .values_panic([
            name.into(),
            checksum.into(),
            spec.into(),
            Expr::val(plan_json).cast_as(Alias::new("jsonb")),
            phase_count.into(),
            RunStatus::Applying.as_str().into(),
        ])
        .to_string(PostgresQueryBuilder)
}

pub fn record_step(migration: &str, phase: i32, step: i32, description: &str) -> String {
    Query::insert()
        .into_table(t("steps"))
        .columns(["migration", "phase", "step", "description"].map(Alias::new))
        .values_panic([migration.into(), phase.into(), step.into(), description.into()])
        .on_conflict(OnConflict::columns(["migration", "phase", "step"].map(Alias::new)).do_nothing().to_owned())
        .to_string(PostgresQueryBuilder)
}

pub fn forget_step(migration: &str, phase: i32, step: i32) -> String {
    Query::delete()
        .from_table(t("steps"))
        .and_where(Expr::col(Alias::new("migration")).eq(migration))
        .and_where(Expr::col(Alias::new("phase")).eq(phase))
        .and_where(Expr::col(Alias::new("step")).eq(step))
        .to_string(PostgresQueryBuilder)
}

pub fn forget_phase_steps(migration: &str, phase: i32) -> String {
    Query::delete()
        .from_table(t("steps"))
        .and_where(Expr::col(Alias::new("migration")).eq(migration))
        .and_where(Expr::col(Alias::new("phase")).eq(phase))
        .to_string(PostgresQueryBuilder)
}

pub fn set_progress(migration: &str, applied_phase: i32, status: RunStatus, last_error: Option<&str>) -> String {
    Query::update()
        .table(t("migrations"))
        .value(Alias::new("applied_phase"), applied_phase)
        .value(Alias::new("status"), status.as_str())
        .value(Alias::new("last_error"), last_error.map(str::to_string))
        .value(Alias::new("updated_at"), Expr::cust("now()"))
        .and_where(Expr::col(Alias::new("name")).eq(migration))
        .to_string(PostgresQueryBuilder)
}

pub fn set_error(migration: &str, error: &str) -> String {
    Query::update()
        .table(t("migrations"))
        .value(Alias::new("status"), RunStatus::Failed.as_str())
        .value(Alias::new("last_error"), error)
        .value(Alias::new("updated_at"), Expr::cust("now()"))
        .and_where(Expr::col(Alias::new("name")).eq(migration))
        .to_string(PostgresQueryBuilder)
}

/// Forgets a migration entirely: its record, steps, checkpoints and quarantined rows.
pub fn delete_migration(migration: &str) -> String {
    ["backfill_progress", "quarantine"]
        .iter()
        .map(|table| {
            Query::delete()
                .from_table(t(table))
                .and_where(Expr::col(Alias::new("migration")).eq(migration))
                .to_string(PostgresQueryBuilder)
        })
        .chain(std::iter::once(
            Query::delete()
                .from_table(t("migrations"))
                .and_where(Expr::col(Alias::new("name")).eq(migration))
                .to_string(PostgresQueryBuilder),
        ))
        .collect::<Vec<_>>()
        .join(";\n")
}

pub fn log(migration: &str, phase: i32, kind: &str, action: &str, statements: i32) -> String {
    Query::insert()
        .into_table(t("history"))
        .columns(["migration", "phase", "kind", "action", "statements"].map(Alias::new))
        .values_panic([migration.into(), phase.into(), kind.into(), action.into(), statements.into()])
        .to_string(PostgresQueryBuilder)
}

/// Rows: name, checksum, spec, plan::text, phase_count, applied_phase, status, last_error,
/// updated_at::text; in apply order.
pub fn select_migrations() -> String {
    Query::select()
        .columns(["name", "checksum", "spec"].map(Alias::new))
        .expr_as(Expr::cust("plan::text"), Alias::new("plan"))
        .columns(["phase_count", "applied_phase", "status", "last_error"].map(Alias::new))
        .expr_as(Expr::cust("to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS TZ')"), Alias::new("updated_at"))
        .from(t("migrations"))
        .order_by(Alias::new("seq"), sea_query::Order::Asc)
        .to_string(PostgresQueryBuilder)
}

/// Rows: phase, step of the steps recorded for a migration.
pub fn select_steps(migration: &str) -> String {
    Query::select()
        .columns(["phase", "step"].map(Alias::new))
        .from(t("steps"))
        .and_where(Expr::col(Alias::new("migration")).eq(migration))
        .to_string(PostgresQueryBuilder)
}

/// Whether the state schema exists (one boolean).
pub const STATE_EXISTS: &str = "SELECT to_regclass('phaseshift.migrations') IS NOT NULL";

/// Whether the relation named by `$1` (quoted, qualified) is gone.
pub const RELATION_MISSING: &str = "SELECT to_regclass($1) IS NULL";

/// Session advisory lock that serializes phaseshift runs on one database.
pub const LOCK_KEY: i64 = 0x7068_6173_6573_6866; // "phaseshf"
pub fn try_lock() -> String {
    format!("SELECT pg_try_advisory_lock({LOCK_KEY})")
}
/// One row, one text (NULL when none): the other sessions among those `pids` (a query)
/// gives, each as pid, application, state, since when and the first line of its query,
/// oldest transaction first. How every message names a session in the way.
fn sessions(pids: &str) -> String {
    format!(
        "SELECT string_agg(format('pid %s (application %L, %s, since %s): %s', a.pid, a.application_name, a.state, \
         to_char(coalesce(a.xact_start, a.query_start), 'YYYY-MM-DD HH24:MI:SS TZ'), split_part(btrim(a.query), E'\\n', 1)), \
         '; ' ORDER BY a.xact_start) FROM pg_catalog.pg_stat_activity AS a \
         WHERE a.pid <> pg_catalog.pg_backend_pid() AND a.pid IN ({pids})"
    )
}

/// The backend holding the runner lock, as a query of one column (pid), no row when none.
fn runner_pid() -> String {
    format!(
        "SELECT l.pid FROM pg_catalog.pg_locks AS l WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 \
         AND ((l.classid::bigint << 32) | l.objid::bigint) = {LOCK_KEY}"
    )
}

/// The session holding the runner lock (see [`sessions`]).
pub fn lock_holder() -> String {
    sessions(&runner_pid())
}

/// The sessions backend $1 (integer) waits for (see [`sessions`]).
pub fn blockers() -> String {
    sessions("SELECT unnest(pg_catalog.pg_blocking_pids($1))")
}

/// The sessions holding a lock on `table` that a backfill batch's SHARE lock conflicts
/// with (see [`sessions`]).
pub fn relation_lock_holders(table: &crate::model::QualName) -> String {
    sessions(&format!(
        "SELECT l.pid FROM pg_catalog.pg_locks AS l WHERE l.relation = to_regclass({}) AND l.granted \
         AND l.mode IN ('RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock')",
        crate::sql::literal(&crate::sql::qual(table))
    ))
}

/// This session's backend pid (one integer).
pub const BACKEND_PID: &str = "SELECT pg_catalog.pg_backend_pid()";

/// Rows the migration $1 still has in quarantine (one bigint).
pub const COUNT_QUARANTINE: &str = "SELECT count(*) FROM phaseshift.quarantine WHERE migration = $1";
pub fn unlock() -> String {
    format!("SELECT pg_advisory_unlock({LOCK_KEY})")
}
pub fn set_lock_timeout(ms: u64) -> String {
    format!("SET lock_timeout = '{ms}ms'")
}
pub const RESET_LOCK_TIMEOUT: &str = "RESET lock_timeout";

/// Rows: last_key text[], rows_done, rows_rejected, done of a backfill.
pub fn select_progress(migration: &str, backfill: &str) -> String {
    Query::select()
        .columns(["last_key", "rows_done", "rows_rejected", "done", "upper_key"].map(Alias::new))
        .from(t("backfill_progress"))
        .and_where(Expr::col(Alias::new("migration")).eq(migration))
        .and_where(Expr::col(Alias::new("backfill")).eq(backfill))
        .to_string(PostgresQueryBuilder)
}

/// Where a backfill stands, as its checkpoint records it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Progress {
    pub rows_done: i64,
    pub rows_rejected: i64,
    /// The rows it expects in all (an estimate).
    pub estimate: i64,
    pub rows_per_sec: i64,
    pub done: bool,
}

/// Saves a checkpoint. Parameters: $1 text[] (last key), $2 text[] (the last key to copy).
pub fn save_progress(migration: &str, backfill: &str, target: &str, p: Progress) -> String {
    let columns =
        ["last_key", "upper_key", "rows_done", "rows_rejected", "estimate", "rows_per_sec", "done", "updated_at"];
    Query::insert()
        .into_table(t("backfill_progress"))
        .columns(["migration", "backfill", "target"].into_iter().chain(columns).map(Alias::new))
        .values_panic([
            migration.into(),
            backfill.into(),
            target.into(),
            Expr::cust("$1::text[]"),
            Expr::cust("$2::text[]"),
            p.rows_done.into(),
            p.rows_rejected.into(),
            p.estimate.into(),
            p.rows_per_sec.into(),
            p.done.into(),
            Expr::cust("now()"),
        ])
        .on_conflict(
            OnConflict::columns(["migration", "backfill"].map(Alias::new))
                .update_columns(columns.map(Alias::new))
                .to_owned(),
        )
        .to_string(PostgresQueryBuilder)
}

/// The checkpoint id of one key range of a backfill split among parallel workers.
pub fn part_id(backfill: &str, part: usize) -> String {
    format!("{backfill}#part{part}")
}

/// Whether a checkpoint row (`backfill`) is one of a key range of `backfill`.
pub fn is_part_of(backfill: &str) -> String {
    let prefix = format!("{backfill}#part");
    format!(
        "(left(backfill, {}) = {} AND backfill ~ '#part[0-9]+$')",
        prefix.chars().count(),
        crate::sql::literal(&prefix)
    )
}

/// The key ranges a backfill was split into (checkpoint id, last key done, last key to
/// copy, done), in order.
pub fn select_parts(migration: &str, backfill: &str) -> String {
    format!(
        "SELECT backfill, last_key, upper_key, done FROM phaseshift.backfill_progress \
         WHERE migration = {} AND {} ORDER BY length(backfill), backfill",
        crate::sql::literal(migration),
        is_part_of(backfill)
    )
}

/// Every backfill of a migration as its checkpoint has it: target, rows_done,
/// rows_rejected, estimate, rows_per_sec, done, seconds since the last checkpoint, and
/// whether a runner holds the runner lock now; a backfill split into key ranges is summed
/// over them. Reading state never upgrades it, so the columns state version 3 added are
/// read by name from the row as JSON: state an older release wrote says 0 for them.
pub fn migration_progress(migration: &str) -> String {
    format!(
        "SELECT min(target), sum(rows_done)::bigint, sum(rows_rejected)::bigint, \
         max(coalesce((to_jsonb(p) ->> 'estimate')::bigint, 0)), \
         sum(coalesce((to_jsonb(p) ->> 'rows_per_sec')::bigint, 0))::bigint, bool_and(done), \
         min(extract(epoch FROM now() - updated_at))::float8, EXISTS ({}) FROM phaseshift.backfill_progress AS p \
         WHERE migration = {} GROUP BY regexp_replace(backfill, '#part[0-9]+$', '') ORDER BY 1",
        runner_pid(),
        crate::sql::literal(migration)
    )
}

pub fn set_local_lock_timeout(ms: u64) -> String {
    format!("SET LOCAL lock_timeout = '{ms}ms'")
}

/// A transaction whose commit does not wait for its WAL to reach the disk (the WAL writer
/// flushes it shortly after). For a batch that saves its own checkpoint: a crash of the
/// server loses the batch and its checkpoint together, and the batch runs again.
pub fn set_local_async_commit() -> &'static str {
    "SET LOCAL synchronous_commit = off"
}

/// Rows the sync trigger could not apply for a migration (one bigint, then up to five
/// samples as text): what must be resolved before contract.
pub fn unresolved_quarantine(migration: &str) -> String {
    format!(
        "SELECT count(*), (SELECT string_agg(target || ' key ' || source_key || ': ' || reason, E'\\n' ORDER BY id) FROM (SELECT * FROM phaseshift.quarantine WHERE migration = {m} AND rule = 'sync' ORDER BY id LIMIT 5) x) FROM phaseshift.quarantine WHERE migration = {m} AND rule = 'sync'",
        m = crate::sql::literal(migration)
    )
}

/// Rows of the quarantine ($1 migration, NULL for all): id, migration, target, source_key,
/// rule, value, reason, at.
pub const LIST_QUARANTINE: &str = "SELECT id, migration, target, source_key, rule, value, reason, \
     to_char(at, 'YYYY-MM-DD HH24:MI:SS TZ') FROM phaseshift.quarantine \
     WHERE $1::text IS NULL OR migration = $1 ORDER BY id";

/// Deletes quarantined rows ($1 migration or NULL, $2 ids or NULL).
pub const DISCARD_QUARANTINE: &str = "DELETE FROM phaseshift.quarantine \
     WHERE ($1::text IS NULL OR migration = $1) AND ($2::bigint[] IS NULL OR id = ANY ($2))";
