//! Applying migrations phase by phase, recording each step with its transaction, retrying
//! lock timeouts with exponential backoff and jitter, resuming where a run stopped.

use super::blockers::Watch;
use super::planning::{check_unchanged, plan_one, read_live};
use super::retry::{Backoff, Retry};
use super::state::{read_state, StateRow};
use super::{Error, Event, ExecError, SourceError};
use crate::plan::{HazardKind, PhaseKind};
use crate::spec::Spec;
use crate::sql::state::{self as st, RunStatus};
use crate::sql::{RenderedPhase, RenderedPlan, RenderedStep};
use serde::Serialize;
use std::collections::HashSet;
use std::time::Duration;
use tokio_postgres::Client;

#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// lock_timeout for every statement, in milliseconds.
    pub lock_timeout_ms: u64,
    /// How many times a step that timed out on a lock is tried again.
    pub retries: u32,
    /// Stop after this phase of the first migration not fully applied.
    pub to_phase: Option<u32>,
    /// Hazard kinds allowed outside the contract phase.
    pub allow_hazards: Vec<HazardKind>,
    pub backfill: super::BackfillOptions,
    /// A connection string for more sessions: one that names who blocks a waiting
    /// statement, and parallel backfill workers (none: lock timeouts say only that they
    /// timed out, and backfills run in one session).
    pub monitor: Option<String>,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            lock_timeout_ms: 2000,
            retries: 5,
            to_phase: None,
            allow_hazards: Vec::new(),
            backfill: super::BackfillOptions::default(),
            monitor: None,
        }
    }
}

/// Asked before a contract phase runs; false stops the run there.
pub type Confirm<'a> = &'a mut dyn FnMut(&str, &RenderedPhase) -> bool;

#[derive(Debug, Clone, Serialize)]
pub struct MigrationOutcome {
    pub name: String,
    pub applied_phase: u32,
    pub phase_count: u32,
    pub status: Outcome,
    /// Its backfills: rows copied and set aside, in all.
    pub backfills: Vec<super::BackfillStatus>,
}

/// How far a run took a migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Every phase is applied.
    Applied,
    /// Some phases are applied, not all (`--to-phase`, a contract not confirmed, a stop).
    Partial,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Applied => "applied",
            Outcome::Partial => "partial",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ApplyReport {
    pub statements_executed: usize,
    pub migrations: Vec<MigrationOutcome>,
    /// Why the run stopped before applying everything, if it did.
    pub stopped: Option<String>,
    /// It stopped at a contract phase that was not confirmed.
    pub needs_confirmation: bool,
}

/// How long a runner waits for the one before it to let go of the database.
const LOCK_WAIT: Duration = Duration::from_secs(10);

pub(crate) async fn with_lock<T, E: From<ExecError>>(
    client: &mut Client,
    f: impl AsyncFnOnce(&mut Client) -> Result<T, E>,
) -> Result<T, E> {
    // Right after a runner was killed, its backend may still be finishing a statement and
    // holding the lock: wait a little for it before giving up.
    let mut waited = Duration::ZERO;
    loop {
        let got: bool = client.query_one(&st::try_lock(), &[]).await.map_err(ExecError::from)?.get(0);
        if got {
            break;
        }
        if waited >= LOCK_WAIT {
            let holder: Option<String> =
                client.query_one(&st::lock_holder(), &[]).await.map_err(ExecError::from)?.get(0);
            let holder = holder.unwrap_or_else(|| "it has just let go; try again".into());
            return Err(ExecError::AnotherRunner { holder, waited_secs: waited.as_secs() }.into());
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
        waited += Duration::from_millis(250);
    }
    let result = f(client).await;
    // Also released when the session ends, whatever happens to this process.
    let _ = client.batch_execute(&st::unlock()).await;
    result
}

/// What one migration brings the database to: a spec, or a whole desired schema (read
/// from SQL files) that the live schema is diffed against.
pub enum Desired<'a> {
    Spec(&'a Spec),
    Schema {
        /// Migration id: the file's stem and the start of its checksum, so that each edit of
        /// a desired-state file is a migration of its own.
        name: String,
        label: String,
        text: String,
        checksum: String,
        schema: &'a crate::model::Schema,
        filter: &'a crate::diff::Filter,
    },
}

impl Desired<'_> {
    /// What the migration changes: a spec's objects, or anything (a whole schema).
    fn touches(&self) -> crate::spec::Touches {
        match self {
            Desired::Spec(s) => s.touches(),
            Desired::Schema { .. } => crate::spec::Touches::Anything,
        }
    }

    fn name(&self) -> &str {
        match self {
            Desired::Spec(s) => &s.name,
            Desired::Schema { name, .. } => name,
        }
    }
    fn checksum(&self) -> &str {
        match self {
            Desired::Spec(s) => &s.checksum,
            Desired::Schema { checksum, .. } => checksum,
        }
    }
    fn text(&self) -> &str {
        match self {
            Desired::Spec(s) => &s.text,
            Desired::Schema { text, .. } => text,
        }
    }
    fn label(&self) -> String {
        match self {
            Desired::Spec(s) => s.file.display().to_string(),
            Desired::Schema { label, .. } => label.clone(),
        }
    }
}

pub async fn apply(
    client: &mut Client,
    specs: &[Spec],
    opts: &ApplyOptions,
    confirm: Confirm<'_>,
    events: &mut dyn FnMut(Event),
) -> Result<ApplyReport, Error> {
    let items: Vec<Desired> = specs.iter().map(Desired::Spec).collect();
    apply_desired(client, &items, opts, confirm, events).await
}

/// Applies a desired state that is a whole schema: SQL files (loaded into a scratch
/// database on the server at `url`) or another database (read as it is). The live schema is
/// diffed against it. Each distinct content is a migration of its own, named by the file's
/// stem (or `database`) and the start of its checksum; applied again after the live schema
/// drifted, it converges in a migration of the same name numbered on (`name.2`, ...).
pub async fn apply_schema_target(
    client: &mut Client,
    url: &str,
    target: &super::Source,
    opts: &ApplyOptions,
    confirm: Confirm<'_>,
    events: &mut dyn FnMut(Event),
) -> Result<ApplyReport, Error> {
    let scratch = super::Scratch::at(url.to_string());
    let (schema, _) = super::read_source(target, &scratch).await?;
    let super::Source::Sql(path) = target else {
        return apply_schema(client, &schema, &target.describe(), false, opts, confirm, events).await;
    };
    let stem = path.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_else(|| "schema".into());
    let whole = Whole {
        schema: &schema,
        text: sql_target_text(path)?,
        stem: &stem,
        label: &target.describe(),
        skip_unmanaged: false,
    };
    whole.apply(client, opts, confirm, events).await
}

/// Applies a whole schema read already (another database's, as it is or trimmed): its
/// text as PostgreSQL would create it names the migration (`database@<checksum>`).
/// `skip_unmanaged`: leave objects of kinds phaseshift does not migrate out of the
/// comparison (the caller reports them) rather than refusing when they differ.
pub async fn apply_schema(
    client: &mut Client,
    schema: &crate::model::Schema,
    label: &str,
    skip_unmanaged: bool,
    opts: &ApplyOptions,
    confirm: Confirm<'_>,
    events: &mut dyn FnMut(Event),
) -> Result<ApplyReport, Error> {
    let text = crate::sql::schema_text(schema).map_err(Error::plan("desired database"))?;
    Whole { schema, text, stem: "database", label, skip_unmanaged }.apply(client, opts, confirm, events).await
}

/// A whole schema as a desired state: the migration is named by `stem` and the start of the
/// checksum of `text` (what the state keeps), so that each different content is one.
struct Whole<'a> {
    schema: &'a crate::model::Schema,
    text: String,
    stem: &'a str,
    label: &'a str,
    skip_unmanaged: bool,
}

impl Whole<'_> {
    async fn apply(
        self,
        client: &mut Client,
        opts: &ApplyOptions,
        confirm: Confirm<'_>,
        events: &mut dyn FnMut(Event),
    ) -> Result<ApplyReport, Error> {
        let checksum = crate::spec::checksum(&self.text);
        let filter = crate::diff::Filter { skip_unmanaged: self.skip_unmanaged, ..Default::default() };
        let item = Desired::Schema {
            name: format!("{}@{}", self.stem, &checksum[..8]),
            label: self.label.to_string(),
            text: self.text,
            checksum,
            schema: self.schema,
            filter: &filter,
        };
        apply_desired(client, &[item], opts, confirm, events).await
    }
}

/// The text of a desired-state SQL target (every `.sql` file of a folder, in name order,
/// then the files they include): what its checksum is taken of and what the state keeps.
fn sql_target_text(path: &std::path::Path) -> Result<String, Error> {
    let read = |p: &std::path::Path| {
        std::fs::read_to_string(p)
            .map_err(|e| Error::from(SourceError::ReadFile { path: p.display().to_string(), message: e.to_string() }))
    };
    let mut out = String::new();
    if !path.is_dir() {
        out = read(path)?;
    } else {
        for f in crate::catalog::sqlfile::sql_files(path)? {
            out.push_str(&format!("-- {}\n", f.display()));
            out.push_str(&read(&f)?);
        }
    }
    // The files it includes are part of it: an edit of one is a new migration.
    for f in crate::catalog::sqlfile::included_files(path)? {
        out.push_str(&format!("-- included: {}\n", f.display()));
        out.push_str(&read(&f)?);
    }
    Ok(out)
}

/// Applies migrations given as specs or as desired schemas.
pub async fn apply_desired(
    client: &mut Client,
    items: &[Desired<'_>],
    opts: &ApplyOptions,
    confirm: Confirm<'_>,
    events: &mut dyn FnMut(Event),
) -> Result<ApplyReport, Error> {
    with_lock(client, async |client: &mut Client| {
        // The state schema is created or checked under the same lock_timeout as any step.
        client.batch_execute(&st::set_lock_timeout(opts.lock_timeout_ms)).await?;
        let upgraded = super::state::upgrade(client).await?;
        if !upgraded.is_empty() {
            events(Event::StateUpgraded { versions: upgraded });
        }
        let watch = Watch::open(opts.monitor.as_deref(), client, opts.lock_timeout_ms).await;
        let mut run = Applying {
            client,
            opts,
            confirm,
            events,
            watch,
            report: ApplyReport {
                statements_executed: 0,
                migrations: Vec::new(),
                stopped: None,
                needs_confirmation: false,
            },
            paused: false,
        };
        let state = read_state(run.client).await?;
        // Migrations stopped before their end (at --to-phase, or before a contract not
        // confirmed), with what they change: a later one that changes none of it advances
        // beside them; one that does waits, and so do all after it (their order holds).
        let mut in_flight: Vec<(String, crate::spec::Touches)> = Vec::new();
        let mut stops = Vec::new();
        for item in items {
            let touches = item.touches();
            // Which columns exist already matters where a version's view reads a table
            // (another migration may only add columns to it): read the schema for that. A
            // migration already started was let through when it started, with its
            // columns still to add.
            let started = state.iter().any(|r| r.name == item.name() && r.applied_phase > 0);
            let viewed = touches.viewed() || in_flight.iter().any(|(_, t)| t.viewed());
            let live = if !started && !in_flight.is_empty() && viewed {
                Some(read_live(run.client, None).await.map_err(Error::catalog(item.name()))?)
            } else {
                None
            };
            let conflict =
                in_flight.iter().find_map(|(n, t)| t.overlap(&touches, live.as_ref()).map(|o| (n.clone(), o)));
            if let Some((behind, objects)) = conflict {
                (run.events)(Event::MigrationWaits { migration: item.name().to_string(), behind, objects });
                break;
            }
            let Some((name, plan, applied_phase)) = run.next(item, &state).await? else { continue };
            let done = run.phases(&name, &plan, applied_phase).await?;
            let total = plan.phases.len() as u32;
            let status = if done >= total { Outcome::Applied } else { Outcome::Partial };
            run.outcome(&name, done, total, status).await?;
            match run.report.stopped.take() {
                Some(why) if run.paused => {
                    stops.push(why);
                    in_flight.push((name, touches));
                    run.paused = false;
                }
                Some(why) => {
                    stops.push(why);
                    break;
                }
                None => {}
            }
        }
        run.report.stopped = (!stops.is_empty()).then(|| stops.join("; "));
        Ok(run.report)
    })
    .await
}

/// One `apply` run under the runner lock: the migrations it went through so far.
struct Applying<'a, 'c> {
    client: &'c mut Client,
    opts: &'a ApplyOptions,
    confirm: Confirm<'a>,
    events: &'a mut dyn FnMut(Event),
    watch: Watch,
    report: ApplyReport,
    /// The last migration stopped as asked (--to-phase) or before a contract not confirmed:
    /// later ones may advance beside it.
    paused: bool,
}

impl Applying<'_, '_> {
    /// What to apply of `item`: its migration as recorded (resumed), or a new one; `None`
    /// when it is applied and nothing differs. A whole schema applied before whose live
    /// schema drifted since gets a new migration, numbered after the last one (`name.2`).
    async fn next(
        &mut self,
        item: &Desired<'_>,
        state: &[StateRow],
    ) -> Result<Option<(String, RenderedPlan, u32)>, Error> {
        let base = item.name();
        let numbered = |n: usize| if n == 1 { base.to_string() } else { format!("{base}.{n}") };
        // The latest of the series recorded: `base`, then `base.2`, ...
        let mut last = None;
        for n in 1.. {
            let Some(row) = state.iter().find(|r| r.name == numbered(n)) else { break };
            last = Some((n, row));
        }
        let Some((n, row)) = last else {
            let plan = self.plan_new(item, base).await?;
            return Ok(Some((base.to_string(), plan, 0)));
        };
        // Applied, a whole schema whose live schema drifted since: the next of the series.
        if let Desired::Schema { schema, filter, .. } = item {
            if row.applied_phase >= row.phase_count {
                let live = read_live(self.client, None).await.map_err(Error::catalog(&row.name))?;
                let drift = crate::plan::plan_full(&live, schema, filter).map_err(Error::plan(&row.name))?;
                if !drift.is_empty() {
                    let name = numbered(n + 1);
                    let plan = self.plan_new(item, &name).await?;
                    return Ok(Some((name, plan, 0)));
                }
            }
        }
        Ok(self.resume(item, row).await?.map(|(plan, applied)| (row.name.clone(), plan, applied)))
    }

    /// A migration recorded in the state: checked against what was applied, then its plan
    /// and applied phase, or nothing when it is complete.
    async fn resume(&mut self, item: &Desired<'_>, row: &StateRow) -> Result<Option<(RenderedPlan, u32)>, Error> {
        let name = row.name.as_str();
        check_unchanged(name, item.checksum(), item.text(), &item.label(), row)?;
        let (applied, count) = (row.applied_phase as u32, row.phase_count as u32);
        if applied >= count {
            (self.events)(Event::MigrationUpToDate { migration: name.to_string() });
            self.outcome(name, applied, count, Outcome::Applied).await?;
            return Ok(None);
        }
        let contract_too = matches!(item, Desired::Schema { .. });
        check_hazards(name, &row.plan, &self.opts.allow_hazards, contract_too, applied, self.opts.to_phase)?;
        (self.events)(Event::MigrationResumed { migration: name.to_string(), applied_phase: applied });
        Ok(Some((row.plan.clone(), applied)))
    }

    /// A migration not yet recorded: planned against the live schema, checked for hazards,
    /// and stored with its plan.
    async fn plan_new(&mut self, item: &Desired<'_>, name: &str) -> Result<RenderedPlan, Error> {
        let opts = self.opts;
        self.client.batch_execute(st::RESET_LOCK_TIMEOUT).await?;
        let live = read_live(self.client, None).await.map_err(Error::catalog(name))?;
        let plan = match item {
            Desired::Spec(spec) => {
                let (_, plan) = plan_one(self.client, &live, &live, spec).await?;
                check_hazards(name, &plan, &opts.allow_hazards, false, 0, opts.to_phase)?;
                plan
            }
            Desired::Schema { schema, filter, .. } => {
                let plan = crate::plan::plan_full(&live, schema, filter).map_err(Error::plan(name))?;
                super::conversions::check(self.client, &live, &plan).await?;
                let plan = crate::sql::render_plan(&plan);
                // Drops of a whole-schema target lose data: allowed explicitly only.
                check_hazards(name, &plan, &opts.allow_hazards, true, 0, opts.to_phase)?;
                plan
            }
        };
        let json = plan.to_stored().map_err(|error| ExecError::StoredPlan { migration: name.to_string(), error })?;
        let phases = plan.phases.len() as i32;
        self.client.batch_execute(&st::insert_migration(name, item.checksum(), item.text(), &json, phases)).await?;
        if plan.phases.is_empty() {
            self.client.batch_execute(&st::set_progress(name, 0, RunStatus::Applied, None)).await?;
        }
        (self.events)(Event::MigrationPlanned {
            migration: name.to_string(),
            phases: plan.phases.len(),
            steps: plan.phases.iter().map(|p| p.steps.len()).sum(),
        });
        Ok(plan)
    }

    /// Applies the phases after `applied_phase`, as far as `--to-phase` and the contract
    /// confirmation let it; returns the last phase applied.
    async fn phases(&mut self, name: &str, plan: &RenderedPlan, applied_phase: u32) -> Result<u32, Error> {
        // Reading the catalog waits for locks like pg_dump does; statements that change
        // the schema give up after lock_timeout and retry.
        self.client.batch_execute(&st::set_lock_timeout(self.opts.lock_timeout_ms)).await?;
        let recorded = recorded_steps(self.client, name).await?;
        let mut done = applied_phase;
        for phase in plan.phases.iter().filter(|p| p.number > applied_phase) {
            if self.opts.to_phase.is_some_and(|n| phase.number > n) {
                self.report.stopped = Some(format!("{name}: stopped after phase {done} as asked (--to-phase)"));
                self.paused = true;
                break;
            }
            if phase.kind == PhaseKind::Contract {
                if !(self.confirm)(name, phase) {
                    (self.events)(Event::ContractRefused { migration: name.to_string(), phase: phase.number });
                    self.report.needs_confirmation = true;
                    self.report.stopped =
                        Some(format!("{}: contract phase {} needs confirmation (--yes)", name, phase.number));
                    self.paused = true;
                    break;
                }
                nothing_quarantined(self.client, name).await?;
            }
            let (client, opts, watch) = (&mut *self.client, self.opts, &self.watch);
            self.report.statements_executed +=
                apply_phase(client, name, plan, phase, &recorded, opts, watch, self.events).await?;
            done = phase.number;
        }
        Ok(done)
    }

    async fn outcome(
        &mut self,
        name: &str,
        applied_phase: u32,
        phase_count: u32,
        status: Outcome,
    ) -> Result<(), Error> {
        let backfills = super::backfills(self.client, name).await?;
        self.report.migrations.push(MigrationOutcome {
            name: name.to_string(),
            applied_phase,
            phase_count,
            status,
            backfills,
        });
        Ok(())
    }
}

/// Contract leaves the old table behind: nothing written to it may be missing from the new
/// tables.
async fn nothing_quarantined(client: &Client, name: &str) -> Result<(), ExecError> {
    let r = client.query_one(&st::unresolved_quarantine(name), &[]).await?;
    let count: i64 = r.get(0);
    if count == 0 {
        return Ok(());
    }
    let sample: Option<String> = r.get(1);
    let message = format!("contract refused: {count} unresolved quarantined sync write(s)");
    client.batch_execute(&st::set_error(name, &message)).await?;
    Err(ExecError::UnresolvedQuarantine { migration: name.to_string(), count, sample: sample.unwrap_or_default() })
}

/// Refuses hazards not allowed in the phases this run will apply (after `applied`, up to
/// `to_phase`): a hazard of a later phase does not stop the earlier ones.
fn check_hazards(
    migration: &str,
    plan: &RenderedPlan,
    allowed: &[HazardKind],
    contract_too: bool,
    applied: u32,
    to_phase: Option<u32>,
) -> Result<(), ExecError> {
    let mut list = Vec::new();
    let mut kinds: Vec<HazardKind> = Vec::new();
    for p in plan
        .phases
        .iter()
        .filter(|p| contract_too || p.kind != PhaseKind::Contract)
        .filter(|p| p.number > applied && to_phase.is_none_or(|n| p.number <= n))
    {
        for s in &p.steps {
            for h in &s.hazards {
                if !allowed.contains(&h.kind) {
                    list.push(format!("  phase {} step \"{}\": {} ({})", p.number, s.description, h.message, h.kind));
                    if !kinds.contains(&h.kind) {
                        kinds.push(h.kind);
                    }
                }
            }
        }
    }
    if list.is_empty() {
        Ok(())
    } else {
        let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
        Err(ExecError::Hazards { migration: migration.into(), list: list.join("\n"), kinds: kinds.join(",") })
    }
}

async fn recorded_steps(client: &Client, migration: &str) -> Result<HashSet<(u32, usize)>, ExecError> {
    Ok(client
        .query(&st::select_steps(migration), &[])
        .await?
        .iter()
        .map(|r| (r.get::<_, i32>(0) as u32, r.get::<_, i32>(1) as usize))
        .collect())
}

/// Runs one statement outside a transaction block, retrying lock timeouts with backoff and
/// jitter; when it fails for good: the error, the retries made, and who blocked it (when
/// the watch saw).
pub(crate) async fn run_retried(
    client: &Client,
    watch: &Watch,
    sql: &str,
    retries: u32,
    migration: &str,
    phase: u32,
    events: &mut dyn FnMut(Event),
) -> Result<(), (tokio_postgres::Error, u32, Option<String>)> {
    let mut retry = Retry::new(Backoff::STEPS, retries);
    loop {
        let (r, who) = watch.run(client.batch_execute(sql)).await;
        match r {
            Ok(()) => return Ok(()),
            Err(e) if retry.again(&e, migration, phase, who.as_deref(), events).await => {}
            Err(e) => return Err((e, retry.attempt, who)),
        }
    }
}

/// Steps run outside a transaction block: CONCURRENTLY statements, and backfills and
/// their checks, which the executor drives itself.
fn has_concurrent(step: &RenderedStep) -> bool {
    step.statements.iter().any(|s| !s.transactional) || step.backfill.is_some() || step.check.is_some()
}

/// Applies one phase: consecutive transactional steps in one transaction with their
/// bookkeeping; CONCURRENTLY steps one statement at a time, recorded when done.
#[allow(clippy::too_many_arguments)]
async fn apply_phase(
    client: &mut Client,
    migration: &str,
    plan: &RenderedPlan,
    phase: &RenderedPhase,
    recorded: &HashSet<(u32, usize)>,
    opts: &ApplyOptions,
    watch: &Watch,
    events: &mut dyn FnMut(Event),
) -> Result<usize, ExecError> {
    events(Event::PhaseStarted {
        migration: migration.into(),
        phase: phase.number,
        kind: phase.kind,
        steps: phase.steps.len(),
    });
    let total = plan.phases.len() as u32;
    let status = if phase.number >= total { RunStatus::Applied } else { RunStatus::Applying };
    let finish = format!(
        "{};\n{}",
        st::set_progress(migration, phase.number as i32, status, None),
        st::log(migration, phase.number as i32, phase.kind.as_str(), "apply", 0)
    );
    let mut executed = 0;
    let mut i = 0;
    let n = phase.steps.len();
    while i < n {
        let step = &phase.steps[i];
        if recorded.contains(&(phase.number, i + 1)) {
            events(Event::StepAlreadyApplied {
                migration: migration.into(),
                phase: phase.number,
                step: i + 1,
                description: step.description.clone(),
            });
            i += 1;
            continue;
        }
        if has_concurrent(step) {
            executed += run_outside_tx(client, migration, phase, i, opts, watch, events).await?;
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && !has_concurrent(&phase.steps[j]) {
            j += 1;
        }
        let is_last = j == n;
        executed += run_in_tx(
            client,
            migration,
            phase,
            i..j,
            recorded,
            if is_last { Some(&finish) } else { None },
            opts,
            watch,
            events,
        )
        .await?;
        i = j;
    }
    // The phase ended with a CONCURRENTLY step (or had nothing left): record it now.
    if n == 0 || has_concurrent(&phase.steps[n - 1]) || recorded.contains(&(phase.number, n)) {
        client.batch_execute(&finish).await?;
    }
    events(Event::PhaseApplied {
        migration: migration.into(),
        phase: phase.number,
        kind: phase.kind,
        statements: executed,
    });
    Ok(executed)
}

#[allow(clippy::too_many_arguments)]
async fn run_in_tx(
    client: &mut Client,
    migration: &str,
    phase: &RenderedPhase,
    range: std::ops::Range<usize>,
    recorded: &HashSet<(u32, usize)>,
    finish: Option<&str>,
    opts: &ApplyOptions,
    watch: &Watch,
    events: &mut dyn FnMut(Event),
) -> Result<usize, ExecError> {
    let mut retry = Retry::new(Backoff::STEPS, opts.retries);
    loop {
        let tx = client.transaction().await?;
        let mut executed = 0;
        let mut failure = None;
        let mut applied = Vec::new();
        'steps: for idx in range.clone() {
            if recorded.contains(&(phase.number, idx + 1)) {
                continue;
            }
            let step = &phase.steps[idx];
            for s in &step.statements {
                let (r, who) = watch.run(tx.batch_execute(&s.sql)).await;
                if let Err(e) = r {
                    failure = Some((idx, s.sql.clone(), e, who));
                    break 'steps;
                }
                executed += 1;
            }
            tx.batch_execute(&st::record_step(migration, phase.number as i32, idx as i32 + 1, &step.description))
                .await?;
            applied.push((idx, step.statements.len()));
        }
        if failure.is_none() {
            if let Some(f) = finish {
                tx.batch_execute(f).await?;
            }
            match tx.commit().await {
                Ok(()) => {
                    for (idx, count) in applied {
                        events(Event::StepApplied {
                            migration: migration.into(),
                            phase: phase.number,
                            step: idx + 1,
                            description: phase.steps[idx].description.clone(),
                            statements: count,
                        });
                    }
                    return Ok(executed);
                }
                Err(e) => return Err(e.into()),
            }
        }
        let (idx, statement, e, who) = failure.expect("checked above");
        let _ = tx.rollback().await;
        if retry.again(&e, migration, phase.number, who.as_deref(), events).await {
            continue;
        }
        return Err(fail(client, migration, phase, idx, statement, &e, retry.attempt, opts, who).await);
    }
}

async fn run_outside_tx(
    client: &mut Client,
    migration: &str,
    phase: &RenderedPhase,
    idx: usize,
    opts: &ApplyOptions,
    watch: &Watch,
    events: &mut dyn FnMut(Event),
) -> Result<usize, ExecError> {
    let step = &phase.steps[idx];
    // Backfills and their checks are driven here rather than run as statements.
    let result = if let Some(b) = &step.backfill {
        let patience = super::backfill::LockPatience { lock_timeout_ms: opts.lock_timeout_ms, retries: opts.retries };
        let conninfo = opts.monitor.as_deref();
        Some(super::backfill::run(client, migration, phase.number, b, &opts.backfill, patience, conninfo, events).await)
    } else if let Some(b) = &step.check {
        Some(super::backfill::check(client, migration, b, events).await)
    } else {
        None
    };
    if let Some(Err(e)) = result {
        // Recorded as failed, with the reason, so `status` says why the run stopped.
        let _ = client
            .batch_execute(&st::set_error(migration, &format!("phase {} step {}: {e}", phase.number, idx + 1)))
            .await;
        return Err(e);
    }
    let driven = result.is_some();
    if driven {
        return done(client, migration, phase, idx, 0, events).await;
    }
    for ix in &step.concurrent_indexes {
        let invalid: bool = client.query_one(&crate::sql::invalid_index_query(ix), &[]).await?.get(0);
        if invalid {
            client.batch_execute(&crate::sql::drop_invalid_index(ix)).await?;
            events(Event::InvalidIndexDropped { migration: migration.into(), index: ix.clone() });
        }
    }
    // A concurrent detach an interrupted run left pending is completed; a step whose
    // partitions are all detached already is done.
    let mut detached = 0;
    for d in &step.concurrent_detaches {
        let row = client.query_one(&d.state_query(), &[]).await?;
        let (attached, pending): (bool, bool) = (row.get("attached"), row.get("pending"));
        if pending {
            client.batch_execute(&d.finalize()).await?;
            events(Event::DetachFinalized {
                migration: migration.into(),
                table: d.table.to_string(),
                parent: d.parent.to_string(),
            });
        }
        if pending || !attached {
            detached += 1;
        }
    }
    if detached > 0 && detached == step.concurrent_detaches.len() {
        return done(client, migration, phase, idx, 0, events).await;
    }
    let mut executed = 0;
    for u in crate::sql::units(&step.statements) {
        if let Err((e, attempt, who)) =
            run_retried(client, watch, &u.sql, opts.retries, migration, phase.number, events).await
        {
            return Err(fail(client, migration, phase, idx, u.sql, &e, attempt, opts, who).await);
        }
        executed += u.statements;
    }
    done(client, migration, phase, idx, executed, events).await
}

/// Records a step run outside a transaction as applied, and says so.
async fn done(
    client: &mut Client,
    migration: &str,
    phase: &RenderedPhase,
    idx: usize,
    statements: usize,
    events: &mut dyn FnMut(Event),
) -> Result<usize, ExecError> {
    let description = phase.steps[idx].description.clone();
    client.batch_execute(&st::record_step(migration, phase.number as i32, idx as i32 + 1, &description)).await?;
    events(Event::StepApplied {
        migration: migration.into(),
        phase: phase.number,
        step: idx + 1,
        description,
        statements,
    });
    Ok(statements)
}

/// Records the failure in the state and builds the error that says where things stand.
#[allow(clippy::too_many_arguments)]
async fn fail(
    client: &mut Client,
    migration: &str,
    phase: &RenderedPhase,
    idx: usize,
    statement: String,
    e: &tokio_postgres::Error,
    attempt: u32,
    opts: &ApplyOptions,
    blocked_by: Option<String>,
) -> ExecError {
    let description = phase.steps[idx].description.clone();
    if phaseshift_pg::is_transient(e) {
        let _ = client
            .batch_execute(&st::set_error(
                migration,
                &format!("phase {} step {}: lock not available", phase.number, idx + 1),
            ))
            .await;
        return ExecError::LockTimeout {
            migration: migration.into(),
            phase: phase.number,
            step: idx + 1,
            description,
            lock_timeout_ms: opts.lock_timeout_ms,
            attempts: attempt + 1,
            blocked_by: blocked_by.unwrap_or_else(|| "a session this run could not see".into()),
        };
    }
    let message = phaseshift_pg::pg_message_line(e);
    let _ = client
        .batch_execute(&st::set_error(migration, &format!("phase {} step {}: {message}", phase.number, idx + 1)))
        .await;
    ExecError::StepFailed(Box::new(super::StepFailure {
        migration: migration.into(),
        phase: phase.number,
        step: idx + 1,
        description,
        statement,
        message,
        state: format!(
            "state: phases 1..{} are applied; in phase {} the steps before step {} are applied and this step's transaction was rolled back.\n  help: fix the cause and run `phaseshift apply` again to resume, or `phaseshift rollback {migration} --to-phase {}` to undo phase {}",
            phase.number - 1,
            phase.number,
            idx + 1,
            phase.number - 1,
            phase.number
        ),
    }))
}
