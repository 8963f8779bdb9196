//! Thin helpers over sqlparser for checking the SQL fragments users write in specs
//! (types, expressions, queries). PostgreSQL dialect throughout.

use sqlparser::ast::Visit;
use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::Token;
use std::ops::ControlFlow;

fn parser(sql: &str) -> Result<Parser<'static>, String> {
    static DIALECT: PostgreSqlDialect = PostgreSqlDialect {};
    Parser::new(&DIALECT).try_with_sql(sql).map_err(|e| clean(&e))
}

fn clean(e: &ParserError) -> String {
    let s = e.to_string();
    s.strip_prefix("sql parser error: ").unwrap_or(&s).to_string()
}

fn expect_end(p: &mut Parser<'_>) -> Result<(), String> {
    match p.peek_token().token {
        Token::EOF => Ok(()),
        t => Err(format!("unexpected `{t}` after the end")),
    }
}

/// An SQL scalar expression.
pub fn expr(sql: &str) -> Result<(), String> {
    let mut p = parser(sql)?;
    p.parse_expr().map_err(|e| clean(&e))?;
    expect_end(&mut p)
}

/// A type name, with modifiers and array brackets.
pub fn data_type(sql: &str) -> Result<(), String> {
    let mut p = parser(sql)?;
    p.parse_data_type().map_err(|e| clean(&e))?;
    expect_end(&mut p)
}

/// An index key: an expression optionally followed by ASC/DESC and NULLS FIRST/LAST
/// (an operator class name may follow the expression too).
pub fn index_key(sql: &str) -> Result<(), String> {
    let mut p = parser(sql)?;
    p.parse_expr().map_err(|e| clean(&e))?;
    // opclass, ASC|DESC, NULLS FIRST|LAST: plain words.
    loop {
        match p.next_token().token {
            Token::EOF => return Ok(()),
            Token::Word(_) => {}
            t => return Err(format!("unexpected `{t}` in index key")),
        }
    }
}

/// A SELECT (or other query) statement.
pub fn query(sql: &str) -> Result<(), String> {
    let mut p = parser(sql.trim().trim_end_matches(';'))?;
    p.parse_query().map_err(|e| clean(&e))?;
    expect_end(&mut p)
}

/// Relations a query reads from, as written (`t`, `s.t`), unquoted and lowercased where
/// unquoted, the way PostgreSQL folds them.
pub fn relations(sql: &str) -> Result<Vec<String>, String> {
    let mut p = parser(sql.trim().trim_end_matches(';'))?;
    let q = p.parse_query().map_err(|e| clean(&e))?;
    let mut out = Vec::new();
    let _ = q.visit(&mut RelVisitor(&mut out));
    Ok(out)
}

struct RelVisitor<'a>(&'a mut Vec<String>);

impl sqlparser::ast::Visitor for RelVisitor<'_> {
    type Break = ();
    fn pre_visit_relation(&mut self, rel: &sqlparser::ast::ObjectName) -> ControlFlow<()> {
        let parts: Vec<String> = rel
            .0
            .iter()
            .filter_map(|p| p.as_ident())
            .map(|i| if i.quote_style.is_some() { format!("\"{}\"", i.value) } else { i.value.to_lowercase() })
            .collect();
        self.0.push(parts.join("."));
        ControlFlow::Continue(())
    }
}

/// True for a plain (optionally double-quoted) identifier such as `email` or `"Email"`.
pub fn is_bare_identifier(sql: &str) -> bool {
    let s = sql.trim();
    if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        return !s[1..s.len() - 1].contains('"') || s[1..s.len() - 1].replace("\"\"", "").find('"').is_none();
    }
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '$')
}

/// Column-like identifiers an expression mentions (last part of compound names), folded
/// the way PostgreSQL folds unquoted names.
pub fn identifiers(sql: &str) -> Vec<String> {
    let Ok(mut p) = parser(sql) else {
        return Vec::new();
    };
    let Ok(e) = p.parse_expr() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let _ = e.visit(&mut IdentVisitor(&mut out));
    out.sort();
    out.dedup();
    out
}

/// Whether expression `sql` mentions column `column` (see [`identifiers`]).
pub fn mentions(sql: &str, column: &str) -> bool {
    identifiers(sql).iter().any(|c| c == column)
}

/// `sql` (an expression) with its references to column `from` made to `to` (quoted where
/// needed), or None if it does not parse.
pub fn rename_column_refs(sql: &str, from: &str, to: &str) -> Option<String> {
    let mut p = parser(sql).ok()?;
    let mut e = p.parse_expr().ok()?;
    let fold =
        |i: &sqlparser::ast::Ident| if i.quote_style.is_some() { i.value.clone() } else { i.value.to_lowercase() };
    let _ = sqlparser::ast::visit_expressions_mut(&mut e, |x| {
        let last = match x {
            sqlparser::ast::Expr::Identifier(i) => Some(i),
            sqlparser::ast::Expr::CompoundIdentifier(parts) => parts.last_mut(),
            _ => None,
        };
        if let Some(i) = last.filter(|i| fold(i) == from) {
            // Quoted only where PostgreSQL needs it, as it prints names itself.
            *i = if crate::ident(to).starts_with('"') {
                sqlparser::ast::Ident::with_quote('"', to)
            } else {
                sqlparser::ast::Ident::new(to)
            };
        }
        ControlFlow::<()>::Continue(())
    });
    Some(e.to_string())
}

struct IdentVisitor<'a>(&'a mut Vec<String>);

impl sqlparser::ast::Visitor for IdentVisitor<'_> {
    type Break = ();
    fn pre_visit_expr(&mut self, e: &sqlparser::ast::Expr) -> ControlFlow<()> {
        let fold = |i: &sqlparser::ast::Ident| {
            if i.quote_style.is_some() {
                i.value.clone()
            } else {
                i.value.to_lowercase()
            }
        };
        match e {
            sqlparser::ast::Expr::Identifier(i) => self.0.push(fold(i)),
            sqlparser::ast::Expr::CompoundIdentifier(parts) => {
                if let Some(last) = parts.last() {
                    self.0.push(fold(last));
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }
}

/// Splits `(expr)::type` or `CAST(expr AS type)` into the inner expression and the type;
/// anything else is returned whole with no type.
pub fn split_cast(sql: &str) -> (String, Option<String>) {
    let Ok(mut p) = parser(sql) else { return (sql.to_string(), None) };
    match p.parse_expr() {
        Ok(sqlparser::ast::Expr::Cast { expr, data_type, .. }) if matches!(p.peek_token().token, Token::EOF) => {
            (expr.to_string(), Some(data_type.to_string()))
        }
        _ => (sql.to_string(), None),
    }
}

/// The names of the columns a query returns, when they can be told from its text (every
/// item a column or aliased; None when there is a `*` or an unnamed expression).
pub fn output_columns(sql: &str) -> Option<Vec<String>> {
    use sqlparser::ast::{Expr, SelectItem, SetExpr};
    let mut p = parser(sql.trim().trim_end_matches(';')).ok()?;
    let q = p.parse_query().ok()?;
    let SetExpr::Select(select) = q.body.as_ref() else { return None };
    let fold =
        |i: &sqlparser::ast::Ident| if i.quote_style.is_some() { i.value.clone() } else { i.value.to_lowercase() };
    let mut out = Vec::new();
    for item in &select.projection {
        match item {
            SelectItem::ExprWithAlias { alias, .. } => out.push(fold(alias)),
            SelectItem::UnnamedExpr(Expr::Identifier(i)) => out.push(fold(i)),
            SelectItem::UnnamedExpr(Expr::CompoundIdentifier(parts)) => out.push(fold(parts.last()?)),
            _ => return None,
        }
    }
    Some(out)
}

/// SQL statements as PostgreSQL's own grammar reads them (pg_query): the error it gives,
/// if any. For raw SQL steps, which may hold anything PostgreSQL accepts.
pub fn statements(sql: &str) -> Result<(), String> {
    match pg_query::parse(sql, 0) {
        Ok(r) if r.protobuf.stmts.is_empty() => Err("no statement".into()),
        Ok(_) => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod rename_tests {
    #[test]
    fn column_references_are_renamed_and_nothing_else() {
        let r = super::rename_column_refs(
            "email <> '' AND lower(email) = email AND t.email IS NOT NULL AND emails > 0",
            "email",
            "_ps_new_email",
        );
        assert_eq!(
            r.as_deref(),
            Some("_ps_new_email <> '' AND lower(_ps_new_email) = _ps_new_email AND t._ps_new_email IS NOT NULL AND emails > 0")
        );
        assert_eq!(super::rename_column_refs("a > 0", "a", "Upper Case").as_deref(), Some("\"Upper Case\" > 0"));
        assert_eq!(super::rename_column_refs("a +", "a", "b"), None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragments() {
        assert!(expr("slug ~ '^[a-z0-9-]+$'").is_ok());
        assert!(expr("now()").is_ok());
        assert!(expr("a >").is_err());
        assert!(expr("1 2").is_err());
        assert!(data_type("varchar(20)").is_ok());
        assert!(data_type("timestamptz").is_ok());
        assert!(data_type("uuid[]").is_ok());
        assert!(data_type("numeric(10,").is_err());
        assert!(index_key("created_at DESC NULLS LAST").is_ok());
        assert!(index_key("lower(email)").is_ok());
        assert!(query("SELECT * FROM catalogs WHERE deleted_at IS NULL").is_ok());
        assert_eq!(relations("SELECT * FROM a JOIN s.b ON true").unwrap(), vec!["a", "s.b"]);
        assert!(is_bare_identifier("email"));
        assert!(is_bare_identifier("\"Email\""));
        assert!(!is_bare_identifier("lower(email)"));
        assert!(!is_bare_identifier("'draft'"));
    }
}
