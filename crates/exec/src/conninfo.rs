//! Connection settings read the way libpq reads them: a `postgresql://` URL or a
//! `key=value` string, then the service file, then the `PG*` environment variables, then
//! the defaults, and the password from the password file when none was given.
//!
//! tokio-postgres parses connection strings too, but it knows no service files, password
//! files, environment variables, `sslrootcert` or `verify-ca`/`verify-full`, and it rejects
//! every key it does not know; so the settings are read here and handed to its builder.
//!
//! Nothing here ever quotes the text it was given: a connection string is shown only
//! through [`ConnInfo::describe`], built from the parsed settings without the password,
//! and a string that cannot be parsed is reported by position alone.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Keys libpq accepts in a connection string (and a service file).
const KNOWN: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "service",
    "connect_timeout",
    "application_name",
    "fallback_application_name",
    "options",
    "client_encoding",
    "sslmode",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "sslpassword",
    "sslcrl",
    "sslcrldir",
    "sslsni",
    "sslcompression",
    "ssl_min_protocol_version",
    "ssl_max_protocol_version",
    "requirepeer",
    "gssencmode",
    "gsslib",
    "krbsrvname",
    "channel_binding",
    "target_session_attrs",
    "load_balance_hosts",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "replication",
];

/// Environment variables libpq reads, and the setting each one gives.
const ENV: &[(&str, &str)] = &[
    ("PGHOST", "host"),
    ("PGHOSTADDR", "hostaddr"),
    ("PGPORT", "port"),
    ("PGDATABASE", "dbname"),
    ("PGUSER", "user"),
    ("PGPASSWORD", "password"),
    ("PGPASSFILE", "passfile"),
    ("PGSERVICE", "service"),
    ("PGOPTIONS", "options"),
    ("PGAPPNAME", "application_name"),
    ("PGSSLMODE", "sslmode"),
    ("PGSSLROOTCERT", "sslrootcert"),
    ("PGSSLCERT", "sslcert"),
    ("PGSSLKEY", "sslkey"),
    ("PGCONNECT_TIMEOUT", "connect_timeout"),
    ("PGTARGETSESSIONATTRS", "target_session_attrs"),
    ("PGCHANNELBINDING", "channel_binding"),
    ("PGCLIENTENCODING", "client_encoding"),
];

/// Why a connection string or its settings were refused. Never holds any of the text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConnInfoError {
    #[error("the connection string is not valid: {0}\n  help: write postgresql://USER:PASSWORD@HOST:PORT/DATABASE (percent-encode @, /, : and spaces in the password, e.g. %40 for @) or host=HOST port=PORT user=USER dbname=DATABASE")]
    Syntax(String),
    #[error("{0}")]
    Setting(String),
}

/// Where the settings come from, so that tests need not touch the process environment.
pub trait Environment {
    fn var(&self, name: &str) -> Option<String>;
    fn home(&self) -> Option<PathBuf>;
}

/// The process environment.
pub struct ProcessEnv;

impl Environment for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var(name).ok().filter(|v| !v.is_empty())
    }
    fn home(&self) -> Option<PathBuf> {
        std::env::var_os("HOME").map(PathBuf::from).filter(|p| !p.as_os_str().is_empty())
    }
}

/// How TLS is asked for (`sslmode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(s: &str) -> Result<SslMode, ConnInfoError> {
        Ok(match s {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            other => {
                return Err(ConnInfoError::Setting(format!(
                    "sslmode \"{other}\" is not one of disable, allow, prefer, require, verify-ca, verify-full"
                )))
            }
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Allow => "allow",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

/// Parsed connection settings, as given (before the environment and defaults).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct ConnInfo {
    settings: BTreeMap<String, String>,
}

impl std::fmt::Debug for ConnInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ConnInfo({})", self.describe())
    }
}

impl ConnInfo {
    /// Parses a URL (`postgresql://` or `postgres://`) or a `key=value` string. An empty
    /// string is valid: every setting then comes from the environment and the defaults.
    pub fn parse(s: &str) -> Result<ConnInfo, ConnInfoError> {
        let trimmed = s.trim_start();
        let settings = if trimmed.starts_with("postgresql://") || trimmed.starts_with("postgres://") {
            parse_url(trimmed)?
        } else {
            parse_keywords(s)?
        };
        for k in settings.keys() {
            if !KNOWN.contains(&k.as_str()) {
                // The key is not printed: an unquoted password with a space in it makes its
                // second word look like a key.
                return Err(ConnInfoError::Syntax(format!(
                    "an option that is not a libpq connection setting (character {})",
                    s.find(k.as_str()).map_or(0, |i| i + 1)
                )));
            }
        }
        Ok(ConnInfo { settings })
    }

    /// The same settings with another database.
    pub fn with_dbname(&self, db: &str) -> ConnInfo {
        let mut c = self.clone();
        c.settings.insert("dbname".into(), db.into());
        c
    }

    pub fn get(&self, key: &str) -> Option<&str> {
        self.settings.get(key).map(String::as_str)
    }

    pub fn set(&mut self, key: &str, value: &str) {
        self.settings.insert(key.into(), value.into());
    }

    /// The settings as a `key=value` string, quoted as libpq wants (holds the password:
    /// for connecting, never for printing).
    pub fn to_conninfo_string(&self) -> String {
        self.settings
            .iter()
            .map(|(k, v)| format!("{k}='{}'", v.replace('\\', "\\\\").replace('\'', "\\'")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// What may be shown of the settings: host, port, database, user, sslmode; never the
    /// password or anything else.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for k in ["host", "hostaddr", "port", "dbname", "user", "service", "sslmode"] {
            if let Some(v) = self.settings.get(k) {
                parts.push(format!("{k}={v}"));
            }
        }
        if parts.is_empty() {
            "the default database (libpq environment and defaults)".into()
        } else {
            parts.join(" ")
        }
    }

    /// The settings with what the string left out taken from the service file, then from
    /// the environment.
    fn filled(&self, env: &dyn Environment) -> Result<BTreeMap<String, String>, ConnInfoError> {
        let mut s = self.settings.clone();
        if let Some(service) = s.get("service").cloned().or_else(|| env.var("PGSERVICE")) {
            for (k, v) in read_service(&service, env)? {
                s.entry(k).or_insert(v);
            }
        }
        for (var, key) in ENV {
            if !s.contains_key(*key) {
                if let Some(v) = env.var(var) {
                    s.insert((*key).into(), v);
                }
            }
        }
        Ok(s)
    }

    /// Fills what the string left out: the service file, then the environment, then the
    /// defaults; then the password from the password file when there is none.
    pub fn resolve(&self, env: &dyn Environment) -> Result<Resolved, ConnInfoError> {
        let s = self.filled(env)?;
        let port = first_port(s.get("port"))?;
        let hosts: Vec<String> = match s.get("host").filter(|h| !h.is_empty()) {
            Some(h) => h.split(',').map(|x| x.trim().to_string()).collect(),
            None if s.contains_key("hostaddr") => Vec::new(),
            None => vec![default_host(port)],
        };
        let user = s
            .get("user")
            .cloned()
            .or_else(|| env.var("USER"))
            .or_else(|| env.var("LOGNAME"))
            .unwrap_or_else(|| "postgres".into());
        let dbname = s.get("dbname").cloned().unwrap_or_else(|| user.clone());
        let sslmode = match s.get("sslmode") {
            Some(m) => SslMode::parse(m)?,
            None => SslMode::Prefer,
        };
        let dot_pg = env.home().map(|h| h.join(".postgresql"));
        let given_root = s.get("sslrootcert").cloned();
        let sslrootcert = given_root.clone().map(PathBuf::from).or_else(|| dot_pg.as_ref().map(|d| d.join("root.crt")));
        let connect_timeout = s
            .get("connect_timeout")
            .map(|t| {
                t.trim().parse::<u64>().map_err(|_| {
                    ConnInfoError::Setting(format!("connect_timeout \"{t}\" is not a whole number of seconds"))
                })
            })
            .transpose()?;
        let password = s.get("password").cloned().or_else(|| {
            let passfile = s.get("passfile").map(PathBuf::from).or_else(|| env.home().map(|h| h.join(".pgpass")))?;
            pgpass_lookup(&passfile, hosts.first().map_or("", String::as_str), port, &dbname, &user)
        });
        let sslcert = s.get("sslcert").map(PathBuf::from).or_else(|| dot_pg.as_ref().map(|d| d.join("postgresql.crt")));
        let sslkey = s.get("sslkey").map(PathBuf::from).or_else(|| dot_pg.as_ref().map(|d| d.join("postgresql.key")));
        let shown = [
            ("host", hosts.join(",")),
            ("port", port.to_string()),
            ("dbname", dbname.clone()),
            ("user", user.clone()),
            ("sslmode", sslmode.as_str().to_string()),
        ];
        let shown = ConnInfo {
            settings: shown
                .into_iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (k.to_string(), v))
                .chain(s.get("hostaddr").map(|h| ("hostaddr".to_string(), h.clone())))
                .collect(),
        };
        Ok(Resolved {
            hosts,
            hostaddr: s.get("hostaddr").cloned(),
            port,
            user,
            dbname,
            password,
            sslmode,
            sslrootcert,
            sslrootcert_given: given_root.is_some(),
            sslcert,
            sslkey,
            application_name: s.get("application_name").cloned(),
            options: s.get("options").cloned(),
            connect_timeout,
            target_session_attrs: s.get("target_session_attrs").cloned(),
            description: shown.describe(),
        })
    }
}

/// The first port of a `port` setting (one a host; 5432 when there is none).
fn first_port(port: Option<&String>) -> Result<u16, ConnInfoError> {
    let Some(p) = port else { return Ok(5432) };
    p.split(',')
        .next()
        .unwrap_or("")
        .trim()
        .parse()
        .map_err(|_| ConnInfoError::Setting(format!("port \"{p}\" is not a number from 1 to 65535")))
}

/// Every setting a connection needs, with the environment and defaults applied.
#[derive(Clone)]
pub struct Resolved {
    pub hosts: Vec<String>,
    pub hostaddr: Option<String>,
    pub port: u16,
    pub user: String,
    pub dbname: String,
    pub password: Option<String>,
    pub sslmode: SslMode,
    pub sslrootcert: Option<PathBuf>,
    /// Whether `sslrootcert` was given rather than the default `~/.postgresql/root.crt`.
    pub sslrootcert_given: bool,
    pub sslcert: Option<PathBuf>,
    pub sslkey: Option<PathBuf>,
    pub application_name: Option<String>,
    pub options: Option<String>,
    pub connect_timeout: Option<u64>,
    pub target_session_attrs: Option<String>,
    /// Host, port, database, user and sslmode: what messages may show.
    pub description: String,
}

impl std::fmt::Debug for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Resolved({})", self.description)
    }
}

/// libpq's default: the local socket directory where a server listens, else localhost.
fn default_host(port: u16) -> String {
    for dir in ["/var/run/postgresql", "/run/postgresql", "/tmp"] {
        if Path::new(dir).join(format!(".s.PGSQL.{port}")).exists() {
            return dir.into();
        }
    }
    "localhost".into()
}

fn syntax(msg: impl Into<String>) -> ConnInfoError {
    ConnInfoError::Syntax(msg.into())
}

/// `key = value` pairs separated by white space; values single-quoted (with `\'` and `\\`)
/// or bare (with backslash escapes), as libpq's conninfo_parse reads them.
fn parse_keywords(s: &str) -> Result<BTreeMap<String, String>, ConnInfoError> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = BTreeMap::new();
    let mut i = 0;
    let n = chars.len();
    loop {
        while i < n && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= n {
            break;
        }
        let key_start = i;
        while i < n && chars[i] != '=' && !chars[i].is_whitespace() {
            i += 1;
        }
        let key: String = chars[key_start..i].iter().collect();
        while i < n && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= n || chars[i] != '=' {
            return Err(syntax(format!("a word without \"=\" after it at character {}", key_start + 1)));
        }
        if key.is_empty() {
            return Err(syntax(format!("\"=\" without a setting name before it at character {}", i + 1)));
        }
        i += 1;
        while i < n && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if i < n && chars[i] == '\'' {
            let open = i;
            i += 1;
            loop {
                if i >= n {
                    return Err(syntax(format!("a quote opened at character {} is never closed", open + 1)));
                }
                match chars[i] {
                    '\\' if i + 1 < n => {
                        value.push(chars[i + 1]);
                        i += 2;
                    }
                    '\'' => {
                        i += 1;
                        break;
                    }
                    c => {
                        value.push(c);
                        i += 1;
                    }
                }
            }
        } else {
            while i < n && !chars[i].is_whitespace() {
                if chars[i] == '\\' && i + 1 < n {
                    value.push(chars[i + 1]);
                    i += 2;
                } else {
                    value.push(chars[i]);
                    i += 1;
                }
            }
        }
        out.insert(key, value);
    }
    Ok(out)
}

fn percent_decode(s: &str, what: &str) -> Result<String, ConnInfoError> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(b) => out.push(b),
                None => return Err(syntax(format!("a \"%\" in the {what} is not followed by two hex digits"))),
            }
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| syntax(format!("the {what} is not UTF-8 after percent-decoding")))
}

/// `postgresql://[user[:password]@][host[:port][,...]][/dbname][?key=value&...]`.
fn parse_url(s: &str) -> Result<BTreeMap<String, String>, ConnInfoError> {
    let rest = s.split_once("://").map_or("", |(_, r)| r);
    let (main, query) = match rest.split_once('?') {
        Some((m, q)) => (m, Some(q)),
        None => (rest, None),
    };
    let mut out = BTreeMap::new();
    // The user part ends at the first '@' before the first '/', as libpq reads it. An '@'
    // further on means a password with an unencoded '@' or '/': refuse it rather than
    // take part of the password for a host name.
    let slash = main.find('/').unwrap_or(main.len());
    let (userinfo, hostpart) = match main[..slash].find('@') {
        Some(at) => (Some(&main[..at]), &main[at + 1..]),
        None => (None, main),
    };
    if hostpart.contains('@') {
        return Err(syntax(
            "the URL has an \"@\" after the host or a \"/\" before the \"@\": an \"@\" or \"/\" in the user name or password must be percent-encoded (%40, %2F)",
        ));
    }
    if let Some(ui) = userinfo {
        url_userinfo(ui, &mut out)?;
    }
    let (hosts, db) = match hostpart.find('/') {
        Some(i) => (&hostpart[..i], Some(&hostpart[i + 1..])),
        None => (hostpart, None),
    };
    if !hosts.is_empty() {
        url_hosts(hosts, &mut out)?;
    }
    if let Some(d) = db.filter(|d| !d.is_empty()) {
        out.insert("dbname".into(), percent_decode(d, "database name")?);
    }
    if let Some(q) = query {
        url_query(q, &mut out)?;
    }
    Ok(out)
}

/// `user:password` of a URL.
fn url_userinfo(ui: &str, out: &mut BTreeMap<String, String>) -> Result<(), ConnInfoError> {
    if ui.contains('@') {
        return Err(syntax("the user name or password holds an unencoded \"@\": write it as %40"));
    }
    let (user, password) = match ui.split_once(':') {
        Some((u, p)) => (u, Some(p)),
        None => (ui, None),
    };
    if !user.is_empty() {
        out.insert("user".into(), percent_decode(user, "user name")?);
    }
    if let Some(p) = password {
        out.insert("password".into(), percent_decode(p, "password")?);
    }
    Ok(())
}

/// `host[:port],...` of a URL (an IPv6 address in brackets).
fn url_hosts(hosts: &str, out: &mut BTreeMap<String, String>) -> Result<(), ConnInfoError> {
    let mut hs = Vec::new();
    let mut ports = Vec::new();
    for h in hosts.split(',') {
        let (host, port) = if let Some(end) = h.strip_prefix('[').and_then(|x| x.find(']')) {
            // [IPv6]:port
            let inner = &h[1..end + 1];
            let after = &h[end + 2..];
            (inner.to_string(), after.strip_prefix(':').map(str::to_string))
        } else {
            match h.rsplit_once(':') {
                Some((a, p)) => (a.to_string(), Some(p.to_string())),
                None => (h.to_string(), None),
            }
        };
        hs.push(percent_decode(&host, "host")?);
        let port = port.unwrap_or_default();
        if !port.bytes().all(|b| b.is_ascii_digit()) || h.ends_with(':') {
            return Err(syntax(
                "the port after the host is not a number (a \":\" or \"/\" in the password must be percent-encoded)",
            ));
        }
        ports.push(port);
    }
    if hs.iter().any(|h| !h.is_empty()) {
        out.insert("host".into(), hs.join(","));
    }
    if ports.iter().any(|p| !p.is_empty()) {
        let ports: Vec<&str> = ports.iter().map(|p| if p.is_empty() { "5432" } else { p }).collect();
        out.insert("port".into(), ports.join(","));
    }
    Ok(())
}

/// `?key=value&...` of a URL (`ssl=true` is `sslmode=require`).
fn url_query(q: &str, out: &mut BTreeMap<String, String>) -> Result<(), ConnInfoError> {
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let Some((k, v)) = pair.split_once('=') else {
            return Err(syntax("a URL parameter without \"=\""));
        };
        let k = percent_decode(k, "parameter name")?;
        if k == "ssl" && v == "true" {
            out.insert("sslmode".into(), "require".into());
            continue;
        }
        out.insert(k, percent_decode(v, "parameter value")?);
    }
    Ok(())
}

/// One `[name]` section of the service file: `PGSERVICEFILE` or `~/.pg_service.conf`,
/// then `PGSYSCONFDIR/pg_service.conf` (or the system one).
fn read_service(name: &str, env: &dyn Environment) -> Result<Vec<(String, String)>, ConnInfoError> {
    let mut files: Vec<PathBuf> = Vec::new();
    match env.var("PGSERVICEFILE") {
        Some(f) => files.push(f.into()),
        None => files.extend(env.home().map(|h| h.join(".pg_service.conf"))),
    }
    match env.var("PGSYSCONFDIR") {
        Some(d) => files.push(Path::new(&d).join("pg_service.conf")),
        None => files.push(PathBuf::from("/etc/postgresql-common/pg_service.conf")),
    }
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let mut in_section = false;
        let mut found = false;
        let mut out = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(sec) = line.strip_prefix('[') {
                in_section = sec.trim_end_matches(']').trim() == name;
                found |= in_section;
                continue;
            }
            if !in_section {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                return Err(ConnInfoError::Setting(format!(
                    "{}:{}: a line of service \"{name}\" without \"=\"",
                    file.display(),
                    n + 1
                )));
            };
            let k = k.trim();
            if !KNOWN.contains(&k) || k == "service" {
                return Err(ConnInfoError::Setting(format!(
                    "{}:{}: \"{k}\" is not a connection setting",
                    file.display(),
                    n + 1
                )));
            }
            out.push((k.to_string(), v.trim().to_string()));
        }
        if found {
            return Ok(out);
        }
    }
    Err(ConnInfoError::Setting(format!(
        "service \"{name}\" is not defined in ~/.pg_service.conf, $PGSERVICEFILE or the system pg_service.conf"
    )))
}

/// The password of the first matching line of a password file
/// (`host:port:database:user:password`, `*` matching anything, `\` escaping `:` and `\`).
/// Like libpq, a file others may read is ignored.
fn pgpass_lookup(file: &Path, host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    // A socket directory is looked up as localhost.
    let host = if host.is_empty() || host.starts_with('/') { "localhost" } else { host };
    let port = port.to_string();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields = split_pgpass(line);
        if fields.len() < 5 {
            continue;
        }
        let matches = |field: &str, want: &str| field == "*" || field == want;
        if matches(&fields[0], host)
            && matches(&fields[1], &port)
            && matches(&fields[2], dbname)
            && matches(&fields[3], user)
        {
            return Some(fields[4..].join(":"));
        }
    }
    None
}

fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    fields.last_mut().expect("one field").push(n);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            c => fields.last_mut().expect("one field").push(c),
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct FakeEnv {
        vars: HashMap<&'static str, String>,
        home: Option<PathBuf>,
    }
    impl Environment for FakeEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.vars.get(name).cloned()
        }
        fn home(&self) -> Option<PathBuf> {
            self.home.clone()
        }
    }
    fn env(vars: &[(&'static str, &str)]) -> FakeEnv {
        FakeEnv { vars: vars.iter().map(|(k, v)| (*k, v.to_string())).collect(), home: None }
    }

    const SECRET: &str = "S3cr3t";

    /// Every form a password can take in a connection string, none of it ever shown.
    fn forms() -> Vec<String> {
        vec![
            format!("postgresql://u:{SECRET}@h:5432/db"),
            format!("postgresql://u:{SECRET}@h/db?sslmode=require"),
            format!("postgres://h/db?user=u&password={SECRET}"),
            format!("postgresql://u:{SECRET}/x@h/db"),
            format!("postgresql://u:{SECRET}@x@h/db"),
            format!("postgresql://u:{SECRET}:x@h/db"),
            format!("postgresql://u:{SECRET}%2Fa@h/db"),
            format!("postgresql://u:{SECRET}@h:notaport/db"),
            format!("host=h password={SECRET} user=u"),
            format!("host=h password = {SECRET} user=u"),
            format!("host=h password= {SECRET}"),
            format!("host=h password ={SECRET}"),
            format!("host=h password='{SECRET} with spaces' user=u"),
            format!("host=h password='{SECRET} it\\'s' user=u"),
            format!("host=h password={SECRET} with spaces user=u"),
            format!("host=h password='{SECRET} unterminated"),
            format!("password={SECRET}"),
            format!("host=h bogus={SECRET}"),
            format!("host=h {SECRET}=x"),
            format!("{SECRET}"),
        ]
    }

    #[test]
    fn no_form_of_a_password_is_ever_shown() {
        for s in forms() {
            let shown = match ConnInfo::parse(&s) {
                Ok(c) => {
                    let r = c.resolve(&env(&[])).map(|r| r.description).unwrap_or_else(|e| e.to_string());
                    format!("{} {:?} {}", c.describe(), c, r)
                }
                Err(e) => e.to_string(),
            };
            assert!(!shown.contains(SECRET), "{s:?} shows the password: {shown}");
            assert!(!shown.contains("S3cr"), "{s:?} shows part of the password: {shown}");
        }
    }

    #[test]
    fn url_parts_are_decoded() {
        let c = ConnInfo::parse(
            "postgresql://al%40ice:p%2Fw%40d@db.example:6543/my%20db?sslmode=verify-full&application_name=x",
        )
        .unwrap();
        assert_eq!(c.get("user"), Some("al@ice"));
        assert_eq!(c.get("password"), Some("p/w@d"));
        assert_eq!(c.get("host"), Some("db.example"));
        assert_eq!(c.get("port"), Some("6543"));
        assert_eq!(c.get("dbname"), Some("my db"));
        assert_eq!(c.get("sslmode"), Some("verify-full"));
        assert_eq!(c.describe(), "host=db.example port=6543 dbname=my db user=al@ice sslmode=verify-full");
        let v6 = ConnInfo::parse("postgresql://[::1]:5433,other/db").unwrap();
        assert_eq!(v6.get("host"), Some("::1,other"));
        assert_eq!(v6.get("port"), Some("5433,5432"));
    }

    #[test]
    fn keyword_values_follow_libpq_quoting() {
        let c = ConnInfo::parse("host = h  password = 'a b\\'c\\\\' dbname=x\\ y").unwrap();
        assert_eq!(c.get("host"), Some("h"));
        assert_eq!(c.get("password"), Some("a b'c\\"));
        assert_eq!(c.get("dbname"), Some("x y"));
        let round = ConnInfo::parse(&c.to_conninfo_string()).unwrap();
        assert_eq!(round, c);
        assert!(ConnInfo::parse("").unwrap().settings.is_empty());
    }

    #[test]
    fn environment_fills_what_the_string_leaves_out() {
        let e = env(&[
            ("PGHOST", "envhost"),
            ("PGPORT", "6000"),
            ("PGUSER", "envuser"),
            ("PGPASSWORD", "pw"),
            ("PGDATABASE", "envdb"),
            ("PGSSLMODE", "require"),
        ]);
        let r = ConnInfo::parse("").unwrap().resolve(&e).unwrap();
        assert_eq!(
            (r.hosts[0].as_str(), r.port, r.user.as_str(), r.dbname.as_str()),
            ("envhost", 6000, "envuser", "envdb")
        );
        assert_eq!(r.password.as_deref(), Some("pw"));
        assert_eq!(r.sslmode, SslMode::Require);
        // The string wins over the environment.
        let r = ConnInfo::parse("host=h dbname=d").unwrap().resolve(&e).unwrap();
        assert_eq!((r.hosts[0].as_str(), r.dbname.as_str(), r.user.as_str()), ("h", "d", "envuser"));
        // The database defaults to the user name.
        let r = ConnInfo::parse("user=bob host=h").unwrap().resolve(&env(&[])).unwrap();
        assert_eq!(r.dbname, "bob");
        assert!(r.description.contains("dbname=bob") && !r.description.contains("pw"));
    }

    #[test]
    fn bad_settings_are_named_without_values_of_secrets() {
        let e = ConnInfo::parse("host=h port=x").unwrap().resolve(&env(&[])).unwrap_err();
        assert!(e.to_string().contains("port \"x\""), "{e}");
        let e = ConnInfo::parse("host=h sslmode=verify").unwrap().resolve(&env(&[])).unwrap_err();
        assert!(e.to_string().contains("verify-full"), "{e}");
    }

    fn tempdir(tag: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "phaseshift-conninfo-{tag}-{}-{}",
            std::process::id(),
            fastrand::u32(..)
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn password_file_is_read_like_libpq() {
        use std::os::unix::fs::PermissionsExt;
        let d = tempdir("pgpass");
        let f = d.join(".pgpass");
        std::fs::write(
            &f,
            "# comment\nother:*:*:*:no\nh:5432:db:u:first\\:part\\\\\nlocalhost:*:*:u:socket\n*:*:*:*:fallback\n",
        )
        .unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        let home = FakeEnv { vars: HashMap::new(), home: Some(d.clone()) };
        let r = ConnInfo::parse("host=h user=u dbname=db").unwrap().resolve(&home).unwrap();
        assert_eq!(r.password.as_deref(), Some("first:part\\"));
        let r = ConnInfo::parse("host=/var/run/postgresql user=u").unwrap().resolve(&home).unwrap();
        assert_eq!(r.password.as_deref(), Some("socket"));
        let r = ConnInfo::parse("host=zzz user=v").unwrap().resolve(&home).unwrap();
        assert_eq!(r.password.as_deref(), Some("fallback"));
        // A given password wins; a file others can read is ignored.
        let r = ConnInfo::parse("host=h user=u dbname=db password=given").unwrap().resolve(&home).unwrap();
        assert_eq!(r.password.as_deref(), Some("given"));
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        let r = ConnInfo::parse("host=h user=u dbname=db").unwrap().resolve(&home).unwrap();
        assert_eq!(r.password, None);
        std::fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn service_file_comes_before_the_environment() {
        let d = tempdir("service");
        let f = d.join("services.conf");
        std::fs::write(&f, "[other]\nhost=nope\n\n[prod]\n# the primary\nhost=svc-host\nport=7000\ndbname=svcdb\n")
            .unwrap();
        let e = FakeEnv {
            vars: [
                ("PGSERVICEFILE", f.display().to_string()),
                ("PGHOST", "envhost".into()),
                ("PGUSER", "envuser".into()),
            ]
            .into_iter()
            .collect(),
            home: None,
        };
        let r = ConnInfo::parse("service=prod").unwrap().resolve(&e).unwrap();
        assert_eq!(
            (r.hosts[0].as_str(), r.port, r.dbname.as_str(), r.user.as_str()),
            ("svc-host", 7000, "svcdb", "envuser")
        );
        let err = ConnInfo::parse("service=missing").unwrap().resolve(&e).unwrap_err();
        assert!(err.to_string().contains("service \"missing\" is not defined"), "{err}");
        std::fs::remove_dir_all(&d).unwrap();
    }
}
