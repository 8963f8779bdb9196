//! Connections, with passwords kept out of every message.

use super::ExecError;
use tokio_postgres::{Client, NoTls};

/// `url` with any password replaced by `***` (URL and key=value forms).
pub fn redact(url: &str) -> String {
    if let Some(scheme_end) = url.find("://") {
        let rest = &url[scheme_end + 3..];
        let auth_end = rest.find('@');
        let host_start = rest.find('/').unwrap_or(rest.len());
        if let Some(at) = auth_end.filter(|a| *a < host_start || !rest[..*a].contains('/')) {
            if let Some(colon) = rest[..at].find(':') {
                return format!("{}{}:***{}", &url[..scheme_end + 3], &rest[..colon], &redact_query(&rest[at..]));
            }
        }
        return format!("{}{}", &url[..scheme_end + 3], redact_query(rest));
    }
    url.split_whitespace()
        .map(
            |kv| {
                if kv.to_ascii_lowercase().starts_with("password=") {
                    "password=***".to_string()
                } else {
                    kv.to_string()
                }
            },
        )
        .collect::<Vec<_>>()
        .join(" ")
}

fn redact_query(s: &str) -> String {
    match s.find('?') {
        None => s.to_string(),
        Some(q) => {
            let params: Vec<String> = s[q + 1..]
                .split('&')
                .map(|p| {
                    if p.to_ascii_lowercase().starts_with("password=") {
                        "password=***".to_string()
                    } else {
                        p.to_string()
                    }
                })
                .collect();
            format!("{}?{}", &s[..q], params.join("&"))
        }
    }
}

pub async fn connect(url: &str) -> Result<Client, ExecError> {
    let config: tokio_postgres::Config = url.parse().map_err(|e: tokio_postgres::Error| ExecError::Connect {
        url: redact(url),
        message: format!("not a valid connection string: {e}"),
        hint: "write postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE",
    })?;
    let mut config = config;
    config.application_name("phaseshift");
    config.connect_timeout(std::time::Duration::from_secs(10));
    let (client, connection) = config.connect(NoTls).await.map_err(|e| {
        let (message, hint) = match e.as_db_error() {
            Some(db) if db.code().code() == "28P01" || db.code().code() == "28000" => {
                (db.message().to_string(), "check the user name and password")
            }
            Some(db) if db.code().code() == "3D000" => {
                (db.message().to_string(), "create the database first, or name an existing one")
            }
            Some(db) => (db.message().to_string(), "check the connection string"),
            None => (e.to_string(), "is the server running and reachable at that host and port?"),
        };
        ExecError::Connect { url: redact(url), message, hint }
    })?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(client)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn passwords_never_show() {
        assert_eq!(redact("postgresql://u:secret@h:5432/db"), "postgresql://u:***@h:5432/db");
        assert_eq!(redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact("postgres://h/db?user=u&password=secret"), "postgres://h/db?user=u&password=***");
        assert_eq!(redact("host=h password=secret user=u"), "host=h password=*** user=u");
    }
}
