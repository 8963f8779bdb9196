//! A throwaway PostgreSQL server: initdb into a temporary directory, started on a free
//! loopback port, run as the `postgres` user when we are root, and stopped and removed on
//! drop. A watchdog process removes it too if this process dies without dropping it
//! (panic=abort, SIGKILL, Ctrl-C).

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("PostgreSQL server binaries (initdb, pg_ctl) not found; install them (Debian: apt-get install postgresql-15), point PHASESHIFT_PG_BINDIR at their directory, or set DATABASE_URL to use a running server")]
    NoBinaries,
    #[error("running as root, but there is no `postgres` user to run the server as; create one (useradd postgres) or run as an ordinary user")]
    NoPostgresUser,
    #[error("{step} failed: {detail}")]
    Failed { step: &'static str, detail: String },
}

pub struct TempServer {
    dir: PathBuf,
    bindir: PathBuf,
    port: u16,
    user: Option<(u32, u32)>,
    password: String,
    watchdog: Option<Child>,
    running: bool,
}

/// Where the server binaries are: $PHASESHIFT_PG_BINDIR, the newest
/// /usr/lib/postgresql/*/bin, or initdb on PATH.
pub fn find_bindir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PHASESHIFT_PG_BINDIR") {
        return Some(PathBuf::from(d));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v: u32 = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((v, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH")
        .and_then(|p| std::env::split_paths(&p).find(|d| d.join("initdb").exists() && d.join("pg_ctl").exists()))
}

fn postgres_user() -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|l| {
        let f: Vec<&str> = l.split(':').collect();
        (f.first() == Some(&"postgres") && f.len() > 3).then(|| Some((f[2].parse().ok()?, f[3].parse().ok()?)))?
    })
}

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("Uid:")).map(|l| l.split_whitespace().nth(1) == Some("0")))
        .unwrap_or(false)
}

/// How a throwaway server is set up beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct ServerOptions {
    /// PEM certificate and key: the server then accepts TCP connections over TLS only.
    pub tls: Option<(String, String)>,
    /// fsync, synchronous_commit and full_page_writes on, as production servers run
    /// (benchmarks); off by default, which tests do not need.
    pub durable: bool,
}

impl TempServer {
    pub fn start() -> Result<TempServer, ServerError> {
        TempServer::start_with(&ServerOptions::default())
    }

    pub fn start_with(options: &ServerOptions) -> Result<TempServer, ServerError> {
        let mut server = TempServer::prepare(format!("ps{:016x}", fastrand::u64(..)))?;
        // Password authentication over TCP, so that credentials are really checked.
        let pwfile = server.dir.join("pwfile");
        std::fs::write(&pwfile, &server.password)
            .map_err(|e| ServerError::Failed { step: "writing the password file", detail: e.to_string() })?;
        if let Some((uid, gid)) = server.user {
            let _ = std::os::unix::fs::chown(&pwfile, Some(uid), Some(gid));
        }
        server.run(
            "initdb",
            &[
                "-D",
                "data",
                "-U",
                "postgres",
                "--pwfile=pwfile",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
        )?;
        if let Some((cert, key)) = &options.tls {
            server.setup_tls(cert, key)?;
        }
        server.listen(options)?;
        Ok(server)
    }

    /// A streaming replica of this server: a base backup (pg_basebackup, which also writes
    /// the standby settings) started on a port of its own, replaying what this server
    /// writes. Its `url` takes this server's password.
    pub fn start_replica(&self, options: &ServerOptions) -> Result<TempServer, ServerError> {
        let mut replica = TempServer::prepare(self.password.clone())?;
        let source = format!("host=127.0.0.1 port={} user=postgres password={}", self.port, self.password);
        replica.run("pg_basebackup", &["-d", &source, "-D", "data", "-R", "-X", "stream", "-c", "fast"])?;
        replica.listen(options)?;
        Ok(replica)
    }

    /// Stops the server as a crash would (`pg_ctl stop -m immediate`: no shutdown
    /// checkpoint; what was not yet written to the WAL files is lost) and starts it again
    /// on a new port, replaying its WAL.
    pub fn crash_and_restart(&mut self, options: &ServerOptions) -> Result<(), ServerError> {
        self.run("pg_ctl", &["-D", "data", "-m", "immediate", "-w", "stop"])?;
        self.running = false;
        self.listen(options)
    }

    /// A data directory's parent, owned by the server's user, with its watchdog.
    fn prepare(password: String) -> Result<TempServer, ServerError> {
        let bindir = find_bindir().ok_or(ServerError::NoBinaries)?;
        let user = if is_root() { Some(postgres_user().ok_or(ServerError::NoPostgresUser)?) } else { None };
        let dir = std::env::temp_dir().join(format!("phaseshift-pg-{}-{}", std::process::id(), fastrand::u64(..)));
        std::fs::create_dir_all(&dir)
            .map_err(|e| ServerError::Failed { step: "creating the data directory", detail: e.to_string() })?;
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).map_err(|e| ServerError::Failed {
                step: "handing the data directory to postgres",
                detail: e.to_string(),
            })?;
        }
        let mut server = TempServer { dir, bindir, port: 0, user, password, watchdog: None, running: false };
        server.spawn_watchdog();
        Ok(server)
    }

    /// Starts the server of `data` on a free loopback port.
    fn listen(&mut self, options: &ServerOptions) -> Result<(), ServerError> {
        let server = self;
        let mut last = String::new();
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0")
                .and_then(|l| l.local_addr())
                .map(|a| a.port())
                .map_err(|e| ServerError::Failed { step: "finding a free port", detail: e.to_string() })?;
            let opts = format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1 -c max_connections=200{}",
                server.dir.display(),
                if options.durable { "" } else { " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" }
            );
            match server.run("pg_ctl", &["-D", "data", "-l", "server.log", "-w", "-t", "60", "-o", &opts, "start"]) {
                Ok(()) => {
                    server.port = port;
                    server.running = true;
                    return Ok(());
                }
                Err(e) => last = e.to_string(),
            }
        }
        Err(ServerError::Failed { step: "starting the server", detail: last })
    }

    /// TLS on, and TCP connections without it refused (as hosted servers do).
    fn setup_tls(&self, cert: &str, key: &str) -> Result<(), ServerError> {
        use std::os::unix::fs::PermissionsExt;
        let data = self.dir.join("data");
        let failed = |e: std::io::Error| ServerError::Failed { step: "setting up TLS", detail: e.to_string() };
        for (name, text) in [("server.crt", cert), ("server.key", key)] {
            let p = data.join(name);
            std::fs::write(&p, text).map_err(failed)?;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).map_err(failed)?;
            if let Some((uid, gid)) = self.user {
                std::os::unix::fs::chown(&p, Some(uid), Some(gid)).map_err(failed)?;
            }
        }
        let mut conf = std::fs::OpenOptions::new().append(true).open(data.join("postgresql.conf")).map_err(failed)?;
        std::io::Write::write_all(
            &mut conf,
            b"\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n",
        )
        .map_err(failed)?;
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\nhostssl all all 127.0.0.1/32 scram-sha-256\nhostnossl all all 127.0.0.1/32 reject\n",
        )
        .map_err(failed)?;
        Ok(())
    }

    /// Connection URL for database `db`.
    pub fn url(&self, db: &str) -> String {
        format!("postgresql://postgres:{}@127.0.0.1:{}/{db}", self.password, self.port)
    }

    /// The `postgres` user's password.
    pub fn password(&self) -> &str {
        &self.password
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn bindir(&self) -> &Path {
        &self.bindir
    }

    fn command(&self, program: &str) -> Command {
        let mut c = Command::new(self.bindir.join(program));
        c.current_dir(&self.dir).stdin(Stdio::null());
        if let Some((uid, gid)) = self.user {
            c.uid(uid).gid(gid);
        }
        // Not in our process group: Ctrl-C reaches us, and we stop the server in order.
        c.process_group(0);
        c
    }

    fn run(&self, program: &'static str, args: &[&str]) -> Result<(), ServerError> {
        let out = self
            .command(program)
            .args(args)
            .output()
            .map_err(|e| ServerError::Failed { step: program, detail: e.to_string() })?;
        if out.status.success() {
            return Ok(());
        }
        let log = std::fs::read_to_string(self.dir.join("server.log")).unwrap_or_default();
        let tail: Vec<&str> = log.lines().rev().take(5).collect();
        Err(ServerError::Failed {
            step: program,
            detail: format!(
                "{}{}\n{}",
                String::from_utf8_lossy(&out.stderr).trim(),
                String::from_utf8_lossy(&out.stdout).trim(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ),
        })
    }

    /// A shell loop that outlives us by at most a second: when our pid is gone it stops the
    /// server and removes the directory.
    fn spawn_watchdog(&mut self) {
        let script = format!(
            "while [ -d /proc/{pid} ]; do sleep 1; done; '{pg_ctl}' -D '{dir}/data' -m immediate stop >/dev/null 2>&1; rm -rf '{dir}'",
            pid = std::process::id(),
            pg_ctl = self.bindir.join("pg_ctl").display(),
            dir = self.dir.display()
        );
        let mut c = Command::new("/bin/sh");
        c.arg("-c").arg(script).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null()).process_group(0);
        if let Some((uid, gid)) = self.user {
            c.uid(uid).gid(gid);
        }
        self.watchdog = c.spawn().ok();
    }

    pub fn stop(&mut self) {
        if self.running {
            let _ = self.run("pg_ctl", &["-D", "data", "-m", "immediate", "-w", "stop"]);
            self.running = false;
        }
        if let Some(mut w) = self.watchdog.take() {
            let _ = w.kill();
            let _ = w.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Drop for TempServer {
    fn drop(&mut self) {
        self.stop();
    }
}
