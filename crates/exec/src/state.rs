//! phaseshift's own state in the database it migrates: numbered migrations of the
//! `phaseshift` schema (checksummed, applied under a lock, recorded in
//! `phaseshift.state_version`), so a newer release upgrades the state an older one wrote,
//! and the rows of `phaseshift.migrations` read into typed values.

use super::ExecError;
use crate::sql::state::{self as st, RunStatus, STATE_MIGRATIONS};
use crate::sql::RenderedPlan;
use tokio_postgres::Client;

/// This release, as recorded beside each state version it applies.
const RELEASE: &str = concat!("phaseshift ", env!("CARGO_PKG_VERSION"));

/// The state version this release writes.
pub fn current_version() -> i32 {
    STATE_MIGRATIONS.last().map_or(0, |m| m.version)
}

fn checksum(sql: &str) -> String {
    crate::spec::checksum(sql)
}

/// Checks the recorded state versions against this release's: a version this release
/// does not know means a newer phaseshift wrote the state; a changed checksum means a
/// released state migration was edited (or the table was written by hand).
fn check_recorded(recorded: &[(i32, String)]) -> Result<(), ExecError> {
    for (version, sum) in recorded {
        match STATE_MIGRATIONS.iter().find(|m| m.version == *version) {
            None => {
                return Err(ExecError::StateNewer {
                    found: recorded.iter().map(|r| r.0).max().unwrap_or(*version),
                    known: current_version(),
                })
            }
            Some(m) if &checksum(m.sql) != sum => {
                return Err(ExecError::StateEdited {
                    version: *version,
                    description: m.description,
                    recorded: sum[..12.min(sum.len())].to_string(),
                    expected: checksum(m.sql)[..12].to_string(),
                })
            }
            Some(_) => {}
        }
    }
    Ok(())
}

async fn recorded(client: &impl tokio_postgres::GenericClient) -> Result<Vec<(i32, String)>, ExecError> {
    let exists: bool = client.query_one(st::STATE_VERSION_EXISTS, &[]).await?.get(0);
    if !exists {
        return Ok(Vec::new());
    }
    Ok(client.query(st::SELECT_STATE_VERSIONS, &[]).await?.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// Brings the state schema to this release's version: creates it on a new database, adopts
/// state written before versions were kept (every state migration is idempotent), and
/// applies the missing versions in one transaction under an advisory lock, so two runs
/// never upgrade at once. Returns the versions applied.
pub async fn upgrade(client: &mut Client) -> Result<Vec<i32>, ExecError> {
    // The common case costs one query and takes no lock.
    let seen = recorded(client).await?;
    check_recorded(&seen)?;
    if seen.len() == STATE_MIGRATIONS.len() {
        return Ok(Vec::new());
    }
    let tx = client.transaction().await?;
    tx.batch_execute(&st::lock_state()).await?;
    tx.batch_execute(st::CREATE_STATE_VERSION).await?;
    let seen = recorded(&tx).await?;
    check_recorded(&seen)?;
    let mut applied = Vec::new();
    for m in STATE_MIGRATIONS {
        if seen.iter().any(|(v, _)| *v == m.version) {
            continue;
        }
        tx.batch_execute(m.sql).await.map_err(|e| ExecError::StateUpgrade {
            version: m.version,
            description: m.description,
            message: crate::pg_message(&e),
        })?;
        tx.batch_execute(&st::record_state_version(m, &checksum(m.sql), RELEASE)).await?;
        applied.push(m.version);
    }
    tx.commit().await?;
    Ok(applied)
}

/// Upgrades the state when there is one (for commands that write to it but never create
/// it: rollback, purge, quarantine retry).
pub(crate) async fn upgrade_existing(client: &mut Client) -> Result<(), ExecError> {
    let exists: bool = client.query_one(st::STATE_EXISTS, &[]).await?.get(0);
    if exists {
        upgrade(client).await?;
    }
    Ok(())
}

/// Refuses state written by a newer release, for commands that only read it.
pub(crate) async fn check_readable(client: &Client) -> Result<(), ExecError> {
    check_recorded(&recorded(client).await?)
}

/// A row of phaseshift.migrations.
pub(crate) struct StateRow {
    pub name: String,
    pub checksum: String,
    pub spec: String,
    pub plan: RenderedPlan,
    pub phase_count: i32,
    pub applied_phase: i32,
    pub status: RunStatus,
    pub last_error: Option<String>,
    pub updated_at: String,
}

pub(crate) async fn read_state(client: &Client) -> Result<Vec<StateRow>, ExecError> {
    let exists: bool = client.query_one(st::STATE_EXISTS, &[]).await?.get(0);
    if !exists {
        return Ok(Vec::new());
    }
    check_readable(client).await?;
    let mut out = Vec::new();
    for r in client.query(&st::select_migrations(), &[]).await? {
        let plan_text: String = r.get("plan");
        let name: String = r.get("name");
        out.push(StateRow {
            name: name.clone(),
            checksum: r.get("checksum"),
            spec: r.get("spec"),
            plan: RenderedPlan::from_stored(&plan_text)
                .map_err(|error| ExecError::StoredPlan { migration: name.clone(), error })?,
            phase_count: r.get("phase_count"),
            applied_phase: r.get("applied_phase"),
            status: {
                let s: String = r.get("status");
                RunStatus::parse(&s)
                    .ok_or_else(|| ExecError::UnknownStatus { migration: name.clone(), status: s.clone() })?
            },
            last_error: r.get("last_error"),
            updated_at: r.get("updated_at"),
        });
    }
    Ok(out)
}
