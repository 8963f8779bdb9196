//! Reading schema SQL files (hand-written DDL or `pg_dump --schema-only` output).
//!
//! The text is split into statements here (quotes, dollar quotes, comments and psql
//! meta-commands handled), each statement keeps its file and line, and each is parsed by
//! PostgreSQL's own grammar (pg_query) and taken by what kind of statement it is:
//! definitions are loaded, session settings run, ownership and transaction control left
//! out. Anything else (data statements, utility commands, syntax errors) is an error
//! naming file:line and the statement; nothing is skipped silently.
//! The statements are then loaded into a scratch database, so that PostgreSQL itself
//! normalizes them (see `exec::source`).

use pg_query::protobuf::AlterTableType;
use pg_query::NodeEnum;
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

/// The files of a SQL target: the file itself, or every .sql file of a directory in name
/// order.
pub fn sql_files(path: &Path) -> Result<Vec<PathBuf>, SqlFileError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let io = |e: std::io::Error| SqlFileError::Io { file: path.display().to_string(), message: e.to_string() };
    let mut v: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    v.sort();
    Ok(v)
}

/// Reads a .sql file, or every .sql file of a directory in name order.
pub fn read_path(path: &Path) -> Result<Vec<SqlStatement>, SqlFileError> {
    let mut out = Vec::new();
    for f in sql_files(path)? {
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

/// Statements that define or change schema objects: what a schema file is made of.
fn is_definition(node: &NodeEnum) -> bool {
    use NodeEnum::*;
    matches!(
        node,
        CreateStmt(_)
            | CreateSchemaStmt(_)
            | CreateSeqStmt(_)
            | AlterSeqStmt(_)
            | CreateExtensionStmt(_)
            | AlterExtensionStmt(_)
            | AlterExtensionContentsStmt(_)
            | CreateFunctionStmt(_)
            | AlterFunctionStmt(_)
            | CreateTrigStmt(_)
            | CreateEventTrigStmt(_)
            | AlterEventTrigStmt(_)
            | CreatePolicyStmt(_)
            | AlterPolicyStmt(_)
            | CreateDomainStmt(_)
            | AlterDomainStmt(_)
            | CreateEnumStmt(_)
            | AlterEnumStmt(_)
            | CreateRangeStmt(_)
            | CompositeTypeStmt(_)
            | AlterTypeStmt(_)
            | DefineStmt(_)
            | IndexStmt(_)
            | ViewStmt(_)
            | CreateTableAsStmt(_)
            | AlterTableStmt(_)
            | RenameStmt(_)
            | AlterObjectSchemaStmt(_)
            | AlterCollationStmt(_)
            | CommentStmt(_)
            | GrantStmt(_)
            | AlterDefaultPrivilegesStmt(_)
            | DoStmt(_)
            | SecLabelStmt(_)
            | RuleStmt(_)
            | CreateStatsStmt(_)
            | AlterStatsStmt(_)
            | CreateCastStmt(_)
            | CreateOpClassStmt(_)
            | CreateOpFamilyStmt(_)
            | AlterOpFamilyStmt(_)
            | AlterOperatorStmt(_)
            | CreateConversionStmt(_)
            | CreatePublicationStmt(_)
            | AlterPublicationStmt(_)
            | CreateForeignTableStmt(_)
            | CreateForeignServerStmt(_)
            | AlterForeignServerStmt(_)
            | CreateFdwStmt(_)
            | AlterFdwStmt(_)
            | CreateUserMappingStmt(_)
            | AlterTsdictionaryStmt(_)
            | AlterTsconfigurationStmt(_)
            | CreateAmStmt(_)
            | CreateTransformStmt(_)
            | CreatePlangStmt(_)
            | DropStmt(_)
    )
}

/// `ALTER ... OWNER TO`, in either of the forms PostgreSQL parses it into.
fn changes_owner_only(node: &NodeEnum) -> bool {
    match node {
        NodeEnum::AlterOwnerStmt(_) => true,
        NodeEnum::AlterTableStmt(a) => {
            !a.cmds.is_empty()
                && a.cmds.iter().all(|c| {
                    matches!(&c.node, Some(NodeEnum::AlterTableCmd(cmd)) if cmd.subtype == AlterTableType::AtChangeOwner as i32)
                })
        }
        _ => false,
    }
}

/// Decides what to do with a statement, or says why we cannot take it.
pub fn classify(st: &SqlStatement) -> Result<Kind, SqlFileError> {
    let fail = |message: String, help: &str| SqlFileError::Statement {
        file: st.file.display().to_string(),
        line: st.line,
        col: st.col,
        message,
        statement: first_line(&st.text),
        help: help.to_string(),
    };
    let parsed = pg_query::parse(&st.text, 0).map_err(|e| {
        let message = match e {
            pg_query::Error::Parse(m) => m,
            other => other.to_string(),
        };
        fail(format!("syntax error: {message}"), "fix the statement; it must be valid PostgreSQL")
    })?;
    let kind = parsed.statement_types().first().map(|k| k.to_string()).unwrap_or_default();
    // How the statement reads, for messages: its first keyword.
    let verb = st
        .text
        .split(|c: char| c.is_whitespace() || c == '(')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_ascii_uppercase();
    let Some(node) = parsed.protobuf.stmts.first().and_then(|s| s.stmt.as_ref()).and_then(|s| s.node.as_ref()) else {
        return Ok(Kind::Ignored);
    };
    let sets_config = || parsed.functions().iter().any(|f| f == "set_config" || f == "pg_catalog.set_config");
    match node {
        NodeEnum::VariableSetStmt(_) => Ok(Kind::Session),
        NodeEnum::SelectStmt(_) if sets_config() => Ok(Kind::Session),
        NodeEnum::TransactionStmt(_) => Ok(Kind::Ignored),
        // Ownership is not part of the compared schema.
        n if changes_owner_only(n) => Ok(Kind::Ignored),
        n if is_definition(n) => Ok(Kind::Schema),
        NodeEnum::InsertStmt(_)
        | NodeEnum::UpdateStmt(_)
        | NodeEnum::DeleteStmt(_)
        | NodeEnum::MergeStmt(_)
        | NodeEnum::CopyStmt(_)
        | NodeEnum::TruncateStmt(_)
        | NodeEnum::SelectStmt(_) => Err(fail(
            format!("{verb} is a data statement; a schema file holds only definitions"),
            "remove it (pg_dump --schema-only writes none)",
        )),
        _ => Err(fail(
            format!("unsupported statement: {verb} ({kind})"),
            "phaseshift reads definitions (CREATE, ALTER, COMMENT, GRANT, ...); remove or rewrite this statement",
        )),
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
        assert!(e.contains("unsupported statement: VACUUM (VacuumStmt)"), "{e}");
        assert_eq!(classify(&st("CREATE POLICY p ON t USING (true)")).unwrap(), Kind::Schema);
        assert_eq!(classify(&st("ALTER FUNCTION f() OWNER TO bob")).unwrap(), Kind::Ignored);
        assert_eq!(classify(&st("ALTER TABLE t OWNER TO bob, ADD COLUMN x int")).unwrap(), Kind::Schema);
        assert_eq!(classify(&st("SET search_path = ''")).unwrap(), Kind::Session);
        assert_eq!(classify(&st("BEGIN")).unwrap(), Kind::Ignored);
        // Misspelled keywords that a keyword-prefix check let through.
        for bad in ["DROP TABLEX t", "CREATE TABLEX t (a int)", "CREATE FUNCTION f( RETURNS int"] {
            let e = classify(&st(bad)).unwrap_err().to_string();
            assert!(e.contains("syntax error"), "{bad}: {e}");
        }
    }
}
