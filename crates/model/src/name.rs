//! Qualified names and PostgreSQL's rules for implicit object names.

use serde::{Deserialize, Serialize};
use std::fmt;

/// PostgreSQL truncates identifiers to NAMEDATALEN - 1 bytes.
pub const MAX_IDENT_BYTES: usize = 63;

/// `schema.name`, both unquoted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub struct QualName {
    pub schema: String,
    pub name: String,
}

impl QualName {
    pub fn new(schema: impl Into<String>, name: impl Into<String>) -> Self {
        QualName { schema: schema.into(), name: name.into() }
    }

    /// Parse `name` or `schema.name` as written in a spec (unquoted; a double-quoted part
    /// keeps dots and case). Unqualified names get `default_schema`.
    pub fn parse(text: &str, default_schema: &str) -> QualName {
        let parts = split_dotted(text);
        match parts.as_slice() {
            [schema, name] => QualName::new(schema.clone(), name.clone()),
            // One double-quoted identifier loses its quotes; any other name is taken as
            // written, quotes inside it included.
            [one] if text.len() >= 2 && text.starts_with('"') && text.ends_with('"') => {
                QualName::new(default_schema, one.clone())
            }
            _ => QualName::new(default_schema, text),
        }
    }
}

impl fmt::Display for QualName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.schema, self.name)
    }
}

/// Splits `a.b` into its parts, honouring double quotes (`"a.b".c` is two parts).
fn split_dotted(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            '.' if !quoted => parts.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    parts.push(cur);
    parts
}

/// Truncate to at most `max` bytes without splitting a UTF-8 character.
fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// PostgreSQL's `makeObjectName`: `name1_name2_label`, shortening the longer of name1 and
/// name2 until the whole fits in 63 bytes.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: &str) -> String {
    let mut overhead = label.len() + 1;
    if name2.is_some() {
        overhead += 1;
    }
    let avail = MAX_IDENT_BYTES.saturating_sub(overhead);
    let mut n1 = name1.len();
    let mut n2 = name2.map_or(0, str::len);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    match name2 {
        Some(b) => format!("{}_{}_{label}", clip(name1, n1), clip(b, n2)),
        None => format!("{}_{label}", clip(name1, n1)),
    }
}

/// The name PostgreSQL gives a constraint declared without one.
/// `columns` are the key columns (for a check: the single column it references, if exactly one).
pub fn default_constraint_name(table: &str, columns: &[String], label: &str) -> String {
    if columns.is_empty() {
        make_object_name(table, None, label)
    } else {
        make_object_name(table, Some(&join_for_name(columns)), label)
    }
}

/// The name PostgreSQL gives `CREATE INDEX ON t (cols)` without a name.
pub fn default_index_name(table: &str, key_names: &[String]) -> String {
    numbered_index_name(table, key_names, 0)
}

/// The same when that name is taken `pass` times over (`_idx1`, `_idx2`).
pub fn numbered_index_name(table: &str, key_names: &[String], pass: usize) -> String {
    let label = if pass == 0 { "idx".to_string() } else { format!("idx{pass}") };
    make_object_name(table, Some(&join_for_name(key_names)), &label)
}

/// `ChooseIndexNameAddition`: names joined with `_`, stopping once 63 bytes are reached.
fn join_for_name(names: &[String]) -> String {
    let mut out = String::new();
    for n in names {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(n);
        if out.len() >= MAX_IDENT_BYTES {
            break;
        }
    }
    clip(&out, MAX_IDENT_BYTES).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_names() {
        assert_eq!(QualName::parse("t", "public"), QualName::new("public", "t"));
        assert_eq!(QualName::parse("s.t", "public"), QualName::new("s", "t"));
        assert_eq!(QualName::parse("\"a.b\".c", "public"), QualName::new("a.b", "c"));
        // A doubled quote inside a quoted name is one quote, as in SQL.
        assert_eq!(QualName::parse("\"We\"\"ird\"", "x"), QualName::new("x", "We\"ird"));
    }

    #[test]
    fn implicit_names_match_postgres() {
        // Checked against PostgreSQL 15: CREATE TABLE t (id int primary key, a int unique ...)
        assert_eq!(default_constraint_name("t", &[], "pkey"), "t_pkey");
        assert_eq!(default_constraint_name("t", &["a".into()], "key"), "t_a_key");
        assert_eq!(
            default_constraint_name("orders", &["client_id".into(), "x".into()], "fkey"),
            "orders_client_id_x_fkey"
        );
        assert_eq!(default_index_name("t", &["a".into(), "b".into()]), "t_a_b_idx");
        let long = "a".repeat(70);
        let n = default_constraint_name(&long, &["b".repeat(70)], "fkey");
        assert_eq!(n.len(), 63);
        assert!(n.ends_with("_fkey"));
        assert_eq!(n, format!("{}_{}_fkey", "a".repeat(29), "b".repeat(28)));
    }

    #[test]
    fn truncation_respects_utf8() {
        let name = "é".repeat(40); // 80 bytes
        let n = default_constraint_name(&name, &[], "pkey");
        assert!(n.len() <= 63);
        assert!(n.ends_with("_pkey"));
    }

    #[test]
    fn quotes_inside_a_name_are_kept() {
        assert_eq!(QualName::parse(r#"x "y""#, "public").name, r#"x "y""#);
        assert_eq!(QualName::parse(r#""x ""y""""#, "public").name, r#"x "y""#);
        assert_eq!(QualName::parse(r#""Mixed.Case""#, "public"), QualName::new("public", "Mixed.Case"));
        assert_eq!(QualName::parse("app.users", "public"), QualName::new("app", "users"));
        assert_eq!(QualName::parse("plain", "s"), QualName::new("s", "plain"));
    }
}
