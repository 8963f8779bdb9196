//! The quarantine: rows a migration could not carry to the new shape, with the reason.
//! Listed, retried (the source row written again, so the sync trigger judges it anew) or
//! discarded (accepted as left behind).

use super::state::read_state;
use super::ExecError;
use crate::model::Backfill;
use crate::sql::{data, state as st};
use serde::Serialize;
use tokio_postgres::Client;

#[derive(Debug, Clone, Serialize)]
pub struct QuarantinedRow {
    pub id: i64,
    pub migration: Option<String>,
    pub target: String,
    pub source_key: String,
    pub rule: String,
    pub value: Option<String>,
    pub reason: String,
    pub at: String,
}

/// The quarantined rows of one migration, or of all.
pub async fn list(client: &Client, migration: Option<&str>) -> Result<Vec<QuarantinedRow>, ExecError> {
    let exists: bool = client.query_one(st::STATE_EXISTS, &[]).await?.get(0);
    if !exists {
        return Ok(Vec::new());
    }
    Ok(client
        .query(st::LIST_QUARANTINE, &[&migration])
        .await?
        .iter()
        .map(|r| QuarantinedRow {
            id: r.get(0),
            migration: r.get(1),
            target: r.get(2),
            source_key: r.get(3),
            rule: r.get(4),
            value: r.get(5),
            reason: r.get(6),
            at: r.get(7),
        })
        .collect())
}

/// Drops quarantined rows: those of `migration` (all when `None`), only `ids` when given.
pub async fn discard(client: &Client, migration: Option<&str>, ids: &[i64]) -> Result<u64, ExecError> {
    let ids: Option<Vec<i64>> = (!ids.is_empty()).then(|| ids.to_vec());
    Ok(client.execute(st::DISCARD_QUARANTINE, &[&migration, &ids]).await?)
}

#[derive(Debug, Clone, Serialize)]
pub struct RetryReport {
    pub migration: String,
    /// Source rows written again.
    pub retried: u64,
    /// Rows still in quarantine afterwards (judged again and refused again).
    pub still_quarantined: i64,
    /// Quarantined rows whose source row is gone (deleted since): discarded.
    pub gone: u64,
}

/// Writes every quarantined source row of `migration` again (a no-op UPDATE of its key),
/// so that the sync trigger carries it over if it now fits, or quarantines it again with
/// the current reason. Needs the migration's sync triggers: from its sync phase to its
/// contract.
pub async fn retry(client: &mut Client, migration: &str) -> Result<RetryReport, ExecError> {
    super::apply::with_lock(client, async |client: &mut Client| {
        super::state::upgrade_existing(client).await?;
        let state = read_state(client).await?;
        let row = state
            .iter()
            .find(|r| r.name == migration)
            .ok_or_else(|| ExecError::UnknownMigration(migration.to_string()))?;
        let backfills: Vec<Backfill> =
            row.plan.phases.iter().flat_map(|p| p.steps.iter()).filter_map(|s| s.backfill.clone()).collect();
        // Which phases hold the sync trigger: applied sync phase, contract not applied.
        let sync_on = row
            .plan
            .phases
            .iter()
            .any(|p| p.kind == crate::plan::PhaseKind::Sync && p.number as i32 <= row.applied_phase)
            && !row
                .plan
                .phases
                .iter()
                .any(|p| p.kind == crate::plan::PhaseKind::Contract && p.number as i32 <= row.applied_phase);
        if !sync_on {
            return Err(ExecError::NoSync { migration: migration.into() });
        }
        let mut retried = 0;
        let mut gone = 0;
        let tx = client.transaction().await?;
        for b in &backfills {
            if b.in_place() {
                continue;
            }
            gone += tx.execute(&data::forget_vanished_quarantine(b), &[&migration]).await?;
            retried += tx.execute(&data::retry_quarantined(b), &[&migration]).await?;
        }
        tx.commit().await?;
        let still: i64 = client.query_one(st::COUNT_QUARANTINE, &[&migration]).await?.get(0);
        Ok(RetryReport { migration: migration.into(), retried, still_quarantined: still, gone })
    })
    .await
}
