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
}

impl Default for BackfillOptions {
    fn default() -> Self {
        BackfillOptions {
            target_batch_ms: 100,
            max_rate: None,
            initial_batch: 2000,
            yielding: Yielding::Auto,
            max_replica_lag: None,
        }
    }
}

/// How a backfill leaves room to the application.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Yielding {
    /// Full speed while no other session of the database is at work; while one is (seen
    /// between batches, in any of the last few looks), batches of at most
    /// [`BUSY_BATCH_MS`] and a pause as long as each batch after it, so that the
    /// application's writes wait less often and less long.
    Auto,
    /// After each batch a pause of this many times its duration, always (0: none).
    Rest(f64),
}

/// The longest batch while the application is busy (in `Yielding::Auto`).
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

/// Runs (or resumes) one backfill to the end.
pub(crate) async fn run(
    client: &mut Client,
    migration: &str,
    phase: u32,
    b: &Backfill,
    opts: &BackfillOptions,
    patience: LockPatience,
    events: &mut dyn FnMut(Event),
) -> Result<(), ExecError> {
    let Some(mut run) = Run::start(client, migration, phase, b, opts, patience).await? else {
        return Ok(());
    };
    // Prepared once: the plain insert (fast), and the upsert for batches that meet rows the
    // sync trigger already copied; [first batch, later batches] of each; with the rows
    // locked, and without (under a lock on the table, while nobody else is at work).
    let mut prepared = Vec::new();
    for (upsert, after, row_locks) in (0..8).map(|i| (i & 4 != 0, i & 2 != 0, i & 1 != 0)) {
        prepared.push(client.prepare(&data::batch(b, upsert, after, row_locks)).await?);
    }
    let source_lock = data::source_lock(b);
    let quarantine = b.on_invalid == InvalidRows::Quarantine;
    loop {
        run.replicas(client, events).await?;
        let t0 = Instant::now();
        let tx = client.transaction().await?;
        // A short lock_timeout: a batch waits for the writers of its own rows only, and
        // gives way (before deadlock_timeout) to one that also waits for it.
        tx.batch_execute(&st::set_local_lock_timeout(opts.target_batch_ms.max(50) * 2)).await?;
        if b.in_place() {
            // The batch writes the new values itself: the fill trigger stands aside.
            tx.batch_execute(&data::filling_on()).await?;
        }
        // Alone on the database, one lock on the table is cheaper than a lock on each row
        // (each is written to the WAL); it is taken only if nobody writes the table now,
        // and a writer that comes meanwhile waits for this batch alone, then the next
        // batches lock rows.
        let row_locks = !run.alone() || {
            let locked = tx.batch_execute(&source_lock).await;
            if locked.is_err() {
                tx.rollback().await?;
                run.saw_others();
                continue;
            }
            false
        };
        let stmt =
            &prepared[usize::from(run.use_upsert) * 4 + usize::from(run.last.is_some()) * 2 + usize::from(row_locks)];
        let all: [&(dyn tokio_postgres::types::ToSql + Sync); 5] =
            [&run.last, &run.size, &run.upper, &migration, &quarantine];
        match tx.query_one(stmt, &all[..stmt.params().len()]).await {
            Ok(row) => {
                let bad: i64 = row.get("rejected");
                if bad > 0 && b.on_invalid == InvalidRows::Fail {
                    let sample: Option<String> = row.get("rejected_sample");
                    tx.rollback().await?;
                    return Err(run.invalid(sample.unwrap_or_default()));
                }
                if row.get::<_, i64>("selected") == 0 {
                    run.progress.done = true;
                    tx.execute(&run.save(), &[&run.last]).await?;
                    tx.commit().await?;
                    break;
                }
                run.last = row.get("last_key");
                run.progress.rows_done += row.get::<_, i64>("written");
                run.progress.rows_rejected += bad;
                tx.execute(&run.save(), &[&run.last]).await?;
                // A session that came while the table was locked waits for this commit:
                // the next batches lock rows.
                if !row_locks && tx.query_one(data::others_at_work(), &[]).await?.get::<_, bool>(0) {
                    run.saw_others();
                }
                tx.commit().await?;
                run.passed();
            }
            Err(e) if e.as_db_error().is_some_and(|d| d.code().code() == "23505") && !run.use_upsert => {
                // A row the sync trigger already copied: this batch again, as an upsert.
                tx.rollback().await?;
                run.use_upsert = true;
                continue;
            }
            Err(e) if is_data_error(&e) => {
                tx.rollback().await?;
                if !run.refused(client, &e).await? {
                    break;
                }
                continue;
            }
            Err(e) if is_transient(&e) => {
                tx.rollback().await?;
                run.give_way(client, &e, events).await?;
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        run.look(client).await;
        run.adapt(t0.elapsed());
        run.pace(t0.elapsed()).await;
        events(run.report(t0.elapsed()));
    }
    events(Event::BackfillDone {
        migration: migration.into(),
        target: run.target.clone(),
        rows: run.progress.rows_done,
        rejected: run.progress.rows_rejected,
        copied: run.copied(),
        secs: run.started.elapsed().as_secs_f64(),
        longest_batch_ms: run.longest.as_millis() as u64,
    });
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
}

impl<'a> Run<'a> {
    /// The run from the backfill's checkpoint; `None` when it is done already.
    async fn start(
        client: &Client,
        migration: &'a str,
        phase: u32,
        b: &'a Backfill,
        opts: &'a BackfillOptions,
        patience: LockPatience,
    ) -> Result<Option<Run<'a>>, ExecError> {
        let id = b.id();
        let mut progress = st::Progress::default();
        let mut last = None;
        if let Some(r) = client.query_opt(&st::select_progress(migration, &id), &[]).await? {
            if r.get::<_, bool>("done") {
                return Ok(None);
            }
            last = r.get("last_key");
            progress.rows_done = r.get("rows_done");
            progress.rows_rejected = r.get("rows_rejected");
        }
        progress.estimate = estimate(client, b).await;
        let upper: Option<Vec<String>> = client.query_opt(&data::upper_key(b), &[]).await?.map(|r| r.get(0));
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
        }))
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
        tx.execute(&self.save(), &[&self.last]).await?;
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
            Yielding::Auto if self.busy.contains(&true) => Some(format!(
                "other sessions are at work: batches of at most {BUSY_BATCH_MS} ms, each followed by a pause as long"
            )),
            Yielding::Rest(r) if r > 0.0 => Some(format!("--rest {r}: a pause of {r}x each batch")),
            _ => None,
        }
        .or_else(|| self.opts.max_rate.map(|m| format!("--max-rate {m}")))
    }

    /// The batch duration to aim for now.
    fn target(&self) -> Duration {
        let ms = self.opts.target_batch_ms.max(1);
        let busy = self.opts.yielding == Yielding::Auto && self.busy.contains(&true);
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
async fn estimate(client: &Client, b: &Backfill) -> i64 {
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
