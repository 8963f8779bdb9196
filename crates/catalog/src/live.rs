use super::CatalogError;
use crate::model::{
    Collation, Column, CompositeType, Constraint, ConstraintKind, DefaultGrant, Domain, EnumType, Extension, FkAction,
    ForeignKey, Function, Grant, GrantOn, Identity, Index, IndexKey, KeyExpr, ObjRef, Policy, QualName, RoutineKind,
    Schema, Sequence, Table, Trigger, View,
};
use tokio_postgres::{GenericClient, Row};

const SCHEMAS: &str = include_str!("../sql/catalog/schemas.sql");
const TABLES: &str = include_str!("../sql/catalog/tables.sql");
const COLUMNS: &str = include_str!("../sql/catalog/columns.sql");
const CONSTRAINTS: &str = include_str!("../sql/catalog/constraints.sql");
const INDEXES: &str = include_str!("../sql/catalog/indexes.sql");
const VIEWS: &str = include_str!("../sql/catalog/views.sql");
const EXTENSIONS: &str = include_str!("../sql/catalog/extensions.sql");
const TYPES: &str = include_str!("../sql/catalog/types.sql");
const COLLATIONS: &str = include_str!("../sql/catalog/collations.sql");
const SEQUENCES: &str = include_str!("../sql/catalog/sequences.sql");
const FUNCTIONS: &str = include_str!("../sql/catalog/functions.sql");
const TRIGGERS: &str = include_str!("../sql/catalog/triggers.sql");
const POLICIES: &str = include_str!("../sql/catalog/policies.sql");
const GRANTS: &str = include_str!("../sql/catalog/grants.sql");
const DEFAULT_GRANTS: &str = include_str!("../sql/catalog/default_grants.sql");
const VIEW_DEPS: &str = include_str!("../sql/catalog/view_deps.sql");
const SCHEMA_COMMENTS: &str = include_str!("../sql/catalog/schema_comments.sql");

fn qn(r: &Row, schema: &str, name: &str) -> QualName {
    QualName::new(r.get::<_, String>(schema), r.get::<_, String>(name))
}

/// `"a"."b"` or `a.b` as quote_ident printed it, back to a name.
/// A catalog query with each `IN_SCOPE(expr)` (a schema name) replaced by the one test of
/// which schemas a read covers: those named in `$1`, or, when `$1` is NULL, all but the
/// system schemas and phaseshift's own.
pub(crate) fn scoped(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 256);
    let mut rest = sql;
    while let Some(i) = rest.find("IN_SCOPE(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "IN_SCOPE(".len()..];
        let end = after.find(')').unwrap_or(after.len());
        let x = &after[..end];
        out.push_str(&format!(
            "CASE WHEN $1::text[] IS NULL THEN {x} !~ '^pg_' AND {x} NOT IN ('information_schema', '{}', '{}') \
             ELSE {x} = ANY ($1::text[]) END",
            crate::model::STATE_SCHEMA,
            crate::model::ARCHIVE_SCHEMA
        ));
        rest = &after[(end + 1).min(after.len())..];
    }
    out.push_str(rest);
    out
}

/// Runs a catalog query (see [`scoped`]).
async fn scoped_query<X: GenericClient + Sync>(
    x: &X,
    sql: &str,
    p: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Vec<Row>, tokio_postgres::Error> {
    x.query(&scoped(sql), p).await
}

fn parse_quoted(s: &str) -> QualName {
    QualName::parse(s, "public")
}

/// Reads the schemas named (all user schemas when `None`). The caller's session must run
/// with `search_path = ''` so that expressions print schema-qualified. All queries are
/// sent at once: tokio-postgres pipelines them on the one connection.
pub async fn read<C: GenericClient + Sync>(client: &C, schemas: Option<Vec<String>>) -> Result<Schema, CatalogError> {
    read_split(client, None::<&C>, schemas).await
}

type Rows = Result<Vec<Row>, tokio_postgres::Error>;

async fn second_group<X: GenericClient + Sync>(
    x: &X,
    p: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> (Rows, Rows, Rows, Rows, Rows, Rows, Rows) {
    tokio::join!(
        scoped_query(x, crate::kinds::aggregate::QUERY, p),
        scoped_query(x, INDEXES, p),
        scoped_query(x, VIEWS, p),
        scoped_query(x, GRANTS, p),
        scoped_query(x, VIEW_DEPS, p),
        scoped_query(x, POLICIES, p),
        scoped_query(x, TYPES, p),
    )
}

/// Like [`read`], with half of the queries sent on `helper`, a
/// second session on the same snapshot, so that the server works on both at once.
pub async fn read_split<C: GenericClient + Sync, H: GenericClient + Sync>(
    client: &C,
    helper: Option<&H>,
    schemas: Option<Vec<String>>,
) -> Result<Schema, CatalogError> {
    let p: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&schemas];
    // Two groups of about equal server time; all queries of a group are pipelined.
    let other = async {
        match helper {
            Some(h) => second_group(h, &p).await,
            None => second_group(client, &p).await,
        }
    };
    let ((s, t, c, k, ext, coll, seq, fun, trg, dgr, sc), (agg, i, v, gr, deps, pol, ty)) = tokio::join!(
        async {
            tokio::join!(
                scoped_query(client, SCHEMAS, &p),
                scoped_query(client, TABLES, &p),
                scoped_query(client, COLUMNS, &p),
                scoped_query(client, CONSTRAINTS, &p),
                client.query(EXTENSIONS, &[]),
                scoped_query(client, COLLATIONS, &p),
                scoped_query(client, SEQUENCES, &p),
                scoped_query(client, FUNCTIONS, &p),
                scoped_query(client, TRIGGERS, &p),
                scoped_query(client, DEFAULT_GRANTS, &p),
                scoped_query(client, SCHEMA_COMMENTS, &p),
            )
        },
        other
    );
    let mut out = Schema::default();
    read_schemas(s?, &mut out);
    read_tables(t?, &mut out);
    read_columns(c?, &mut out);
    read_constraints(k?, &mut out);
    read_indexes(i?, &mut out);
    read_views(v?, &mut out);
    read_extensions(ext?, &mut out);
    read_types(ty?, &mut out);
    read_collations(coll?, &mut out);
    read_sequences(seq?, &mut out);
    read_functions(fun?, &mut out);
    crate::kinds::aggregate::read(&agg?, &mut out);
    read_triggers(trg?, &mut out);
    read_policies(pol?, &mut out);
    read_grants(gr?, &mut out);
    read_default_grants(dgr?, &mut out);
    read_view_deps(deps?, &mut out);
    read_schema_comments(sc?, &mut out);
    Ok(out)
}

fn read_schemas(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        out.schemas.insert(r.get("name"));
    }
}

fn read_tables(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let q = qn(&r, "schema", "name");
        let mut table = Table::new(q.clone());
        table.unlogged = r.get("unlogged");
        table.partition_by = r.get("partition_by");
        if let (Some(ps), Some(pn), Some(bound)) = (
            r.get::<_, Option<String>>("parent_schema"),
            r.get::<_, Option<String>>("parent_name"),
            r.get::<_, Option<String>>("partition_bound"),
        ) {
            table.partition_of = Some((QualName::new(ps, pn), bound));
        }
        table.inherits = r.get::<_, Vec<String>>("inherits").iter().map(|s| parse_quoted(s)).collect();
        table.row_security = r.get("row_security");
        table.force_row_security = r.get("force_row_security");
        table.comment = r.get("comment");
        out.tables.insert(q, table);
    }
}

fn read_columns(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let q = qn(&r, "schema", "table_name");
        let Some(t) = out.tables.get_mut(&q) else { continue };
        let identity: String = r.get("identity");
        t.columns.push(Column {
            name: r.get("column_name"),
            data_type: r.get("data_type"),
            not_null: r.get("not_null"),
            default: r.get("default_expr"),
            identity: match identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
            identity_options: r.get("identity_options"),
            generated: r.get("generated_expr"),
            collation: r.get("collation"),
            comment: r.get("column_comment"),
            inherited: r.get("inherited"),
        });
    }
}

fn read_constraints(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let q = qn(&r, "schema", "table_name");
        let columns: Vec<String> = r.get("columns");
        let kind = match r.get::<_, String>("kind").as_str() {
            "p" => ConstraintKind::PrimaryKey { columns },
            "u" => ConstraintKind::Unique { columns },
            "c" => ConstraintKind::Check { expr: r.get::<_, Option<String>>("check_expr").unwrap_or_default() },
            "x" => ConstraintKind::Raw { definition: r.get::<_, Option<String>>("definition").unwrap_or_default() },
            _ => ConstraintKind::ForeignKey(ForeignKey {
                columns,
                ref_table: QualName::new(
                    r.get::<_, Option<String>>("ref_schema").unwrap_or_default(),
                    r.get::<_, Option<String>>("ref_table").unwrap_or_default(),
                ),
                ref_columns: r.get("ref_columns"),
                on_delete: FkAction::from_catalog(&r.get::<_, String>("on_delete")),
                on_update: FkAction::from_catalog(&r.get::<_, String>("on_update")),
                deferrable: r.get("deferrable"),
                initially_deferred: r.get("deferred"),
            }),
        };
        if let Some(t) = out.tables.get_mut(&q) {
            let mut con = Constraint { name: r.get("name"), kind, validated: r.get("validated") };
            // Deferrable keys have no structured form: keep their whole definition.
            if r.get::<_, bool>("deferrable") && !matches!(con.kind, ConstraintKind::ForeignKey(_)) {
                con.kind =
                    ConstraintKind::Raw { definition: r.get::<_, Option<String>>("definition").unwrap_or_default() };
            }
            t.constraints.push(con);
        }
    }
}

fn read_indexes(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let schema: String = r.get("schema");
        let cols: Vec<Option<String>> = r.get("key_columns");
        let exprs: Vec<Option<String>> = r.get("key_exprs");
        let desc: Vec<bool> = r.get("key_desc");
        let nulls: Vec<bool> = r.get("key_nulls_first");
        let opclass: Vec<Option<String>> = r.get("key_opclass");
        let keys = (0..exprs.len())
            .map(|n| IndexKey {
                expr: match (&cols[n], &exprs[n]) {
                    (Some(c), _) => KeyExpr::Column(c.clone()),
                    (None, e) => KeyExpr::Expr(e.clone().unwrap_or_default()),
                },
                opclass: opclass.get(n).cloned().flatten(),
                desc: desc[n],
                nulls_first: nulls[n],
            })
            .collect();
        let name = QualName::new(schema.clone(), r.get::<_, String>("name"));
        out.indexes.insert(
            name.clone(),
            Index {
                name,
                table: QualName::new(schema, r.get::<_, String>("table_name")),
                unique: r.get("is_unique"),
                method: r.get("method"),
                keys,
                include: r.get("include"),
                predicate: r.get("predicate"),
                constraint_backed: r.get("constraint_backed"),
            },
        );
    }
}

fn read_views(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = qn(&r, "schema", "name");
        let query: String = r.get("query");
        out.views.insert(
            name.clone(),
            View {
                name,
                materialized: r.get("materialized"),
                query: query.trim().trim_end_matches(';').to_string(),
                comment: r.get("comment"),
            },
        );
    }
}

fn read_extensions(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name: String = r.get("name");
        out.extensions.insert(name.clone(), Extension { name, schema: r.get("schema"), version: r.get("version") });
    }
}

fn read_types(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = qn(&r, "schema", "name");
        let comment: Option<String> = r.get("comment");
        match r.get::<_, String>("kind").as_str() {
            "e" => {
                out.enums.insert(name.clone(), EnumType { name, values: r.get("enum_values"), comment });
            }
            "d" => {
                let names: Vec<String> = r.get("check_names");
                let defs: Vec<String> = r.get("check_defs");
                out.domains.insert(
                    name.clone(),
                    Domain {
                        name,
                        base_type: r.get::<_, Option<String>>("base_type").unwrap_or_default(),
                        not_null: r.get("not_null"),
                        default: r.get("default_expr"),
                        collation: r.get("collation"),
                        checks: names.into_iter().zip(defs).collect(),
                        comment,
                    },
                );
            }
            _ => {
                let names: Vec<String> = r.get("attr_names");
                let types: Vec<String> = r.get("attr_types");
                out.composites.insert(
                    name.clone(),
                    CompositeType { name, attributes: names.into_iter().zip(types).collect(), comment },
                );
            }
        }
    }
}

fn read_collations(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = qn(&r, "schema", "name");
        out.collations.insert(
            name.clone(),
            Collation {
                name,
                provider: r.get("provider"),
                locale: r.get("locale"),
                lc_collate: r.get("lc_collate"),
                lc_ctype: r.get("lc_ctype"),
                deterministic: r.get("deterministic"),
            },
        );
    }
}

fn read_sequences(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = qn(&r, "schema", "name");
        let owned_by = match (
            r.get::<_, Option<String>>("owner_schema"),
            r.get::<_, Option<String>>("owner_table"),
            r.get::<_, Option<String>>("owner_column"),
        ) {
            (Some(s), Some(t), Some(c)) => Some((QualName::new(s, t), c)),
            _ => None,
        };
        out.sequences.insert(
            name.clone(),
            Sequence {
                name,
                data_type: r.get("data_type"),
                start: r.get("start"),
                increment: r.get("increment"),
                min: r.get("min"),
                max: r.get("max"),
                cache: r.get("cache"),
                cycle: r.get("cycle"),
                owned_by,
                comment: r.get("comment"),
            },
        );
    }
}

fn read_functions(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let f = Function {
            name: qn(&r, "schema", "name"),
            identity_args: r.get("identity_args"),
            kind: match r.get::<_, String>("kind").as_str() {
                "p" => RoutineKind::Procedure,
                "w" => RoutineKind::Window,
                "a" => RoutineKind::Aggregate,
                _ => RoutineKind::Function,
            },
            definition: r.get("definition"),
            result: r.get("result"),
            comment: r.get("comment"),
        };
        out.functions.insert(f.signature(), f);
    }
}

fn read_triggers(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let table = qn(&r, "schema", "table_name");
        let name: String = r.get("name");
        out.triggers.insert(
            (table.clone(), name.clone()),
            Trigger {
                table,
                name,
                definition: r.get("definition"),
                enabled: r.get("enabled"),
                function: qn(&r, "function_schema", "function_name"),
            },
        );
    }
}

fn read_policies(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let table = qn(&r, "schema", "table_name");
        let name: String = r.get("name");
        out.policies.insert(
            (table.clone(), name.clone()),
            Policy {
                table,
                name,
                permissive: r.get("permissive"),
                command: r.get("command"),
                roles: r.get("roles"),
                using: r.get("using_expr"),
                check: r.get("check_expr"),
            },
        );
    }
}

fn read_grants(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = || qn(&r, "schema", "name");
        let on = match r.get::<_, String>("object_kind").as_str() {
            "SCHEMA" => GrantOn::Schema { name: r.get("name") },
            "COLUMN" => GrantOn::Column { table: name(), column: r.get("column_name") },
            "SEQUENCE" => GrantOn::Sequence { name: name() },
            "TYPE" => GrantOn::Type { name: name() },
            routine @ ("FUNCTION" | "PROCEDURE" | "AGGREGATE") => GrantOn::Routine {
                name: name(),
                kind: match routine {
                    "PROCEDURE" => RoutineKind::Procedure,
                    "AGGREGATE" => RoutineKind::Aggregate,
                    _ => RoutineKind::Function,
                },
                identity_args: r.get("args"),
                grant_args: r.get("grant_args"),
            },
            _ => GrantOn::Table { name: name() },
        };
        out.grants.insert(Grant {
            on,
            grantee: r.get("grantee"),
            privilege: r.get("privilege"),
            grantable: r.get("grantable"),
        });
    }
}

fn read_default_grants(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        out.default_grants.insert(DefaultGrant {
            role: r.get("role"),
            schema: r.get("schema"),
            objects: r.get::<_, Option<String>>("objects").unwrap_or_default(),
            grantee: r.get("grantee"),
            privilege: r.get("privilege"),
            grantable: r.get("grantable"),
        });
    }
}

fn read_view_deps(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let view = qn(&r, "schema", "view_name");
        let class: String = r.get("ref_class");
        let refq = QualName::new(r.get::<_, String>("ref_schema"), r.get::<_, String>("ref_name"));
        let dep = match class.as_str() {
            "pg_proc" => ObjRef::Function(r.get::<_, Option<String>>("ref_function").unwrap_or_default()),
            "pg_type" => ObjRef::Type(refq),
            _ => match r.get::<_, Option<String>>("ref_column") {
                Some(c) => ObjRef::Column(refq, c),
                None => ObjRef::Relation(refq),
            },
        };
        out.view_deps.entry(view).or_default().insert(dep);
    }
}

fn read_schema_comments(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        out.schema_comments.insert(r.get("name"), r.get("comment"));
    }
}

#[cfg(test)]
mod scope_tests {
    use super::scoped;

    #[test]
    fn every_in_scope_becomes_the_one_filter() {
        let sql = scoped("WHERE IN_SCOPE(n.nspname) AND IN_SCOPE(vn.nspname) ORDER BY 1");
        assert!(!sql.contains("IN_SCOPE"), "{sql}");
        assert!(sql.starts_with("WHERE CASE WHEN $1::text[] IS NULL THEN n.nspname !~ '^pg_'"), "{sql}");
        assert!(sql.contains("ELSE vn.nspname = ANY ($1::text[]) END ORDER BY 1"), "{sql}");
        assert!(sql.contains("'phaseshift', 'phaseshift_archive'"), "{sql}");
        for q in [super::TABLES, super::VIEW_DEPS, super::SCHEMA_COMMENTS, super::GRANTS] {
            assert!(q.contains("IN_SCOPE(") && !scoped(q).contains("IN_SCOPE"));
        }
    }
}
