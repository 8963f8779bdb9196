//! Planning specs against a live database (or an empty one), taking the applied state
//! into account: applied migrations are up to date, partly applied ones keep the plan
//! they started with.

use super::{Error, ExecError};
use crate::model::Schema;
use crate::spec::{lower, validate_against, Spec};
use crate::sql::{render_plan, RenderedPlan};
use crate::state::{read_state, StateRow};
use serde::Serialize;
use tokio_postgres::Client;

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum MigrationState {
    /// Not applied yet.
    Pending,
    /// Some phases applied.
    Partial { applied_phase: u32 },
    /// Every phase applied.
    Applied,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlannedMigration {
    pub name: String,
    #[serde(flatten)]
    pub state: MigrationState,
    #[serde(flatten)]
    pub plan: RenderedPlan,
}

/// Every backfill that inserts rows needs its target's primary key or a unique constraint
/// (the sync trigger and the batches upsert on it).
fn keyed_targets(migration: &str, target: &crate::model::Target, offline: bool) -> Result<(), Error> {
    match target.backfills.iter().find(|b| !b.in_place() && b.conflict.is_empty()) {
        None => Ok(()),
        Some(b) => Err(Error::Exec(ExecError::UnkeyedTarget {
            migration: migration.into(),
            target: b.target.to_string(),
            help: if offline {
                "the spec does not declare it, so its key is unknown without a database: pass --database-url, or declare the table with its primary key in the spec"
            } else {
                "give it a primary key or a unique constraint (declared in the spec or already in the database)"
            },
        })),
    }
}

/// Plans every spec against an empty database, each after the ones before it.
/// References to tables outside the specs are not checked here (see `plan_online`).
pub fn plan_offline(specs: &[Spec]) -> Result<Vec<PlannedMigration>, Error> {
    plan_against(Schema::empty_database(), specs, false)
}

/// Plans specs one after the other against a schema read earlier (a catalog snapshot), with
/// no database: what the database-free test tier runs. With `complete`, the schema is the
/// whole database (a table the specs name must be in it or declared by them); otherwise
/// tables the specs do not declare are assumed to exist. Expressions and types are compared
/// as written, not as a server would print them.
pub fn plan_against(mut model: Schema, specs: &[Spec], complete: bool) -> Result<Vec<PlannedMigration>, Error> {
    let mut out = Vec::new();
    for spec in specs {
        let diags = validate_against(spec, &model, complete);
        if !diags.is_empty() {
            return Err(Error::Spec(crate::spec::Diagnostics(diags)));
        }
        let target = lower(spec, &model);
        keyed_targets(&spec.name, &target, true)?;
        let plan = crate::plan::plan(&model, &target).map_err(Error::plan(&spec.name))?;
        model = target.apply_to(&model);
        out.push(PlannedMigration {
            name: spec.name.clone(),
            state: MigrationState::Pending,
            plan: render_plan(&plan),
        });
    }
    Ok(out)
}

/// The live schema read over two sessions sharing one snapshot (an exported snapshot in
/// REPEATABLE READ), so that the server reads the catalog on two cores at once.
pub async fn read_live_parallel(
    client: &mut Client,
    helper: &mut Client,
    schemas: Option<Vec<String>>,
) -> Result<Schema, crate::catalog::CatalogError> {
    use tokio_postgres::IsolationLevel::RepeatableRead;
    let tx = client.build_transaction().isolation_level(RepeatableRead).read_only(true).start().await?;
    let snapshot: String = tx.query_one(crate::sql::EXPORT_SNAPSHOT, &[]).await?.get(0);
    let tx2 = helper.build_transaction().isolation_level(RepeatableRead).read_only(true).start().await?;
    tx2.batch_execute(&crate::sql::set_transaction_snapshot(&snapshot)).await?;
    tx.batch_execute(&crate::sql::probe::set_search_path(&[])).await?;
    tx2.batch_execute(&crate::sql::probe::set_search_path(&[])).await?;
    let s = crate::catalog::read_split(&tx, Some(&tx2), schemas).await?;
    tx2.commit().await?;
    tx.commit().await?;
    Ok(s)
}

/// The live schema, read in a read-only transaction with an empty search_path. Its
/// queries share one snapshot (REPEATABLE READ): constraints and indexes name their
/// columns from what the columns query returned.
pub async fn read_live(
    client: &mut Client,
    schemas: Option<Vec<String>>,
) -> Result<Schema, crate::catalog::CatalogError> {
    let tx = client
        .build_transaction()
        .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()
        .await?;
    tx.batch_execute(&crate::sql::probe::set_search_path(&[])).await?;
    let s = crate::catalog::read(&tx, schemas).await?;
    tx.commit().await?;
    Ok(s)
}

/// Refuses a spec whose text differs from the one applied, showing the difference.
pub(crate) fn check_unchanged(
    name: &str,
    checksum: &str,
    text: &str,
    label: &str,
    row: &StateRow,
) -> Result<(), Error> {
    if checksum == row.checksum {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(&row.spec, text)
        .unified_diff()
        .context_radius(2)
        .header("applied", label)
        .to_string();
    Err(Error::Exec(ExecError::SpecChanged {
        name: name.to_string(),
        applied: row.checksum[..12.min(row.checksum.len())].to_string(),
        now: checksum[..12.min(checksum.len())].to_string(),
        diff,
    }))
}

/// Names read as the spec reads them, for the rest of `tx`: its schema first, then public.
async fn spec_search_path(tx: &tokio_postgres::Transaction<'_>, spec: &Spec) -> Result<(), Error> {
    let schema = spec.body.schema.as_str();
    let path: Vec<&str> = if schema == "public" { vec![schema] } else { vec![schema, "public"] };
    tx.batch_execute(&crate::sql::probe::set_search_path(&path)).await.map_err(ExecError::from)?;
    Ok(())
}

/// The `up` and `down` of columns changed online, checked by the server against the
/// table's columns and types (nothing is read), each error at its place in the spec.
async fn check_versioned(
    client: &mut Client,
    live: &Schema,
    spec: &Spec,
    target: &crate::model::Target,
) -> Result<Vec<crate::spec::Diagnostic>, Error> {
    use crate::spec::Seg;
    let mut diags = Vec::new();
    if target.versioned.is_empty() {
        return Ok(diags);
    }
    let tx = client.transaction().await.map_err(ExecError::from)?;
    // As the spec's names are read: its schema first; its types there.
    spec_search_path(&tx, spec).await?;
    super::canonical::declared_types(&tx, live, target).await.map_err(Error::catalog(&spec.name))?;
    for (tname, ts) in &spec.body.tables {
        let q = crate::model::QualName::parse(tname, &spec.body.schema);
        for (cname, cs) in ts.columns.iter().filter(|(_, c)| c.up.is_some()) {
            let Some(v) = target.versioned.iter().find(|v| v.table == q && v.name() == cname) else {
                continue;
            };
            let Some(new_type) =
                target.schema.tables.get(&q).and_then(|t| t.column(&v.shadow)).map(|c| c.data_type.clone())
            else {
                continue;
            };
            let at = |key: &str| -> Vec<Seg> {
                ["tables", tname.as_str(), "columns", cname.as_str(), key]
                    .iter()
                    .map(|p| Seg::Key(p.to_string()))
                    .collect()
            };
            let probes = [
                (
                    "up",
                    crate::sql::probe::up_probe(v, cs.up.as_deref().unwrap_or_default(), &new_type),
                    new_type.clone(),
                ),
                ("down", crate::sql::probe::down_probe(v, &new_type), v.old.data_type.clone()),
            ];
            for (key, sql, ty) in probes {
                tx.batch_execute(crate::sql::probe::SAVEPOINT).await.map_err(ExecError::from)?;
                if let Err(e) = tx.batch_execute(&sql).await {
                    let place = if key == "down" && cs.down.is_none() { at("type") } else { at(key) };
                    diags.push(
                        spec.at_value(
                            &place,
                            format!(
                                "`{key}` does not give a value of type {ty} for `{q}.{cname}`: {}",
                                phaseshift_pg::pg_message_line(&e)
                            ),
                            (key == "down" && cs.down.is_none())
                                .then(|| "there is no cast back to the old type: write `down`".to_string()),
                        ),
                    );
                }
                tx.batch_execute(crate::sql::probe::ROLLBACK_TO_SAVEPOINT).await.map_err(ExecError::from)?;
            }
        }
    }
    tx.rollback().await.map_err(ExecError::from)?;
    Ok(diags)
}

/// The functions and procedures the spec's grants name, looked up by the server as GRANT
/// would find them (the spec's schema first): one it does not know is reported where it is
/// named, rather than failing the apply (a grant) or doing nothing (a revoke).
async fn check_routines(client: &mut Client, spec: &Spec) -> Result<Vec<crate::spec::Diagnostic>, Error> {
    use crate::spec::format::GrantTarget;
    use crate::spec::Seg;
    let mut diags = Vec::new();
    let routines: Vec<(usize, &str)> = (spec.body.grants.iter().enumerate())
        .filter(|(_, g)| matches!(g.on, GrantTarget::Function | GrantTarget::Procedure))
        .map(|(i, g)| (i, g.name.as_str()))
        .collect();
    if routines.is_empty() {
        return Ok(diags);
    }
    let tx = client.transaction().await.map_err(ExecError::from)?;
    spec_search_path(&tx, spec).await?;
    for (i, name) in routines {
        tx.batch_execute(crate::sql::probe::SAVEPOINT).await.map_err(ExecError::from)?;
        let found = match tx.query_opt(crate::sql::probe::ROUTINE_BY_SIGNATURE, &[&name]).await {
            Ok(row) => row.is_some().then_some(()).ok_or_else(|| "no such function or procedure".to_string()),
            Err(e) => Err(phaseshift_pg::pg_message_line(&e)),
        };
        if let Err(why) = found {
            diags.push(spec.at_value(
                &[Seg::Key("grants".into()), Seg::Index(i), Seg::Key("name".into())],
                format!("`{name}` is not a routine of the database: {why}"),
                Some("name an existing function or procedure by its argument types; one that an earlier migration creates must be applied before this one is planned".into()),
            ));
        }
        tx.batch_execute(crate::sql::probe::ROLLBACK_TO_SAVEPOINT).await.map_err(ExecError::from)?;
    }
    tx.rollback().await.map_err(ExecError::from)?;
    Ok(diags)
}

/// Plans one spec against `before` on a live server (validated and canonicalized there).
pub(crate) async fn plan_one(
    client: &mut Client,
    live: &Schema,
    before: &Schema,
    spec: &Spec,
) -> Result<(crate::model::Target, RenderedPlan), Error> {
    let mut diags = validate_against(spec, before, true);
    diags.extend(crate::spec::validate_data_against(spec, before));
    if !diags.is_empty() {
        return Err(Error::Spec(crate::spec::Diagnostics(diags)));
    }
    let mut target = lower(spec, before);
    keyed_targets(&spec.name, &target, false)?;
    super::canonical::canonicalize(client, live, before, &mut target, &spec.body.schema)
        .await
        .map_err(Error::catalog(&spec.name))?;
    let mut diags = check_versioned(client, live, spec, &target).await?;
    diags.extend(check_routines(client, spec).await?);
    if !diags.is_empty() {
        return Err(Error::Spec(crate::spec::Diagnostics(diags)));
    }
    let plan = crate::plan::plan(before, &target).map_err(Error::plan(&spec.name))?;
    super::conversions::check(client, before, &plan).await?;
    Ok((target, render_plan(&plan)))
}

/// Plans every spec against the live database and its applied state.
pub async fn plan_online(client: &mut Client, specs: &[Spec]) -> Result<Vec<PlannedMigration>, Error> {
    let state = read_state(client).await?;
    let live = read_live(client, None).await.map_err(Error::catalog("live database"))?;
    let mut model = live.clone();
    let mut out = Vec::new();
    for spec in specs {
        if let Some(row) = state.iter().find(|r| r.name == spec.name) {
            check_unchanged(&spec.name, &spec.checksum, &spec.text, &spec.file.display().to_string(), row)?;
            let st = if row.applied_phase >= row.phase_count {
                MigrationState::Applied
            } else {
                MigrationState::Partial { applied_phase: row.applied_phase as u32 }
            };
            out.push(PlannedMigration { name: spec.name.clone(), state: st, plan: row.plan.clone() });
            continue;
        }
        let (target, plan) = plan_one(client, &live, &model, spec).await?;
        model = target.apply_to(&model);
        out.push(PlannedMigration { name: spec.name.clone(), state: MigrationState::Pending, plan });
    }
    Ok(out)
}

/// What still differs between the live database and what the specs declare (planned as if
/// none of them had been applied): declared objects that differ, retired objects still there.
pub async fn drift(client: &mut Client, specs: &[Spec]) -> Result<Vec<crate::diff::Change>, Error> {
    let live = read_live(client, None).await.map_err(Error::catalog("live database"))?;
    let mut model = live.clone();
    let mut declared = Schema::default();
    let mut retired = Vec::new();
    let mut revoked = std::collections::BTreeSet::new();
    for spec in specs {
        let diags = validate_against(spec, &model, true);
        if !diags.is_empty() {
            return Err(Error::Spec(crate::spec::Diagnostics(diags)));
        }
        let mut target = lower(spec, &model);
        super::canonical::canonicalize(client, &live, &model, &mut target, &spec.body.schema)
            .await
            .map_err(Error::catalog(&spec.name))?;
        model = target.apply_to(&model);
        // Later specs override earlier ones: keep the latest declaration of each object.
        for (q, t) in &target.final_tables() {
            let d = declared.tables.entry(q.clone()).or_insert_with(|| crate::model::Table::new(q.clone()));
            for c in &t.columns {
                d.columns.retain(|x| x.name != c.name);
                d.columns.push(c.clone());
            }
            for c in &t.constraints {
                d.constraints.retain(|x| x.name != c.name);
                d.constraints.push(c.clone());
            }
            // The table's own settings, as the latest spec declares them.
            (d.row_security, d.force_row_security) = (t.row_security, t.force_row_security);
            if !t.options.is_empty() {
                d.options = t.options.clone();
            }
            if t.replica_identity.is_some() {
                d.replica_identity = t.replica_identity.clone();
            }
            if t.cluster_on.is_some() {
                d.cluster_on = t.cluster_on.clone();
            }
            if t.comment.is_some() {
                d.comment = t.comment.clone();
            }
        }
        declared.indexes.extend(target.schema.indexes.clone());
        declared.views.extend(target.schema.views.clone());
        declared.policies.extend(target.schema.policies.clone());
        // The latest spec's word on a privilege holds: granted again, or taken away.
        revoked.retain(|g| !target.schema.grants.contains(g));
        declared.grants.retain(|g| !target.revoked.contains(g));
        declared.grants.extend(target.schema.grants.iter().cloned());
        revoked.extend(target.revoked.iter().cloned());
        declared.default_grants.extend(target.schema.default_grants.iter().cloned());
        declared.enums.extend(target.schema.enums.clone());
        declared.composites.extend(target.schema.composites.clone());
        retired.extend(target.retire.clone());
    }
    let mut changes = crate::diff::diff(&live, &declared, &crate::diff::Scope::Declared { revoked });
    for r in retired {
        let still = match &r {
            crate::model::Retire::Table { table } => {
                live.tables.get(table).cloned().map(|t| crate::diff::Change::DropTable { table: t })
            }
            crate::model::Retire::View { view } => {
                live.views.get(view).cloned().map(|v| crate::diff::Change::DropView { view: v })
            }
            crate::model::Retire::Index { index } => {
                live.indexes.get(index).cloned().map(|i| crate::diff::Change::DropIndex { index: i })
            }
            crate::model::Retire::Column { table, column } => live
                .tables
                .get(table)
                .and_then(|t| t.column(column))
                .cloned()
                .map(|c| crate::diff::Change::DropColumn { table: table.clone(), column: c, only: false }),
            crate::model::Retire::Constraint { table, constraint } => live
                .tables
                .get(table)
                .and_then(|t| t.constraint(constraint))
                .cloned()
                .map(|c| crate::diff::Change::DropConstraint { table: table.clone(), constraint: c }),
        };
        changes.extend(still);
    }
    Ok(changes)
}

/// The plan that would bring the live database to a whole-schema target (SQL files,
/// loaded into a scratch database on this server, or another database), without applying
/// or recording anything: what `plan` and `sql` show for such a target.
pub async fn plan_schema_target(
    client: &mut Client,
    url: &str,
    target: &super::Source,
) -> Result<PlannedMigration, Error> {
    let (schema, _) = super::read_source(target, &super::Scratch::at(url.to_string())).await?;
    let live = read_live(client, None).await.map_err(Error::catalog("live database"))?;
    let name = target.describe();
    let plan = crate::plan::plan_full(&live, &schema, &crate::diff::Filter::default()).map_err(Error::plan(&name))?;
    super::conversions::check(client, &live, &plan).await?;
    Ok(PlannedMigration { name, state: MigrationState::Pending, plan: render_plan(&plan) })
}
