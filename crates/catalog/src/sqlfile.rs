//! Reading schema SQL files (hand-written DDL or `pg_dump --schema-only` output).
//!
//! The text is split into statements by PostgreSQL's own grammar (pg_query), psql
//! meta-commands left out; each statement keeps its file, line and column, and each is
//! taken by what kind of statement its parse tree says it is:
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

/// Reads a .sql file, or every .sql file of a directory in name order, with the files
/// they include (`\i`, `\ir`) read in their place.
pub fn read_path(path: &Path) -> Result<Vec<SqlStatement>, SqlFileError> {
    let mut out = Vec::new();
    for f in sql_files(path)? {
        out.extend(read_file(&f, &mut vec![])?);
    }
    Ok(out)
}

/// How deep includes may nest.
const MAX_INCLUDE_DEPTH: usize = 32;

/// The files `path` includes (`\i`, `\ir`), and those they include, in the order they
/// are read; not the files of `path` itself.
pub fn included_files(path: &Path) -> Result<Vec<PathBuf>, SqlFileError> {
    let mut out = Vec::new();
    for f in sql_files(path)? {
        let text = std::fs::read_to_string(&f)
            .map_err(|e| SqlFileError::Io { file: f.display().to_string(), message: e.to_string() })?;
        for inc in includes(&f, &text) {
            if !out.contains(&inc.path) && inc.path.is_file() {
                out.push(inc.path.clone());
                out.extend(included_files(&inc.path)?.into_iter().filter(|p| p != &inc.path));
            }
        }
    }
    Ok(out)
}

/// One file's statements, each file it includes read where the include stands. `within`
/// holds the files that include this one, to refuse a file that includes itself.
fn read_file(f: &Path, within: &mut Vec<PathBuf>) -> Result<Vec<SqlStatement>, SqlFileError> {
    let text = std::fs::read_to_string(f)
        .map_err(|e| SqlFileError::Io { file: f.display().to_string(), message: e.to_string() })?;
    // A byte-order mark some editors write is not SQL.
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let statements = split(f, text)?;
    let includes = includes(f, text);
    if includes.is_empty() {
        return Ok(statements);
    }
    let mut out = Vec::new();
    let mut rest = statements.into_iter().peekable();
    within.push(f.to_path_buf());
    for inc in includes {
        while let Some(st) = rest.next_if(|st| st.line < inc.line) {
            out.push(st);
        }
        let refuse = |message: String, help: &str| SqlFileError::Statement {
            file: f.display().to_string(),
            line: inc.line,
            col: 1,
            message,
            statement: inc.command.clone(),
            help: help.to_string(),
        };
        let same = |p: &PathBuf| p.canonicalize().ok() == inc.path.canonicalize().ok();
        if within.iter().any(same) || within.len() >= MAX_INCLUDE_DEPTH {
            return Err(refuse(
                format!("{} includes itself (through {} file(s))", inc.path.display(), within.len()),
                "remove the include that closes the cycle",
            ));
        }
        if !inc.path.is_file() {
            return Err(refuse(
                format!("the included file {} cannot be read", inc.path.display()),
                "\\ir names a file relative to the including file, \\i one relative to the current directory (as psql does)",
            ));
        }
        out.extend(read_file(&inc.path, within)?);
    }
    within.pop();
    out.extend(rest);
    Ok(out)
}

/// A psql include (`\i FILE`, `\include`, `\ir FILE`, `\include_relative`) and where it is.
struct Include {
    line: usize,
    command: String,
    path: PathBuf,
}

/// The includes of a file, in order: meta-command lines outside strings and bodies, as
/// [`without_meta_commands`] finds them.
fn includes(f: &Path, text: &str) -> Vec<Include> {
    let mut out = Vec::new();
    let mut before = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let cmd = line.trim();
        if cmd.starts_with('\\') && tokens(&before).is_ok() {
            let mut words = cmd.splitn(2, char::is_whitespace);
            let (name, arg) = (words.next().unwrap_or(""), words.next().unwrap_or("").trim());
            let arg = arg.strip_prefix('\'').and_then(|a| a.strip_suffix('\'')).unwrap_or(arg);
            let path = match name {
                "\\i" | "\\include" => Some(PathBuf::from(arg)),
                "\\ir" | "\\include_relative" => Some(f.parent().unwrap_or(Path::new(".")).join(arg)),
                _ => None,
            };
            if let Some(path) = path.filter(|_| !arg.is_empty()) {
                out.push(Include { line: n + 1, command: cmd.to_string(), path });
            }
            before.push('\n');
            continue;
        }
        before.push_str(line);
    }
    out
}

/// Splits SQL text into statements with their positions, by PostgreSQL's own grammar
/// (pg_query): quotes, dollar quotes, comments and `BEGIN ATOMIC` bodies are its business.
/// psql meta-commands (`\\connect`, pg_dump's `\\restrict`) are not SQL and are left out.
pub fn split(file: &Path, text: &str) -> Result<Vec<SqlStatement>, SqlFileError> {
    let sql = without_meta_commands(text);
    let tokens = tokens(&sql).map_err(|e| scan_error(file, &sql, e))?;
    let pieces = match pg_query::split_with_parser(&sql) {
        Ok(v) => v.into_iter().map(|p| offsets(&sql, p)).collect(),
        // A statement PostgreSQL cannot parse: split by tokens instead, so that the
        // statement is reported by `classify` with its own position.
        Err(_) => scanner_pieces(&sql),
    };
    let mut out = Vec::new();
    let mut at = Position::default();
    for (a, b) in pieces {
        // The statement starts at its first token that is not a comment.
        let Some(first) = tokens
            .iter()
            .filter(|t| t.start as usize >= a && (t.start as usize) < b)
            .find(|t| !is_comment(t))
            .map(|t| t.start as usize)
        else {
            continue;
        };
        let body = sql[first..b].trim_end().trim_end_matches(';').trim_end();
        if body.is_empty() {
            continue;
        }
        at.advance(&sql, first);
        out.push(SqlStatement { file: file.to_path_buf(), line: at.line, col: at.col, text: body.to_string() });
    }
    Ok(out)
}

/// A line and column (in characters, from 1) reached by walking forward through the text.
struct Position {
    byte: usize,
    line: usize,
    col: usize,
}

impl Default for Position {
    fn default() -> Self {
        Position { byte: 0, line: 1, col: 1 }
    }
}

impl Position {
    fn advance(&mut self, text: &str, to: usize) {
        for ch in text[self.byte..to].chars() {
            if ch == '\n' {
                self.line += 1;
                self.col = 1;
            } else {
                self.col += 1;
            }
        }
        self.byte = to;
    }
}

/// The tokens of `sql`, comments included. (pg_query's scanner must not be handed text
/// without any token: it returns no array at all then.)
fn tokens(sql: &str) -> Result<Vec<pg_query::protobuf::ScanToken>, pg_query::Error> {
    if sql.trim().is_empty() {
        return Ok(Vec::new());
    }
    pg_query::scan_tokens(sql)
}

fn is_comment(t: &pg_query::protobuf::ScanToken) -> bool {
    use pg_query::protobuf::Token;
    t.token == Token::SqlComment as i32 || t.token == Token::CComment as i32
}

/// Byte range of a slice of `whole`.
fn offsets(whole: &str, part: &str) -> (usize, usize) {
    let a = part.as_ptr() as usize - whole.as_ptr() as usize;
    (a, a + part.len())
}

/// Lines that start with a backslash (psql meta-commands) blanked out, every byte kept in
/// place so that positions still match the file. A line inside a string or a function body
/// (the text before it does not scan to its end) is SQL and stays.
fn without_meta_commands(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if line.trim_start().starts_with('\\') && tokens(&out).is_ok() {
            out.extend(line.bytes().map(|b| if b == b'\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Statements found by the scanner alone (a `;` outside quotes ends one), with neighbours
/// joined where only together they parse (a `BEGIN ATOMIC` body).
fn scanner_pieces(sql: &str) -> Vec<(usize, usize)> {
    let raw: Vec<(usize, usize)> =
        pg_query::split_with_scanner(sql).unwrap_or_default().into_iter().map(|p| offsets(sql, p)).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < raw.len() {
        let joined = (i..raw.len().min(i + 200)).find(|&j| pg_query::parse(&sql[raw[i].0..raw[j].1], 0).is_ok());
        match joined {
            Some(j) => {
                out.push((raw[i].0, raw[j].1));
                i = j + 1;
            }
            None => {
                out.push(raw[i]);
                i += 1;
            }
        }
    }
    out
}

/// An unterminated quote or comment, reported where it starts.
fn scan_error(file: &Path, sql: &str, e: pg_query::Error) -> SqlFileError {
    let message = match e {
        pg_query::Error::Scan(m) => m,
        other => other.to_string(),
    };
    // The scanner names the rest of the text from where the token starts.
    let (what, near) = match message.split_once(" at or near \"") {
        Some((what, near)) => (what.to_string(), near.strip_suffix('"').unwrap_or(near)),
        None => (message.clone(), ""),
    };
    let byte = if near.is_empty() { None } else { sql.rfind(near) }.unwrap_or(0);
    let mut at = Position::default();
    at.advance(sql, byte);
    SqlFileError::Statement {
        file: file.display().to_string(),
        line: at.line,
        col: at.col,
        message: what,
        statement: first_line(&sql[byte..]),
        help: "check the quoting around this place".into(),
    }
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
        assert!(split_str("").is_empty());
        assert!(split_str("  \n-- only a comment\n/* and another */\n").is_empty());
    }

    #[test]
    fn sql_standard_bodies_are_one_statement() {
        let sql = "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nCREATE TABLE t (a int);\n";
        let got = split_str(sql);
        assert_eq!(got.len(), 2, "{got:#?}");
        assert!(got[0].1.ends_with("END"), "{got:#?}");
        assert_eq!(got[1], (6, "CREATE TABLE t (a int)".to_string()));
    }

    #[test]
    fn included_files_are_read_where_they_are_included() {
        let dir = std::env::temp_dir().join(format!("phaseshift-include-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("parts")).unwrap();
        let main = dir.join("main.sql");
        std::fs::write(&main, "CREATE SCHEMA a;\n\\ir parts/one.sql\nCREATE TABLE a.z (id int);\n").unwrap();
        std::fs::write(dir.join("parts/one.sql"), "CREATE TABLE a.x (id int);\n\\ir 'two.sql'\n").unwrap();
        std::fs::write(dir.join("parts/two.sql"), "CREATE TABLE a.y (id int);\n").unwrap();
        let texts: Vec<String> = read_path(&main).unwrap().into_iter().map(|s| s.text).collect();
        assert_eq!(
            texts,
            ["CREATE SCHEMA a", "CREATE TABLE a.x (id int)", "CREATE TABLE a.y (id int)", "CREATE TABLE a.z (id int)"]
        );
        std::fs::write(dir.join("parts/two.sql"), "\\ir one.sql\n").unwrap();
        let err = read_path(&main).unwrap_err().to_string();
        assert!(err.contains("includes itself"), "{err}");
        std::fs::write(dir.join("parts/two.sql"), "\\i nowhere/three.sql\n").unwrap();
        let err = read_path(&main).unwrap_err().to_string();
        assert!(err.contains("two.sql:1:1: the included file nowhere/three.sql cannot be read"), "{err}");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_line_starting_with_a_backslash_inside_a_string_is_kept() {
        let sql = "\\connect db\nCREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\n\\x$$;\n";
        let got = split_str(sql);
        assert_eq!(got, vec![(2, "CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$\n\\x$$".to_string())]);
    }

    #[test]
    fn a_statement_that_does_not_parse_is_kept_for_classify_to_report() {
        let got = split_str("CREATE TABLE a (x int);\nCREATE TABLEX b (x int);\nCREATE TABLE c (x int);");
        assert_eq!(got.len(), 3, "{got:#?}");
        assert_eq!(got[1], (2, "CREATE TABLEX b (x int)".to_string()));
    }

    #[test]
    fn unterminated_quotes_are_errors_with_positions() {
        let e = split(Path::new("t.sql"), "CREATE TABLE t (a text);\nCREATE VIEW v AS SELECT 'oops;\n").unwrap_err();
        assert!(e.to_string().starts_with("t.sql:2:25: unterminated quoted string"), "{e}");
        let e = split(Path::new("t.sql"), "CREATE TABLE t (a text);\n/* open\n").unwrap_err();
        assert!(e.to_string().starts_with("t.sql:2:1: unterminated /* comment"), "{e}");
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
