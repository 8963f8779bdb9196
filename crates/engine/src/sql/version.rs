//! SQL for a migration's schema of views, which shows its new version to the new
//! application until contract (`model::Version`).

use super::data::{copy_grants, drop_trigger, short_id, FN_SCHEMA};
use super::{dollar, ident, literal, qual, Statement};
use crate::model::{Filling, QualName, Reverse, Version, VersionView};

/// The alias of the table in the views and their triggers.
const ROW: &str = "ps_t";

/// The schema of views of a migration's new version: each table as the new version sees
/// it, a view that checks the caller's privileges and row-level security
/// (`security_invoker`), with the new version's defaults and the table's grants.
///
/// With `filling` (from sync until the changed columns are filled and checked), the view of
/// a table with columns changed online reads each such column as `up` computes it for rows
/// not filled yet, and takes inserts and updates through INSTEAD OF triggers. Without it,
/// every view is simple (so writable as it is) and reads the table's columns; what the
/// filling form added goes, if it is there.
pub fn create_version(v: &Version, filling: bool) -> Vec<Statement> {
    let mut out = vec![Statement::tx(format!("CREATE SCHEMA IF NOT EXISTS {}", ident(&v.schema)))];
    for view in &v.views {
        let name = view_name(v, view);
        let computing = view.filling.as_ref().filter(|_| filling);
        let settling = view.filling.as_ref().filter(|_| !filling);
        if settling.is_some() {
            out.extend(drop_write_triggers(v, view));
        }
        out.push(Statement::tx(format!(
            "CREATE OR REPLACE VIEW {} WITH (security_invoker = true) AS SELECT {} FROM {} AS {ROW}",
            qual(&name),
            read_list(view, computing).join(", "),
            qual(&view.table)
        )));
        for (c, _) in settling.map(|f| f.defaults.as_slice()).unwrap_or_default() {
            out.push(Statement::tx(format!("ALTER VIEW {} ALTER COLUMN {} DROP DEFAULT", qual(&name), ident(c))));
        }
        let copied = computing.map(|f| f.defaults.as_slice()).unwrap_or_default();
        for (c, d) in view.defaults.iter().chain(copied) {
            out.push(Statement::tx(format!("ALTER VIEW {} ALTER COLUMN {} SET DEFAULT {d}", qual(&name), ident(c))));
        }
        if let Some(f) = computing {
            out.extend(write_triggers(v, view, f));
        }
        out.push(copy_grants(&view.table, &name, true));
        out.extend(version_fill(v, view));
    }
    out
}

/// Drops the views of [`create_version`], their triggers and their schema (only if nothing
/// else is in it).
pub fn drop_version(v: &Version) -> Vec<Statement> {
    let mut out = Vec::new();
    for view in v.views.iter().filter(|view| !view.fills.is_empty()) {
        let (func, trigger) = version_fill_names(v, view);
        out.push(drop_trigger(&view.table, &trigger));
        out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&func))));
    }
    for view in &v.views {
        out.push(Statement::tx(format!("DROP VIEW IF EXISTS {}", qual(&view_name(v, view)))));
        if view.filling.is_some() {
            let (insert, update) = write_trigger_functions(v, view);
            out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&insert))));
            out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&update))));
        }
    }
    out.push(Statement::tx(format!("DROP SCHEMA IF EXISTS {}", ident(&v.schema))));
    out
}

/// The schema of views of the version before the migration: each table with the columns
/// it had, simple views (so writable as the table is, defaults included) that check the
/// caller's privileges and row-level security, with the table's grants.
pub fn create_old_version(v: &Version) -> Vec<Statement> {
    let mut out = vec![Statement::tx(format!("CREATE SCHEMA IF NOT EXISTS {}", ident(&v.old_schema)))];
    for view in &v.views {
        let name = QualName::new(v.old_schema.clone(), view.table.name.clone());
        let cols: Vec<String> = view.old_columns.iter().map(|c| format!("{ROW}.{}", ident(c))).collect();
        out.push(Statement::tx(format!(
            "CREATE OR REPLACE VIEW {} WITH (security_invoker = true) AS SELECT {} FROM {} AS {ROW}",
            qual(&name),
            cols.join(", "),
            qual(&view.table)
        )));
        out.push(copy_grants(&view.table, &name, true));
    }
    out
}

/// Drops the views of [`create_old_version`] and their schema (only if nothing else is in
/// it).
pub fn drop_old_version(v: &Version) -> Vec<Statement> {
    let mut out: Vec<Statement> = v
        .views
        .iter()
        .map(|view| {
            let name = QualName::new(v.old_schema.clone(), view.table.name.clone());
            Statement::tx(format!("DROP VIEW IF EXISTS {}", qual(&name)))
        })
        .collect();
    out.push(Statement::tx(format!("DROP SCHEMA IF EXISTS {}", ident(&v.old_schema))));
    out
}

fn view_name(v: &Version, view: &VersionView) -> QualName {
    QualName::new(v.schema.clone(), view.table.name.clone())
}

/// The view's select list, over the table as [`ROW`]: with `computing`, each changed column
/// not filled yet (NULL) computed by `up` from the row.
fn read_list(view: &VersionView, computing: Option<&Filling>) -> Vec<String> {
    view.columns
        .iter()
        .map(|(shown, from)| {
            match computing.and_then(|f| f.computed.iter().find(|(c, _, _)| c == shown)) {
                Some((_, up, data_type)) => format!(
                    "CASE WHEN {ROW}.{c} IS NULL THEN CAST((SELECT {up} FROM (SELECT {ROW}.*) AS s) AS {data_type}) ELSE {ROW}.{c} END AS {s}",
                    c = ident(from),
                    s = ident(shown)
                ),
                None if shown == from => format!("{ROW}.{}", ident(from)),
                None => format!("{ROW}.{} AS {}", ident(from), ident(shown)),
            }
        })
        .collect()
}

fn write_trigger_functions(v: &Version, view: &VersionView) -> (QualName, QualName) {
    let id = short_id(&format!("{}:{}", v.schema, view.table));
    (QualName::new(FN_SCHEMA, format!("version_{id}_insert")), QualName::new(FN_SCHEMA, format!("version_{id}_update")))
}

const INSERT_TRIGGER: &str = "phaseshift_insert";
const UPDATE_TRIGGER: &str = "phaseshift_update";

fn drop_write_triggers(v: &Version, view: &VersionView) -> Vec<Statement> {
    let name = view_name(v, view);
    let (insert, update) = write_trigger_functions(v, view);
    vec![
        drop_trigger(&name, INSERT_TRIGGER),
        drop_trigger(&name, UPDATE_TRIGGER),
        Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&insert))),
        Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&update))),
    ]
}

/// The INSTEAD OF triggers of a view in its filling form: an insert or an update of the view
/// is made on the table, as a simple view would make it (an update sets only the columns
/// it changed, so a concurrent write to the others stands), and the row is read back as the
/// view shows it, for RETURNING. Deletes need none: the view stays simple enough for them.
fn write_triggers(v: &Version, view: &VersionView, f: &Filling) -> Vec<Statement> {
    let name = view_name(v, view);
    let (insert, update) = write_trigger_functions(v, view);
    let returning = read_list(view, Some(f)).join(", ");
    let generated = |c: &str| f.generated.iter().any(|g| g == c);
    let is_identity = |c: &str| f.identity.as_deref() == Some(c);
    let refuse = |c: &str, changed: &str, message: &str| {
        format!(
            "  IF {changed} THEN\n    RAISE EXCEPTION {}, {} USING ERRCODE = 'generated_always';\n  END IF;\n",
            literal(message),
            literal(c)
        )
    };

    // Insert: generated columns are never given; the identity column only when the insert
    // gives it a value.
    let inserted = |with_identity: bool| {
        let cols: Vec<&(String, String)> = view
            .columns
            .iter()
            .filter(|(shown, _)| !generated(shown) && (with_identity || !is_identity(shown)))
            .collect();
        format!(
            "INSERT INTO {} AS {ROW} ({}) VALUES ({})\n      RETURNING {returning} INTO NEW;",
            qual(&view.table),
            cols.iter().map(|(_, from)| ident(from)).collect::<Vec<_>>().join(", "),
            cols.iter().map(|(shown, _)| format!("NEW.{}", ident(shown))).collect::<Vec<_>>().join(", ")
        )
    };
    let mut body = String::from("\nBEGIN\n");
    for g in &f.generated {
        body.push_str(&refuse(
            g,
            &format!("NEW.{} IS NOT NULL", ident(g)),
            "cannot insert a non-DEFAULT value into column \"%\"",
        ));
    }
    match &f.identity {
        Some(i) => body.push_str(&format!(
            "  IF NEW.{} IS NULL THEN\n    {}\n  ELSE\n    {}\n  END IF;\n",
            ident(i),
            inserted(false),
            inserted(true)
        )),
        None => body.push_str(&format!("  {}\n", inserted(true))),
    }
    body.push_str("  RETURN NEW;\nEND\n");
    let insert_body = body;

    // Update: the row by its key, each column set only if the update changed it.
    let fixed = |c: &str| generated(c) || (f.identity_always && is_identity(c));
    let mut body = String::from("\nBEGIN\n");
    for (shown, _) in view.columns.iter().filter(|(shown, _)| fixed(shown)) {
        body.push_str(&refuse(
            shown,
            &format!("NEW.{c} IS DISTINCT FROM OLD.{c}", c = ident(shown)),
            "column \"%\" can only be updated to DEFAULT",
        ));
    }
    let sets: Vec<String> = view
        .columns
        .iter()
        .filter(|(shown, _)| !fixed(shown))
        .map(|(shown, from)| {
            format!(
                "{c} = CASE WHEN NEW.{s} IS DISTINCT FROM OLD.{s} THEN NEW.{s} ELSE {ROW}.{c} END",
                c = ident(from),
                s = ident(shown)
            )
        })
        .collect();
    let from_of = |shown: &str| view.columns.iter().find(|(s, _)| s == shown).map(|(_, from)| from.as_str());
    let wheres: Vec<String> = f
        .key
        .iter()
        .map(|k| match f.key_reverse.iter().find(|(n, _)| n == k) {
            // (`down` over the view's row, of the columns it shows by their table names.)
            Some((_, r)) => {
                let r = Reverse {
                    row: r.row.iter().filter(|c| view.columns.iter().any(|(s, _)| s == *c)).cloned().collect(),
                    ..r.clone()
                };
                format!("{ROW}.{} = {}", ident(&r.column), crate::sql::data::down_value(&r, k, "OLD"))
            }
            None => format!("{ROW}.{} = OLD.{}", ident(from_of(k).unwrap_or(k)), ident(k)),
        })
        .collect();
    body.push_str(&format!(
        "  UPDATE {} AS {ROW} SET {}\n    WHERE {}\n    RETURNING {returning} INTO NEW;\n  IF NOT FOUND THEN\n    RETURN NULL;\n  END IF;\n  RETURN NEW;\nEND\n",
        qual(&view.table),
        sets.join(",\n      "),
        wheres.join(" AND ")
    ));
    let update_body = body;

    let mut out = vec![Statement::tx(format!("CREATE SCHEMA IF NOT EXISTS {}", ident(FN_SCHEMA)))];
    for (func, trigger, event, body) in
        [(&insert, INSERT_TRIGGER, "INSERT", insert_body), (&update, UPDATE_TRIGGER, "UPDATE", update_body)]
    {
        out.push(Statement::tx(format!(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {}",
            qual(func),
            dollar(&body)
        )));
        out.push(Statement::tx(format!(
            "CREATE OR REPLACE TRIGGER {} INSTEAD OF {event} ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
            ident(trigger),
            qual(&name),
            qual(func)
        )));
    }
    out
}

fn version_fill_names(v: &Version, view: &VersionView) -> (QualName, String) {
    let id = short_id(&format!("{}:{}", v.schema, view.table));
    (QualName::new(FN_SCHEMA, format!("version_{id}")), format!("phaseshift_version_{id}"))
}

/// Retired columns the new version does not see get `down` for the rows it writes: on its
/// inserts and updates (its schema first on the search path), and on any insert that
/// leaves them empty.
fn version_fill(v: &Version, view: &VersionView) -> Vec<Statement> {
    if view.fills.is_empty() {
        return Vec::new();
    }
    let (func, trigger) = version_fill_names(v, view);
    let mut body = String::from("\nBEGIN\n");
    for (c, down) in &view.fills {
        body.push_str(&format!(
            "  IF (pg_catalog.current_schemas(false))[1] = {s} OR (TG_OP = 'INSERT' AND NEW.{c} IS NULL) THEN\n    NEW.{c} := (SELECT {down} FROM (SELECT NEW.*) AS s);\n  END IF;\n",
            s = literal(&v.schema),
            c = ident(c),
        ));
    }
    body.push_str("  RETURN NEW;\nEND\n");
    vec![
        Statement::tx(format!("CREATE SCHEMA IF NOT EXISTS {}", ident(FN_SCHEMA))),
        Statement::tx(format!(
            "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS {}",
            qual(&func),
            dollar(&body)
        )),
        Statement::tx(format!(
            "CREATE OR REPLACE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
            ident(&trigger),
            qual(&view.table),
            qual(&func)
        )),
    ]
}
