//! Moving a database to another server (`phaseshift copy`): the schema first, through the
//! diff engine as `apply` of a database target does it (so running it again converges),
//! then the data, table by table, from one consistent snapshot of the source (a read-only
//! repeatable-read transaction, the source is only read), parents before children, with
//! binary COPY streamed from one server to the other. Each table is copied in one
//! transaction of the target together with its mark in `phaseshift.copy_progress`, so a
//! copy cut short resumes with the tables not yet copied; sequences are set past their
//! source values at the end.

use crate::model::{ConstraintKind, QualName, Schema, Table};
use crate::{ApplyOptions, ApplyReport, Confirm, Error, Event, ExecError, Source};
use futures_util::{SinkExt, StreamExt};
use std::collections::BTreeSet;
use tokio_postgres::Client;

/// What to copy.
#[derive(Debug, Clone, Default)]
pub struct CopyOptions {
    pub skip_schema: bool,
    pub skip_data: bool,
    /// Only these tables (`schema.name` or `name` in public); all when empty.
    pub tables: Vec<String>,
    pub exclude_tables: Vec<String>,
    /// Say what would be done (the schema's plan, the tables and their rows) and do nothing.
    pub dry_run: bool,
    /// Leave row-level security out of the schema: no policies, security off (the target
    /// enforces it its own way, or not yet).
    pub skip_rls: bool,
    /// Tables copied at once, each by a session pair of its own on the same snapshot
    /// (needs `target_url`); a table starts once the tables it references are copied.
    pub jobs: usize,
    /// How the workers connect to the target.
    pub target_url: Option<String>,
    /// A target table that holds rows phaseshift did not copy: refused (the default),
    /// emptied first, or added to.
    pub existing_rows: ExistingRows,
    /// The schema's apply (lock timeout, hazards allowed).
    pub apply: ApplyOptions,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExistingRows {
    #[default]
    Refuse,
    Truncate,
    Append,
}

/// One table of a copy.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TableCopy {
    pub table: String,
    pub rows: i64,
    /// Copied by an earlier run (resumed past it).
    pub already: bool,
    /// Rows the source's snapshot has and the target has now (counted after the copy; not
    /// for a dry run). They differ when rows were written to the target since.
    pub source_rows: Option<i64>,
    pub target_rows: Option<i64>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct CopyReport {
    /// The schema's apply, unless skipped or a dry run.
    pub schema: Option<ApplyReport>,
    /// With a dry run, the schema changes it would make (steps' descriptions).
    pub schema_plan: Vec<String>,
    /// The source's objects of kinds phaseshift does not migrate (publications, foreign
    /// tables, ...): not copied, to be made by hand.
    pub not_copied: Vec<String>,
    pub tables: Vec<TableCopy>,
    pub sequences: usize,
    pub dry_run: bool,
}

/// Copies the database at `source_url` (which `source` is connected to) into the one
/// `target` is connected to.
pub async fn copy(
    source: &mut Client,
    target: &mut Client,
    source_url: &str,
    opts: &CopyOptions,
    confirm: Confirm<'_>,
    events: &mut dyn FnMut(Event),
) -> Result<CopyReport, Error> {
    let mut report = CopyReport {
        schema: None,
        schema_plan: Vec::new(),
        not_copied: Vec::new(),
        tables: Vec::new(),
        sequences: 0,
        dry_run: opts.dry_run,
    };
    let from = crate::read_live(source, None).await.map_err(Error::catalog("source database"))?;
    report.not_copied = from.unmanaged.values().map(|u| u.to_string()).collect();
    if !opts.skip_schema {
        copy_schema(target, &from, source_url, opts, confirm, events, &mut report).await?;
    }
    if !opts.skip_data {
        copy_data(source, target, source_url, &from, opts, events, &mut report).await?;
    }
    Ok(report)
}

/// The source's schema applied to the target (without row-level security, if asked), or
/// with a dry run, the steps that would.
async fn copy_schema(
    target: &mut Client,
    from: &Schema,
    source_url: &str,
    opts: &CopyOptions,
    confirm: Confirm<'_>,
    events: &mut dyn FnMut(Event),
    report: &mut CopyReport,
) -> Result<(), Error> {
    let mut desired = from.clone();
    if opts.skip_rls {
        desired.policies.clear();
        for t in desired.tables.values_mut() {
            (t.row_security, t.force_row_security) = (false, false);
        }
    }
    if opts.dry_run {
        let live = crate::read_live(target, None).await.map_err(Error::catalog("target database"))?;
        let filter = crate::diff::Filter { skip_unmanaged: true, ..Default::default() };
        let plan = crate::plan::plan_full(&live, &desired, &filter).map_err(Error::plan("source database"))?;
        report.schema_plan = plan.steps().map(|s| s.description.clone()).collect();
        return Ok(());
    }
    let label = Source::Database(source_url.to_string()).describe();
    let applied = crate::apply_schema(target, &desired, &label, true, &opts.apply, confirm, events).await?;
    let stopped = applied.stopped.clone();
    report.schema = Some(applied);
    match stopped {
        Some(why) => Err(ExecError::CopyStopped { why }.into()),
        None => Ok(()),
    }
}

/// The rows, table by table, from one snapshot of the source; then sequences and counts.
async fn copy_data(
    source: &mut Client,
    target: &mut Client,
    source_url: &str,
    from: &Schema,
    opts: &CopyOptions,
    events: &mut dyn FnMut(Event),
    report: &mut CopyReport,
) -> Result<(), Error> {
    let tables = chosen(from, opts)?;
    let snapshot = read_snapshot(source).await?;
    let source_id: String = snapshot.query_one(crate::sql::copy::SOURCE_ID, &[]).await.map_err(ExecError::from)?.get(0);
    if !opts.dry_run {
        crate::state::upgrade(target).await?;
    }
    let mut todo = Vec::new();
    for t in &tables {
        let name = t.name.to_string();
        let copied = if opts.dry_run { None } else { copied_before(target, &source_id, &name).await? };
        let (rows, already) = match copied {
            Some(rows) => (rows, true),
            None if opts.dry_run => {
                (snapshot.query_one(&crate::sql::copy::count(t), &[]).await.map_err(ExecError::from)?.get(0), false)
            }
            None => {
                todo.push(t.clone());
                continue;
            }
        };
        if already {
            events(Event::TableCopied { table: name.clone(), rows, already });
        }
        report.tables.push(TableCopy { table: name, rows, already, source_rows: None, target_rows: None });
    }
    let copied = match &opts.target_url {
        Some(url) if opts.jobs > 1 && todo.len() > 1 => {
            let id: String =
                snapshot.query_one(crate::sql::copy::EXPORT_SNAPSHOT, &[]).await.map_err(ExecError::from)?.get(0);
            let on = Workers {
                source_url,
                target_url: url,
                snapshot: &id,
                source_id: &source_id,
                existing: opts.existing_rows,
            };
            on.copy(&todo, opts.jobs, events).await?
        }
        _ => {
            let mut out = Vec::new();
            for t in &todo {
                let rows = copy_table(&snapshot, target, &source_id, t, opts.existing_rows).await?;
                events(Event::TableCopied { table: t.name.to_string(), rows, already: false });
                out.push((t.name.to_string(), rows));
            }
            out
        }
    };
    for (table, rows) in copied {
        report.tables.push(TableCopy { table, rows, already: false, source_rows: None, target_rows: None });
    }
    if !opts.dry_run {
        report.sequences = sequences(&snapshot, target, from).await?;
        report.sequences += identities(&snapshot, target, &tables).await?;
        // Every table counted on both sides: the source as of the snapshot.
        for c in report.tables.iter_mut() {
            let Some(t) = tables.iter().find(|t| t.name.to_string() == c.table) else { continue };
            let count = crate::sql::copy::count(t);
            c.source_rows = Some(snapshot.query_one(&count, &[]).await.map_err(ExecError::from)?.get(0));
            c.target_rows = Some(target.query_one(&count, &[]).await.map_err(ExecError::from)?.get(0));
        }
    }
    snapshot.commit().await.map_err(ExecError::from)?;
    Ok(())
}

/// A read-only repeatable-read transaction of the source: one snapshot for every table.
pub(crate) async fn read_snapshot(source: &mut Client) -> Result<tokio_postgres::Transaction<'_>, ExecError> {
    let tx = source
        .build_transaction()
        .read_only(true)
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .start()
        .await?;
    Ok(tx)
}

/// The tables to copy, parents before children (by foreign key): partitioned tables whole
/// (rows go to their partitions on the target), not their partitions one by one.
fn chosen(from: &Schema, opts: &CopyOptions) -> Result<Vec<Table>, Error> {
    let parse = |n: &String| QualName::parse(n, "public");
    let only: BTreeSet<QualName> = opts.tables.iter().map(parse).collect();
    let excluded: BTreeSet<QualName> = opts.exclude_tables.iter().map(parse).collect();
    for q in only.iter().chain(&excluded) {
        if !from.tables.contains_key(q) {
            return Err(ExecError::CopyUnknownTable { table: q.to_string() }.into());
        }
    }
    let mut left: Vec<&Table> = from
        .tables
        .values()
        .filter(|t| t.partition_of.is_none())
        .filter(|t| only.is_empty() || only.contains(&t.name))
        .filter(|t| !excluded.contains(&t.name))
        .collect();
    let mut out: Vec<Table> = Vec::new();
    while !left.is_empty() {
        let before = left.len();
        let mut i = 0;
        while i < left.len() {
            let waits = left[i].constraints.iter().any(|c| match &c.kind {
                ConstraintKind::ForeignKey(fk) => {
                    fk.ref_table != left[i].name && left.iter().any(|o| o.name == fk.ref_table)
                }
                _ => false,
            });
            if waits {
                i += 1;
            } else {
                out.push(left.remove(i).clone());
            }
        }
        if left.len() == before {
            // Tables that reference each other: in name order.
            out.extend(left.drain(..).cloned());
        }
    }
    Ok(out)
}

async fn copied_before(target: &Client, source_id: &str, table: &str) -> Result<Option<i64>, ExecError> {
    let row = target.query_opt(crate::sql::copy::COPIED, &[&source_id, &table]).await?;
    Ok(row.map(|r| r.get(0)))
}

/// One table: its rows streamed from the snapshot into the target, with its mark, in one
/// transaction of the target. A target table that holds rows phaseshift did not copy is
/// refused: they would be mixed with the source's.
async fn copy_table(
    snapshot: &tokio_postgres::Transaction<'_>,
    target: &mut Client,
    source_id: &str,
    t: &Table,
    existing: ExistingRows,
) -> Result<i64, Error> {
    let tx = target.transaction().await.map_err(ExecError::from)?;
    // Rows that come whole from one consistent snapshot need no foreign key checks and
    // must not fire the target's own triggers (as a data-only restore with triggers
    // disabled); that takes a superuser, and without one the checks run.
    tx.batch_execute(crate::sql::copy::SAVEPOINT).await.map_err(ExecError::from)?;
    if tx.batch_execute(crate::sql::copy::REPLICA_ROLE).await.is_err() {
        tx.batch_execute(crate::sql::copy::ROLLBACK_TO_SAVEPOINT).await.map_err(ExecError::from)?;
    }
    let has_rows: bool = tx.query_one(&crate::sql::copy::has_rows(t), &[]).await.map_err(ExecError::from)?.get(0);
    match existing {
        _ if !has_rows => {}
        ExistingRows::Refuse => return Err(ExecError::CopyTargetNotEmpty { table: t.name.to_string() }.into()),
        // In the same transaction as the copy: a crash leaves the rows that were there.
        ExistingRows::Truncate => tx.batch_execute(&crate::sql::copy::empty(t)).await.map_err(ExecError::from)?,
        ExistingRows::Append => {}
    }
    let (out_sql, in_sql) = crate::sql::copy::statements(t);
    let stream = snapshot.copy_out(&out_sql).await.map_err(ExecError::from)?;
    let sink = tx.copy_in(&in_sql).await.map_err(ExecError::from)?;
    futures_util::pin_mut!(stream);
    futures_util::pin_mut!(sink);
    while let Some(chunk) = stream.next().await {
        sink.send(chunk.map_err(ExecError::from)?).await.map_err(ExecError::from)?;
    }
    let rows = sink.finish().await.map_err(ExecError::from)? as i64;
    tx.execute(crate::sql::copy::MARK, &[&source_id, &t.name.to_string(), &rows]).await.map_err(ExecError::from)?;
    tx.commit().await.map_err(ExecError::from)?;
    Ok(rows)
}

/// Each sequence of the source set on the target as the source has it (its next value
/// comes after every value the copied rows hold).
async fn sequences(snapshot: &tokio_postgres::Transaction<'_>, target: &Client, from: &Schema) -> Result<usize, Error> {
    let mut n = 0;
    for q in from.sequences.keys() {
        let row = snapshot.query_one(&crate::sql::copy::sequence_state(q), &[]).await.map_err(ExecError::from)?;
        let (last, called): (i64, bool) = (row.get(0), row.get(1));
        target.execute(&crate::sql::copy::set_sequence(q), &[&last, &called]).await.map_err(ExecError::from)?;
        n += 1;
    }
    Ok(n)
}

/// The sequences of the copied tables' identity columns, set as the source has them.
async fn identities(
    snapshot: &tokio_postgres::Transaction<'_>,
    target: &Client,
    tables: &[Table],
) -> Result<usize, Error> {
    use crate::sql::copy::{sequence_state_of, IDENTITY_SEQUENCE, SET_SEQUENCE_NAMED};
    let mut n = 0;
    for t in tables {
        for c in t.columns.iter().filter(|c| c.identity.is_some()) {
            let table = crate::sql::qual(&t.name);
            let named: Option<String> =
                snapshot.query_one(IDENTITY_SEQUENCE, &[&table, &c.name]).await.map_err(ExecError::from)?.get(0);
            let Some(named) = named else { continue };
            let row = snapshot.query_one(&sequence_state_of(&named), &[]).await.map_err(ExecError::from)?;
            let (last, called): (i64, bool) = (row.get(0), row.get(1));
            let on_target: Option<String> =
                target.query_one(IDENTITY_SEQUENCE, &[&table, &c.name]).await.map_err(ExecError::from)?.get(0);
            if let Some(seq) = on_target {
                target.execute(SET_SEQUENCE_NAMED, &[&seq, &last, &called]).await.map_err(ExecError::from)?;
                n += 1;
            }
        }
    }
    Ok(n)
}

/// Sessions that copy tables at once, each a source session on the same exported snapshot
/// and a target session of its own, joined on this one thread.
struct Workers<'a> {
    source_url: &'a str,
    target_url: &'a str,
    snapshot: &'a str,
    source_id: &'a str,
    existing: ExistingRows,
}

/// Which tables wait, which are being copied, and what was copied.
struct Queue {
    waiting: Vec<Table>,
    running: BTreeSet<QualName>,
    done: Vec<(String, i64)>,
}

enum Next {
    Copy(Box<Table>),
    Wait,
    Finished,
}

impl Queue {
    /// The first waiting table none of whose referenced tables waits or is being copied.
    fn next(&mut self) -> Next {
        if self.waiting.is_empty() {
            return Next::Finished;
        }
        let busy = |q: &QualName, me: &QualName| {
            q != me && (self.running.contains(q) || self.waiting.iter().any(|w| &w.name == q))
        };
        let ready = self.waiting.iter().position(|t| {
            !t.constraints
                .iter()
                .any(|c| matches!(&c.kind, ConstraintKind::ForeignKey(fk) if busy(&fk.ref_table, &t.name)))
        });
        // Tables that reference each other wait for nothing once nothing else runs.
        let ready = ready.or((self.running.is_empty()).then_some(0));
        match ready {
            Some(i) => {
                let t = self.waiting.remove(i);
                self.running.insert(t.name.clone());
                Next::Copy(Box::new(t))
            }
            None => Next::Wait,
        }
    }
}

impl Workers<'_> {
    async fn copy(
        &self,
        todo: &[Table],
        jobs: usize,
        events: &mut dyn FnMut(Event),
    ) -> Result<Vec<(String, i64)>, Error> {
        let queue =
            std::cell::RefCell::new(Queue { waiting: todo.to_vec(), running: BTreeSet::new(), done: Vec::new() });
        let events = std::cell::RefCell::new(events);
        let work = || async {
            let mut source = crate::connect(self.source_url).await?;
            let tx = read_snapshot(&mut source).await?;
            tx.batch_execute(&crate::sql::copy::import_snapshot(self.snapshot)).await.map_err(ExecError::from)?;
            let mut target = crate::connect(self.target_url).await?;
            loop {
                let next = queue.borrow_mut().next();
                match next {
                    Next::Finished => break,
                    Next::Wait => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
                    Next::Copy(t) => {
                        let rows = copy_table(&tx, &mut target, self.source_id, &t, self.existing).await?;
                        let mut q = queue.borrow_mut();
                        q.running.remove(&t.name);
                        q.done.push((t.name.to_string(), rows));
                        (events.borrow_mut())(Event::TableCopied { table: t.name.to_string(), rows, already: false });
                    }
                }
            }
            tx.commit().await.map_err(ExecError::from)?;
            Ok::<(), Error>(())
        };
        futures_util::future::try_join_all((0..jobs.min(todo.len())).map(|_| work())).await?;
        Ok(queue.into_inner().done)
    }
}
