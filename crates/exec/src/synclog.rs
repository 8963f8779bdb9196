//! The sync log of a backfill whose sync can wait for it (`data::sync_log`): while its
//! batches copy, the sync trigger only notes the keys the application writes, which costs
//! each write far less than writing the new table; the executor carries the noted rows over
//! between batches. To end it without holding up any writer: a marker table tells the
//! trigger to write the target itself again (and note nothing); then, once the writers
//! that noted keys have committed (a SHARE lock on the log waits for them, and no writer
//! of the source waits for it), the last notes are carried over and the log dropped in
//! one transaction.
//!
//! Once the trigger writes the target itself again, carries run under REPEATABLE READ: a
//! row the application changes while it is carried over fails the carry (serialization
//! failure) instead of being overwritten by an older copy, and its note stays for the next
//! carry, which takes fewer notes. Every step is one transaction, so a crash
//! leaves the log with its notes (the next `apply` carries them over and ends it) or no
//! log; a rollback of the backfill drops the log with the target's rows (`ClearBackfill`).

use super::backfill::LockPatience;
use super::retry::Backoff;
use super::{Event, ExecError};
use crate::model::Backfill;
use crate::sql::{data, state as st};
use phaseshift_pg::{is_data_error, is_transient};
use tokio_postgres::Client;

/// Below this many notes, the last are carried over under the lock.
const LAST_NOTES: i64 = 1000;

/// Starts noting instead of syncing: creates the log, when the backfill's sync can wait
/// and no foreign key refers to its target. True when, besides, every write the trigger
/// made to the target itself has committed (a SHARE lock on the target waits for them,
/// at most `wait_ms`): then batches that lock no row cannot overwrite one of them with an
/// older copy, since every later write is noted and carried over after them.
pub(crate) async fn start(client: &mut Client, b: &Backfill, wait_ms: u64) -> Result<bool, ExecError> {
    if !data::deferred(b) || client.query_one(&data::target_referenced(b), &[]).await?.get::<_, bool>(0) {
        return Ok(false);
    }
    client.batch_execute(&data::create_log(b)).await?;
    // A write that found no log just before it came makes its target write within
    // microseconds; this pause makes sure the lock below waits for it.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let tx = client.transaction().await?;
    tx.batch_execute(&st::set_local_lock_timeout(wait_ms)).await?;
    match tx.batch_execute(&data::wait_for_target_writers(b)).await {
        Ok(()) => {
            tx.commit().await?;
            Ok(true)
        }
        Err(e) if is_transient(&e) => {
            tx.rollback().await?;
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

/// A transaction for carrying notes over: REPEATABLE READ once the trigger writes the
/// target itself again (`ending`; see the module's comment), READ COMMITTED while it notes
/// every write (then nobody else writes the target, and a row changed meanwhile has a note
/// of its own, carried over later).
async fn carrying(
    client: &mut Client,
    wait_ms: u64,
    ending: bool,
) -> Result<tokio_postgres::Transaction<'_>, ExecError> {
    let level = if ending {
        tokio_postgres::IsolationLevel::RepeatableRead
    } else {
        tokio_postgres::IsolationLevel::ReadCommitted
    };
    let tx = client.build_transaction().isolation_level(level).start().await?;
    // Lost in a crash only with the notes' removal: they are carried again.
    tx.batch_execute(&format!("{}; {}", st::set_local_lock_timeout(wait_ms), st::set_local_async_commit())).await?;
    Ok(tx)
}

async fn exists(client: &Client, b: &Backfill) -> Result<bool, ExecError> {
    Ok(data::deferred(b) && client.query_one(&data::log_exists(b), &[]).await?.get::<_, bool>(0))
}

/// Carries the rows noted so far over to the target, in one transaction; a row PostgreSQL
/// refuses is found by carrying the notes over one key at a time, and quarantined (as the
/// trigger does). Returns the keys carried over; `None` when the carry gave way to a
/// writer (one held a row too long, or changed one meanwhile): the notes stay for the next.
pub(crate) async fn carry(
    client: &mut Client,
    migration: &str,
    b: &Backfill,
    wait_ms: u64,
) -> Result<Option<i64>, ExecError> {
    carry_notes(client, migration, b, wait_ms, None).await
}

/// A carry of every note while the trigger notes (`first` `None`), or of the first `first`
/// notes once the log is ending.
async fn carry_notes(
    client: &mut Client,
    migration: &str,
    b: &Backfill,
    wait_ms: u64,
    first: Option<i64>,
) -> Result<Option<i64>, ExecError> {
    if !exists(client, b).await? {
        return Ok(Some(0));
    }
    let tx = carrying(client, wait_ms, first.is_some()).await?;
    let done = match first {
        Some(n) => tx.query_one(&data::apply_log(b, data::Notes::First), &[&n]).await,
        None => tx.query_one(&data::apply_log(b, data::Notes::All), &[]).await,
    };
    match done {
        Ok(row) => {
            tx.commit().await?;
            Ok(Some(row.get("taken")))
        }
        Err(e) if is_data_error(&e) => {
            tx.rollback().await?;
            one_by_one(client, migration, b, wait_ms).await.map(Some)
        }
        Err(e) if is_transient(&e) => {
            tx.rollback().await?;
            Ok(None)
        }
        Err(e) => Err(e.into()),
    }
}

/// How often the end of the log carries over again when writers keep changing the rows it
/// carries (each attempt a few milliseconds; each failure means a writer got there).
const GIVE_WAY: u32 = 200;

/// Carries noted keys over one at a time, quarantining each that PostgreSQL refuses.
async fn one_by_one(client: &mut Client, migration: &str, b: &Backfill, wait_ms: u64) -> Result<i64, ExecError> {
    let keys: Vec<Vec<String>> =
        client.query(&data::logged_keys(b), &[]).await?.iter().map(|r| r.get::<_, Vec<String>>(0)).collect();
    let one = client.prepare(&data::apply_log(b, data::Notes::Key)).await?;
    let mut taken = 0;
    for key in keys {
        let tx = carrying(client, wait_ms, true).await?;
        match tx.query_one(&one, &[&key]).await {
            Ok(_) => {
                tx.commit().await?;
                taken += 1;
            }
            Err(e) if is_data_error(&e) => {
                tx.rollback().await?;
                let reason = phaseshift_pg::pg_message_line(&e);
                let tx = client.transaction().await?;
                tx.execute(&data::quarantine_refused(b), &[&migration, &key.join(","), &reason]).await?;
                tx.execute(&data::forget_logged(b), &[&key]).await?;
                tx.commit().await?;
                taken += 1;
            }
            Err(e) if is_transient(&e) => tx.rollback().await?,
            Err(e) => return Err(e.into()),
        }
    }
    Ok(taken)
}

/// Ends the log: carries the notes over until few are left, marks the log as ending (new
/// writes go to the target directly), then in one transaction waits for the writers that
/// noted keys (each wait at most `--lock-timeout`, `--retries` times), carries the last
/// notes over and drops the log. Nothing to do when there is no log.
pub(crate) async fn stop(
    client: &mut Client,
    migration: &str,
    phase: u32,
    b: &Backfill,
    patience: LockPatience,
    events: &mut dyn FnMut(Event),
) -> Result<(), ExecError> {
    if !exists(client, b).await? {
        return Ok(());
    }
    while carry(client, migration, b, patience.lock_timeout_ms).await?.unwrap_or(0) >= LAST_NOTES {}
    client.batch_execute(&data::end_log(b)).await?;
    // A write that found the log open just before the marker came notes its key within
    // microseconds; this pause makes sure it is among the writers the lock waits for.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    // New writes go to the target directly: the notes left are carried over until only
    // those of transactions still open may remain, so that the last transaction is short
    // and meets few rows a writer changes meanwhile.
    // A few notes at a time, fewer after each carry a writer fails (it changed one of
    // their rows), more after each that goes through.
    let (mut gave_way, mut first) = (0, 256);
    loop {
        match carry_notes(client, migration, b, patience.lock_timeout_ms, Some(first)).await? {
            Some(0) => break,
            Some(_) => first = (first * 2).min(4096),
            None if gave_way < GIVE_WAY => {
                gave_way += 1;
                first = (first / 2).max(1);
            }
            None => break,
        }
    }
    let (mut attempt, mut changed) = (0, 0);
    loop {
        let tx = carrying(client, patience.lock_timeout_ms, true).await?;
        // Taken before the transaction's snapshot: the last carry sees every note.
        let result = match tx.batch_execute(&data::lock_log(b)).await {
            Ok(()) => last_notes(&tx, b).await,
            Err(e) => Err(e),
        };
        match result {
            Ok(()) => {
                tx.commit().await?;
                return Ok(());
            }
            // A writer changed a row being carried over: at once again.
            Err(e)
                if e.code() == Some(&tokio_postgres::error::SqlState::T_R_SERIALIZATION_FAILURE)
                    && changed < GIVE_WAY =>
            {
                tx.rollback().await?;
                changed += 1;
            }
            Err(e) if is_transient(&e) && attempt < patience.retries.max(3) => {
                tx.rollback().await?;
                attempt += 1;
                let wait = Backoff::BATCHES.wait(attempt);
                events(Event::LockRetry {
                    migration: migration.into(),
                    phase,
                    attempt,
                    wait_ms: wait.as_millis() as u64,
                    message: format!(
                        "{}; the last writes noted for {} wait for their transactions on {}",
                        phaseshift_pg::pg_message_line(&e),
                        b.target,
                        b.source
                    ),
                });
                tokio::time::sleep(wait).await;
            }
            // A refused row among the last: found and quarantined one key at a time.
            Err(e) if is_data_error(&e) => {
                tx.rollback().await?;
                one_by_one(client, migration, b, patience.lock_timeout_ms).await?;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// With the log locked: every note carried over (no writer can add one), then the log
/// dropped.
async fn last_notes(tx: &tokio_postgres::Transaction<'_>, b: &Backfill) -> Result<(), tokio_postgres::Error> {
    tx.query_one(&data::apply_log(b, data::Notes::All), &[]).await?;
    tx.batch_execute(&data::drop_log(b)).await
}
