//! Running backfills: keyset batches, each its own short transaction that also saves the
//! checkpoint; batch size adapted to a target duration; an optional rate limit; rows that
//! PostgreSQL refuses found by halving the batch and handled by the policy; progress as
//! events. And the validate phase's check of a backfill against its source.

use super::{pg_message, Event, ExecError};
use crate::model::{Backfill, InvalidRows};
use crate::sql::{data, state as st};
use std::time::{Duration, Instant};
use tokio_postgres::Client;

/// How backfills pace themselves.
#[derive(Debug, Clone)]
pub struct BackfillOptions {
    /// Batch duration to aim for (default 100 ms).
    pub target_batch_ms: u64,
    /// Rows per second at most.
    pub max_rate: Option<u64>,
    /// First batch size.
    pub initial_batch: i64,
    /// How the backfill shares the server with the application.
    pub yielding: Yielding,
    /// Bytes of WAL the furthest streaming replica may be behind in its replay before the
    /// next batch waits for it.
    pub max_replica_lag: Option<u64>,
    /// Workers copying disjoint key ranges of each backfill at once, each in a session of
    /// its own (1: one, in the session of the run).
    pub jobs: u32,
}

impl Default for BackfillOptions {
    fn default() -> Self {
        BackfillOptions {
            target_batch_ms: 100,
            max_rate: None,
            initial_batch: 2000,
            yielding: Yielding::Auto,
            max_replica_lag: None,
            jobs: 1,
        }
    }
}

/// How a backfill leaves room to the application.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Yielding {
    /// Full speed while no other session of the database is at work; while one is (seen
    /// between batches, in any of the last few looks), a pause as long as each batch after
    /// it, and batches of at most [`BUSY_BATCH_MS`] where they lock their rows, so that
    /// the application's writes wait less often and less long. (Batches that lock no row,
    /// while the sync trigger notes keys, keep their length: each batch costs the
    /// application a few slow writes whatever its length, the server's work of starting and
    /// ending it, so fewer and longer batches cost it less.)
    Auto,
    /// After each batch a pause of this many times its duration, always (0: none).
    Rest(f64),
}

/// The longest batch that locks rows while the application is busy (in `Yielding::Auto`).
pub const BUSY_BATCH_MS: u64 = 25;

/// The fewest rows a batch is cut down to for its duration (a smaller first batch
/// lowers it); only the search for a refused row goes below.
pub const MIN_BATCH: i64 = 100;

use super::retry::Backoff;
use phaseshift_pg::{is_data_error, is_transient};

/// How long a batch may wait for its lock on the source in all: as long as a step may
/// (`--lock-timeout` times `--retries` + 1), in short waits so that writers never queue
/// long behind it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LockPatience {
    pub lock_timeout_ms: u64,
    pub retries: u32,
}

/// Runs (or resumes) one backfill to the end: by itself, or, with `jobs` above 1 and a
/// connection string for more sessions, split into key ranges that as many workers copy
/// at once, each range resumable by its own checkpoint.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn run(
    client: &mut Client,
    migration: &str,
    phase: u32,
    b: &Backfill,
    opts: &BackfillOptions,
    patience: LockPatience,
    conninfo: Option<&str>,
    events: &mut dyn FnMut(Event),
) -> Result<(), ExecError> {
    let id = b.id();
    let main = client.query_opt(&st::select_progress(migration, &id), &[]).await?;
    if main.as_ref().is_some_and(|r| r.get::<_, bool>("done")) {
        // Stopped after its last batch, before its sync log was ended.
        return super::synclog::stop(client, migration, phase, b, patience, events).await;
    }
    lock_queue(client, migration, b, events).await?;
    let logged = super::synclog::start(client, b, patience.lock_timeout_ms).await?;
    if main.is_none() {
        unfit(client, migration, b, events).await?;
        if b.in_place() {
            breaking(client, migration, b, events).await?;
        }
    }
    let mut parts = read_parts(client, migration, &id).await?;
    if parts.is_none() && opts.jobs > 1 && conninfo.is_some() {
        parts = split(client, migration, b, main.as_ref(), opts.jobs).await?;
    }
    let job = Job { migration, phase, b, opts, patience, rows: None, logged: logged && parts.is_none() };
    let Some(parts) = parts else {
        let Some(mut run) = Run::start(client, &job, id).await? else { return Ok(()) };
        run.work(client, events).await?;
        super::synclog::stop(client, migration, phase, b, patience, events).await?;
        events(Event::BackfillDone {
            migration: migration.into(),
            target: run.target.clone(),
            rows: run.progress.rows_done,
            rejected: run.progress.rows_rejected,
            copied: run.copied(),
            secs: run.started.elapsed().as_secs_f64(),
            longest_batch_ms: run.longest.as_millis() as u64,
        });
        return Ok(());
    };
    parallel(client, &job, parts, conninfo, events).await
}

/// Before a backfill into a partitioned table without a default partition copies anything:
/// the source rows no partition takes, counted (one scan of the source, read only), refused
/// with their count and key range when `on_invalid` is fail, announced otherwise (the
/// batches set them aside one by one). A query the server cannot run here (a partition key
/// over a column the backfill does not fill) leaves the finding to the batches.
async fn unfit(client: &Client, migration: &str, b: &Backfill, events: &mut dyn FnMut(Event)) -> Result<(), ExecError> {
    let Some(part) = client.query_opt(&data::target_partitioning(b), &[]).await? else { return Ok(()) };
    let (keydef, has_default, leaves): (String, bool, Vec<Option<String>>) = (part.get(0), part.get(1), part.get(2));
    if has_default {
        return Ok(());
    }
    let leaves: Vec<String> = leaves.into_iter().flatten().collect();
    // `RANGE (recorded_at)`: one key expression has a range worth saying.
    let inner = keydef.split_once('(').and_then(|(_, k)| k.strip_suffix(')')).map(str::trim);
    let key = inner.filter(|k| !keydef.starts_with("HASH") && !k.contains(','));
    let Ok(row) = client.query_one(&data::unfit_rows(b, &leaves, key), &[]).await else { return Ok(()) };
    let (rows, low, high): (i64, Option<String>, Option<String>) = (row.get(0), row.get(1), row.get(2));
    if rows == 0 {
        return Ok(());
    }
    let range = match (key, low, high) {
        (Some(k), Some(lo), Some(hi)) => format!(" ({k} from {lo} to {hi})"),
        _ => String::new(),
    };
    let target = b.target.to_string();
    if b.on_invalid == InvalidRows::Fail {
        let source_table = b.source.to_string();
        return Err(ExecError::UnfitRows { migration: migration.into(), source_table, target, rows, range });
    }
    events(Event::BackfillSetAside {
        migration: migration.into(),
        target,
        rows,
        why: format!("fit no partition{range}"),
    });
    Ok(())
}

/// Before an in-place backfill writes anything: the rows whose filled values would break a
/// constraint of the table on a filled column (a check, a unique or primary key, a foreign
/// key; validated or not yet), each counted as the batches would leave the row. Refused
/// with every count and a key of each when `on_invalid` is fail, announced otherwise.
async fn breaking(
    client: &Client,
    migration: &str,
    b: &Backfill,
    events: &mut dyn FnMut(Event),
) -> Result<(), ExecError> {
    use crate::sql::data::FillRule;
    let columns: Vec<String> = client.query(&data::fill_columns(b), &[]).await?.iter().map(|r| r.get(0)).collect();
    let rows = client.query(&data::fill_constraints(b), &[]).await?;
    let filled: Vec<&str> = b.mappings.iter().map(|m| m.column.as_str()).collect();
    let mut found = Vec::new();
    for r in &rows {
        let (name, kind, check): (String, String, Option<String>) = (r.get(0), r.get(1), r.get(2));
        let (keys, parent, referenced): (Vec<String>, Option<String>, Vec<String>) = (r.get(3), r.get(4), r.get(5));
        if !keys.iter().any(|k| filled.contains(&k.as_str())) {
            continue;
        }
        let (rule, what) = match (kind.as_str(), &check, &parent) {
            ("c", Some(expr), _) => (FillRule::Check(expr), "check"),
            ("u" | "p", _, _) => (FillRule::Unique(&keys), "unique"),
            ("f", _, Some(table)) => {
                (FillRule::References { table, columns: &keys, referenced: &referenced }, "foreign key")
            }
            _ => continue,
        };
        // A query the server cannot run here leaves the finding to the batches.
        let Ok(row) = client.query_one(&data::fill_breaks(b, &columns, &rule), &[]).await else { continue };
        let (count, first): (i64, Option<String>) = (row.get(0), row.get(1));
        if count > 0 {
            found.push((name, what, count, first.unwrap_or_default()));
        }
    }
    if found.is_empty() {
        return Ok(());
    }
    // The columns as the spec names them (a column changed online by its own name).
    let named: Vec<String> = b
        .mappings
        .iter()
        .map(|m| m.reverse.as_ref().map_or_else(|| m.column.clone(), |r| format!("{} (its `up`)", r.column)))
        .collect();
    if b.on_invalid == InvalidRows::Fail {
        let list = found
            .iter()
            .map(|(name, what, count, first)| format!("  {name} ({what}): {count} row(s), one at key {first}"))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(ExecError::FillBreaks {
            migration: migration.into(),
            table: b.target.to_string(),
            columns: named.join(", "),
            list,
        });
    }
    for (name, what, count, _) in found {
        let why = format!("would break {what} {name} once filled");
        events(Event::BackfillSetAside { migration: migration.into(), target: b.target.to_string(), rows: count, why });
    }
    Ok(())
}

/// Waits while other sessions wait for a lock on the source or the target, saying so when
/// it starts waiting and every few seconds after: a batch (or any read of the source) would
/// take its own lock behind theirs, and the application's writes would queue behind both.
async fn lock_queue(
    client: &Client,
    migration: &str,
    b: &Backfill,
    events: &mut dyn FnMut(Event),
) -> Result<(), ExecError> {
    let query = data::lock_waiters(b);
    let mut said: Option<Instant> = None;
    loop {
        let r = client.query_one(&query, &[]).await?;
        let (waiting, first): (i64, Option<String>) = (r.get(0), r.get(1));
        if waiting == 0 {
            return Ok(());
        }
        if said.is_none_or(|t| t.elapsed() >= Duration::from_secs(5)) {
            said = Some(Instant::now());
            events(Event::BackfillWaiting {
                migration: migration.into(),
                target: b.target.to_string(),
                reason: format!(
                    "{waiting} session(s) wait for a lock on its tables ({}): the next batch waits until they have it",
                    first.unwrap_or_default()
                ),
            });
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// What every worker of one backfill shares.
#[derive(Clone, Copy)]
struct Job<'a> {
    migration: &'a str,
    phase: u32,
    b: &'a Backfill,
    opts: &'a BackfillOptions,
    patience: LockPatience,
    /// The rows of the whole backfill, when counted already (for its workers).
    rows: Option<i64>,
    /// One worker, with the sync trigger noting keys in the sync log: batches lock nothing
    /// (see [`Run::work`]).
    logged: bool,
}

/// The checkpoint ids of the key ranges a backfill was split into that are not done yet;
/// `Some` empty when they all are, `None` when it was not split.
async fn read_parts(client: &Client, migration: &str, id: &str) -> Result<Option<Vec<String>>, ExecError> {
    let rows = client.query(&st::select_parts(migration, id), &[]).await?;
    if rows.is_empty() {
        return Ok(None);
    }
    Ok(Some(rows.iter().filter(|r| !r.get::<_, bool>("done")).map(|r| r.get("backfill")).collect()))
}

/// Splits what is left of a backfill into up to `jobs` key ranges of about as many rows,
/// each with a checkpoint of its own (its first and last key); `None` when there is
/// nothing to split.
async fn split(
    client: &mut Client,
    migration: &str,
    b: &Backfill,
    main: Option<&tokio_postgres::Row>,
    jobs: u32,
) -> Result<Option<Vec<String>>, ExecError> {
    let id = b.id();
    let last: Option<Vec<String>> = main.and_then(|r| r.get("last_key"));
    let Some(upper) = client.query_opt(&data::upper_key(b), &[]).await?.map(|r| r.get::<_, Vec<String>>(0)) else {
        return Ok(None);
    };
    let cuts = client.query(&data::split_keys(b), &[&last, &upper, &i64::from(jobs)]).await?;
    if cuts.is_empty() {
        return Ok(None);
    }
    let mut lows = vec![last.clone()];
    lows.extend(cuts.iter().map(|r| Some(r.get::<_, Vec<String>>(0))));
    let highs = lows[1..].iter().cloned().chain([Some(upper.clone())]).collect::<Vec<_>>();
    let target = b.target.to_string();
    let whole = estimate(client, b).await;
    let tx = client.transaction().await?;
    for (i, (low, high)) in lows.iter().zip(&highs).enumerate() {
        let part = st::part_id(&id, i + 1);
        tx.execute(&st::save_progress(migration, &part, &target, st::Progress::default()), &[low, high]).await?;
    }
    // The backfill's own checkpoint keeps the rows done before the split; its ranges count
    // the rest.
    let mut own = st::Progress { estimate: whole, ..Default::default() };
    if let Some(r) = main {
        own.rows_done = r.get("rows_done");
        own.rows_rejected = r.get("rows_rejected");
    }
    tx.execute(&st::save_progress(migration, &id, &target, own), &[&last, &Some(upper)]).await?;
    tx.commit().await?;
    read_parts(client, migration, &id).await
}

/// Copies the key ranges of a split backfill, each by a worker of its own session (or one
/// after the other on this one, without a connection string), then marks the backfill done.
async fn parallel(
    client: &mut Client,
    job: &Job<'_>,
    parts: Vec<String>,
    conninfo: Option<&str>,
    events: &mut dyn FnMut(Event),
) -> Result<(), ExecError> {
    let (migration, b) = (job.migration, job.b);
    let started = Instant::now();
    // --max-rate is for the backfill, shared among its workers.
    let workers = parts.len().max(1) as u64;
    let opts = BackfillOptions { max_rate: job.opts.max_rate.map(|r| (r / workers).max(1)), ..job.opts.clone() };
    let whole = estimate(client, b).await;
    let job = &Job { opts: &opts, rows: Some(whole), ..*job };
    let mut sessions = Vec::new();
    if let Some(conninfo) = conninfo {
        for _ in &parts {
            let c = super::connect(conninfo).await?;
            c.batch_execute(data::WORKER_SESSION).await?;
            sessions.push(c);
        }
    }
    let shared = Shared {
        events: std::cell::RefCell::new(events),
        counts: std::cell::RefCell::new(vec![(0, 0, 0); parts.len()]),
        finished: std::cell::RefCell::new((0, Duration::ZERO)),
        whole,
    };
    if sessions.is_empty() {
        for (i, part) in parts.into_iter().enumerate() {
            worker(client, job, &shared, i, part).await?;
        }
    } else {
        let all = sessions.iter_mut().zip(parts).enumerate().map(|(i, (s, part))| worker(s, job, &shared, i, part));
        futures_util::future::try_join_all(all).await?;
    }
    // Every range is done: the last noted writes are carried over, and so is the backfill.
    let (copied, longest) = *shared.finished.borrow();
    let events = shared.events.into_inner();
    super::synclog::stop(client, migration, job.phase, b, job.patience, events).await?;
    let id = b.id();
    let row = client.query_one(&st::select_progress(migration, &id), &[]).await?;
    let upper: Option<Vec<String>> = row.get("upper_key");
    let own = st::Progress {
        rows_done: row.get("rows_done"),
        rows_rejected: row.get("rows_rejected"),
        estimate: whole,
        rows_per_sec: 0,
        done: true,
    };
    client.execute(&st::save_progress(migration, &id, &b.target.to_string(), own), &[&upper, &upper]).await?;
    let status = super::backfills(client, migration).await?;
    let total = status.iter().find(|s| s.target == b.target.to_string());
    events(Event::BackfillDone {
        migration: migration.into(),
        target: b.target.to_string(),
        rows: total.map_or(0, |t| t.rows),
        rejected: total.map_or(0, |t| t.rejected),
        copied,
        secs: started.elapsed().as_secs_f64(),
        longest_batch_ms: longest.as_millis() as u64,
    });
    Ok(())
}

/// What the workers of a split backfill share: where progress goes, and each worker's
/// last count (rows, rows refused, rate), summed into one report for the backfill.
struct Shared<'e> {
    events: std::cell::RefCell<&'e mut dyn FnMut(Event)>,
    counts: std::cell::RefCell<Vec<(i64, i64, u64)>>,
    /// Rows copied by this run, and the longest batch, over all workers.
    finished: std::cell::RefCell<(i64, Duration)>,
    /// The rows the whole backfill expects.
    whole: i64,
}

/// One worker of a split backfill: copies key range `part` (worker `i`) in `session`.
async fn worker(
    session: &mut Client,
    job: &Job<'_>,
    shared: &Shared<'_>,
    i: usize,
    part: String,
) -> Result<(), ExecError> {
    let Some(mut run) = Run::start(session, job, part).await? else { return Ok(()) };
    let mut sink = |e: Event| match e {
        Event::BackfillProgress { rows, rejected, rows_per_sec, batch_rows, batch_ms, throttle, .. } => {
            shared.counts.borrow_mut()[i] = (rows, rejected, rows_per_sec);
            let all = shared.counts.borrow();
            let (rows, rejected) = all.iter().fold((0, 0), |(r, j), c| (r + c.0, j + c.1));
            let rate: u64 = all.iter().map(|c| c.2).sum();
            let left = (shared.whole - rows - rejected).max(0) as u64;
            (*shared.events.borrow_mut())(Event::BackfillProgress {
                migration: job.migration.into(),
                target: job.b.target.to_string(),
                rows,
                rejected,
                estimate: shared.whole.max(rows + rejected),
                rows_per_sec: rate,
                eta_secs: left.checked_div(rate).unwrap_or(0),
                batch_rows,
                batch_ms,
                throttle,
            })
        }
        other => (*shared.events.borrow_mut())(other),
    };
    run.work(session, &mut sink).await?;
    let mut f = shared.finished.borrow_mut();
    f.0 += run.copied();
    f.1 = f.1.max(run.longest);
    Ok(())
}

/// One run of a backfill: where it stands, and how its batches are sized and paced.
struct Run<'a> {
    migration: &'a str,
    phase: u32,
    b: &'a Backfill,
    opts: &'a BackfillOptions,
    id: String,
    target: String,
    progress: st::Progress,
    /// Rows done before this run (a resumed backfill): the rate counts only this run's.
    resumed: i64,
    last: Option<Vec<String>>,
    /// The source's last key when this run started: the rows after it were all written
    /// with the sync trigger in place, which copied them.
    upper: Option<Vec<String>>,
    size: i64,
    use_upsert: bool,
    started: Instant,
    longest: Duration,
    /// While a refused row is being looked for by halving, the size the search started
    /// from: restored once the row is stepped over, so refused rows never shrink later
    /// batches.
    search_from: Option<i64>,
    searched: i64,
    refused_seen: i64,
    /// A batch that meets a row a writer holds gives way and retries within this.
    patience: Duration,
    waiting_since: Option<Instant>,
    attempts: u32,
    /// Whether other sessions were at work, at the last few looks (newest last).
    busy: [bool; 3],
    /// The sync trigger notes keys, and this run alone copies and carries the notes over.
    logged: bool,
}

impl<'a> Run<'a> {
    /// The run from the backfill's checkpoint; `None` when it is done already.
    /// The run of checkpoint `id` (the backfill's own, or one of its key ranges) from where
    /// it stands; `None` when it is done already.
    async fn start(client: &Client, job: &Job<'a>, id: String) -> Result<Option<Run<'a>>, ExecError> {
        let Job { migration, phase, b, opts, patience, rows, logged } = *job;
        let mut progress = st::Progress::default();
        let (mut last, mut upper) = (None, None);
        if let Some(r) = client.query_opt(&st::select_progress(migration, &id), &[]).await? {
            if r.get::<_, bool>("done") {
                return Ok(None);
            }
            last = r.get("last_key");
            upper = r.get("upper_key");
            progress.rows_done = r.get("rows_done");
            progress.rows_rejected = r.get("rows_rejected");
        }
        progress.estimate = match rows {
            Some(n) => n,
            None => estimate(client, b).await,
        };
        if upper.is_none() {
            upper = client.query_opt(&data::upper_key(b), &[]).await?.map(|r| r.get(0));
        }
        Ok(Some(Run {
            migration,
            phase,
            b,
            opts,
            id,
            target: b.target.to_string(),
            resumed: progress.rows_done + progress.rows_rejected,
            progress,
            last,
            upper,
            size: opts.initial_batch.max(1),
            use_upsert: b.in_place(),
            started: Instant::now(),
            longest: Duration::ZERO,
            search_from: None,
            searched: 0,
            refused_seen: 0,
            patience: Duration::from_millis(patience.lock_timeout_ms.saturating_mul(patience.retries as u64 + 1)),
            waiting_since: None,
            attempts: 0,
            busy: [false; 3],
            logged,
        }))
    }

    /// Copies batch after batch until the run's range is done.
    /// Prepared once: the plain insert (fast), and the upsert for batches that meet rows the
    /// sync trigger already copied; [first batch, later batches] of each; with the rows
    /// locked, and without (under a lock on the table, while nobody else is at work).
    async fn prepare(&self, client: &Client) -> Result<Vec<tokio_postgres::Statement>, ExecError> {
        let mut prepared = Vec::new();
        for (upsert, after, row_locks) in (0..8).map(|i| (i & 4 != 0, i & 2 != 0, i & 1 != 0)) {
            prepared.push(client.prepare(&data::batch(self.b, upsert, after, row_locks)).await?);
        }
        Ok(prepared)
    }

    /// A batch that ran: its rows counted and its checkpoint saved in its transaction, which
    /// commits. False when there was nothing left to copy.
    async fn commit_batch(
        &mut self,
        tx: tokio_postgres::Transaction<'_>,
        row: tokio_postgres::Row,
        table_locked: bool,
    ) -> Result<bool, ExecError> {
        let bad: i64 = row.get("rejected");
        if bad > 0 && self.b.on_invalid == InvalidRows::Fail {
            let sample: Option<String> = row.get("rejected_sample");
            tx.rollback().await?;
            return Err(self.invalid(sample.unwrap_or_default()));
        }
        if row.get::<_, i64>("selected") == 0 {
            self.progress.done = true;
            tx.execute(&self.save(), &[&self.last, &self.upper]).await?;
            tx.commit().await?;
            return Ok(false);
        }
        self.last = row.get("last_key");
        self.progress.rows_done += row.get::<_, i64>("written");
        self.progress.rows_rejected += bad;
        tx.execute(&self.save(), &[&self.last, &self.upper]).await?;
        // A session that came while the table was locked waits for this commit: the next
        // batches lock rows.
        if table_locked && tx.query_one(data::others_at_work(), &[]).await?.get::<_, bool>(0) {
            self.saw_others();
        }
        tx.commit().await?;
        self.passed();
        Ok(true)
    }

    async fn work(&mut self, client: &mut Client, events: &mut dyn FnMut(Event)) -> Result<(), ExecError> {
        let prepared = self.prepare(client).await?;
        let source_lock = data::source_lock(self.b);
        let quarantine = self.b.on_invalid == InvalidRows::Quarantine;
        loop {
            self.replicas(client, events).await?;
            lock_queue(client, self.migration, self.b, events).await?;
            let t0 = Instant::now();
            let tx = client.transaction().await?;
            // A short lock_timeout: a batch waits for the writers of its own rows only, and
            // gives way (before deadlock_timeout) to one that also waits for it.
            tx.batch_execute(&format!(
                "{}; {}",
                st::set_local_lock_timeout(self.opts.target_batch_ms.max(50) * 2),
                st::set_local_async_commit()
            ))
            .await?;
            if self.b.in_place() {
                // The batch writes the new values itself: the fill trigger stands aside.
                tx.batch_execute(&data::filling_on()).await?;
            }
            // Alone on the database, one lock on the table is cheaper than a lock on each row
            // (each is written to the WAL); it is taken only if nobody writes the table now,
            // and a writer that comes meanwhile waits for this batch alone, then the next
            // batches lock rows.
            // While the trigger notes keys and this run carries them over after each batch,
            // a batch needs no lock: a write that races it is noted, and the next carry,
            // in this session after the batch, copies the row as it is then.
            let row_locks = !self.logged
                && (!self.alone() || {
                    let locked = tx.batch_execute(&source_lock).await;
                    if locked.is_err() {
                        tx.rollback().await?;
                        self.saw_others();
                        continue;
                    }
                    false
                });
            let stmt = &prepared
                [usize::from(self.use_upsert) * 4 + usize::from(self.last.is_some()) * 2 + usize::from(row_locks)];
            let all: [&(dyn tokio_postgres::types::ToSql + Sync); 5] =
                [&self.last, &self.size, &self.upper, &self.migration, &quarantine];
            match tx.query_one(stmt, &all[..stmt.params().len()]).await {
                Ok(row) => {
                    if !self.commit_batch(tx, row, !row_locks && !self.logged).await? {
                        break;
                    }
                    // What the application wrote meanwhile, noted by the sync trigger.
                    super::synclog::carry(client, self.migration, self.b, self.opts.target_batch_ms.max(50) * 2)
                        .await?;
                }
                Err(e) if e.as_db_error().is_some_and(|d| d.code().code() == "23505") && !self.use_upsert => {
                    // A row the sync trigger already copied: this batch again, as an upsert.
                    tx.rollback().await?;
                    self.use_upsert = true;
                    continue;
                }
                Err(e) if is_data_error(&e) => {
                    tx.rollback().await?;
                    if !self.refused(client, &e).await? {
                        break;
                    }
                    continue;
                }
                Err(e) if is_transient(&e) => {
                    tx.rollback().await?;
                    self.give_way(client, &e, events).await?;
                    continue;
                }
                Err(e) => return Err(e.into()),
            }
            self.look(client).await;
            let took = t0.elapsed();
            self.adapt(took);
            self.pace(took).await;
            // (The batch's own duration, the pause after it left out.)
            events(self.report(took));
        }
        Ok(())
    }

    fn save(&self) -> String {
        st::save_progress(self.migration, &self.id, &self.target, self.progress)
    }

    /// Rows this run copied or set aside.
    fn copied(&self) -> i64 {
        self.progress.rows_done + self.progress.rows_rejected - self.resumed
    }

    fn invalid(&self, sample: String) -> ExecError {
        ExecError::InvalidRows { migration: self.migration.into(), target: self.target.clone(), sample }
    }

    /// A batch went through.
    fn passed(&mut self) {
        self.attempts = 0;
        self.waiting_since = None;
        self.use_upsert = self.b.in_place();
    }

    /// PostgreSQL refused a row of the batch: halve until it stands alone, then handle it by
    /// the policy and step over it. False when there is no row left to step over.
    async fn refused(&mut self, client: &mut Client, e: &tokio_postgres::Error) -> Result<bool, ExecError> {
        if self.size > 1 {
            if self.search_from.is_none() {
                self.search_from = Some(self.size);
                self.searched = 0;
            }
            self.size = (self.size / 2).max(1);
            return Ok(true);
        }
        let b = self.b;
        let key: Option<Vec<String>> = client.query_opt(&data::next_key(b), &[&self.last]).await?.map(|r| r.get(0));
        let Some(key) = key else { return Ok(false) };
        let reason = pg_message(e);
        if b.on_invalid == InvalidRows::Fail {
            return Err(self.invalid(format!("[{{\"key\": \"{}\", \"reason\": {:?}}}]", key.join(","), reason)));
        }
        let tx = client.transaction().await?;
        if b.on_invalid == InvalidRows::Quarantine {
            tx.execute(&data::quarantine_refused(b), &[&self.migration, &key.join(","), &reason]).await?;
        }
        self.progress.rows_rejected += 1;
        self.last = Some(key);
        tx.execute(&self.save(), &[&self.last, &self.upper]).await?;
        tx.commit().await?;
        // Back to the size the search started from, unless refused rows are dense: then
        // about two refused rows' worth of spacing (halving costs a batch per step, so big
        // batches among many refused rows are slow), growing again with the batches that
        // pass.
        self.refused_seen += 1;
        let from = self.search_from.take().unwrap_or(self.size);
        let spacing = (self.progress.rows_done + self.refused_seen) / (2 * self.refused_seen);
        self.size = from.min(spacing.max(1));
        Ok(true)
    }

    /// A row of the batch was held by a writer longer than the lock timeout, or a deadlock
    /// with one: give way, report it, and try again as long as a step would.
    async fn give_way(
        &mut self,
        client: &Client,
        e: &tokio_postgres::Error,
        events: &mut dyn FnMut(Event),
    ) -> Result<(), ExecError> {
        let since = *self.waiting_since.get_or_insert_with(Instant::now);
        if since.elapsed() >= self.patience {
            let b = self.b;
            let blocked_by: Option<String> =
                client.query_one(&st::relation_lock_holders(&b.source), &[]).await.ok().and_then(|r| r.get(0));
            return Err(ExecError::BackfillLockTimeout {
                migration: self.migration.into(),
                source_table: b.source.to_string(),
                waited_ms: since.elapsed().as_millis() as u64,
                blocked_by: blocked_by.unwrap_or_else(|| "no session holds it now; retry".into()),
            });
        }
        self.attempts += 1;
        let wait = Backoff::BATCHES.wait(self.attempts);
        events(Event::LockRetry {
            migration: self.migration.into(),
            phase: self.phase,
            attempt: self.attempts,
            wait_ms: wait.as_millis() as u64,
            message: format!("{}; backfill batch of {}", phaseshift_pg::pg_message_line(e), self.b.source),
        });
        tokio::time::sleep(wait).await;
        Ok(())
    }

    /// Waits while the furthest streaming replica is more than `--max-replica-lag` behind,
    /// saying so when it starts waiting and every few seconds after.
    async fn replicas(&self, client: &Client, events: &mut dyn FnMut(Event)) -> Result<(), ExecError> {
        let Some(max) = self.opts.max_replica_lag else { return Ok(()) };
        let mut said: Option<Instant> = None;
        loop {
            let r = client.query_one(data::replica_lag(), &[]).await?;
            let (lag, who): (Option<i64>, Option<String>) = (r.get(0), r.get(1));
            let Some(lag) = lag.filter(|l| *l as u64 > max) else { return Ok(()) };
            if said.is_none_or(|t| t.elapsed() >= Duration::from_secs(5)) {
                said = Some(Instant::now());
                events(Event::BackfillWaiting {
                    migration: self.migration.into(),
                    target: self.target.clone(),
                    reason: format!(
                        "replica {} is {lag} bytes of WAL behind in replay, over --max-replica-lag {max}",
                        who.unwrap_or_default()
                    ),
                });
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Whether other sessions of the database are at work now (for `Yielding::Auto`).
    async fn look(&mut self, client: &Client) {
        if self.opts.yielding != Yielding::Auto {
            return;
        }
        let now = client.query_one(data::others_at_work(), &[]).await.map(|r| r.get::<_, bool>(0)).unwrap_or(false);
        self.busy.rotate_left(1);
        self.busy[2] = now;
    }

    /// Whether the backfill has the database to itself, as far as it can tell (only in
    /// `Yielding::Auto`: otherwise it always locks rows).
    fn alone(&self) -> bool {
        self.opts.yielding == Yielding::Auto && !self.busy.contains(&true)
    }

    /// Another session writes the source now.
    fn saw_others(&mut self) {
        self.busy.rotate_left(1);
        self.busy[2] = true;
    }

    /// Why the backfill holds back now, if it does.
    fn throttle(&self) -> Option<String> {
        match self.opts.yielding {
            Yielding::Auto if self.busy.contains(&true) && self.logged => {
                Some("other sessions are at work: a pause as long as each batch after it".to_string())
            }
            Yielding::Auto if self.busy.contains(&true) => Some(format!(
                "other sessions are at work: batches of at most {BUSY_BATCH_MS} ms, each followed by a pause as long"
            )),
            Yielding::Rest(r) if r > 0.0 => Some(format!("--rest {r}: a pause of {r}x each batch")),
            _ => None,
        }
        .or_else(|| self.opts.max_rate.map(|m| format!("--max-rate {m}")))
    }

    /// The batch duration to aim for now: shorter while other sessions are at work, where
    /// the batch locks its rows (a write to one of them waits for the batch).
    fn target(&self) -> Duration {
        let ms = self.opts.target_batch_ms.max(1);
        let busy = self.opts.yielding == Yielding::Auto && self.busy.contains(&true) && !self.logged;
        Duration::from_millis(if busy { ms.min(BUSY_BATCH_MS) } else { ms })
    }

    /// The pause after a batch of `took`.
    fn rest(&self, took: Duration) -> Duration {
        match self.opts.yielding {
            Yielding::Auto if self.busy.contains(&true) => took,
            Yielding::Auto => Duration::ZERO,
            Yielding::Rest(r) => took.mul_f64(r.max(0.0)),
        }
    }

    /// Adapts the batch size to the target duration: grows by half at most, shrinks fast.
    /// Not while searching for a refused row: those batches are small on purpose.
    fn adapt(&mut self, took: Duration) {
        self.longest = self.longest.max(took);
        if let Some(from) = self.search_from {
            // The refused row went away meanwhile (fixed or deleted): stop searching once
            // the batches have covered more than the range that failed.
            self.searched += self.size;
            if self.searched > 2 * from {
                self.size = from;
                self.search_from = None;
            }
        } else {
            let target = self.target();
            let ratio = (target.as_secs_f64() / took.as_secs_f64().max(1e-4)).clamp(0.5, 1.5);
            // Never below the floor: a batch has a cost of its own, and a target shorter than
            // it would shrink batches to a row each.
            let floor = MIN_BATCH.min(self.opts.initial_batch.max(1));
            self.size = ((self.size as f64 * ratio) as i64).clamp(floor, 1_000_000);
        }
    }

    /// This run's rows per second.
    fn rate(&self) -> f64 {
        self.copied() as f64 / self.started.elapsed().as_secs_f64().max(1e-3)
    }

    /// Waits as long as `--max-rate` and the rest after a batch (`took` long) ask.
    async fn pace(&mut self, took: Duration) {
        let mut wait = self.rest(took);
        if let Some(max) = self.opts.max_rate.filter(|m| *m > 0) {
            let ahead = self.copied() as f64 / max as f64 - self.started.elapsed().as_secs_f64();
            wait = wait.max(Duration::from_secs_f64(ahead.max(0.0)));
        }
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        self.progress.rows_per_sec = self.rate() as i64;
    }

    fn report(&self, took: Duration) -> Event {
        let p = &self.progress;
        let rate = self.rate();
        let remaining = (p.estimate - p.rows_done - p.rows_rejected).max(0) as f64;
        Event::BackfillProgress {
            migration: self.migration.into(),
            target: self.target.clone(),
            rows: p.rows_done,
            rejected: p.rows_rejected,
            estimate: p.estimate.max(p.rows_done + p.rows_rejected),
            rows_per_sec: rate as u64,
            eta_secs: if rate > 0.0 { (remaining / rate) as u64 } else { 0 },
            batch_rows: self.size,
            batch_ms: took.as_millis() as u64,
            throttle: self.throttle(),
        }
    }
}

/// The rows the backfill will read, as the planner estimates them (from the table's
/// statistics, or from its size when it was never analyzed); 0 when it cannot say.
/// Sources the planner expects to hold at most this many rows are counted: a total for
/// the progress to trust, where the planner's guess for a table never analyzed (from its
/// size on disk) can be off by half. Larger ones keep the guess (one more full scan would
/// cost more than it tells).
const COUNTED_UP_TO: i64 = 2_000_000;

/// The rows the backfill will read: counted for a small source, else the planner's estimate.
async fn estimate(client: &Client, b: &Backfill) -> i64 {
    let guess = planner_estimate(client, b).await;
    if guess <= COUNTED_UP_TO {
        if let Ok(row) = client.query_one(&data::count_source(b), &[]).await {
            return row.get(0);
        }
    }
    guess
}

async fn planner_estimate(client: &Client, b: &Backfill) -> i64 {
    let Ok(messages) = client.simple_query(&data::estimate(b)).await else {
        return 0;
    };
    let text = messages.iter().find_map(|m| match m {
        tokio_postgres::SimpleQueryMessage::Row(r) => r.get(0).map(str::to_string),
        _ => None,
    });
    let plan: Option<serde_json::Value> = text.and_then(|t| serde_json::from_str(&t).ok());
    plan.and_then(|p| p.pointer("/0/Plan/Plan Rows").and_then(|v| v.as_f64())).map_or(0, |n| n as i64)
}

/// The validate phase's comparison of a backfill with its source.
pub(crate) async fn check(
    client: &Client,
    migration: &str,
    b: &Backfill,
    events: &mut dyn FnMut(Event),
) -> Result<(), ExecError> {
    let r = client.query_one(&data::check(b), &[]).await?;
    let (source_rows, excluded, source_sum, target_rows, target_sum, mismatched): (i64, i64, i64, i64, i64, i64) =
        (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5));
    events(Event::BackfillChecked {
        migration: migration.into(),
        target: b.target.to_string(),
        source_rows,
        excluded,
        target_rows,
        checksums_match: source_sum == target_sum,
    });
    let ok =
        if b.in_place() { mismatched == 0 } else { source_rows - excluded == target_rows && source_sum == target_sum };
    if ok {
        Ok(())
    } else {
        Err(ExecError::CheckFailed {
            migration: migration.into(),
            target: b.target.to_string(),
            detail: if b.in_place() {
                format!("{mismatched} rows of {} do not hold the mapped values", b.target)
            } else {
                format!(
                    "{} has {source_rows} rows ({excluded} invalid or quarantined) and {} has {target_rows}; checksums {source_sum} and {target_sum}",
                    b.source, b.target
                )
            },
        })
    }
}
