//! Who a statement waits for. A session cannot ask while its statement waits, so a second
//! session (opened when the caller gave a connection string) asks PostgreSQL for the
//! waiting backend's `pg_blocking_pids` while the statement runs, and remembers the last
//! answer: a lock timeout can then name the session in the way.

use std::future::Future;
use std::time::Duration;
use tokio_postgres::Client;

/// Sessions blocking backend $1: pid, application, state, since when, the first line of
/// their query.
const BLOCKERS: &str = "SELECT a.pid, coalesce(a.application_name, ''), coalesce(a.state, ''), \
     coalesce(to_char(coalesce(a.xact_start, a.query_start), 'YYYY-MM-DD HH24:MI:SS TZ'), ''), \
     coalesce(split_part(btrim(a.query), E'\\n', 1), '') \
     FROM pg_catalog.pg_stat_activity a WHERE a.pid = ANY (pg_catalog.pg_blocking_pids($1)) ORDER BY a.xact_start";

pub(crate) struct Watch {
    monitor: Option<Client>,
    pid: i32,
    /// How long a statement runs before the monitor starts asking (most never wait).
    after: Duration,
}

impl Watch {
    /// A watch over `client`'s statements; without `conninfo`, one that never learns
    /// anything.
    pub async fn open(conninfo: Option<&str>, client: &Client, lock_timeout_ms: u64) -> Watch {
        let pid = match client.query_one("SELECT pg_catalog.pg_backend_pid()", &[]).await {
            Ok(r) => r.get(0),
            Err(_) => 0,
        };
        let monitor = match conninfo {
            Some(c) if pid != 0 => super::connect(c).await.ok(),
            _ => None,
        };
        Watch { monitor, pid, after: Duration::from_millis((lock_timeout_ms / 3).clamp(20, 1000)) }
    }

    /// Runs `fut`, noting who blocked it meanwhile.
    pub async fn run<T>(
        &self,
        fut: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> (Result<T, tokio_postgres::Error>, Option<String>) {
        let Some(monitor) = &self.monitor else {
            return (fut.await, None);
        };
        let mut seen: Option<String> = None;
        let result = {
            let poll = async {
                tokio::time::sleep(self.after).await;
                loop {
                    if let Ok(rows) = monitor.query(BLOCKERS, &[&self.pid]).await {
                        if !rows.is_empty() {
                            seen = Some(
                                rows.iter()
                                    .map(|r| {
                                        format!(
                                            "pid {} (application {:?}, {}, since {}): {}",
                                            r.get::<_, i32>(0),
                                            r.get::<_, String>(1),
                                            r.get::<_, String>(2),
                                            r.get::<_, String>(3),
                                            r.get::<_, String>(4)
                                        )
                                    })
                                    .collect::<Vec<_>>()
                                    .join("; "),
                            );
                        }
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            };
            tokio::pin!(fut);
            tokio::pin!(poll);
            tokio::select! {
                r = &mut fut => r,
                _ = &mut poll => unreachable!("the poll never ends"),
            }
        };
        (result, seen)
    }
}
