//! Rendering: columns.

use crate::plan::ColumnOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &ColumnOp) -> Vec<Statement> {
    match op {
        ColumnOp::AddColumn { table, column } => {
            let mut out = vec![Statement::tx(format!(
                "ALTER TABLE {} ADD COLUMN IF NOT EXISTS {}",
                qual(table),
                column_definition(column)
            ))];
            out.extend(settings(table, column));
            out
        }
        ColumnOp::SetStorage { table, column, storage: Some(s) } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET STORAGE {}",
            qual(table),
            ident(column),
            s.keyword()
        ))],
        ColumnOp::SetStorage { table, column, storage: None } => vec![type_storage(table, column)],
        ColumnOp::SetStatistics { table, column, target } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET STATISTICS {}",
            qual(table),
            ident(column),
            target.unwrap_or(-1)
        ))],
        ColumnOp::SetCompression { table, column, compression } => vec![Statement::tx(format!(
            "ALTER TABLE {} ALTER COLUMN {} SET COMPRESSION {}",
            qual(table),
            ident(column),
            compression.as_deref().map(ident).unwrap_or_else(|| "default".into())
        ))],
        ColumnOp::SetOptions { table, column, set, reset } => {
            storage_parameters(&format!("TABLE {} ALTER COLUMN {}", qual(table), ident(column)), set, reset)
        }
        ColumnOp::DropColumn { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE IF EXISTS {} DROP COLUMN IF EXISTS {}",
            qual(table),
            ident(column)
        ))],
        ColumnOp::DropColumnOnly { table, column } => vec![Statement::tx(format!(
            "ALTER TABLE IF EXISTS ONLY {} DROP COLUMN IF EXISTS {}",
            qual(table),
            ident(column)
        ))],
        ColumnOp::SetType { table, column, data_type, collation: coll, using, generated: false } => {
            vec![alter(table, column, &set_type(column, data_type, coll.as_deref(), using.as_deref()))]
        }
        ColumnOp::SetType { table, column, data_type, collation: coll, generated: true, .. } => {
            let coll = coll.as_ref().map(|c| format!(" COLLATE {}", collation(c))).unwrap_or_default();
            vec![alter(table, column, &format!("TYPE {data_type}{coll}"))]
        }
        ColumnOp::SetDefault { table, column, default, only } => {
            let action = default.as_ref().map_or_else(|| "DROP DEFAULT".to_string(), |d| format!("SET DEFAULT {d}"));
            let table = if *only { format!("ONLY {}", qual(table)) } else { qual(table) };
            vec![Statement::tx(format!("ALTER TABLE {table} ALTER COLUMN {} {action}", ident(column)))]
        }
        ColumnOp::SetNotNull { table, column } => vec![alter(table, column, "SET NOT NULL")],
        // Only while the column is there: an undo that runs twice finds it dropped.
        ColumnOp::DropNotNull { table, column } => {
            vec![guarded(&column_exists(table, column), &alter(table, column, "DROP NOT NULL").sql)]
        }
        ColumnOp::SetIdentityOptions { table, column, options } => {
            let set = identity_option_sets(options.as_deref().unwrap_or(""));
            // No RESTART once the sequence has given a value: it goes on from where it
            // stands (a restart would give values the column already has), and PostgreSQL
            // refuses a MINVALUE above that (or a MAXVALUE below it), the step stopping
            // there, nothing changed. One that never gave any starts where its new options
            // say.
            let alter = |action: &str| format!("ALTER TABLE {} ALTER COLUMN {} {action}", qual(table), ident(column));
            let body = format!(
                "\nDECLARE fresh boolean;\nBEGIN\n  EXECUTE format('SELECT NOT is_called FROM %s', pg_catalog.pg_get_serial_sequence({}, {})) INTO fresh;\n  IF fresh THEN\n    {};\n  ELSE\n    {};\n  END IF;\nEND\n",
                literal(&qual(table)),
                literal(column),
                alter(&format!("{set} RESTART")),
                alter(&set)
            );
            vec![Statement::tx(format!("DO {}", dollar(&body)))]
        }
        ColumnOp::AddIdentity { table, column, identity, options } => {
            vec![add_identity(table, column, *identity, options.as_deref())]
        }
        ColumnOp::SetIdentityKind { table, column, identity } => {
            vec![alter(table, column, &format!("SET GENERATED {}", generated(*identity)))]
        }
        ColumnOp::DropIdentity { table, column } => vec![alter(table, column, "DROP IDENTITY IF EXISTS")],
        ColumnOp::SerialToIdentity { table, column, sequence, identity, options } => {
            vec![serial_to_identity(table, column, sequence, *identity, options.as_deref())]
        }
        ColumnOp::IdentityToSerial { table, column, sequence } => vec![identity_to_serial(table, column, sequence)],
        ColumnOp::MoveIdentity { table, from, to, identity, options } => {
            vec![move_identity(table, from, to, *identity, options.as_deref())]
        }
        ColumnOp::DropExpression { table, column } => vec![alter(table, column, "DROP EXPRESSION IF EXISTS")],
        ColumnOp::RenameColumn { table, from, to } => vec![guarded(
            &format!("{} AND NOT {}", column_exists(table, from), column_exists(table, to)),
            &format!("ALTER TABLE {} RENAME COLUMN {} TO {}", qual(table), ident(from), ident(to)),
        )],
        ColumnOp::ArchiveColumn { table, column, key, archive } => {
            let cols = format!("{}, {}", idents(key), ident(column));
            vec![guarded(
                &format!("{} IS NULL AND {}", regclass(archive), column_exists(table, column)),
                &format!("CREATE TABLE {} AS SELECT {cols} FROM {}", qual(archive), qual(table)),
            )]
        }
        ColumnOp::RestoreColumn { table, column, key, archive, down } => {
            vec![restore(table, column, key, archive, down.as_deref())]
        }
        ColumnOp::CommentOnColumn { table, column, comment: c } => {
            vec![Statement::tx(comment(format!("COLUMN {}.{}", qual(table), ident(column)), c))]
        }
    }
}

/// The column's storage back to its type's own (PostgreSQL 15 has no SET STORAGE DEFAULT).
fn type_storage(table: &QualName, column: &str) -> Statement {
    Statement::tx(format!(
        "DO {}",
        dollar(&format!(
            "\nBEGIN\n  EXECUTE format('ALTER TABLE %s ALTER COLUMN %I SET STORAGE %s', {t}, {c},\n    (SELECT CASE ty.typstorage WHEN 'p' THEN 'PLAIN' WHEN 'e' THEN 'EXTERNAL' WHEN 'x' THEN 'EXTENDED' ELSE 'MAIN' END\n     FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid\n     WHERE a.attrelid = {r} AND a.attname = {c}));\nEND\n",
            t = literal(&qual(table)),
            c = literal(column),
            r = regclass(table),
        ))
    ))
}

/// The column made an identity column, unless it is one already.
fn add_identity(table: &QualName, column: &str, identity: Identity, options: Option<&str>) -> Statement {
    let kind = match options {
        Some(o) => format!("{} AS IDENTITY ({o})", generated(identity)),
        None => format!("{} AS IDENTITY", generated(identity)),
    };
    guarded(
        &format!(
            "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attname = {} AND attidentity <> '')",
            regclass(table),
            literal(column)
        ),
        &alter(table, column, &format!("ADD GENERATED {kind}")).sql,
    )
}

/// Whether `table.column` is an identity column (`is`) or not.
fn identity_test(table: &QualName, column: &str, is: bool) -> String {
    format!(
        "{}EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attname = {} AND attidentity <> '')",
        if is { "" } else { "NOT " },
        regclass(table),
        literal(column)
    )
}

/// The new sequence `seq` (an expression giving its name) set to where the old one stood
/// (`ps_last`, `ps_called`), unless it starts past that already, the way it counts.
fn carry_on(seq: &str) -> String {
    format!(
        "pg_catalog.setval(ps_seq, ps_last, ps_called) FROM (SELECT {seq} AS ps_seq) AS n, pg_catalog.pg_sequence AS s \
         WHERE s.seqrelid = n.ps_seq::regclass AND (ps_last - s.seqstart) * sign(s.seqincrement) >= 0"
    )
}

/// See [`ColumnOp::SerialToIdentity`]. The sequence is dropped only if the column owns it
/// (another may still use a sequence it was only given from).
fn serial_to_identity(
    table: &QualName,
    column: &str,
    sequence: &QualName,
    identity: Identity,
    options: Option<&str>,
) -> Statement {
    let kind = match options {
        Some(o) => format!("{} AS IDENTITY ({o})", generated(identity)),
        None => format!("{} AS IDENTITY", generated(identity)),
    };
    let (t, c, s) = (qual(table), ident(column), qual(sequence));
    let body = format!(
        "\nDECLARE ps_last bigint; ps_called boolean;\nBEGIN\n  IF {not_identity} THEN\n    IF {seq} IS NOT NULL THEN\n      SELECT last_value, is_called INTO ps_last, ps_called FROM {s};\n    END IF;\n    ALTER TABLE {t} ALTER COLUMN {c} DROP DEFAULT;\n    IF EXISTS (SELECT 1 FROM pg_catalog.pg_depend WHERE classid = 'pg_catalog.pg_class'::regclass AND objid = {seq} AND refobjid = {tr} AND deptype = 'a') THEN\n      DROP SEQUENCE {s};\n    END IF;\n    ALTER TABLE {t} ALTER COLUMN {c} ADD GENERATED {kind};\n    IF ps_last IS NOT NULL THEN\n      PERFORM {carry};\n    END IF;\n  END IF;\nEND\n",
        not_identity = identity_test(table, column, false),
        seq = regclass(sequence),
        tr = regclass(table),
        carry = carry_on(&format!("pg_catalog.pg_get_serial_sequence({}, {})", literal(&t), literal(column))),
    );
    Statement::tx(format!("DO {}", dollar(&body)))
}

/// See [`ColumnOp::MoveIdentity`]. The sequence keeps its name (the new one is made under
/// the old one's, once that is dropped) and goes on from where it stood.
fn move_identity(table: &QualName, from: &str, to: &str, identity: Identity, options: Option<&str>) -> Statement {
    let t = qual(table);
    // (A format() string: `%` in a name is written `%%`; `%s` is the sequence's name.)
    let add = format!(
        "{}%s {})",
        format!(
            "ALTER TABLE {t} ALTER COLUMN {} ADD GENERATED {} AS IDENTITY (SEQUENCE NAME ",
            ident(to),
            generated(identity)
        )
        .replace('%', "%%"),
        options.unwrap_or("").replace('%', "%%")
    );
    let body = format!(
        "\nDECLARE ps_last bigint; ps_called boolean; ps_name text;\nBEGIN\n  IF {not_yet} THEN\n    IF {had} THEN\n      ps_name := pg_catalog.pg_get_serial_sequence({tl}, {fl});\n      EXECUTE format('SELECT last_value, is_called FROM %s', ps_name) INTO ps_last, ps_called;\n      ALTER TABLE {t} ALTER COLUMN {f} DROP IDENTITY;\n    ELSE\n      ps_name := {fallback};\n    END IF;\n    EXECUTE format({add}, ps_name);\n    IF ps_last IS NOT NULL THEN\n      PERFORM {carry};\n    END IF;\n  END IF;\nEND\n",
        not_yet = identity_test(table, to, false),
        had = identity_test(table, from, true),
        tl = literal(&t),
        fl = literal(from),
        f = ident(from),
        fallback = literal(&qual(&QualName::new(table.schema.clone(), crate::model::make_object_name(&table.name, Some(from), "seq")))),
        add = literal(&add),
        carry = carry_on(&format!("pg_catalog.pg_get_serial_sequence({}, {})", literal(&t), literal(to))),
    );
    Statement::tx(format!("DO {}", dollar(&body)))
}

/// See [`ColumnOp::IdentityToSerial`].
fn identity_to_serial(table: &QualName, column: &str, sequence: &crate::model::Sequence) -> Statement {
    let (t, c, s) = (qual(table), ident(column), qual(&sequence.name));
    let body = format!(
        "\nDECLARE ps_last bigint; ps_called boolean;\nBEGIN\n  IF {is_identity} THEN\n    EXECUTE format('SELECT last_value, is_called FROM %s', pg_catalog.pg_get_serial_sequence({tl}, {cl})) INTO ps_last, ps_called;\n    ALTER TABLE {t} ALTER COLUMN {c} DROP IDENTITY;\n    CREATE SEQUENCE {s} {options};\n    ALTER SEQUENCE {s} OWNED BY {t}.{c};\n    ALTER TABLE {t} ALTER COLUMN {c} SET DEFAULT nextval({sl}::regclass);\n    PERFORM {carry};\n  END IF;\nEND\n",
        is_identity = identity_test(table, column, true),
        options = crate::kinds::sequence::render::sequence_options(sequence),
        tl = literal(&t),
        cl = literal(column),
        sl = literal(&s),
        carry = carry_on(&literal(&s)),
    );
    Statement::tx(format!("DO {}", dollar(&body)))
}

/// `ALTER TABLE t ALTER COLUMN c <action>`.
fn alter(table: &QualName, column: &str, action: &str) -> Statement {
    Statement::tx(format!("ALTER TABLE {} ALTER COLUMN {} {action}", qual(table), ident(column)))
}

/// `TYPE ... USING ...`: the spec's conversion, or a cast. User types (schema-qualified,
/// such as enums) rarely cast from one another directly: they go through text.
/// Whether a column is converted to `data_type` through text (a type of the schema's own,
/// named with its schema: enums and domains take any value by its text) rather than by a
/// cast from the old type.
pub fn converts_via_text(data_type: &str) -> bool {
    data_type.trim_end_matches("[]").contains('.')
}

fn set_type(column: &str, data_type: &str, coll: Option<&str>, using: Option<&str>) -> String {
    let via_text = converts_via_text(data_type);
    let using = match using {
        Some(u) => u.to_string(),
        None if via_text => format!("{}::text::{}", ident(column), data_type),
        None => format!("{}::{}", ident(column), data_type),
    };
    let coll = coll.map(|c| format!(" COLLATE {}", collation(c))).unwrap_or_default();
    format!("TYPE {data_type}{coll} USING {using}")
}

pub(crate) fn generated(identity: Identity) -> &'static str {
    match identity {
        Identity::Always => "ALWAYS",
        Identity::ByDefault => "BY DEFAULT",
    }
}

/// Archived values written back by key, and the archive dropped: once.
fn restore(table: &QualName, column: &str, key: &[String], archive: &QualName, down: Option<&str>) -> Statement {
    let on: Vec<String> = key.iter().map(|k| format!("t.{k} = a.{k}", k = ident(k))).collect();
    // Rows written since the drop get `down`, computed from the row.
    let fill = down.map_or_else(String::new, |d| {
        format!(
            "UPDATE {t} AS t SET {c} = (SELECT {d} FROM (SELECT t.*) AS s) WHERE NOT EXISTS (SELECT 1 FROM {a} AS a WHERE {on});\n    ",
            t = qual(table),
            c = ident(column),
            a = qual(archive),
            on = on.join(" AND "),
        )
    });
    guarded(
        &format!("{} IS NOT NULL", regclass(archive)),
        &format!(
            "UPDATE {} AS t SET {c} = a.{c} FROM {} AS a WHERE {};\n    {fill}DROP TABLE {}",
            qual(table),
            qual(archive),
            on.join(" AND "),
            qual(archive),
            c = ident(column)
        ),
    )
}

/// A column as it stands in CREATE TABLE / ADD COLUMN.
pub fn column_definition(c: &Column) -> String {
    let mut s = format!("{} {}", ident(&c.name), c.data_type);
    if let Some(coll) = &c.collation {
        s.push_str(&format!(" COLLATE {}", collation(coll)));
    }
    if let Some(g) = &c.generated {
        s.push_str(&format!(" GENERATED ALWAYS AS ({g}) STORED"));
    }
    if let Some(i) = c.identity {
        s.push_str(&format!(" GENERATED {} AS IDENTITY", generated(i)));
        if let Some(o) = &c.identity_options {
            s.push_str(&format!(" ({o})"));
        }
    }
    if let Some(d) = &c.default {
        s.push_str(&format!(" DEFAULT {d}"));
    }
    if c.not_null {
        s.push_str(" NOT NULL");
    }
    s
}

/// A collation name as written in a spec (`C`, `"en_US"`, `pg_catalog."default"`).
pub(crate) fn collation(c: &str) -> String {
    if c.contains('"') || c.contains('.') {
        c.to_string()
    } else {
        ident(c)
    }
}

/// An identity column's sequence options (`START WITH 100 CACHE 10`, as the catalog or a
/// spec gives them) as the SET clauses of ALTER COLUMN, every option included.
pub(crate) fn identity_option_sets(options: &str) -> String {
    // Every option is set: one the options leave out goes back to its default (it may
    // have been set before), START WITH to where the new bounds start the sequence.
    let words: Vec<String> = options.split_whitespace().map(|w| w.to_ascii_uppercase()).collect();
    let value = |keys: &[&str]| -> Option<String> {
        let i = words.iter().position(|w| w == keys[0])?;
        let mut j = i + 1;
        while j < words.len() && keys[1..].contains(&words[j].as_str()) {
            j += 1;
        }
        words.get(j).cloned()
    };
    let no = |key: &str| words.windows(2).any(|w| w[0] == "NO" && w[1] == key);
    let increment = value(&["INCREMENT", "BY"]).unwrap_or_else(|| "1".into());
    let descending = increment.starts_with('-');
    let min = value(&["MINVALUE"]).filter(|_| !no("MINVALUE"));
    let max = value(&["MAXVALUE"]).filter(|_| !no("MAXVALUE"));
    let start = value(&["START", "WITH"]).unwrap_or_else(|| {
        let bound = if descending { max.clone() } else { min.clone() };
        bound.unwrap_or_else(|| if descending { "-1".into() } else { "1".into() })
    });
    let bound = |name: &str, v: &Option<String>| match v {
        Some(v) => format!("SET {name} {v}"),
        None => format!("SET NO {name}"),
    };
    let cycle = words.iter().any(|w| w == "CYCLE") && !no("CYCLE");
    format!(
        "SET INCREMENT BY {increment} {} {} SET START WITH {start} SET CACHE {} SET {}CYCLE",
        bound("MINVALUE", &min),
        bound("MAXVALUE", &max),
        value(&["CACHE"]).unwrap_or_else(|| "1".into()),
        if cycle { "" } else { "NO " }
    )
}

pub(crate) fn column_exists(table: &QualName, column: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM pg_catalog.pg_attribute WHERE attrelid = {} AND attname = {} AND attnum > 0 AND NOT attisdropped)",
        regclass(table),
        literal(column)
    )
}

/// A new column's storage, statistics target, compression and attribute options, when not
/// the defaults (CREATE TABLE and ADD COLUMN take only compression on PostgreSQL 15; it
/// goes here with the others).
pub(crate) fn settings(table: &crate::model::QualName, c: &crate::model::Column) -> Vec<Statement> {
    let mut out = Vec::new();
    if c.storage.is_some() {
        out.extend(render(&ColumnOp::SetStorage { table: table.clone(), column: c.name.clone(), storage: c.storage }));
    }
    if c.statistics.is_some() {
        out.extend(render(&ColumnOp::SetStatistics {
            table: table.clone(),
            column: c.name.clone(),
            target: c.statistics,
        }));
    }
    if c.compression.is_some() {
        out.extend(render(&ColumnOp::SetCompression {
            table: table.clone(),
            column: c.name.clone(),
            compression: c.compression.clone(),
        }));
    }
    if !c.options.is_empty() {
        let (table, column) = (table.clone(), c.name.clone());
        out.extend(render(&ColumnOp::SetOptions { table, column, set: c.options.clone(), reset: Vec::new() }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::identity_option_sets;

    #[test]
    fn identity_options_are_set_whole_with_the_start_their_bounds_give() {
        assert_eq!(
            identity_option_sets(""),
            "SET INCREMENT BY 1 SET NO MINVALUE SET NO MAXVALUE SET START WITH 1 SET CACHE 1 SET NO CYCLE"
        );
        // (The catalog leaves START WITH out where it is the minimum.)
        assert_eq!(
            identity_option_sets("INCREMENT BY 5 MINVALUE -100 MAXVALUE 100"),
            "SET INCREMENT BY 5 SET MINVALUE -100 SET MAXVALUE 100 SET START WITH -100 SET CACHE 1 SET NO CYCLE"
        );
        assert_eq!(
            identity_option_sets("increment -2 start -50 cache 20 cycle"),
            "SET INCREMENT BY -2 SET NO MINVALUE SET NO MAXVALUE SET START WITH -50 SET CACHE 20 SET CYCLE"
        );
        assert_eq!(
            identity_option_sets("INCREMENT BY -5 MAXVALUE -10"),
            "SET INCREMENT BY -5 SET NO MINVALUE SET MAXVALUE -10 SET START WITH -10 SET CACHE 1 SET NO CYCLE"
        );
    }
}
