//! Who a statement waits for. A session cannot ask while its statement waits, so a second
//! session (opened when the caller gave a connection string) asks PostgreSQL for the
//! waiting backend's `pg_blocking_pids` while the statement runs, and remembers the last
//! answer: a lock timeout can then name the session in the way.

use crate::sql::state as st;
use std::future::Future;
use std::time::Duration;
use tokio_postgres::Client;

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
        let Some(conninfo) = conninfo else { return Watch::none() };
        let pid = match client.query_one(st::BACKEND_PID, &[]).await {
            Ok(r) => r.get(0),
            Err(_) => return Watch::none(),
        };
        let monitor = super::connect(conninfo).await.ok();
        Watch { monitor, pid, after: Duration::from_millis((lock_timeout_ms / 3).clamp(20, 1000)) }
    }

    /// A watch that never learns anything.
    pub fn none() -> Watch {
        Watch { monitor: None, pid: 0, after: Duration::ZERO }
    }

    /// Runs `fut`, noting who blocked it meanwhile.
    pub async fn run<T>(
        &self,
        fut: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> (Result<T, tokio_postgres::Error>, Option<String>) {
        let Some(monitor) = &self.monitor else {
            return (fut.await, None);
        };
        let query = st::blockers();
        let mut seen: Option<String> = None;
        let result = {
            let poll = async {
                tokio::time::sleep(self.after).await;
                loop {
                    if let Ok(Some(who)) = monitor.query_one(&query, &[&self.pid]).await.map(|r| r.get(0)) {
                        seen = Some(who);
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
