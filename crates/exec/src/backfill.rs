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
}

impl Default for BackfillOptions {
    fn default() -> Self {
        BackfillOptions { target_batch_ms: 100, max_rate: None, initial_batch: 2000 }
    }
}

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
    let patience_total = Duration::from_millis(patience.lock_timeout_ms.saturating_mul(patience.retries as u64 + 1));
    let mut waiting_since: Option<Instant> = None;
    let id = b.id();
    let target = b.target.to_string();
    let mut last: Option<Vec<String>> = None;
    let (mut rows, mut rejected) = (0i64, 0i64);
    if let Some(r) = client.query_opt(&st::select_progress(migration, &id), &[]).await? {
        if r.get::<_, bool>("done") {
            return Ok(());
        }
        last = r.get("last_key");
        rows = r.get("rows_done");
        rejected = r.get("rows_rejected");
    }
    let estimate: i64 = client.query_one(&data::estimate(b), &[]).await.map(|r| r.get(0)).unwrap_or(0);
    // Prepared once: the plain insert (fast), and the upsert for batches that meet rows the
    // sync trigger already copied.
    // [first batch, later batches] of each.
    let plain =
        [client.prepare(&data::batch(b, false, false)).await?, client.prepare(&data::batch(b, false, true)).await?];
    let upsert =
        [client.prepare(&data::batch(b, true, false)).await?, client.prepare(&data::batch(b, true, true)).await?];
    let mut use_upsert = b.in_place();
    let quarantine = b.on_invalid == InvalidRows::Quarantine;
    let target_dur = Duration::from_millis(opts.target_batch_ms.max(1));
    let mut size = opts.initial_batch.max(1);
    // While a refused row is being looked for by halving, the size the search started from:
    // restored once the row is stepped over, so refused rows never shrink later batches.
    let mut search_from: Option<i64> = None;
    let mut searched = 0i64;
    let mut refused_seen = 0i64;
    let started = Instant::now();
    let mut longest = Duration::ZERO;
    let mut lock_attempts = 0u32;
    loop {
        let t0 = Instant::now();
        let tx = client.transaction().await?;
        // A short lock_timeout: a batch waits for the writers of its own rows only, and
        // gives way (before deadlock_timeout) to one that also waits for it.
        tx.batch_execute(&st::set_local_lock_timeout(opts.target_batch_ms.max(50) * 2)).await?;
        if b.in_place() {
            // The batch writes the new values itself: the fill trigger stands aside.
            tx.batch_execute(&data::filling_on()).await?;
        }
        let stmt = &(if use_upsert { &upsert } else { &plain })[usize::from(last.is_some())];
        let all: [&(dyn tokio_postgres::types::ToSql + Sync); 4] = [&last, &size, &migration, &quarantine];
        let res = tx.query_one(stmt, &all[..stmt.params().len()]).await;
        match res {
            Ok(row) => {
                let selected: i64 = row.get("selected");
                let written: i64 = row.get("written");
                let bad: i64 = row.get("rejected");
                if bad > 0 && b.on_invalid == InvalidRows::Fail {
                    let sample: Option<String> = row.get("rejected_sample");
                    tx.rollback().await?;
                    return Err(ExecError::InvalidRows {
                        migration: migration.into(),
                        target,
                        sample: sample.unwrap_or_default(),
                    });
                }
                if selected == 0 {
                    tx.execute(&st::save_progress(migration, &id, &target, rows, rejected, true), &[&last]).await?;
                    tx.commit().await?;
                    break;
                }
                last = row.get("last_key");
                rows += written;
                rejected += bad;
                tx.execute(&st::save_progress(migration, &id, &target, rows, rejected, false), &[&last]).await?;
                tx.commit().await?;
                lock_attempts = 0;
                waiting_since = None;
                use_upsert = b.in_place();
            }
            Err(e) if e.as_db_error().is_some_and(|d| d.code().code() == "23505") && !use_upsert => {
                // A row the sync trigger already copied: this batch again, as an upsert.
                tx.rollback().await?;
                use_upsert = true;
                continue;
            }
            Err(e) if is_data_error(&e) => {
                tx.rollback().await?;
                if size > 1 {
                    // Some row of this batch is refused: halve until it stands alone.
                    if search_from.is_none() {
                        search_from = Some(size);
                        searched = 0;
                    }
                    size = (size / 2).max(1);
                    continue;
                }
                let key: Option<Vec<String>> = client.query_opt(&data::next_key(b), &[&last]).await?.map(|r| r.get(0));
                let Some(key) = key else { break };
                let reason = pg_message(&e);
                if b.on_invalid == InvalidRows::Fail {
                    return Err(ExecError::InvalidRows {
                        migration: migration.into(),
                        target,
                        sample: format!("[{{\"key\": \"{}\", \"reason\": {:?}}}]", key.join(","), reason),
                    });
                }
                let tx = client.transaction().await?;
                if quarantine {
                    tx.execute(&data::quarantine_refused(b), &[&migration, &key.join(","), &reason]).await?;
                }
                rejected += 1;
                last = Some(key);
                tx.execute(&st::save_progress(migration, &id, &target, rows, rejected, false), &[&last]).await?;
                tx.commit().await?;
                // Back to the size the search started from, unless refused rows are dense:
                // then about two refused rows' worth of spacing (halving costs a batch per
                // step, so big batches among many refused rows are slow), growing again
                // with the batches that pass.
                refused_seen += 1;
                let from = search_from.take().unwrap_or(size);
                let spacing = (rows + refused_seen) / (2 * refused_seen);
                size = from.min(spacing.max(1));
                continue;
            }
            Err(e) if is_transient(&e) => {
                // A row of the batch held by a writer longer than the lock timeout, or a
                // deadlock with one: give way, and try again as long as a step would.
                tx.rollback().await?;
                let since = *waiting_since.get_or_insert_with(Instant::now);
                if since.elapsed() >= patience_total {
                    let blocked_by: Option<String> =
                        client.query_one(&st::relation_lock_holders(&b.source), &[]).await.ok().and_then(|r| r.get(0));
                    return Err(ExecError::BackfillLockTimeout {
                        migration: migration.into(),
                        source_table: b.source.to_string(),
                        waited_ms: since.elapsed().as_millis() as u64,
                        blocked_by: blocked_by.unwrap_or_else(|| "no session holds it now; retry".into()),
                    });
                }
                lock_attempts += 1;
                let wait = Backoff::BATCHES.wait(lock_attempts);
                events(Event::LockRetry {
                    migration: migration.into(),
                    phase,
                    attempt: lock_attempts,
                    wait_ms: wait.as_millis() as u64,
                    message: format!("{}; backfill batch of {}", phaseshift_pg::pg_message_line(&e), b.source),
                });
                tokio::time::sleep(wait).await;
                continue;
            }
            Err(e) => return Err(e.into()),
        }
        let took = t0.elapsed();
        longest = longest.max(took);
        // Adapt the batch size to the target duration: grow by half at most, shrink fast.
        // Not while searching for a refused row: those batches are small on purpose.
        if let Some(from) = search_from {
            // The refused row went away meanwhile (fixed or deleted): stop searching once
            // the batches have covered more than the range that failed.
            searched += size;
            if searched > 2 * from {
                size = from;
                search_from = None;
            }
        } else {
            let ratio = (target_dur.as_secs_f64() / took.as_secs_f64().max(1e-4)).clamp(0.5, 1.5);
            size = ((size as f64 * ratio) as i64).clamp(1, 1_000_000);
        }
        let secs = started.elapsed().as_secs_f64().max(1e-3);
        let rate = rows as f64 / secs;
        if let Some(max) = opts.max_rate.filter(|m| *m > 0) {
            let ahead = rows as f64 / max as f64 - secs;
            if ahead > 0.0 {
                tokio::time::sleep(Duration::from_secs_f64(ahead)).await;
            }
        }
        let remaining = (estimate - rows - rejected).max(0) as f64;
        events(Event::BackfillProgress {
            migration: migration.into(),
            target: target.clone(),
            rows,
            rejected,
            estimate,
            rows_per_sec: rate as u64,
            eta_secs: if rate > 0.0 { (remaining / rate) as u64 } else { 0 },
            batch_rows: size,
            batch_ms: took.as_millis() as u64,
        });
    }
    events(Event::BackfillDone {
        migration: migration.into(),
        target,
        rows,
        rejected,
        secs: started.elapsed().as_secs_f64(),
        longest_batch_ms: longest.as_millis() as u64,
    });
    Ok(())
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
