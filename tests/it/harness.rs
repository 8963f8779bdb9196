//! A PostgreSQL for the tests: $DATABASE_URL when set (each test gets its own fresh
//! database there), else one throwaway server for the whole test binary.

use phaseshift::exec;
use phaseshift_testkit::TempServer;
use std::process::Command;
use std::sync::OnceLock;

pub struct Harness {
    _server: Option<TempServer>,
    admin_url: String,
    bindir: Option<std::path::PathBuf>,
}

static HARNESS: OnceLock<Harness> = OnceLock::new();

pub fn harness() -> &'static Harness {
    HARNESS.get_or_init(|| match std::env::var("DATABASE_URL") {
        Ok(url) if !url.is_empty() => {
            Harness { _server: None, admin_url: url, bindir: phaseshift_testkit::find_bindir() }
        }
        _ => {
            let server = TempServer::start()
                .unwrap_or_else(|e| panic!("cannot start a throwaway PostgreSQL for the tests: {e}"));
            let admin_url = server.url("postgres");
            let bindir = Some(server.bindir().to_path_buf());
            Harness { _server: Some(server), admin_url, bindir }
        }
    })
}

pub fn rt() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime")
}

/// `url` pointing at database `db` instead.
pub fn with_database(url: &str, db: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    let rest = &url[start..];
    let path_start = rest.find('/').map_or(rest.len(), |i| i);
    let query = rest[path_start..].find('?').map(|q| &rest[path_start + q..]).unwrap_or("");
    format!("{}{}/{db}{query}", &url[..start], &rest[..path_start])
}

/// A fresh, empty database, dropped when the value is.
pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    pub async fn new(tag: &str) -> TestDb {
        let h = harness();
        let name = format!(
            "ps_{}_{:08x}",
            tag.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect::<String>().to_lowercase(),
            fastrand::u32(..)
        );
        let admin = exec::connect(&h.admin_url).await.expect("connect to the test server");
        exec::create_database(&admin, &name, true).await.expect("create test database");
        TestDb { url: with_database(&h.admin_url, &name), name }
    }

    pub async fn client(&self) -> tokio_postgres::Client {
        exec::connect(&self.url).await.expect("connect to test database")
    }

    /// `pg_dump --schema-only` without our state schema, comments and SET lines, with the
    /// columns of each table sorted (column order is not significant). Falls back to the
    /// model read from the catalog when pg_dump is not available.
    pub async fn schema(&self) -> String {
        if let Some(pg_dump) = harness().bindir.as_ref().map(|b| b.join("pg_dump")).filter(|p| p.exists()) {
            let out = Command::new(pg_dump)
                .args([
                    "--schema-only",
                    "--no-owner",
                    "--no-privileges",
                    "--exclude-schema=phaseshift",
                    "-d",
                    &self.url,
                ])
                .output()
                .expect("run pg_dump");
            assert!(out.status.success(), "pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
            return normalize_dump(&String::from_utf8_lossy(&out.stdout));
        }
        let mut c = self.client().await;
        format!("{:#?}", exec::read_live(&mut c, None).await.expect("read schema"))
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        let admin_url = harness().admin_url.clone();
        let _ = std::thread::spawn(move || {
            rt().block_on(async {
                if let Ok(c) = exec::connect(&admin_url).await {
                    let _ = c.batch_execute(&phaseshift::sql::drop_database(&name)).await;
                }
            })
        })
        .join();
    }
}

pub fn normalize_dump(dump: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut table: Option<Vec<String>> = None;
    for line in dump.lines() {
        if line.starts_with("--")
            || line.starts_with("SET ")
            || line.starts_with("SELECT pg_catalog.set_config")
            || line.trim().is_empty()
            || line.starts_with("\\restrict")
            || line.starts_with("\\unrestrict")
        {
            continue;
        }
        if let Some(cols) = table.as_mut() {
            if line.starts_with(')') {
                let mut sorted: Vec<String> = cols.iter().map(|c| c.trim_end_matches(',').to_string()).collect();
                sorted.sort();
                out.extend(sorted);
                out.push(line.to_string());
                table = None;
            } else {
                cols.push(line.to_string());
            }
            continue;
        }
        out.push(line.to_string());
        if line.starts_with("CREATE TABLE") && line.ends_with('(') {
            table = Some(Vec::new());
        }
    }
    out.join("\n")
}

/// Runs the phaseshift binary.
pub fn phaseshift(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_phaseshift"))
        .args(args)
        .env_remove("DATABASE_URL")
        .output()
        .expect("run phaseshift")
}

impl Harness {
    /// The connection string of the server's maintenance database.
    pub fn admin_url(&self) -> &str {
        &self.admin_url
    }

    /// Directory of the PostgreSQL client and server binaries, when known.
    pub fn bindir(&self) -> Option<&std::path::Path> {
        self.bindir.as_deref()
    }
}

/// True when the tests started their own server (so its password rules are known).
pub fn harness_has_own_server() -> bool {
    harness()._server.is_some()
}
