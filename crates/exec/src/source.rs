//! The two sides of a diff: a live database, SQL files, or specs. SQL files and specs are
//! loaded into a scratch database (on the server of a database side, or on a throwaway
//! server) and read back through the catalog, so that both sides are normalized by
//! PostgreSQL the same way.

use super::planning::{plan_offline, read_live};
use super::{connect, redact, Error, SourceError};
use crate::catalog::sqlfile::{self, Kind, SqlStatement};
use crate::model::Schema;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub enum Source {
    Database(String),
    Sql(PathBuf),
    Spec(PathBuf),
}

impl Source {
    /// A URL (`postgres://`, `postgresql://`, or `key=value` connection string), a spec
    /// (`.yaml`/`.yml`, or a directory of them), or SQL (a `.sql` file or a directory of them).
    pub fn parse(arg: &str) -> Source {
        let p = PathBuf::from(arg);
        // A URL, or key=value settings (`host = h` too) that name no existing file.
        if arg.starts_with("postgres://") || arg.starts_with("postgresql://") || (arg.contains('=') && !p.exists()) {
            return Source::Database(arg.to_string());
        }
        let is_yaml = |p: &Path| p.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if is_yaml(&p) {
            return Source::Spec(p);
        }
        if p.is_dir() {
            let has_yaml = std::fs::read_dir(&p).into_iter().flatten().flatten().any(|e| is_yaml(&e.path()));
            let has_sql = std::fs::read_dir(&p)
                .into_iter()
                .flatten()
                .flatten()
                .any(|e| e.path().extension().is_some_and(|x| x == "sql"));
            if has_yaml && !has_sql {
                return Source::Spec(p);
            }
        }
        Source::Sql(p)
    }

    pub fn describe(&self) -> String {
        match self {
            Source::Database(u) => redact(u),
            Source::Sql(p) | Source::Spec(p) => p.display().to_string(),
        }
    }
}

/// Where SQL files and specs are materialized: a server the caller names.
pub struct Scratch {
    url: String,
}

impl Scratch {
    /// The server of the first database among `sources`, else `fallback` (a URL); `None`
    /// when there is neither, and the caller must provide a server (the CLI starts a
    /// throwaway one).
    pub fn new(sources: &[&Source], fallback: Option<&str>) -> Option<Scratch> {
        let url = sources.iter().find_map(|s| match s {
            Source::Database(u) => Some(u.clone()),
            _ => None,
        });
        url.or(fallback.map(str::to_string)).map(|url| Scratch { url })
    }

    /// A scratch server at `url`.
    pub fn at(url: String) -> Scratch {
        Scratch { url }
    }

    /// Where the scratch server is.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Loads statements into a fresh scratch database and reads its schema.
    async fn load(&self, statements: &[SqlStatement]) -> Result<Schema, Error> {
        let admin = connect(&self.url).await?;
        let name = format!("phaseshift_scratch_{}_{:08x}", std::process::id(), fastrand::u32(..));
        super::create_database(&admin, &name, true).await?;
        let result = async {
            let mut client = connect(&super::with_database(&self.url, &name)?).await?;
            // Function bodies may name objects defined further down (pg_dump does the same).
            client.batch_execute(crate::sql::CHECK_BODIES_OFF).await?;
            load_in_any_order(&client, statements).await?;
            read_live(&mut client, None).await.map_err(Error::catalog("scratch database"))
        }
        .await;
        let _ = admin.batch_execute(&crate::sql::drop_database(&name)).await;
        result
    }
}

/// Runs the statements of desired-state files written in any order: a statement that
/// needs an object defined further down (a view before its table, a foreign key before the
/// referenced table, a function used in a check before its definition, a table in a
/// schema created later) is tried again after the others, pass after pass, as long as
/// each pass gets further. What still fails is reported where it stands.
async fn load_in_any_order(client: &tokio_postgres::Client, statements: &[SqlStatement]) -> Result<(), Error> {
    let mut pending: Vec<&SqlStatement> = statements.iter().collect();
    loop {
        let mut waiting = Vec::new();
        let mut first_error = None;
        let before = pending.len();
        for st in pending {
            match client.batch_execute(&st.text).await {
                Ok(()) => {}
                Err(e) if phaseshift_pg::is_missing_object(&e) => {
                    first_error.get_or_insert((st, super::pg_message(&e)));
                    waiting.push(st);
                }
                Err(e) => return Err(load_error(st, super::pg_message(&e))),
            }
        }
        match first_error {
            None => return Ok(()),
            Some((st, message)) if waiting.len() == before => return Err(load_error(st, message)),
            Some(_) => pending = waiting,
        }
    }
}

fn load_error(st: &SqlStatement, message: String) -> Error {
    Error::from(SourceError::Load {
        file: st.file.display().to_string(),
        line: st.line,
        col: st.col,
        statement: st.text.lines().next().unwrap_or("").to_string(),
        message,
    })
}

/// Reads one side of a diff.
pub async fn read_source(source: &Source, scratch: &Scratch) -> Result<(Schema, Option<i32>), Error> {
    match source {
        Source::Database(url) => {
            // One session: both sides are read at once, and two sessions each were slower
            // than one (`bench_diff`: each new session warms its catalog caches again).
            let mut client = connect(url).await?;
            let version: i32 = client.query_one(crate::sql::SERVER_VERSION, &[]).await?.get(0);
            let s = read_live(&mut client, None).await.map_err(Error::catalog(redact(url)))?;
            Ok((s, Some(version)))
        }
        Source::Sql(path) => {
            let mut keep = Vec::new();
            for st in sqlfile::read_path(path)? {
                if matches!(sqlfile::classify(&st)?, Kind::Schema | Kind::Session) {
                    keep.push(st);
                }
            }
            Ok((scratch.load(&keep).await?, None))
        }
        Source::Spec(path) => {
            let specs = crate::spec::load_path(path)?;
            let planned = plan_offline(&specs)?;
            let mut statements = Vec::new();
            for m in &planned {
                for p in &m.plan.phases {
                    for step in &p.steps {
                        for s in &step.statements {
                            statements.push(SqlStatement { file: path.clone(), line: 1, col: 1, text: s.sql.clone() });
                        }
                    }
                }
            }
            Ok((scratch.load(&statements).await?, None))
        }
    }
}
