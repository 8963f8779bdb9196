//! Canonicalization: the server, not us, decides how a declared type or expression is
//! stored. Declared tables, checks, indexes and views are created as temporary objects
//! in a transaction that is always rolled back, read back through the same catalog
//! queries, and their canonical text copied into the target. A definition the server
//! rejects is reported here, before anything is planned or applied.

use crate::catalog::{read, CatalogError};
use crate::model::{ConstraintKind, QualName, Schema, Target};
use crate::sql::probe as sqlp;
use tokio_postgres::{Client, Transaction};

/// `live` is what the server has now; `before` the schema the target applies to (live, or
/// live plus earlier migrations not applied yet).
pub async fn canonicalize(
    client: &mut Client,
    live: &Schema,
    before: &Schema,
    target: &mut Target,
    default_schema: &str,
) -> Result<(), CatalogError> {
    // A column changed online keeps the new version's default apart until contract: it is
    // probed on its new column, and taken back canonical.
    set_version_defaults(target, true);
    let after = target.apply_before_contract(before);
    let tx = client.transaction().await?;
    let mut path = vec![default_schema];
    if default_schema != "public" {
        path.push("public");
    }
    tx.batch_execute(&sqlp::set_search_path(&path)).await?;
    let mut probes = Probes::default();
    declared_types(&tx, live, target).await?;
    routine_grants(&tx, target).await?;
    probes.tables(&tx, &after, target).await?;
    probes.indexes(&tx, target).await?;
    probes.views(&tx, live, target).await?;
    mark_volatile(&tx, live, target).await?;
    tx.batch_execute(&sqlp::set_search_path(&[])).await?;
    // No temporary schema when nothing was probed (a spec that declares no tables, indexes
    // or views: a retirement, a backfill into an existing table).
    let Some(temp_schema) = tx.query_opt(sqlp::TEMP_SCHEMA, &[]).await?.map(|r| r.get::<_, String>(0)) else {
        tx.rollback().await?;
        set_version_defaults(target, false);
        return Ok(());
    };
    let probed = read(&tx, Some(vec![temp_schema.clone()])).await?;
    tx.rollback().await?;
    probes.copy_back(&probed, &temp_schema, target);
    set_version_defaults(target, false);
    Ok(())
}

/// Routines the spec grants or revokes privileges on, named as the catalog names them (their
/// schema by the search path, their parameters' names, an aggregate's plain argument
/// types), so that the comparison finds them. One the server does not know yet (created by
/// an earlier migration not yet applied) stays as written: GRANT resolves it when it runs.
async fn routine_grants(tx: &Transaction<'_>, target: &mut Target) -> Result<(), CatalogError> {
    use crate::model::{Grant, GrantOn, RoutineKind};
    let mut resolved = std::collections::BTreeMap::new();
    for g in target.schema.grants.iter().chain(&target.revoked) {
        let GrantOn::Routine { name, grant_args, .. } = &g.on else { continue };
        if resolved.contains_key(&g.on) {
            continue;
        }
        // (A type the server does not know is an error here: planning reports it where the
        // spec names the routine.)
        tx.batch_execute(sqlp::SAVEPOINT).await?;
        let row = tx.query_opt(sqlp::ROUTINE_BY_SIGNATURE, &[&sqlp::signature(name, grant_args)]).await;
        tx.batch_execute(sqlp::ROLLBACK_TO_SAVEPOINT).await?;
        if let Ok(Some(r)) = row {
            let kind = match r.get::<_, String>(4).as_str() {
                "p" => RoutineKind::Procedure,
                "a" => RoutineKind::Aggregate,
                _ => RoutineKind::Function,
            };
            let on = GrantOn::Routine {
                name: QualName::new(r.get::<_, String>(0), r.get::<_, String>(1)),
                kind,
                identity_args: r.get(2),
                grant_args: r.get(3),
            };
            resolved.insert(g.on.clone(), on);
        }
    }
    let rename = |set: &std::collections::BTreeSet<Grant>| {
        set.iter()
            .map(|g| Grant { on: resolved.get(&g.on).cloned().unwrap_or_else(|| g.on.clone()), ..g.clone() })
            .collect()
    };
    target.schema.grants = rename(&target.schema.grants);
    target.revoked = rename(&target.revoked);
    Ok(())
}

/// Moves the defaults of columns changed online onto their new columns (`on`), or back.
fn set_version_defaults(target: &mut Target, on: bool) {
    for v in &mut target.versioned {
        let Some(c) =
            target.schema.tables.get_mut(&v.table).and_then(|t| t.columns.iter_mut().find(|c| c.name == v.shadow))
        else {
            continue;
        };
        if on {
            c.default = v.default.clone();
        } else {
            v.default = c.default.take();
        }
    }
}

/// The declared objects created as temporary ones, by the name each was probed under.
#[derive(Default)]
struct Probes {
    /// `ps_probe_{i}` is table `tables[i]`.
    tables: Vec<QualName>,
    /// `ps_probe_ix_{j}` is index `indexes[j]`.
    indexes: Vec<QualName>,
    /// `ps_probe_v_{k}` is view `q`, for each `(k, q)`.
    views: Vec<(usize, QualName)>,
}

/// Declared types the database does not have yet, created (for this transaction alone, which
/// is rolled back) so that declared columns and expressions can use them.
pub(crate) async fn declared_types(tx: &Transaction<'_>, live: &Schema, target: &Target) -> Result<(), CatalogError> {
    use crate::plan::{Op, TypeOp};
    let enums = target.schema.enums.values().filter(|e| !live.enums.contains_key(&e.name));
    let mut ops: Vec<Op> = enums.map(|e| Op::Type(TypeOp::CreateEnum { e: e.clone() })).collect();
    let composites = target.schema.composites.values().filter(|c| !live.composites.contains_key(&c.name));
    ops.extend(composites.map(|c| Op::Type(TypeOp::CreateComposite { c: c.clone() })));
    for op in ops {
        for st in crate::sql::render(&op) {
            tx.batch_execute(&st.sql).await.map_err(|e| rejected("type", &e))?;
        }
    }
    Ok(())
}

impl Probes {
    async fn tables(&mut self, tx: &Transaction<'_>, after: &Schema, target: &Target) -> Result<(), CatalogError> {
        // Partitioned tables before their partitions, which are probed as partitions of them.
        let mut tables: Vec<&crate::model::Table> = target.schema.tables.values().collect();
        tables.sort_by_key(|t| t.partition_of.is_some());
        self.tables = tables.iter().map(|t| t.name.clone()).collect();
        for (i, q) in self.tables.iter().enumerate() {
            let Some(full) = after.tables.get(q) else {
                continue;
            };
            if let Some((parent, bound)) = &target.schema.tables[q].partition_of {
                if let Some(j) = self.tables.iter().position(|t| t == parent).filter(|j| *j < i) {
                    let sql = sqlp::create_temp_partition(&format!("ps_probe_{i}"), &format!("ps_probe_{j}"), bound);
                    tx.batch_execute(&sql).await.map_err(|e| rejected(&format!("partition {q}"), &e))?;
                }
                continue;
            }
            let mut cols = full.columns.clone();
            for c in &mut cols {
                // A serial's sequence would be a temporary one: keep the declared default.
                if c.default.as_deref().is_some_and(|d| d.starts_with("nextval(")) {
                    c.default = None;
                }
            }
            let declared = &target.schema.tables[q];
            // Checks, and constraints kept whole (exclusion, keys with INCLUDE), which the
            // server prints in its own words.
            let checks: Vec<_> = declared
                .constraints
                .iter()
                .filter(|c| matches!(c.kind, ConstraintKind::Check { .. } | ConstraintKind::Raw { .. }))
                .collect();
            let sql =
                sqlp::create_temp_table(&format!("ps_probe_{i}"), &cols, &checks, declared.partition_by.as_deref());
            tx.batch_execute(&sql).await.map_err(|e| rejected(&format!("table {q}"), &e))?;
            // Its declared policies, whose expressions the server prints in its own words.
            for p in target.schema.policies.values().filter(|p| &p.table == q) {
                let probe =
                    crate::model::Policy { table: QualName::new("pg_temp", format!("ps_probe_{i}")), ..p.clone() };
                // One that reads a table the spec creates cannot be probed before it exists:
                // it is kept as written.
                tx.batch_execute(sqlp::SAVEPOINT).await?;
                for st in crate::sql::render(&crate::plan::Op::Policy(crate::plan::PolicyOp::CreatePolicy { p: probe }))
                {
                    match tx.batch_execute(&st.sql).await {
                        // (A missing table only: a missing role or function is an error.)
                        Err(e) if e.code() == Some(&tokio_postgres::error::SqlState::UNDEFINED_TABLE) => {
                            tx.batch_execute(sqlp::ROLLBACK_TO_SAVEPOINT).await?;
                            break;
                        }
                        Err(e) => return Err(rejected(&format!("policy {} on {q}", p.name), &e)),
                        Ok(()) => {}
                    }
                }
            }
        }
        Ok(())
    }

    async fn indexes(&mut self, tx: &Transaction<'_>, target: &Target) -> Result<(), CatalogError> {
        self.indexes = target.schema.indexes.keys().cloned().collect();
        for (j, iq) in self.indexes.iter().enumerate() {
            let ix = &target.schema.indexes[iq];
            let Some(ti) = self.tables.iter().position(|t| *t == ix.table) else {
                continue;
            };
            let sql = sqlp::create_temp_index(&format!("ps_probe_ix_{j}"), &format!("ps_probe_{ti}"), ix);
            tx.batch_execute(&sql).await.map_err(|e| rejected(&format!("index {iq}"), &e))?;
        }
        Ok(())
    }

    /// Only views over relations that exist already can be probed; the others are
    /// compared as written (and checked by the server when applied).
    async fn views(&mut self, tx: &Transaction<'_>, live: &Schema, target: &Target) -> Result<(), CatalogError> {
        for (k, (vq, v)) in target.schema.views.iter().enumerate() {
            let rels = phaseshift_pg::sqlparse::relations(&v.query).unwrap_or_default();
            let all_exist = rels.iter().all(|r| {
                let rq = QualName::parse(r, &vq.schema);
                live.has_relation(&rq)
                    || (!r.contains('.') && live.has_relation(&QualName::new("public", rq.name.clone())))
            });
            if !all_exist {
                continue;
            }
            tx.batch_execute("SAVEPOINT ps_view").await?;
            tx.batch_execute(&sqlp::create_temp_view(&format!("ps_probe_v_{k}"), &v.query))
                .await
                .map_err(|e| rejected(&format!("view {vq}"), &e))?;
            tx.batch_execute("RELEASE SAVEPOINT ps_view").await?;
            self.views.push((k, vq.clone()));
        }
        Ok(())
    }

    /// The server's text of each probed object, copied into the target.
    fn copy_back(&self, probed: &Schema, temp_schema: &str, target: &mut Target) {
        let probe = |name: String| QualName::new(temp_schema, name);
        for (i, q) in self.tables.iter().enumerate() {
            let (Some(p), Some(t)) =
                (probed.tables.get(&probe(format!("ps_probe_{i}"))), target.schema.tables.get_mut(q))
            else {
                continue;
            };
            if t.partition_by.is_some() {
                t.partition_by = p.partition_by.clone();
            }
            if let (Some((_, bound)), Some((_, canon))) = (&mut t.partition_of, &p.partition_of) {
                *bound = canon.clone();
            }
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
            for ((pt, name), pol) in target.schema.policies.iter_mut() {
                if pt == q {
                    if let Some(canon) = probed.policies.get(&(probe(format!("ps_probe_{i}")), name.clone())) {
                        // With a subquery, the server names the policy's own columns by their
                        // table: the probe's name, which becomes the table's.
                        let own =
                            |e: &Option<String>| e.as_ref().map(|e| sqlp::as_table(e, &format!("ps_probe_{i}"), q));
                        pol.using = own(&canon.using);
                        pol.check = own(&canon.check);
                        pol.roles = canon.roles.clone();
                    }
                }
            }
            for c in &mut t.constraints {
                match (&mut c.kind, p.constraint(&c.name).map(|pc| &pc.kind)) {
                    (ConstraintKind::Check { expr }, Some(ConstraintKind::Check { expr: canon })) => {
                        *expr = canon.clone()
                    }
                    (ConstraintKind::Raw { definition, .. }, Some(ConstraintKind::Raw { definition: canon, .. })) => {
                        *definition = canon.clone()
                    }
                    _ => {}
                }
            }
        }
        for (j, iq) in self.indexes.iter().enumerate() {
            if let (Some(p), Some(ix)) =
                (probed.indexes.get(&probe(format!("ps_probe_ix_{j}"))), target.schema.indexes.get_mut(iq))
            {
                ix.keys = p.keys.clone();
                ix.predicate = p.predicate.clone();
                ix.method = p.method.clone();
            }
        }
        for (k, vq) in &self.views {
            if let (Some(p), Some(v)) =
                (probed.views.get(&probe(format!("ps_probe_v_{k}"))), target.schema.views.get_mut(vq))
            {
                v.query = p.query.clone();
            }
        }
    }
}

/// Backfill expressions that are not immutable (an index over them is refused): their
/// values cannot be computed again by the check.
async fn mark_volatile(tx: &Transaction<'_>, live: &Schema, target: &mut Target) -> Result<(), CatalogError> {
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
    Ok(())
}

fn rejected(object: &str, e: &tokio_postgres::Error) -> CatalogError {
    let message = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    };
    CatalogError::Rejected { object: object.to_string(), message }
}
