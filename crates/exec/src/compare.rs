//! `phaseshift verify --against URL`: two live databases compared, as after a move between
//! servers. The schemas through the diff engine (tables, columns, keys, foreign keys,
//! indexes, triggers, row-level security and policies, grants: everything it reads), then
//! per table the row counts, at `standard` the sequences' current values too, and at
//! `detailed` a checksum of every table's rows. Each side is read in one read-only
//! repeatable-read transaction.

use crate::model::{QualName, Schema, Table};
use crate::{Error, ExecError};
use std::collections::BTreeSet;
use tokio_postgres::Client;

/// How much is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Schemas and row counts.
    Critical,
    /// And sequences' current values.
    Standard,
    /// And a checksum of every table's rows.
    Detailed,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct TableComparison {
    pub table: String,
    pub rows_here: Option<i64>,
    pub rows_there: Option<i64>,
    /// At `detailed`, on tables both sides have with the same columns.
    pub rows_equal: Option<bool>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct SequenceComparison {
    pub sequence: String,
    pub here: Option<i64>,
    pub there: Option<i64>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Comparison {
    pub level: Level,
    /// What turning this database's schema into the other's would change (object: change).
    pub schema: Vec<String>,
    pub tables: Vec<TableComparison>,
    pub sequences: Vec<SequenceComparison>,
}

impl Comparison {
    pub fn agree(&self) -> bool {
        self.schema.is_empty()
            && self.tables.iter().all(|t| t.rows_here == t.rows_there && t.rows_equal != Some(false))
            && self.sequences.iter().all(|s| s.here == s.there)
    }
}

/// Compares the database `here` is connected to with the one `there` is.
pub async fn compare_databases(here: &mut Client, there: &mut Client, level: Level) -> Result<Comparison, Error> {
    let a = crate::read_live(here, None).await.map_err(Error::catalog("this database"))?;
    let b = crate::read_live(there, None).await.map_err(Error::catalog("the other database"))?;
    let changes = crate::diff::diff(&a, &b, &crate::diff::Scope::Whole(crate::diff::Filter::default()));
    let schema = changes.iter().map(|c| c.object()).collect();
    let (ta, tb) = (super::copy::read_snapshot(here).await?, super::copy::read_snapshot(there).await?);
    let names: BTreeSet<&QualName> = a.tables.keys().chain(b.tables.keys()).collect();
    let mut tables = Vec::new();
    for q in names {
        let (x, y) = (a.tables.get(q), b.tables.get(q));
        // A partition's rows are counted with its partitioned table.
        if x.or(y).is_some_and(|t| t.partition_of.is_some()) {
            continue;
        }
        let rows_here = count(&ta, x).await?;
        let rows_there = count(&tb, y).await?;
        let rows_equal = match (x, y) {
            (Some(x), Some(y)) if level == Level::Detailed && same_columns(x, y) => {
                Some(checksum(&ta, x).await? == checksum(&tb, y).await?)
            }
            _ => None,
        };
        tables.push(TableComparison { table: q.to_string(), rows_here, rows_there, rows_equal });
    }
    let sequences = if level >= Level::Standard { sequences(&ta, &tb, &a, &b).await? } else { Vec::new() };
    ta.commit().await.map_err(ExecError::from)?;
    tb.commit().await.map_err(ExecError::from)?;
    Ok(Comparison { level, schema, tables, sequences })
}

async fn count(tx: &tokio_postgres::Transaction<'_>, t: Option<&Table>) -> Result<Option<i64>, ExecError> {
    let Some(t) = t else { return Ok(None) };
    Ok(Some(tx.query_one(&crate::sql::copy::count(t), &[]).await?.get(0)))
}

fn same_columns(x: &Table, y: &Table) -> bool {
    let names = |t: &Table| t.columns.iter().map(|c| (c.name.clone(), c.data_type.clone())).collect::<BTreeSet<_>>();
    names(x) == names(y)
}

async fn checksum(tx: &tokio_postgres::Transaction<'_>, t: &Table) -> Result<i64, ExecError> {
    Ok(tx.query_one(&crate::sql::copy::checksum(t), &[]).await?.get(0))
}

async fn sequences(
    ta: &tokio_postgres::Transaction<'_>,
    tb: &tokio_postgres::Transaction<'_>,
    a: &Schema,
    b: &Schema,
) -> Result<Vec<SequenceComparison>, ExecError> {
    let names: BTreeSet<&QualName> = a.sequences.keys().chain(b.sequences.keys()).collect();
    let mut out = Vec::new();
    for q in names {
        let here = sequence_value(ta, a.sequences.contains_key(q).then_some(q)).await?;
        let there = sequence_value(tb, b.sequences.contains_key(q).then_some(q)).await?;
        out.push(SequenceComparison { sequence: q.to_string(), here, there });
    }
    // Identity columns' sequences, by the server's name for them.
    for t in a.tables.values().filter(|t| b.tables.contains_key(&t.name)) {
        let there_has = |c: &str| b.tables[&t.name].column(c).is_some_and(|x| x.identity.is_some());
        for c in t.columns.iter().filter(|c| c.identity.is_some() && there_has(&c.name)) {
            let here = identity_value(ta, &t.name, &c.name).await?;
            let there = identity_value(tb, &t.name, &c.name).await?;
            out.push(SequenceComparison { sequence: format!("{}.{} (identity)", t.name, c.name), here, there });
        }
    }
    Ok(out)
}

async fn sequence_value(tx: &tokio_postgres::Transaction<'_>, q: Option<&QualName>) -> Result<Option<i64>, ExecError> {
    let Some(q) = q else { return Ok(None) };
    Ok(Some(tx.query_one(&crate::sql::copy::sequence_state(q), &[]).await?.get(0)))
}

async fn identity_value(
    tx: &tokio_postgres::Transaction<'_>,
    table: &QualName,
    column: &str,
) -> Result<Option<i64>, ExecError> {
    let named: Option<String> =
        tx.query_one(crate::sql::copy::IDENTITY_SEQUENCE, &[&crate::sql::qual(table), &column]).await?.get(0);
    let Some(named) = named else { return Ok(None) };
    Ok(Some(tx.query_one(&crate::sql::copy::sequence_state_of(&named), &[]).await?.get(0)))
}
