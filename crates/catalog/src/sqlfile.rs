//! Reading schema SQL files (hand-written DDL or `pg_dump --schema-only` output).
//!
//! The text is split into statements here (quotes, dollar quotes, comments and psql
//! meta-commands handled), each statement keeps its file and line, and each is checked:
//! sqlparser must parse it, or it must be one of the PostgreSQL DDL forms that sqlparser
//! does not know yet but pg_dump emits (functions with dollar-quoted bodies, triggers,
//! policies, ALTER ... OWNER TO, ...), recognized by its leading keywords. Anything else
//! is an error naming file:line and the statement; nothing is skipped silently except
//! what cannot change a schema's shape (SET, set_config, OWNER TO, psql meta-commands).
//! The statements are then loaded into a scratch database, so that PostgreSQL itself
//! normalizes them (see `exec::source`).

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlStatement {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub text: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SqlFileError {
    #[error("{file}: cannot read: {message}")]
    Io { file: String, message: String },
    #[error("{file}:{line}:{col}: {message}\n  statement: {statement}\n  help: {help}")]
    Statement { file: String, line: usize, col: usize, message: String, statement: String, help: String },
}

/// What to do with a statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Part of the schema: load it.
    Schema,
    /// A session setting (SET, set_config): run it in the loading session, where it
    /// matters as it did to the file's author (pg_dump's search_path, check_function_bodies).
    Session,
    /// Cannot change the schema's shape (ownership, transaction control): leave it out.
    Ignored,
}

/// Reads a .sql file, or every .sql file of a directory in name order.
pub fn read_path(path: &Path) -> Result<Vec<SqlStatement>, SqlFileError> {
    let io = |e: std::io::Error| SqlFileError::Io { file: path.display().to_string(), message: e.to_string() };
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "sql"))
            .collect();
        v.sort();
        v
    } else {
        vec![path.to_path_buf()]
    };
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f)
            .map_err(|e| SqlFileError::Io { file: f.display().to_string(), message: e.to_string() })?;
        // A byte-order mark some editors write is not SQL.
        out.extend(split(&f, text.strip_prefix('\u{feff}').unwrap_or(&text))?);
    }
    Ok(out)
}

/// Splits SQL text into statements with their positions.
pub fn split(file: &Path, text: &str) -> Result<Vec<SqlStatement>, SqlFileError> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let mut col = 1;
    let mut start: Option<(usize, usize, usize)> = None; // byte, line, col
    let err = |line: usize, col: usize, message: &str, statement: &str| SqlFileError::Statement {
        file: file.display().to_string(),
        line,
        col,
        message: message.to_string(),
        statement: first_line(statement),
        help: "check the quoting around this place".into(),
    };
    macro_rules! advance {
        ($n:expr) => {{
            for k in 0..$n {
                if b[i + k] == b'\n' {
                    line += 1;
                    col = 1;
                } else if (b[i + k] & 0xC0) != 0x80 {
                    col += 1;
                }
            }
            i += $n;
        }};
    }
    while i < b.len() {
        let c = b[i];
        // psql meta-command: a backslash at the start of a statement, to the end of the line.
        if start.is_none() && c == b'\\' {
            while i < b.len() && b[i] != b'\n' {
                advance!(1);
            }
            continue;
        }
        if c == b'-' && b.get(i + 1) == Some(&b'-') {
            while i < b.len() && b[i] != b'\n' {
                advance!(1);
            }
            continue;
        }
        if c == b'/' && b.get(i + 1) == Some(&b'*') {
            let (l, cl) = (line, col);
            let mut depth = 0;
            loop {
                if i >= b.len() {
                    return Err(err(l, cl, "unterminated /* comment", &text[i.min(text.len())..]));
                }
                if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                    depth += 1;
                    advance!(2);
                } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                    depth -= 1;
                    advance!(2);
                    if depth == 0 {
                        break;
                    }
                } else {
                    advance!(1);
                }
            }
            continue;
        }
        if c.is_ascii_whitespace() {
            advance!(1);
            continue;
        }
        if start.is_none() {
            start = Some((i, line, col));
        }
        match c {
            b';' => {
                let (s, l, cl) = start.take().unwrap_or((i, line, col));
                let body = text[s..i].trim();
                if !body.is_empty() {
                    out.push(SqlStatement { file: file.to_path_buf(), line: l, col: cl, text: body.to_string() });
                }
                advance!(1);
            }
            b'\'' => {
                let (l, cl) = (line, col);
                let escapes = i > 0 && (b[i - 1] == b'E' || b[i - 1] == b'e');
                advance!(1);
                loop {
                    if i >= b.len() {
                        return Err(err(l, cl, "unterminated string literal", &text[start.map_or(0, |s| s.0)..]));
                    }
                    if escapes && b[i] == b'\\' && i + 1 < b.len() {
                        advance!(2);
                    } else if b[i] == b'\'' {
                        if b.get(i + 1) == Some(&b'\'') {
                            advance!(2);
                        } else {
                            advance!(1);
                            break;
                        }
                    } else {
                        advance!(1);
                    }
                }
            }
            b'"' => {
                let (l, cl) = (line, col);
                advance!(1);
                loop {
                    if i >= b.len() {
                        return Err(err(l, cl, "unterminated quoted identifier", &text[start.map_or(0, |s| s.0)..]));
                    }
                    if b[i] == b'"' {
                        if b.get(i + 1) == Some(&b'"') {
                            advance!(2);
                        } else {
                            advance!(1);
                            break;
                        }
                    } else {
                        advance!(1);
                    }
                }
            }
            b'$' => {
                // $tag$ ... $tag$ (a tag is empty or an identifier not starting with a digit)
                let rest = &text[i + 1..];
                let tag_len = rest.find('$').filter(|&n| {
                    rest[..n].chars().all(|ch| ch.is_alphanumeric() || ch == '_')
                        && !rest[..n].starts_with(|ch: char| ch.is_ascii_digit())
                });
                match tag_len {
                    Some(n) if !(i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) => {
                        let tag = format!("${}$", &rest[..n]);
                        let (l, cl) = (line, col);
                        advance!(tag.len());
                        match text[i..].find(&tag) {
                            Some(end) => advance!(end + tag.len()),
                            None => {
                                return Err(err(
                                    l,
                                    cl,
                                    &format!("unterminated dollar-quoted string {tag}"),
                                    &text[start.map_or(0, |s| s.0)..],
                                ))
                            }
                        }
                    }
                    _ => advance!(1),
                }
            }
            _ => advance!(1),
        }
    }
    if let Some((s, l, cl)) = start {
        let body = text[s..].trim();
        if !body.is_empty() {
            out.push(SqlStatement { file: file.to_path_buf(), line: l, col: cl, text: body.to_string() });
        }
    }
    Ok(out)
}

fn first_line(s: &str) -> String {
    let l = s.trim().lines().next().unwrap_or("");
    if l.len() > 120 {
        format!(
            "{}...",
            &l[..l.char_indices().take_while(|(i, _)| *i < 117).last().map_or(0, |(i, c)| i + c.len_utf8())]
        )
    } else {
        l.to_string()
    }
}

fn words(s: &str, n: usize) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '(')
        .filter(|w| !w.is_empty())
        .take(n)
        .map(|w| w.to_ascii_uppercase())
        .collect()
}

/// Statement forms that PostgreSQL (and pg_dump) write but sqlparser does not parse, by
/// their leading keywords. They are taken as they are; the scratch database checks them.
const PG_ONLY_FORMS: &[&str] = &[
    "CREATE FUNCTION",
    "CREATE OR REPLACE FUNCTION",
    "CREATE PROCEDURE",
    "CREATE OR REPLACE PROCEDURE",
    "CREATE AGGREGATE",
    "CREATE OR REPLACE AGGREGATE",
    "CREATE TRIGGER",
    "CREATE OR REPLACE TRIGGER",
    "CREATE CONSTRAINT TRIGGER",
    "CREATE EVENT TRIGGER",
    "CREATE POLICY",
    "CREATE DOMAIN",
    "CREATE COLLATION",
    "CREATE EXTENSION",
    "CREATE TYPE",
    "CREATE OPERATOR",
    "CREATE TEXT SEARCH",
    "CREATE CAST",
    "CREATE RULE",
    "CREATE OR REPLACE RULE",
    "CREATE STATISTICS",
    "CREATE PUBLICATION",
    "CREATE SEQUENCE",
    "CREATE SCHEMA",
    "CREATE TABLE",
    "CREATE UNLOGGED TABLE",
    "CREATE MATERIALIZED VIEW",
    "CREATE INDEX",
    "CREATE UNIQUE INDEX",
    "CREATE VIEW",
    "CREATE OR REPLACE VIEW",
    "CREATE RECURSIVE VIEW",
    "CREATE FOREIGN TABLE",
    "CREATE SERVER",
    "ALTER TABLE",
    "ALTER SEQUENCE",
    "ALTER TYPE",
    "ALTER DOMAIN",
    "ALTER FUNCTION",
    "ALTER PROCEDURE",
    "ALTER DEFAULT PRIVILEGES",
    "ALTER SCHEMA",
    "ALTER VIEW",
    "ALTER MATERIALIZED VIEW",
    "ALTER INDEX",
    "ALTER EXTENSION",
    "ALTER COLLATION",
    "ALTER POLICY",
    "ALTER TRIGGER",
    "ALTER AGGREGATE",
    "COMMENT ON",
    "GRANT",
    "REVOKE",
    "SECURITY LABEL",
    "DO",
];

/// Decides what to do with a statement, or says why we cannot take it.
pub fn classify(st: &SqlStatement) -> Result<Kind, SqlFileError> {
    let w = words(&st.text, 6);
    let head = w.first().map(String::as_str).unwrap_or("");
    let fail = |message: String, help: &str| SqlFileError::Statement {
        file: st.file.display().to_string(),
        line: st.line,
        col: st.col,
        message,
        statement: first_line(&st.text),
        help: help.to_string(),
    };
    match head {
        "SET" | "RESET" => return Ok(Kind::Session),
        "SELECT" if st.text.contains("set_config(") => return Ok(Kind::Session),
        "BEGIN" | "COMMIT" | "START" | "END" => return Ok(Kind::Ignored),
        "INSERT" | "UPDATE" | "DELETE" | "COPY" | "TRUNCATE" | "MERGE" | "SELECT" | "WITH" | "VALUES" => {
            return Err(fail(
                format!("{head} is a data statement; a schema file holds only definitions"),
                "remove it (pg_dump --schema-only writes none)",
            ))
        }
        _ => {}
    }
    if head == "ALTER" && st.text.to_ascii_uppercase().contains(" OWNER TO ") {
        // Ownership is not part of the compared schema.
        return Ok(Kind::Ignored);
    }
    let joined = w.join(" ");
    let ddl = ["CREATE", "ALTER", "DROP", "COMMENT", "GRANT", "REVOKE", "SECURITY", "DO"].contains(&head);
    if !ddl {
        return Err(fail(
            format!("unsupported statement `{joined}`"),
            "phaseshift reads DDL (CREATE, ALTER, COMMENT, GRANT, ...); remove or rewrite this statement",
        ));
    }
    match Parser::parse_sql(&PostgreSqlDialect {}, &st.text) {
        Ok(_) => Ok(Kind::Schema),
        Err(_) if PG_ONLY_FORMS.iter().any(|f| joined.starts_with(f)) => Ok(Kind::Schema),
        Err(e) => {
            let msg = e.to_string();
            let msg = msg.strip_prefix("sql parser error: ").unwrap_or(&msg).to_string();
            Err(fail(format!("syntax error: {msg}"), "fix the statement; it must be valid PostgreSQL"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_byte_order_mark_is_not_sql() {
        let dir = std::env::temp_dir().join(format!("phaseshift-bom-{}-{}", std::process::id(), fastrand::u32(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let f = dir.join("schema.sql");
        std::fs::write(&f, "\u{feff}CREATE TABLE t (id int);\n").unwrap();
        let st = super::read_path(&f).unwrap();
        assert_eq!(st.len(), 1);
        assert_eq!(st[0].text.trim_end_matches(';'), "CREATE TABLE t (id int)");
        assert_eq!(super::classify(&st[0]).unwrap(), super::Kind::Schema);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    fn split_str(s: &str) -> Vec<(usize, String)> {
        split(Path::new("t.sql"), s).unwrap().into_iter().map(|s| (s.line, s.text)).collect()
    }

    #[test]
    fn splits_around_quotes_comments_and_dollar_bodies() {
        let sql = "SET x = 1;\n-- a; comment\nCREATE TABLE \"a;b\" (v text DEFAULT 'x;''y');\n/* block; /* nested; */ */\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\n\\restrict abc\nCREATE VIEW v AS SELECT $$;$$ AS x;\nSELECT E'\\';'";
        let got = split_str(sql);
        assert_eq!(got.len(), 5, "{got:#?}");
        assert_eq!(got[1], (3, "CREATE TABLE \"a;b\" (v text DEFAULT 'x;''y')".to_string()));
        assert_eq!(got[2].0, 5);
        assert!(got[2].1.ends_with("LANGUAGE sql"));
        assert_eq!(got[3], (7, "CREATE VIEW v AS SELECT $$;$$ AS x".to_string()));
        assert_eq!(got[4].1, "SELECT E'\\';'");
    }

    #[test]
    fn unterminated_quotes_are_errors_with_positions() {
        let e = split(Path::new("t.sql"), "CREATE TABLE t (a text);\nCREATE VIEW v AS SELECT 'oops;\n").unwrap_err();
        assert!(e.to_string().starts_with("t.sql:2:25: unterminated string literal"), "{e}");
    }

    #[test]
    fn classification() {
        let st = |t: &str| SqlStatement { file: "f.sql".into(), line: 3, col: 1, text: t.into() };
        assert_eq!(classify(&st("CREATE TABLE t (a int)")).unwrap(), Kind::Schema);
        assert_eq!(
            classify(&st("CREATE TRIGGER x BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f()")).unwrap(),
            Kind::Schema
        );
        assert_eq!(classify(&st("ALTER TABLE public.t OWNER TO bob")).unwrap(), Kind::Ignored);
        assert_eq!(classify(&st("SELECT pg_catalog.set_config('search_path', '', false)")).unwrap(), Kind::Session);
        let e = classify(&st("INSERT INTO t VALUES (1)")).unwrap_err().to_string();
        assert!(e.starts_with("f.sql:3:1: INSERT is a data statement"), "{e}");
        let e = classify(&st("VACUUM t")).unwrap_err().to_string();
        assert!(e.contains("unsupported statement `VACUUM T`"), "{e}");
        assert_eq!(classify(&st("CREATE POLICY p ON t USING (true)")).unwrap(), Kind::Schema);
        let e = classify(&st("DROP TABLEX t")).unwrap_err().to_string();
        assert!(e.contains("syntax error"), "{e}");
    }
}
