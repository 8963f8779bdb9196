//! Connecting: the settings libpq would use (see [`super::conninfo`]), TLS by `sslmode`
//! through rustls, and passwords kept out of every message.

use super::conninfo::{ConnInfo, ProcessEnv, Resolved, SslMode};
use super::ExecError;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use std::path::Path;
use std::sync::Arc;
use tokio_postgres::config::{SslMode as PgSslMode, TargetSessionAttrs};
use tokio_postgres::{Client, NoTls};

/// What may be shown of a connection string: host, port, database, user and sslmode from
/// the parsed settings; nothing of a string that cannot be parsed.
pub fn redact(conninfo: &str) -> String {
    match ConnInfo::parse(conninfo) {
        Ok(c) => c.describe(),
        Err(_) => "(a connection string that could not be parsed; not shown)".into(),
    }
}

/// The connection string pointing at database `db` instead (for connecting, not printing).
pub fn with_database(conninfo: &str, db: &str) -> Result<String, ExecError> {
    let c = ConnInfo::parse(conninfo).map_err(|e| connect_error(conninfo, e.to_string(), ""))?;
    Ok(c.with_dbname(db).to_conninfo_string())
}

fn connect_error(conninfo: &str, message: String, hint: &'static str) -> ExecError {
    ExecError::Connect { url: redact(conninfo), message, hint }
}

/// Connects as libpq would with the same string and environment.
pub async fn connect(conninfo: &str) -> Result<Client, ExecError> {
    let parsed = ConnInfo::parse(conninfo).map_err(|e| ExecError::Connect {
        url: redact(conninfo),
        message: e.to_string(),
        hint: "the string was not shown because it may hold a password",
    })?;
    let r = parsed.resolve(&ProcessEnv).map_err(|e| ExecError::Connect {
        url: parsed.describe(),
        message: e.to_string(),
        hint: "fix the setting in the connection string, the service file or the PG* environment variables",
    })?;
    let fail = |message: String, hint: &'static str| ExecError::Connect { url: r.description.clone(), message, hint };
    let config = pg_config(&r).map_err(|m| fail(m, "fix the setting"))?;
    let result = match r.sslmode {
        SslMode::Disable => open(config.clone(), PgSslMode::Disable, None).await,
        SslMode::Allow => match open(config.clone(), PgSslMode::Disable, None).await {
            Ok(c) => Ok(c),
            Err(_) => {
                open(config.clone(), PgSslMode::Require, Some(tls_config(&r).map_err(|m| fail(m, TLS_HINT))?)).await
            }
        },
        SslMode::Prefer => {
            open(config.clone(), PgSslMode::Prefer, Some(tls_config(&r).map_err(|m| fail(m, TLS_HINT))?)).await
        }
        _ => open(config.clone(), PgSslMode::Require, Some(tls_config(&r).map_err(|m| fail(m, TLS_HINT))?)).await,
    };
    result.map_err(|e| {
        let (message, hint) = match e.as_db_error() {
            Some(db) if db.code().code() == "28P01" || db.code().code() == "28000" => {
                (db.message().to_string(), "check the user name and password (also PGPASSWORD and ~/.pgpass), and sslmode")
            }
            Some(db) if db.code().code() == "3D000" => {
                (db.message().to_string(), "create the database first, or name an existing one")
            }
            Some(db) => (db.message().to_string(), "check the connection settings"),
            None if r.password.is_none() && error_text(&e).contains("password missing") => (
                "the server asks for a password and none was given".to_string(),
                "give one in the connection string, in PGPASSWORD, or as a line of ~/.pgpass (or the file PGPASSFILE names)",
            ),
            None => {
                let text = error_text(&e);
                let hint = if text.contains("TLS") || text.contains("certificate") || text.contains("SSL") {
                    TLS_HINT
                } else {
                    "is the server running and reachable at that host and port?"
                };
                (text, hint)
            }
        };
        fail(message, hint)
    })
}

/// An error with its causes (tokio-postgres keeps the reason in the source).
fn error_text(e: &tokio_postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let t = c.to_string();
        if !text.contains(&t) {
            text.push_str(": ");
            text.push_str(&t);
        }
        cause = c.source();
    }
    text
}

const TLS_HINT: &str = "check sslmode and sslrootcert: verify-ca and verify-full need the CA certificate that signed the server's (sslrootcert=FILE, or ~/.postgresql/root.crt); verify-full also needs the host name to match the certificate";

fn pg_config(r: &Resolved) -> Result<tokio_postgres::Config, String> {
    let mut c = tokio_postgres::Config::new();
    for h in &r.hosts {
        c.host(h);
    }
    if let Some(a) = &r.hostaddr {
        for part in a.split(',') {
            c.hostaddr(part.trim().parse().map_err(|_| format!("hostaddr \"{part}\" is not an IP address"))?);
        }
    }
    c.port(r.port);
    c.user(&r.user);
    c.dbname(&r.dbname);
    if let Some(p) = &r.password {
        c.password(p);
    }
    if let Some(o) = &r.options {
        c.options(o);
    }
    c.application_name(r.application_name.as_deref().unwrap_or("phaseshift"));
    c.connect_timeout(std::time::Duration::from_secs(r.connect_timeout.filter(|t| *t > 0).unwrap_or(10).max(2)));
    match r.target_session_attrs.as_deref() {
        None | Some("any") => {}
        Some("read-write") => {
            c.target_session_attrs(TargetSessionAttrs::ReadWrite);
        }
        Some("read-only") => {
            c.target_session_attrs(TargetSessionAttrs::ReadOnly);
        }
        Some(other) => {
            return Err(format!("target_session_attrs \"{other}\" is not supported (any, read-write, read-only)"))
        }
    }
    Ok(c)
}

async fn open(
    mut config: tokio_postgres::Config,
    mode: PgSslMode,
    tls: Option<rustls::ClientConfig>,
) -> Result<Client, tokio_postgres::Error> {
    config.ssl_mode(mode);
    match tls {
        None => {
            let (client, connection) = config.connect(NoTls).await?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            Ok(client)
        }
        Some(tls) => {
            let (client, connection) = config.connect(tokio_postgres_rustls::MakeRustlsConnect::new(tls)).await?;
            tokio::spawn(async move {
                let _ = connection.await;
            });
            Ok(client)
        }
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The rustls configuration for an `sslmode`: no verification for prefer and require
/// (like libpq: encryption only), the chain for verify-ca, chain and host name for
/// verify-full. As libpq does, require verifies the chain when a root certificate file
/// exists at the default place or was named.
fn tls_config(r: &Resolved) -> Result<rustls::ClientConfig, String> {
    let provider = provider();
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?;
    let root_file = r.sslrootcert.as_deref().filter(|p| r.sslrootcert_given || p.exists());
    let verify = match r.sslmode {
        SslMode::VerifyCa | SslMode::VerifyFull => true,
        SslMode::Require => root_file.is_some(),
        _ => false,
    };
    let builder = if verify {
        let roots = load_roots(root_file, r.sslrootcert.as_deref())?;
        let webpki = rustls::client::WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
            .build()
            .map_err(|e| format!("the root certificates cannot be used: {e}"))?;
        builder.dangerous().with_custom_certificate_verifier(Arc::new(Verifier::Chain {
            inner: webpki,
            check_name: r.sslmode == SslMode::VerifyFull,
        }))
    } else {
        builder.dangerous().with_custom_certificate_verifier(Arc::new(Verifier::None { provider }))
    };
    let cert = r.sslcert.as_deref().filter(|p| p.exists());
    let key = r.sslkey.as_deref().filter(|p| p.exists());
    match (cert, key) {
        (Some(cert), Some(key)) => {
            let certs = read_certs(cert)?;
            let key = PrivateKeyDer::from_pem_file(key)
                .map_err(|e| format!("cannot read the client key {}: {e}", key.display()))?;
            builder.with_client_auth_cert(certs, key).map_err(|e| format!("the client certificate cannot be used: {e}"))
        }
        _ => Ok(builder.with_no_client_auth()),
    }
}

fn read_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    CertificateDer::pem_file_iter(path)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| format!("cannot read certificates from {}: {e}", path.display()))
}

fn load_roots(file: Option<&Path>, wanted: Option<&Path>) -> Result<RootCertStore, String> {
    let mut roots = RootCertStore::empty();
    match file {
        Some(p) if p.as_os_str() == "system" => {
            let found = rustls_native_certs::load_native_certs();
            for c in found.certs {
                let _ = roots.add(c);
            }
            if roots.is_empty() {
                return Err("sslrootcert=system: no trusted certificates were found on this system".into());
            }
        }
        Some(p) => {
            if !p.exists() {
                return Err(format!("root certificate file {} does not exist", p.display()));
            }
            for c in read_certs(p)? {
                roots.add(c).map_err(|e| format!("{} holds a certificate that cannot be used: {e}", p.display()))?;
            }
        }
        None => {
            return Err(format!(
                "the server certificate cannot be verified: root certificate file {} does not exist",
                wanted.map_or_else(|| "~/.postgresql/root.crt".to_string(), |p| p.display().to_string())
            ))
        }
    }
    Ok(roots)
}

/// Checks the server certificate as the sslmode asks.
#[derive(Debug)]
enum Verifier {
    /// prefer and require: encryption without authentication, as libpq does.
    None { provider: Arc<CryptoProvider> },
    /// verify-ca (chain only) and verify-full (chain and host name).
    Chain { inner: Arc<rustls::client::WebPkiServerVerifier>, check_name: bool },
}

impl Verifier {
    fn algorithms(&self) -> rustls::crypto::WebPkiSupportedAlgorithms {
        match self {
            Verifier::None { provider } => provider.signature_verification_algorithms,
            Verifier::Chain { .. } => rustls::crypto::ring::default_provider().signature_verification_algorithms,
        }
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        match self {
            Verifier::None { .. } => Ok(ServerCertVerified::assertion()),
            Verifier::Chain { inner, check_name } => {
                match inner.verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now) {
                    Err(rustls::Error::InvalidCertificate(
                        CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
                    )) if !check_name => Ok(ServerCertVerified::assertion()),
                    other => other,
                }
            }
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms())
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms())
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms().supported_schemes()
    }
}
