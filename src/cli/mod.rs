//! The command line: the only code that knows clap and the terminal.

mod demo;
mod diff;
mod metrics;
mod output;

use anyhow::{anyhow, Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use phaseshift::diff::Filter;
use phaseshift::exec::{self, ApplyOptions, RollbackOptions, Source};
use phaseshift::plan::HazardKind;
use phaseshift::spec;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Parser)]
#[command(name = "phaseshift", version, about = "Declarative, online, reversible schema refactors for PostgreSQL")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
struct Db {
    /// PostgreSQL connection string: a postgresql:// URL or host=... key=value settings
    /// (default: $DATABASE_URL, else the PG* environment variables as libpq reads them).
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, value_name = "URL")]
    database_url: Option<String>,
}

/// Environment variables that name a database on their own, as they do for psql.
const PG_TARGET_VARS: &[&str] = &["PGHOST", "PGHOSTADDR", "PGDATABASE", "PGSERVICE"];

impl Db {
    /// The connection string when a database was named: by the option, by DATABASE_URL, or
    /// by libpq's variables (an empty string then: libpq's environment and defaults).
    fn url(&self) -> Option<&str> {
        match &self.database_url {
            Some(u) => Some(u.as_str()),
            None if PG_TARGET_VARS.iter().any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty())) => Some(""),
            None => None,
        }
    }
}

#[derive(clap::Args)]
struct Locking {
    /// lock_timeout for each statement, in milliseconds (1 to 600000).
    #[arg(long, default_value_t = 2000, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=600_000))]
    lock_timeout: u64,
    /// Attempts after a lock timeout, with exponential backoff and jitter (0 to 100).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(0..=100))]
    retries: u32,
}

/// The hazards a run may go through.
#[derive(clap::Args)]
struct Allow {
    /// Hazard kinds to allow outside the contract phase (table_rewrite, blocking_scan, data_loss, all).
    #[arg(long, value_delimiter = ',', value_name = "KIND,...", value_parser = parse_hazards)]
    allow_hazards: Vec<Vec<HazardKind>>,
}

impl Allow {
    fn kinds(self) -> Vec<HazardKind> {
        self.allow_hazards.into_iter().flatten().collect()
    }
}

#[derive(clap::Args)]
struct CopyArgs {
    /// The database to copy (a URL or libpq key=value settings).
    #[arg(long, value_name = "URL")]
    from: String,
    /// The database to copy into (default: DATABASE_URL, then libpq's environment).
    #[arg(long, value_name = "URL")]
    to: Option<String>,
    /// Copy the rows alone (the target has the schema already).
    #[arg(long)]
    skip_schema: bool,
    /// Copy the schema alone.
    #[arg(long)]
    skip_data: bool,
    /// Only these tables' rows (schema.name, or name in public).
    #[arg(long, value_delimiter = ',', value_name = "TABLE,...")]
    tables: Vec<String>,
    /// Leave this table's rows out (repeatable).
    #[arg(long, value_name = "TABLE")]
    exclude_table: Vec<String>,
    /// Say what would be created and how many rows each table has; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Leave row-level security out: no policies, security off on the target's tables.
    #[arg(long)]
    skip_rls: bool,
    /// Empty a target table that holds rows of its own before copying into it.
    #[arg(long, conflicts_with = "append")]
    truncate: bool,
    /// Add to a target table that holds rows of its own.
    #[arg(long)]
    append: bool,
    /// Tables copied at once (1 to 32), each by sessions of its own on the same snapshot.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=32))]
    jobs: u16,
    /// Apply the schema's drops of what the target has and the source does not.
    #[arg(long, short)]
    yes: bool,
    #[command(flatten)]
    allow: Allow,
    #[command(flatten)]
    locking: Locking,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(clap::Args)]
struct ApplyArgs {
    /// Spec file or directory; or the whole target schema: a .sql file or folder, or a
    /// database (URL) to make this one look like.
    specs: PathBuf,
    #[command(flatten)]
    db: Db,
    /// Stop after this phase.
    #[arg(long, value_name = "N")]
    to_phase: Option<u32>,
    /// Run the contract phase without asking.
    #[arg(long, short)]
    yes: bool,
    #[command(flatten)]
    allow: Allow,
    /// Backfill rows per second at most (1 to 100000000).
    #[arg(long, value_name = "ROWS", value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    max_rate: Option<u64>,
    /// Backfill batch duration to aim for, in milliseconds (1 to 60000).
    #[arg(long, default_value_t = 100, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=60_000))]
    batch_ms: u64,
    /// After each backfill batch, always pause this many times its duration (0 to 100).
    /// Without it, a backfill runs at full speed while no other session of the database is
    /// at work, and makes room while one is (shorter batches, each followed by a pause as
    /// long).
    #[arg(long, value_name = "RATIO", value_parser = parse_rest)]
    rest: Option<f64>,
    /// Before each backfill batch, wait while a streaming replica is more than this much WAL
    /// behind in its replay (bytes, or with kB, MB, GB).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_replica_lag: Option<u64>,
    /// Copy each backfill with this many workers at once (1 to 64), each in a session of its
    /// own on a key range of its own, resumable each; --max-rate is shared among them.
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=64))]
    jobs: u32,
    /// Keep the state of each backfill in this file, in Prometheus's text format, rewritten
    /// after every batch.
    #[arg(long, value_name = "PATH")]
    metrics_file: Option<PathBuf>,
    #[command(flatten)]
    locking: Locking,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Subcommand)]
enum Command {
    /// Check specs: structure, names, types, expressions, references.
    Validate {
        /// A spec file or a directory of specs (applied in file-name order).
        specs: PathBuf,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Show the numbered phases, each step with its SQL, rollback SQL, lock and hazards.
    Plan {
        specs: PathBuf,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Print a script for `psql -v ON_ERROR_STOP=1 -f`.
    Sql {
        specs: PathBuf,
        #[command(flatten)]
        db: Db,
        /// The script that undoes the migrations instead.
        #[arg(long)]
        rollback: bool,
        #[arg(long, default_value_t = 2000, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..=600_000))]
        lock_timeout: u64,
    },
    /// Apply pending phases of specs, or converge on a desired-state SQL file or folder.
    Apply(ApplyArgs),
    /// Show what has been applied.
    Status {
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Undo applied phases with the rollback SQL recorded when they were applied.
    Rollback {
        /// Migration name (default: the latest applied).
        name: Option<String>,
        #[command(flatten)]
        db: Db,
        /// Phase to go back to; 0 undoes the whole migration (default: one phase back).
        #[arg(long, value_name = "N")]
        to_phase: Option<u32>,
        /// Do not ask before undoing a contract phase.
        #[arg(long, short)]
        yes: bool,
        /// Roll back the migrations applied after this one first, latest first (refused
        /// otherwise).
        #[arg(long)]
        cascade: bool,
        #[command(flatten)]
        locking: Locking,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Compare two schemas: databases (URL), SQL files or folders (hand-written DDL or
    /// pg_dump --schema-only output), or specs. Exit code 1 when they differ.
    Diff {
        /// Where to start from: a URL, a .sql file or folder, or a spec.
        from: String,
        /// What to arrive at: a URL, a .sql file or folder, or a spec.
        to: String,
        /// Print the migration script from FROM to TO instead.
        #[arg(long)]
        sql: bool,
        /// Only these schemas (repeatable).
        #[arg(long = "schema", value_name = "NAME")]
        schemas: Vec<String>,
        /// Leave these schemas out (repeatable).
        #[arg(long = "exclude-schema", value_name = "NAME")]
        exclude_schemas: Vec<String>,
        /// Compare extension versions too.
        #[arg(long)]
        extension_versions: bool,
        /// Server for loading SQL files and specs when neither side is a database
        /// (default: a throwaway server).
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Report drift between the live database and a target (specs or SQL). Exit code 1 on drift.
    Verify {
        /// Specs, SQL files or a database the database should match (or `--against`).
        #[arg(required_unless_present = "against")]
        target: Option<String>,
        /// Another database to compare with, as after a move: schemas, row counts per
        /// table, and (by `--level`) sequences and a checksum of every table.
        #[arg(long, value_name = "URL", conflicts_with = "target")]
        against: Option<String>,
        /// With --against: critical (schemas, row counts), standard (and sequences'
        /// values), detailed (and each table's rows).
        #[arg(long, value_enum, default_value_t = Level::Standard)]
        level: Level,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Copy a database to another server: its schema (applied through the diff engine, so a
    /// second run converges), then its rows from one consistent snapshot, parents before
    /// children, resumable table by table; sequences follow. The source is only read.
    Copy(CopyArgs),
    /// Keep tables partitioned by an interval current (safe from cron): create the
    /// partitions now due, detach and drop those past `retain`; do nothing when nothing is due.
    Partitions {
        /// A spec file or a directory of specs.
        specs: PathBuf,
        #[command(flatten)]
        db: Db,
        /// Say what is due; change nothing.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        locking: Locking,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Drop tables kept in the phaseshift_archive schema (retired or replaced tables).
    Purge {
        /// Only these archived tables (default: all).
        tables: Vec<String>,
        #[command(flatten)]
        db: Db,
        /// Do not ask.
        #[arg(long, short)]
        yes: bool,
    },
    /// Rows a migration could not carry to the new shape: list, retry or discard them.
    Quarantine {
        #[command(subcommand)]
        action: QuarantineAction,
    },
    /// Print the JSON Schema of the spec format (for yaml-language-server), or of the plan.
    Schema {
        /// The plan format instead: what `plan --format json` prints for each migration and
        /// what `apply` stores (docs/plan.schema.json).
        #[arg(long)]
        plan: bool,
    },
    /// Print the search_path that shows the new version of the columns a migration changes
    /// online (`up`), renames or retires with `down`, from its sync phase (expand, without
    /// `up`) until its contract: the new application sets it. The old one keeps its own, or
    /// sets the one `--old` prints (the tables as they were, from expand until contract).
    SearchPath {
        /// A spec file or a directory of specs.
        specs: PathBuf,
        /// The migration (default: the last one of the directory that has versions).
        #[arg(long)]
        migration: Option<String>,
        /// The old version's search_path instead.
        #[arg(long)]
        old: bool,
    },
    /// Start a throwaway PostgreSQL, apply an example phase by phase, roll it back, stop.
    Demo,
}

/// Exit codes, the same for every command (README lists them).
pub mod exit {
    /// Done: everything asked was done (or there was nothing to do).
    pub const OK: i32 = 0;
    /// `diff` and `verify`: the two sides differ.
    pub const DIFFERENCES: i32 = 1;
    /// An error: bad input, no connection, a refused or failed step; nothing half-done is
    /// left without a way forward (`apply`) or back (`rollback`).
    pub const ERROR: i32 = 2;
    /// Stopped before a step that needs confirmation (contract, undoing a contract,
    /// purge) with no terminal to ask on and no `--yes`.
    pub const NEEDS_CONFIRMATION: i32 = 3;
}

/// An error that stops a command with a code other than [`exit::ERROR`].
#[derive(Debug)]
struct Stop {
    code: i32,
    message: String,
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Stop {}

fn needs_confirmation(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Stop { code: exit::NEEDS_CONFIRMATION, message: message.into() })
}

impl Command {
    /// Whether the output was asked for as JSON (errors then come as JSON too).
    fn json(&self) -> bool {
        matches!(
            self,
            Command::Validate { format: Format::Json, .. }
                | Command::Plan { format: Format::Json, .. }
                | Command::Apply(ApplyArgs { format: Format::Json, .. })
                | Command::Copy(CopyArgs { format: Format::Json, .. })
                | Command::Partitions { format: Format::Json, .. }
                | Command::Status { format: Format::Json, .. }
                | Command::Rollback { format: Format::Json, .. }
                | Command::Diff { format: Format::Json, .. }
                | Command::Verify { format: Format::Json, .. }
                | Command::Quarantine {
                    action: QuarantineAction::List { format: Format::Json, .. }
                        | QuarantineAction::Retry { format: Format::Json, .. }
                        | QuarantineAction::Discard { format: Format::Json, .. }
                }
        )
    }
}

#[derive(Subcommand)]
enum QuarantineAction {
    /// Show quarantined rows (of one migration, or all) with the reason.
    List {
        /// Migration name (default: all).
        name: Option<String>,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Write the migration's quarantined source rows again, so that rows fixed since are
    /// carried to the new shape (and the others quarantined again with the current reason).
    Retry {
        name: String,
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Accept quarantined rows as left behind: they are dropped from the quarantine.
    Discard {
        /// Migration name.
        name: Option<String>,
        /// Only these rows (ids from `quarantine list`; repeatable).
        #[arg(long = "id", value_name = "ID")]
        ids: Vec<i64>,
        #[command(flatten)]
        db: Db,
        /// Do not ask.
        #[arg(long, short)]
        yes: bool,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
}

pub fn main() -> i32 {
    let cli = Cli::parse();
    let json = cli.command.json();
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return exit::ERROR;
        }
    };
    match rt.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            let code = e.downcast_ref::<Stop>().map_or(exit::ERROR, |s| s.code);
            let message = output::error_chain(&e);
            if json {
                let kind = error_kind(&e, code);
                println!("{}", serde_json::json!({ "error": { "kind": kind, "message": message, "exit_code": code } }));
            }
            eprintln!("error: {message}");
            code
        }
    }
}

/// The stable name of a failure's kind (the `kind` of JSON errors), from the type of the
/// layer that failed: each layer has its own error type, and they meet only here.
fn error_kind(e: &anyhow::Error, code: i32) -> &'static str {
    if let Some(e) = e.downcast_ref::<exec::Error>() {
        e.kind()
    } else if let Some(e) = e.downcast_ref::<exec::ExecError>() {
        e.kind()
    } else if e.is::<spec::Diagnostics>() {
        "invalid_spec"
    } else if e.is::<phaseshift::catalog::sqlfile::SqlFileError>() {
        "sql_file"
    } else if code == exit::NEEDS_CONFIRMATION {
        "needs_confirmation"
    } else {
        "error"
    }
}

fn load(path: &Path) -> Result<Vec<spec::Spec>> {
    Ok(spec::load_path(path)?)
}

/// The database a command works on: as given, or libpq's environment and defaults (the
/// local server, as psql would connect).
fn need_url(db: &Db) -> Result<&str> {
    Ok(db.url().unwrap_or(""))
}

/// Connects to the database a command works on; when none was named and the local default
/// is not there, says how to name one.
async fn connect_to(db: &Db) -> Result<tokio_postgres::Client> {
    match db.url() {
        Some(u) => Ok(exec::connect(u).await?),
        None => exec::connect("").await.map_err(|e| {
            anyhow!("{e}\n  help: no database was named, so libpq's default was tried: pass --database-url postgresql://USER@HOST/DB, or set DATABASE_URL, or PGHOST and PGDATABASE")
        }),
    }
}

/// `phaseshift search-path`: the version schema first, then the spec's own schema.
fn search_path(path: &std::path::Path, migration: Option<&str>, old: bool) -> Result<i32> {
    let specs = load(path)?;
    // What gives a migration its versions' schemas: columns changed online or renamed in a
    // table that keeps its name, columns retired with `down`.
    let versioned = |s: &&spec::Spec| {
        s.body.tables.values().any(|t| {
            t.columns.values().any(|c| c.up.is_some() || (c.renamed_from.is_some() && t.renamed_from.is_none()))
        }) || s.body.retire.iter().any(|r| r.column.is_some() && r.down.is_some())
    };
    let chosen = match migration {
        Some(name) => specs.iter().find(|s| s.name == name),
        None => specs.iter().rev().find(versioned),
    };
    let Some(s) = chosen.filter(versioned) else {
        eprintln!(
            "error: {} has no migration{} that changes, renames or retires columns with two versions at once (`up`, `renamed_from`, `down`): the schema as it is serves every version",
            path.display(),
            migration.map(|m| format!(" `{m}`")).unwrap_or_default()
        );
        return Ok(exit::ERROR);
    };
    let schema = if old { spec::old_version_schema(s) } else { spec::version_schema(s) };
    println!("SET search_path TO {}, {};", phaseshift::sql::ident(&schema), phaseshift::sql::ident(&s.body.schema));
    Ok(exit::OK)
}

async fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Schema { plan } => {
            let schema = if plan { phaseshift::sql::RenderedPlan::json_schema() } else { spec::json_schema() };
            println!("{}", serde_json::to_string_pretty(&schema)?);
            Ok(0)
        }
        Command::SearchPath { specs, migration, old } => search_path(&specs, migration.as_deref(), old),
        Command::Validate { specs, db, format } => validate(specs, db, format).await,
        Command::Plan { specs, db, format } => plan(specs, db, format).await,
        Command::Sql { specs, db, rollback, lock_timeout } => sql_script(specs, db, rollback, lock_timeout).await,
        Command::Apply(a) => apply(a).await,
        Command::Status { db, format } => {
            let mut client = connect_to(&db).await?;
            let st = exec::status(&mut client).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "migrations": st }))?),
                Format::Text => output::print_status(&st),
            }
            Ok(0)
        }
        Command::Rollback { name, db, to_phase, yes, cascade, locking, format } => {
            rollback(name, db, to_phase, yes, cascade, locking, format).await
        }
        Command::Demo => demo::run().await.context("demo failed").map(|_| 0),
        Command::Quarantine { action } => quarantine(action).await,
        Command::Purge { tables, db, yes } => purge(tables, db, yes).await,
        Command::Copy(a) => copy(a).await,
        Command::Partitions { specs, db, dry_run, locking, format } => {
            let specs = load(&specs)?;
            let mut client = connect_to(&db).await?;
            let mut printer = output::EventPrinter::new(format == Format::Text);
            let mut events = |e: exec::Event| printer.event(e);
            let today = time::OffsetDateTime::now_utc().date();
            let report =
                exec::partitions(&mut client, &specs, today, dry_run, locking.lock_timeout, &mut events).await?;
            if format == Format::Json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                let verb = if dry_run { "due" } else { "done" };
                for t in &report.missing {
                    println!("{t}: not in the database yet (apply the spec first)");
                }
                if report.created.is_empty() && report.dropped.is_empty() {
                    println!("nothing {verb}: every partition is in place");
                } else {
                    println!("{verb}: {} partition(s) created, {} dropped", report.created.len(), report.dropped.len());
                    if dry_run {
                        for t in report.created.iter().chain(&report.dropped) {
                            println!("  {t}");
                        }
                    }
                }
            }
            Ok(exit::OK)
        }
        Command::Diff { from, to, sql, schemas, exclude_schemas, extension_versions, db, format } => {
            let filter =
                Filter { include: schemas, exclude: exclude_schemas, extension_versions, skip_unmanaged: false };
            let (from, to) = (Source::parse(&from), Source::parse(&to));
            diff::run(&from, &to, &filter, db.url(), sql, format == Format::Json).await
        }
        Command::Verify { target: None, against: Some(other), level, db, format } => {
            verify_against(&other, level, db, format).await
        }
        Command::Verify { target, db, format, .. } => verify(target.unwrap_or_default(), db, format).await,
    }
}

async fn copy(a: CopyArgs) -> Result<i32> {
    let target_url = a.to.clone().or_else(|| std::env::var("DATABASE_URL").ok()).unwrap_or_default();
    let mut source = exec::connect(&a.from).await?;
    let mut target = exec::connect(&target_url).await?;
    let opts = exec::CopyOptions {
        skip_schema: a.skip_schema,
        skip_data: a.skip_data,
        tables: a.tables,
        exclude_tables: a.exclude_table,
        dry_run: a.dry_run,
        skip_rls: a.skip_rls,
        jobs: a.jobs as usize,
        target_url: Some(target_url.clone()),
        existing_rows: match (a.truncate, a.append) {
            (true, _) => exec::ExistingRows::Truncate,
            (_, true) => exec::ExistingRows::Append,
            _ => exec::ExistingRows::Refuse,
        },
        apply: ApplyOptions {
            lock_timeout_ms: a.locking.lock_timeout,
            retries: a.locking.retries,
            allow_hazards: a.allow.kinds(),
            ..ApplyOptions::default()
        },
    };
    let yes = a.yes;
    let mut confirm = |_: &str, _: &phaseshift::sql::RenderedPhase| yes;
    let mut printer = output::EventPrinter::new(a.format == Format::Text);
    let mut events = |e: exec::Event| printer.event(e);
    let report = exec::copy(&mut source, &mut target, &a.from, &opts, &mut confirm, &mut events).await?;
    if a.format == Format::Json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(exit::OK);
    }
    // What phaseshift does not migrate is said, whatever else happens.
    for u in &report.not_copied {
        eprintln!("not copied (phaseshift does not migrate this kind; make it by hand): {u}");
    }
    if report.dry_run {
        println!("schema: {} step(s) to apply", report.schema_plan.len());
        for s in &report.schema_plan {
            println!("  {s}");
        }
        for t in &report.tables {
            println!("{}: {} row(s) to copy", t.table, t.rows);
        }
        return Ok(exit::OK);
    }
    let differ: Vec<String> = report
        .tables
        .iter()
        .filter(|t| t.source_rows != t.target_rows)
        .map(|t| format!("{} (source {}, target {})", t.table, t.source_rows.unwrap_or(0), t.target_rows.unwrap_or(0)))
        .collect();
    if !differ.is_empty() {
        println!("row counts differ: {}", differ.join(", "));
    }
    let rows: i64 = report.tables.iter().filter(|t| !t.already).map(|t| t.rows).sum();
    println!(
        "copied {} table(s), {rows} row(s); {} sequence(s) set; row counts {}",
        report.tables.iter().filter(|t| !t.already).count(),
        report.sequences,
        if differ.is_empty() { "match the source" } else { "differ" }
    );
    Ok(if differ.is_empty() { exit::OK } else { exit::DIFFERENCES })
}

async fn validate(specs: PathBuf, db: Db, format: Format) -> Result<i32> {
    let result = match load(&specs) {
        Ok(loaded) => match db.url() {
            Some(url) => {
                let mut client = exec::connect(url).await?;
                exec::plan_online(&mut client, &loaded).await.map(|_| loaded.len()).map_err(anyhow::Error::from)
            }
            None => exec::plan_offline(&loaded).map(|_| loaded.len()).map_err(anyhow::Error::from),
        },
        Err(e) => Err(e),
    };
    match (result, format) {
        (Ok(n), Format::Text) => {
            println!("ok: {n} spec(s) valid");
            Ok(0)
        }
        (Ok(n), Format::Json) => {
            println!("{}", serde_json::json!({"valid": true, "specs": n}));
            Ok(0)
        }
        (Err(e), Format::Json) => {
            println!("{}", serde_json::json!({"valid": false, "errors": e.to_string()}));
            Ok(exit::ERROR)
        }
        (Err(e), Format::Text) => Err(e),
    }
}

async fn apply(a: ApplyArgs) -> Result<i32> {
    let ApplyArgs {
        specs,
        db,
        to_phase,
        yes,
        allow,
        max_rate,
        batch_ms,
        rest,
        max_replica_lag,
        jobs,
        metrics_file,
        locking,
        format,
    } = a;
    let url = need_url(&db)?.to_string();
    let mut client = connect_to(&db).await?;
    let opts = ApplyOptions {
        lock_timeout_ms: locking.lock_timeout,
        retries: locking.retries,
        to_phase,
        allow_hazards: allow.kinds(),
        backfill: exec::BackfillOptions {
            target_batch_ms: batch_ms,
            max_rate,
            yielding: rest.map_or(exec::Yielding::Auto, exec::Yielding::Rest),
            max_replica_lag,
            jobs,
            ..Default::default()
        },
        monitor: Some(url.clone()),
    };
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    let mut confirm = |migration: &str, phase: &phaseshift::sql::RenderedPhase| -> bool {
        if yes {
            return true;
        }
        if !interactive {
            return false;
        }
        output::ask_contract(migration, phase)
    };
    let text = format == Format::Text;
    let mut printer = output::EventPrinter::new(text);
    let mut metrics = metrics_file.map(metrics::Metrics::new);
    let mut metrics_failed = false;
    let mut events = |e: exec::Event| {
        if let Some(m) = metrics.as_mut() {
            if let Err(err) = m.observe(&e) {
                if !std::mem::replace(&mut metrics_failed, true) {
                    eprintln!("warning: cannot write the metrics file: {err}");
                }
            }
        }
        printer.event(e)
    };
    let report = match Source::parse(&specs.to_string_lossy()) {
        // A whole schema: SQL files, or a database to make this one look like.
        target @ (Source::Sql(_) | Source::Database(_)) => {
            exec::apply_schema_target(&mut client, &url, &target, &opts, &mut confirm, &mut events).await?
        }
        Source::Spec(_) => {
            let loaded = load(&specs)?;
            exec::apply(&mut client, &loaded, &opts, &mut confirm, &mut events).await?
        }
    };
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => output::print_apply(&report),
    }
    // Stopped at a contract nobody confirmed: not done, and not an error either.
    Ok(if report.needs_confirmation { exit::NEEDS_CONFIRMATION } else { exit::OK })
}

async fn rollback(
    name: Option<String>,
    db: Db,
    to_phase: Option<u32>,
    yes: bool,
    cascade: bool,
    locking: Locking,
    format: Format,
) -> Result<i32> {
    let mut client = connect_to(&db).await?;
    if !yes && exec::undoes_contract(&client, name.as_deref(), to_phase).await? {
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        if !interactive || !output::ask("This undoes a contract phase: retired objects come back, and rows written since contract are carried back or the rollback is refused. Proceed?") {
            return Err(needs_confirmation("rolling back a contract phase needs confirmation\n  help: run on a terminal to be asked, or pass --yes"));
        }
    }
    let opts = RollbackOptions {
        migration: name,
        to_phase,
        lock_timeout_ms: locking.lock_timeout,
        retries: locking.retries,
        cascade,
        monitor: db.url().map(str::to_string),
    };
    let mut printer = output::EventPrinter::new(format == Format::Text);
    let report = exec::rollback(&mut client, &opts, &mut |e| printer.event(e)).await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => println!(
            "{}: rolled back from phase {} to phase {} ({} statements executed)",
            report.migration, report.from_phase, report.to_phase, report.statements_executed
        ),
    }
    Ok(0)
}

async fn purge(tables: Vec<String>, db: Db, yes: bool) -> Result<i32> {
    let mut client = connect_to(&db).await?;
    let archived = exec::archived_tables(&client).await?;
    let unknown: Vec<&String> = tables.iter().filter(|t| !archived.contains(t)).collect();
    if !unknown.is_empty() {
        return Err(anyhow!(
            "not in the archive: {}\n  help: archived tables: {}",
            unknown.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", "),
            if archived.is_empty() { "none".to_string() } else { archived.join(", ") }
        ));
    }
    let chosen: Vec<String> = archived.iter().filter(|t| tables.is_empty() || tables.contains(t)).cloned().collect();
    if chosen.is_empty() {
        println!("nothing to purge: the archive is empty");
        return Ok(0);
    }
    exec::check_purge(&mut client, &chosen).await?;
    if !yes {
        let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        let list = chosen.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
        if !interactive || !output::ask(&format!("Drop {list} from phaseshift_archive for good (their rows are lost)?"))
        {
            return Err(needs_confirmation(
                "purging needs confirmation\n  help: run on a terminal to be asked, or pass --yes",
            ));
        }
    }
    let dropped = exec::purge(&mut client, &tables).await?;
    println!("purged: {}", dropped.join(", "));
    Ok(0)
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Level {
    Critical,
    Standard,
    Detailed,
}

/// `verify --against URL`: this database against another, as after a move.
async fn verify_against(other: &str, level: Level, db: Db, format: Format) -> Result<i32> {
    let mut here = connect_to(&db).await?;
    let mut there = exec::connect(other).await?;
    let level = match level {
        Level::Critical => exec::Level::Critical,
        Level::Standard => exec::Level::Standard,
        Level::Detailed => exec::Level::Detailed,
    };
    let c = exec::compare_databases(&mut here, &mut there, level).await?;
    let agree = c.agree();
    if format == Format::Json {
        let mut v = serde_json::to_value(&c)?;
        v["agree"] = serde_json::Value::Bool(agree);
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(if agree { exit::OK } else { exit::DIFFERENCES });
    }
    for o in &c.schema {
        println!("schema differs: {o}");
    }
    let n = |v: Option<i64>| v.map_or_else(|| "no table".to_string(), |n| n.to_string());
    for t in &c.tables {
        let rows = if t.rows_here == t.rows_there { "rows match" } else { "ROW COUNTS DIFFER" };
        let data = match t.rows_equal {
            Some(true) => ", same rows",
            Some(false) => ", ROWS DIFFER",
            None => "",
        };
        println!("{}: {} here, {} there: {rows}{data}", t.table, n(t.rows_here), n(t.rows_there));
    }
    for s in c.sequences.iter().filter(|s| s.here != s.there) {
        println!("sequence {}: {} here, {} there", s.sequence, n(s.here), n(s.there));
    }
    println!("{}", if agree { "the databases agree" } else { "the databases differ" });
    Ok(if agree { exit::OK } else { exit::DIFFERENCES })
}

async fn verify(target: String, db: Db, format: Format) -> Result<i32> {
    let url = need_url(&db)?.to_string();
    match Source::parse(&target) {
        Source::Spec(p) => {
            let specs = load(&p)?;
            let mut client = exec::connect(&url).await?;
            let drift = exec::drift(&mut client, &specs).await?;
            if format == Format::Json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "drift": !drift.is_empty(), "changes": drift }))?
                );
            } else if drift.is_empty() {
                println!("no drift: the database matches {}", p.display());
            } else {
                println!("drift: the database differs from {}:", p.display());
                for c in &drift {
                    println!("  {}: {}", c.object(), diff::describe(c));
                }
            }
            Ok(if drift.is_empty() { exit::OK } else { exit::DIFFERENCES })
        }
        other => {
            diff::run(&Source::Database(url), &other, &Filter::default(), None, false, format == Format::Json).await
        }
    }
}

async fn sql_script(specs: PathBuf, db: Db, rollback: bool, lock_timeout: u64) -> Result<i32> {
    let planned = planned(&specs, &db).await?;
    let mut list: Vec<_> = planned.iter().collect();
    if rollback {
        list.reverse();
    }
    for m in list {
        print!("{}", phaseshift::sql::script(&m.name, &m.plan, rollback, lock_timeout));
    }
    Ok(0)
}

/// The migrations `specs` (specs, or a whole-schema target: SQL files or a database) would
/// apply to the database, or to an empty one when none is named (specs only).
async fn planned(specs: &Path, db: &Db) -> Result<Vec<exec::PlannedMigration>> {
    match (Source::parse(&specs.to_string_lossy()), db.url()) {
        (target @ (Source::Sql(_) | Source::Database(_)), Some(url)) => {
            Ok(vec![exec::plan_schema_target(&mut exec::connect(url).await?, url, &target).await?])
        }
        (Source::Sql(_) | Source::Database(_), None) => Err(anyhow!(
            "{} is a whole schema: it is planned against a database\n  help: pass --database-url (SQL files are loaded into a scratch database on that server)",
            specs.display()
        )),
        (Source::Spec(_), Some(url)) => Ok(exec::plan_online(&mut exec::connect(url).await?, &load(specs)?).await?),
        (Source::Spec(_), None) => Ok(exec::plan_offline(&load(specs)?)?),
    }
}

async fn plan(specs: PathBuf, db: Db, format: Format) -> Result<i32> {
    let planned = planned(&specs, &db).await?;
    match format {
        Format::Json => {
            println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "migrations": planned }))?)
        }
        Format::Text => output::print_plan(&planned),
    }
    Ok(0)
}

async fn quarantine(action: QuarantineAction) -> Result<i32> {
    match action {
        QuarantineAction::List { name, db, format } => {
            let client = connect_to(&db).await?;
            let rows = exec::quarantine::list(&client, name.as_deref()).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&serde_json::json!({ "rows": rows }))?),
                Format::Text => output::print_quarantine(&rows),
            }
            Ok(exit::OK)
        }
        QuarantineAction::Retry { name, db, format } => {
            let mut client = connect_to(&db).await?;
            let report = exec::quarantine::retry(&mut client, &name).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
                Format::Text => println!(
                    "{}: {} row(s) written again; {} still quarantined; {} whose source row is gone forgotten",
                    report.migration, report.retried, report.still_quarantined, report.gone
                ),
            }
            Ok(exit::OK)
        }
        QuarantineAction::Discard { name, ids, db, yes, format } => {
            if name.is_none() && ids.is_empty() {
                return Err(anyhow!("say which rows to discard\n  help: name a migration, or give --id ID (see `phaseshift quarantine list`)"));
            }
            let client = connect_to(&db).await?;
            if !yes {
                let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
                if !interactive || !output::ask("Discard these quarantined rows (they stay out of the new shape)?") {
                    return Err(needs_confirmation(
                        "discarding quarantined rows needs confirmation\n  help: run on a terminal to be asked, or pass --yes",
                    ));
                }
            }
            let n = exec::quarantine::discard(&client, name.as_deref(), &ids).await?;
            match format {
                Format::Json => println!("{}", serde_json::json!({ "discarded": n })),
                Format::Text => println!("discarded {n} quarantined row(s)"),
            }
            Ok(exit::OK)
        }
    }
}

/// A hazard kind, or `all` for every kind.
/// `16MB`, `512kB`, `1GB` or a number of bytes, as PostgreSQL writes sizes.
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "kB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        _ => return Err(format!("`{s}`: use a number of bytes, or one with kB, MB or GB (such as 16MB)")),
    };
    n.parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .and_then(|n| n.checked_mul(factor))
        .ok_or_else(|| format!("`{s}` is not a size above 0 (such as 16MB)"))
}

fn parse_rest(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(r) if (0.0..=100.0).contains(&r) => Ok(r),
        _ => Err(format!("`{s}` is not a number from 0 to 100 (a pause of that many batch durations)")),
    }
}

fn parse_hazards(s: &str) -> Result<Vec<HazardKind>, String> {
    if s == "all" {
        return Ok(HazardKind::ALL.to_vec());
    }
    s.parse::<HazardKind>().map(|k| vec![k])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each layer's error keeps its kind through `anyhow`, wherever it was raised.
    #[test]
    fn json_error_kinds_come_from_the_layer_that_failed() {
        let spec_error = spec::load_str(Path::new("t.yaml"), "version: 1\ntables: 3\n").unwrap_err();
        assert_eq!(error_kind(&anyhow::Error::from(spec_error.clone()), exit::ERROR), "invalid_spec");
        assert_eq!(error_kind(&anyhow::Error::from(exec::Error::Spec(spec_error)), exit::ERROR), "invalid_spec");
        let run = exec::ExecError::UnknownMigration("m".into());
        assert_eq!(error_kind(&anyhow::Error::from(exec::Error::from(run)), exit::ERROR), "unknown_migration");
        let run = exec::ExecError::NothingApplied;
        assert_eq!(error_kind(&anyhow::Error::from(run), exit::ERROR), "nothing_applied");
        let source = exec::SourceError::ReadFile { path: "x.sql".into(), message: "gone".into() };
        assert_eq!(error_kind(&anyhow::Error::from(exec::Error::from(source)), exit::ERROR), "read_file");
        assert_eq!(error_kind(&needs_confirmation("asked"), exit::NEEDS_CONFIRMATION), "needs_confirmation");
        assert_eq!(error_kind(&anyhow!("usage"), exit::ERROR), "error");
    }
}
