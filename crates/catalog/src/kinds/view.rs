//! Views and materialized views, and what each one reads: `sql/catalog/views.sql` and
//! `sql/catalog/view_deps.sql` and their rows.

use crate::live::qn;
use crate::model::{ObjRef, QualName, Schema, View};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/views.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
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
                options: r.get("options"),
                column_comments: r
                    .get::<_, Vec<String>>("comment_columns")
                    .into_iter()
                    .zip(r.get::<_, Vec<String>>("column_comments"))
                    .collect(),
            },
        );
    }
}

/// (Rules are read first: the dependencies of those that are not a view's go to them.)
pub const DEPS_QUERY: &str = include_str!("../../sql/catalog/view_deps.sql");

pub fn read_deps(rows: Vec<Row>, out: &mut Schema) {
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
        let rule: String = r.get("rule");
        if rule == "_RETURN" {
            out.view_deps.entry(view).or_default().insert(dep);
        } else if let Some(rule) = out.rules.get_mut(&(view, rule)) {
            rule.deps.insert(dep);
        }
    }
}
