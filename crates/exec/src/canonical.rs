//! Canonicalization: the server, not us, decides how a declared type or expression is
//! stored. Declared tables, checks, indexes and views are created as temporary objects
//! in a transaction that is always rolled back, read back through the same catalog
//! queries, and their canonical text copied into the target. A definition the server
//! rejects is reported here, before anything is planned or applied.

use crate::catalog::{read, CatalogError};
use crate::model::{ConstraintKind, QualName, Schema, Target};
use crate::sql::probe as sqlp;
use tokio_postgres::Client;

/// `live` is what the server has now; `before` the schema the target applies to (live, or
/// live plus earlier migrations not applied yet).
pub async fn canonicalize(
    client: &mut Client,
    live: &Schema,
    before: &Schema,
    target: &mut Target,
    default_schema: &str,
) -> Result<(), CatalogError> {
    let after = target.apply_to(before);
    let tx = client.transaction().await?;
    let mut path = vec![default_schema];
    if default_schema != "public" {
        path.push("public");
    }
    tx.batch_execute(&sqlp::set_search_path(&path)).await?;
    let tables: Vec<QualName> = target.schema.tables.keys().cloned().collect();
    for (i, q) in tables.iter().enumerate() {
        let Some(full) = after.tables.get(q) else {
            continue;
        };
        let mut cols = full.columns.clone();
        for c in &mut cols {
            // A serial's sequence would be a temporary one: keep the declared default.
            if c.default.as_deref().is_some_and(|d| d.starts_with("nextval(")) {
                c.default = None;
            }
        }
        let declared = &target.schema.tables[q];
        let checks: Vec<_> =
            declared.constraints.iter().filter(|c| matches!(c.kind, ConstraintKind::Check { .. })).collect();
        let sql = sqlp::create_temp_table(&format!("ps_probe_{i}"), &cols, &checks);
        tx.batch_execute(&sql).await.map_err(|e| rejected(&format!("table {q}"), &e))?;
    }
    let indexes: Vec<QualName> = target.schema.indexes.keys().cloned().collect();
    for (j, iq) in indexes.iter().enumerate() {
        let ix = &target.schema.indexes[iq];
        let Some(ti) = tables.iter().position(|t| *t == ix.table) else {
            continue;
        };
        let sql = sqlp::create_temp_index(&format!("ps_probe_ix_{j}"), &format!("ps_probe_{ti}"), ix);
        tx.batch_execute(&sql).await.map_err(|e| rejected(&format!("index {iq}"), &e))?;
    }
    let views: Vec<QualName> = target.schema.views.keys().cloned().collect();
    let mut probed_views = Vec::new();
    for (k, vq) in views.iter().enumerate() {
        let v = &target.schema.views[vq];
        // Only views over relations that exist already can be probed; the others are
        // compared as written (and checked by the server when applied).
        let rels = phaseshift_pg::sqlparse::relations(&v.query).unwrap_or_default();
        let all_exist = rels.iter().all(|r| {
            let rq = QualName::parse(r, &vq.schema);
            live.has_relation(&rq) || (!r.contains('.') && live.has_relation(&QualName::new("public", rq.name.clone())))
        });
        if !all_exist {
            continue;
        }
        tx.batch_execute("SAVEPOINT ps_view").await?;
        match tx.batch_execute(&sqlp::create_temp_view(&format!("ps_probe_v_{k}"), &v.query)).await {
            Ok(()) => {
                tx.batch_execute("RELEASE SAVEPOINT ps_view").await?;
                probed_views.push((k, vq.clone()));
            }
            Err(e) => return Err(rejected(&format!("view {vq}"), &e)),
        }
    }
    // Backfill expressions that are not immutable (an index over them is refused): their
    // values cannot be computed again by the check.
    let mut volatile = Vec::new();
    for (bi, b) in target.backfills.iter().enumerate() {
        if !live.tables.contains_key(&b.source) {
            continue;
        }
        for (mi, m) in b.mappings.iter().enumerate() {
            tx.batch_execute(sqlp::SAVEPOINT).await?;
            match tx.batch_execute(&sqlp::immutability_probe(&format!("ps_vol_{bi}_{mi}"), &b.source, &m.expr)).await {
                Err(e) if e.as_db_error().is_some_and(|d| d.code().code() == "42P17") => volatile.push((bi, mi)),
                // Any other problem with the expression is reported when it is planned or run.
                _ => {}
            }
            tx.batch_execute(sqlp::ROLLBACK_TO_SAVEPOINT).await?;
        }
    }
    for (bi, mi) in volatile {
        target.backfills[bi].mappings[mi].volatile = true;
    }
    tx.batch_execute(&sqlp::set_search_path(&[])).await?;
    // No temporary schema when nothing was probed (a spec that declares no tables, indexes
    // or views: a retirement, a backfill into an existing table).
    let Some(temp_schema) = tx.query_opt(sqlp::TEMP_SCHEMA, &[]).await?.map(|r| r.get::<_, String>(0)) else {
        tx.rollback().await?;
        return Ok(());
    };
    let probed = read(&tx, Some(vec![temp_schema.clone()])).await?;
    tx.rollback().await?;

    for (i, q) in tables.iter().enumerate() {
        let Some(p) = probed.tables.get(&QualName::new(temp_schema.clone(), format!("ps_probe_{i}"))) else {
            continue;
        };
        let Some(t) = target.schema.tables.get_mut(q) else {
            continue;
        };
        for c in &mut t.columns {
            if let Some(pc) = p.column(&c.name) {
                c.data_type = pc.data_type.clone();
                c.generated = pc.generated.clone();
                c.collation = pc.collation.clone();
                if !c.default.as_deref().is_some_and(|d| d.starts_with("nextval(")) {
                    c.default = pc.default.clone();
                }
            }
        }
        for c in &mut t.constraints {
            if let (ConstraintKind::Check { expr }, Some(pc)) = (&mut c.kind, p.constraint(&c.name)) {
                if let ConstraintKind::Check { expr: canon } = &pc.kind {
                    *expr = canon.clone();
                }
            }
        }
    }
    for (j, iq) in indexes.iter().enumerate() {
        let Some(p) = probed.indexes.get(&QualName::new(temp_schema.clone(), format!("ps_probe_ix_{j}"))) else {
            continue;
        };
        if let Some(ix) = target.schema.indexes.get_mut(iq) {
            ix.keys = p.keys.clone();
            ix.predicate = p.predicate.clone();
            ix.method = p.method.clone();
        }
    }
    for (k, vq) in probed_views {
        if let (Some(p), Some(v)) = (
            probed.views.get(&QualName::new(temp_schema.clone(), format!("ps_probe_v_{k}"))),
            target.schema.views.get_mut(&vq),
        ) {
            v.query = p.query.clone();
        }
    }
    Ok(())
}

fn rejected(object: &str, e: &tokio_postgres::Error) -> CatalogError {
    let message = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    };
    CatalogError::Rejected { object: object.to_string(), message }
}
