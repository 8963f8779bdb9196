//! `phaseshift partitions`: upkeep of tables partitioned by an interval, safe to run from
//! cron. The partitions now due (`ahead` intervals past today) are created; with `retain`,
//! those whose range ended before it are detached (concurrently, unless the table has a
//! default partition, which PostgreSQL does not allow then) and dropped. Nothing else is
//! touched, and nothing is done when nothing is due.

use crate::model::{QualName, Table};
use crate::plan::{Op, SchemaOp, TableOp};
use crate::spec::{partitions, Spec};
use crate::{Error, Event, ExecError};
use tokio_postgres::Client;

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct PartitionsReport {
    pub created: Vec<String>,
    pub dropped: Vec<String>,
    /// Tables the specs partition by an interval that the database does not have yet
    /// (`apply` creates them).
    pub missing: Vec<String>,
    pub dry_run: bool,
}

pub async fn partitions(
    client: &mut Client,
    specs: &[Spec],
    today: time::Date,
    dry_run: bool,
    lock_timeout_ms: u64,
    events: &mut dyn FnMut(Event),
) -> Result<PartitionsReport, Error> {
    let live = crate::read_live(client, None).await.map_err(Error::catalog("live database"))?;
    let mut report = PartitionsReport { dry_run, ..Default::default() };
    for spec in specs {
        for (tname, ts) in &spec.body.tables {
            let Some(every) = &ts.partition_every else { continue };
            let q = QualName::parse(tname, &spec.body.schema);
            let Some(parent) = live.tables.get(&q).filter(|t| t.partition_by.is_some()) else {
                report.missing.push(q.to_string());
                continue;
            };
            let of_parent = |t: &&Table| t.partition_of.as_ref().is_some_and(|(p, _)| p == &q);
            let existing: Vec<&Table> = live.tables.values().filter(of_parent).collect();
            let has_default = existing.iter().any(|t| t.partition_of.as_ref().is_some_and(|(_, b)| b == "DEFAULT"));
            for p in partitions::current(&q.name, every, today) {
                let pq = QualName::new(q.schema.clone(), p.name.clone());
                if live.tables.contains_key(&pq) {
                    continue;
                }
                if !dry_run {
                    let mut part = Table::new(pq.clone());
                    part.partition_of = Some((q.clone(), p.bound.clone()));
                    run(client, &Op::Table(TableOp::CreateTable { table: Box::new(part) }), lock_timeout_ms, true)
                        .await?;
                    events(Event::PartitionCreated { table: pq.to_string(), bound: p.bound.clone() });
                }
                report.created.push(pq.to_string());
            }
            let all = partitions::generated(&q.name, every, today).unwrap_or_default();
            for p in partitions::expired(&all, every, today) {
                let pq = QualName::new(q.schema.clone(), p.name.clone());
                if !existing.iter().any(|t| t.name == pq) {
                    continue;
                }
                if !dry_run {
                    let detach = Op::Table(TableOp::DetachPartition {
                        table: pq.clone(),
                        parent: parent.name.clone(),
                        concurrently: !has_default,
                    });
                    // A concurrent detach an interrupted run left pending is completed instead.
                    let d = crate::sql::ConcurrentDetach { table: pq.clone(), parent: parent.name.clone() };
                    let pending: bool = client.query_one(&d.state_query(), &[]).await?.get("pending");
                    if pending {
                        client.batch_execute(&d.finalize()).await?;
                    } else {
                        run(client, &detach, lock_timeout_ms, has_default).await?;
                    }
                    let archive = every.retired == crate::spec::format::Retired::Archive;
                    let gone = if archive {
                        let to = QualName::new(crate::model::ARCHIVE_SCHEMA, pq.name.clone());
                        run(
                            client,
                            &Op::Schema(SchemaOp::CreateSchema { schema: to.schema.clone() }),
                            lock_timeout_ms,
                            true,
                        )
                        .await?;
                        Op::Table(TableOp::MoveTable { from: pq.clone(), to })
                    } else {
                        Op::Table(TableOp::DropTable { table: pq.clone() })
                    };
                    run(client, &gone, lock_timeout_ms, true).await?;
                    events(Event::PartitionDropped { table: pq.to_string(), archived: archive });
                }
                report.dropped.push(pq.to_string());
            }
        }
    }
    Ok(report)
}

/// Runs one operation's statements, in a transaction with a lock timeout when `in_tx`
/// (a concurrent detach runs outside one, as PostgreSQL requires).
async fn run(client: &mut Client, op: &Op, lock_timeout_ms: u64, in_tx: bool) -> Result<(), ExecError> {
    let statements = crate::sql::render(op);
    if !in_tx {
        client.batch_execute(&crate::sql::state::set_lock_timeout(lock_timeout_ms)).await?;
        for st in &statements {
            client.batch_execute(&st.sql).await?;
        }
        return Ok(());
    }
    let tx = client.transaction().await?;
    tx.batch_execute(&crate::sql::state::set_local_lock_timeout(lock_timeout_ms)).await?;
    for st in &statements {
        tx.batch_execute(&st.sql).await?;
    }
    tx.commit().await?;
    Ok(())
}
