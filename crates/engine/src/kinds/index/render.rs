//! Rendering: Indexes.

use crate::plan::IndexOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &IndexOp) -> Vec<Statement> {
    match op {
        IndexOp::CreateIndex { index, concurrently } => {
            vec![Statement { sql: create_index(index, *concurrently, ""), transactional: !concurrently }]
        }
        IndexOp::CreateIndexOnParent { index } => vec![Statement::tx(create_index(index, false, "ONLY "))],
        IndexOp::AttachIndex { parent, child } => vec![guarded(
            &format!(
                "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_inherits WHERE inhrelid = {} AND inhparent = {})",
                regclass(child),
                regclass(parent)
            ),
            &format!("ALTER INDEX {} ATTACH PARTITION {}", qual(parent), qual(child)),
        )],
        IndexOp::SetIndexOptions { index, set, reset } => {
            storage_parameters(&format!("INDEX {}", qual(index)), set, reset)
        }
        IndexOp::DropIndex { index, concurrently } => vec![Statement {
            sql: format!("DROP INDEX {}IF EXISTS {}", if *concurrently { "CONCURRENTLY " } else { "" }, qual(index)),
            transactional: !concurrently,
        }],
        IndexOp::RenameIndex { index, to } => {
            vec![Statement::tx(format!("ALTER INDEX IF EXISTS {} RENAME TO {}", qual(index), ident(to)))]
        }
        IndexOp::NamePartitionIndex { parent, partition, to } => vec![name_partition_index(parent, partition, to)],
    }
}

/// Renames the index of `partition` attached to `parent`, found by what it is attached
/// to, since PostgreSQL chose its name.
fn name_partition_index(parent: &QualName, partition: &QualName, to: &str) -> Statement {
    let body = format!(
        "\nDECLARE\n  n name;\nBEGIN\n  SELECT c.relname INTO n FROM pg_catalog.pg_inherits h\n  \
         JOIN pg_catalog.pg_index x ON x.indexrelid = h.inhrelid\n  \
         JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid\n  \
         WHERE h.inhparent = {} AND x.indrelid = {};\n  \
         IF n IS NOT NULL AND n <> {} THEN\n    \
         EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', {}, n, {});\n  END IF;\nEND\n",
        regclass(parent),
        regclass(partition),
        literal(to),
        literal(&partition.schema),
        literal(to)
    );
    Statement::tx(format!("DO {}", dollar(&body)))
}

/// `CREATE [UNIQUE] INDEX [CONCURRENTLY] IF NOT EXISTS name ON [ONLY] table ...`.
fn create_index(index: &Index, concurrently: bool, only: &str) -> String {
    format!(
        "CREATE {}INDEX {}IF NOT EXISTS {} ON {only}{} {}",
        if index.unique { "UNIQUE " } else { "" },
        if concurrently { "CONCURRENTLY " } else { "" },
        ident(&index.name.name),
        qual(&index.table),
        index_definition(index)
    )
}

/// `USING method (keys) INCLUDE (...) NULLS NOT DISTINCT WITH (...) WHERE (...)`.
pub fn index_definition(ix: &Index) -> String {
    let keys: Vec<String> = ix
        .keys
        .iter()
        .map(|k| {
            let mut s = match &k.expr {
                KeyExpr::Column(c) => ident(c),
                KeyExpr::Expr(e) if e.starts_with('(') || looks_like_call(e) => e.clone(),
                KeyExpr::Expr(e) => format!("({e})"),
            };
            if let Some(c) = &k.collation {
                s.push_str(&format!(" COLLATE {c}"));
            }
            if let Some(op) = &k.opclass {
                s.push(' ');
                s.push_str(op);
            }
            if k.desc {
                s.push_str(" DESC");
            }
            if k.nulls_first != k.desc {
                s.push_str(if k.nulls_first { " NULLS FIRST" } else { " NULLS LAST" });
            }
            s
        })
        .collect();
    let mut s = format!("USING {} ({})", ix.method, keys.join(", "));
    if !ix.include.is_empty() {
        s.push_str(&format!(" INCLUDE ({})", idents(&ix.include)));
    }
    if ix.nulls_not_distinct {
        s.push_str(" NULLS NOT DISTINCT");
    }
    if !ix.options.is_empty() {
        s.push_str(&format!(" WITH ({})", ix.options.join(", ")));
    }
    if let Some(p) = &ix.predicate {
        s.push_str(&format!(" WHERE ({p})"));
    }
    s
}

/// `lower(email)` may stand bare as an index key; other expressions need parentheses.
pub(crate) fn looks_like_call(e: &str) -> bool {
    let Some(open) = e.find('(') else {
        return false;
    };
    e.ends_with(')')
        && e[..open].chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.')
        && !e[..open].is_empty()
        && e[open..].chars().filter(|c| *c == '(').count() == e[open..].chars().filter(|c| *c == ')').count()
        && matching_close(&e[open..]) == e.len() - open - 1
}

pub(crate) fn matching_close(s: &str) -> usize {
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    usize::MAX
}
