use super::CatalogError;
use crate::model::{
    Column, Constraint, ConstraintKind, FkAction, ForeignKey, Identity, Index, IndexKey, KeyExpr, QualName, Schema,
    Table, View,
};
use tokio_postgres::GenericClient;

const SCHEMAS: &str = include_str!("../../sql/catalog/schemas.sql");
const COLUMNS: &str = include_str!("../../sql/catalog/columns.sql");
const CONSTRAINTS: &str = include_str!("../../sql/catalog/constraints.sql");
const INDEXES: &str = include_str!("../../sql/catalog/indexes.sql");
const VIEWS: &str = include_str!("../../sql/catalog/views.sql");

/// Reads the schemas named (all user schemas when `None`). The caller's session must run
/// with `search_path = ''` so that expressions print schema-qualified.
pub async fn read<C: GenericClient + Sync>(client: &C, schemas: Option<Vec<String>>) -> Result<Schema, CatalogError> {
    let p: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&schemas];
    // Sent together: tokio-postgres pipelines concurrent queries on one connection.
    let (s, c, k, i, v) = tokio::join!(
        client.query(SCHEMAS, &p),
        client.query(COLUMNS, &p),
        client.query(CONSTRAINTS, &p),
        client.query(INDEXES, &p),
        client.query(VIEWS, &p),
    );
    let mut out = Schema::default();
    for r in s? {
        out.schemas.insert(r.get("name"));
    }
    for r in c? {
        let q = QualName::new(r.get::<_, String>("schema"), r.get::<_, String>("table_name"));
        let t = out.tables.entry(q.clone()).or_insert_with(|| Table::new(q));
        t.comment = r.get("table_comment");
        let Some(name) = r.get::<_, Option<String>>("column_name") else {
            continue;
        };
        let identity: String = r.get("identity");
        t.columns.push(Column {
            name,
            data_type: r.get("data_type"),
            not_null: r.get("not_null"),
            default: r.get("default_expr"),
            identity: match identity.as_str() {
                "a" => Some(Identity::Always),
                "d" => Some(Identity::ByDefault),
                _ => None,
            },
            generated: r.get("generated_expr"),
            collation: r.get("collation"),
            comment: r.get("column_comment"),
        });
    }
    for r in k? {
        let q = QualName::new(r.get::<_, String>("schema"), r.get::<_, String>("table_name"));
        let columns: Vec<String> = r.get("columns");
        let kind = match r.get::<_, String>("kind").as_str() {
            "p" => ConstraintKind::PrimaryKey { columns },
            "u" => ConstraintKind::Unique { columns },
            "c" => ConstraintKind::Check { expr: r.get::<_, Option<String>>("check_expr").unwrap_or_default() },
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
            t.constraints.push(Constraint { name: r.get("name"), kind, validated: r.get("validated") });
        }
    }
    for r in i? {
        let schema: String = r.get("schema");
        let cols: Vec<Option<String>> = r.get("key_columns");
        let exprs: Vec<String> = r.get("key_exprs");
        let desc: Vec<bool> = r.get("key_desc");
        let nulls: Vec<bool> = r.get("key_nulls_first");
        let opclass: Vec<Option<String>> = r.get("key_opclass");
        let keys = (0..exprs.len())
            .map(|n| IndexKey {
                expr: match &cols[n] {
                    Some(c) => KeyExpr::Column(c.clone()),
                    None => KeyExpr::Expr(exprs[n].clone()),
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
    for r in v? {
        let name = QualName::new(r.get::<_, String>("schema"), r.get::<_, String>("name"));
        let query: String = r.get("query");
        out.views.insert(
            name.clone(),
            View { name, query: query.trim().trim_end_matches(';').to_string(), comment: r.get("comment") },
        );
    }
    Ok(out)
}
