//! Connections as libpq makes them: every form of connection string, the PG* variables,
//! the password and service files, TLS by sslmode against a server that requires it; and
//! no password ever printed, whatever form it came in.

use crate::harness::{harness, rt, TestDb};
use phaseshift::exec::conninfo::{ConnInfo, ProcessEnv};
use phaseshift_testkit::{ServerOptions, TempServer};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs phaseshift with only the given connection environment (no DATABASE_URL, no PG*
/// variables of the test run, HOME in an empty directory unless given).
fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_phaseshift"));
    c.args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("PG") || k == "DATABASE_URL" {
            c.env_remove(k);
        }
    }
    let home = scratch_dir("home");
    c.env("HOME", &home);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run phaseshift")
}

fn scratch_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("phaseshift-conn-{tag}-{:016x}", fastrand::u64(..)));
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn text(o: &Output) -> String {
    format!("{}\n{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

/// Host, port, user and password of the test server.
fn server_settings() -> (String, u16, String, String) {
    let r = ConnInfo::parse(harness().admin_url()).unwrap().resolve(&ProcessEnv).unwrap();
    (r.hosts.first().cloned().unwrap_or_default(), r.port, r.user, r.password.unwrap_or_default())
}

const SECRET: &str = "Zq9xW7pLk2";

#[test]
fn no_form_of_a_password_is_ever_printed() {
    let (host, port, user, password) = server_settings();
    let spec = std::env::temp_dir().join(format!("phaseshift-conn-spec-{:08x}.yaml", fastrand::u32(..)));
    std::fs::write(
        &spec,
        "version: 1\nname: t\ntables:\n  t:\n    columns:\n      id: { type: int, primary_key: true }\n",
    )
    .unwrap();
    let spec = spec.to_str().unwrap().to_string();
    let wrong = [
        format!("postgresql://{user}:{SECRET}@{host}:{port}/postgres"),
        format!("postgresql://{user}:{SECRET}@{host}:{port}/postgres?sslmode=prefer"),
        format!("postgresql://{host}:{port}/postgres?user={user}&password={SECRET}"),
        format!("postgresql://{user}:Zq9x/W7pLk2@{host}:{port}/postgres"),
        format!("postgresql://{user}:Zq9x@W7pLk2@{host}:{port}/postgres"),
        format!("postgresql://{user}:Zq9x:W7pLk2@{host}:{port}/postgres"),
        format!("host={host} port={port} user={user} password={SECRET} dbname=postgres"),
        format!("host={host} port={port} user={user} password = {SECRET} dbname=postgres"),
        format!("host = {host} port = {port} user = {user} password= {SECRET}"),
        format!("host={host} port={port} user={user} password='Zq9x W7pLk2' dbname=postgres"),
        format!("host={host} port={port} user={user} password=Zq9x W7pLk2 dbname=postgres"),
        format!("host={host} port={port} user={user} password='Zq9x W7pLk2"),
    ];
    // A server that trusts the connection (`trust` in pg_hba.conf, as a local one given
    // through DATABASE_URL may) takes any password: there only what is printed is checked.
    let checked = rt().block_on(phaseshift::exec::connect(&wrong[6])).is_err();
    for conn in &wrong {
        for args in [
            vec!["status", "--database-url", conn],
            vec!["status", "--database-url", conn, "--format", "json"],
            vec!["apply", &spec, "--database-url", conn],
            vec!["plan", &spec, "--database-url", conn],
            vec!["validate", &spec, "--database-url", conn],
            vec!["diff", conn, &spec],
            vec!["diff", conn, conn],
        ] {
            let out = run(&args, &[]);
            let all = text(&out);
            if checked {
                assert_eq!(out.status.code(), Some(2), "{args:?} should fail: {all}");
            }
            for fragment in [SECRET, "Zq9x", "W7pLk2"] {
                assert!(!all.contains(fragment), "{args:?} printed part of the password: {all}");
            }
        }
        // Given through DATABASE_URL instead of the option.
        let out = run(&["status"], &[("DATABASE_URL", conn)]);
        assert!(!text(&out).contains("Zq9x"), "{}", text(&out));
    }
    // A right password with spaces around '=': the connection works, and the headers of a
    // diff show the settings without it.
    if !password.is_empty() {
        let a = rt().block_on(TestDb::new("conna"));
        let conn = |db: &str| format!("host = {host} port = {port} user = {user} password = {password} dbname = {db}");
        let out = run(&["diff", &conn(&a.name), &conn("postgres")], &[]);
        let all = text(&out);
        assert!(out.status.code() == Some(0) || out.status.code() == Some(1), "{all}");
        assert!(!all.contains(&password), "{all}");
        let out = run(&["status", "--database-url", &conn(&a.name)], &[]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
}

#[test]
fn libpq_environment_password_file_and_service_file_are_followed() {
    let (host, port, user, password) = server_settings();
    if password.is_empty() {
        return; // an existing server without a password in DATABASE_URL: nothing to check here
    }
    let db = rt().block_on(TestDb::new("connenv"));
    let port_s = port.to_string();
    let base = [
        ("PGHOST", host.as_str()),
        ("PGPORT", port_s.as_str()),
        ("PGUSER", user.as_str()),
        ("PGDATABASE", db.name.as_str()),
    ];
    // Without a password: refused, and the message says where passwords come from.
    let out = run(&["status"], &base);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("PGPASSWORD"), "{}", text(&out));
    // PGPASSWORD.
    let mut env = base.to_vec();
    env.push(("PGPASSWORD", &password));
    let out = run(&["status"], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // An empty connection string takes everything from the environment too.
    let out = run(&["status", "--database-url", ""], &env);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // ~/.pgpass (only when others cannot read it).
    let home = scratch_dir("pgpass");
    let pgpass = home.join(".pgpass");
    std::fs::write(&pgpass, format!("otherhost:*:*:*:nope\n{host}:{port}:*:{user}:{password}\n")).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    let home_s = home.display().to_string();
    let mut env = base.to_vec();
    env.push(("HOME", &home_s));
    let out = run(&["status"], &env);
    assert_eq!(out.status.code(), Some(0), "~/.pgpass: {}", text(&out));
    // PGPASSFILE, and a URL without a password.
    let pgpass_s = pgpass.display().to_string();
    let url = format!("postgresql://{user}@{host}:{port}/{}", db.name);
    let out = run(&["status", "--database-url", &url], &[("PGPASSFILE", &pgpass_s)]);
    assert_eq!(out.status.code(), Some(0), "PGPASSFILE: {}", text(&out));
    // A service file named by PGSERVICEFILE, chosen by PGSERVICE or service=.
    let services = home.join("services.conf");
    std::fs::write(
        &services,
        format!("[other]\nhost=nowhere.invalid\n\n[app]\nhost={host}\nport={port}\nuser={user}\ndbname={}\npassword={password}\n", db.name),
    )
    .unwrap();
    let services_s = services.display().to_string();
    let out = run(&["status"], &[("PGSERVICEFILE", &services_s), ("PGSERVICE", "app")]);
    assert_eq!(out.status.code(), Some(0), "PGSERVICE: {}", text(&out));
    let out = run(&["status", "--database-url", "service=app"], &[("PGSERVICEFILE", &services_s)]);
    assert_eq!(out.status.code(), Some(0), "service=: {}", text(&out));
    assert!(!text(&out).contains(&password));
}

/// A CA and a server certificate it signed for `localhost` only.
fn certificates() -> (String, String, String, String) {
    use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name.push(DnType::CommonName, "phaseshift test CA");
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);
    let leaf_key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
    leaf.distinguished_name.push(DnType::CommonName, "localhost");
    let leaf_cert = leaf.signed_by(&leaf_key, &issuer).unwrap();
    // A second CA that signed nothing of this server's.
    let other_key = KeyPair::generate().unwrap();
    let mut other = CertificateParams::new(Vec::<String>::new()).unwrap();
    other.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let other_cert = other.self_signed(&other_key).unwrap();
    (ca_cert.pem(), leaf_cert.pem(), leaf_key.serialize_pem(), other_cert.pem())
}

#[test]
fn tls_follows_sslmode_against_a_server_that_requires_it() {
    let (ca, cert, key, other_ca) = certificates();
    let server = TempServer::start_with(&ServerOptions { tls: Some((cert, key)), ..Default::default() })
        .unwrap_or_else(|e| panic!("cannot start a TLS server: {e}"));
    let dir = scratch_dir("tls");
    let ca_file = dir.join("ca.pem");
    let other_file = dir.join("other.pem");
    std::fs::write(&ca_file, ca).unwrap();
    std::fs::write(&other_file, other_ca).unwrap();
    let pw = server.password().to_string();
    let conn = |host: &str, extra: &str| {
        format!("host={host} port={} user=postgres password={pw} dbname=postgres {extra}", server.port())
    };
    let ca_s = ca_file.display().to_string();
    let other_s = other_file.display().to_string();
    let check = |args: &str, env: &[(&str, &str)], ok: bool, expect: &str| {
        let out = run(&["status", "--database-url", args], env);
        let all = text(&out);
        assert_eq!(out.status.success(), ok, "{args:?} with {env:?}: {all}");
        assert!(all.contains(expect), "{args:?}: expected {expect:?} in {all}");
        assert!(!all.contains(&pw), "{all}");
    };
    // The server refuses connections without TLS.
    check(&conn("127.0.0.1", "sslmode=disable"), &[], false, "no encryption");
    // prefer (the default) and require encrypt without verifying, as libpq does.
    check(&conn("127.0.0.1", ""), &[], true, "");
    check(&conn("127.0.0.1", "sslmode=allow"), &[], true, "");
    check(&conn("127.0.0.1", "sslmode=require"), &[], true, "");
    // verify-ca checks the chain, not the name.
    check(&conn("127.0.0.1", &format!("sslmode=verify-ca sslrootcert={ca_s}")), &[], true, "");
    check(&conn("127.0.0.1", &format!("sslmode=verify-ca sslrootcert={other_s}")), &[], false, "certificate");
    // verify-full checks the name too: the certificate is for localhost only.
    check(&conn("127.0.0.1", &format!("sslmode=verify-full sslrootcert={ca_s}")), &[], false, "certificate");
    check(&conn("localhost", &format!("sslmode=verify-full sslrootcert={ca_s}")), &[], true, "");
    // Without a root certificate, verification cannot happen: said plainly.
    check(&conn("localhost", "sslmode=verify-full"), &[], false, "root certificate file");
    // The same settings through the URL form and through the environment.
    let url = format!(
        "postgresql://postgres:{pw}@localhost:{}/postgres?sslmode=verify-full&sslrootcert={ca_s}",
        server.port()
    );
    check(&url, &[], true, "");
    check(&conn("localhost", ""), &[("PGSSLMODE", "verify-full"), ("PGSSLROOTCERT", &ca_s)], true, "");
    // require with ~/.postgresql/root.crt present verifies the chain (libpq's rule).
    let home = scratch_dir("tlshome");
    std::fs::create_dir_all(home.join(".postgresql")).unwrap();
    std::fs::copy(&other_file, home.join(".postgresql/root.crt")).unwrap();
    let home_s = home.display().to_string();
    check(&conn("127.0.0.1", "sslmode=require"), &[("HOME", &home_s)], false, "certificate");
    std::fs::copy(&ca_file, home.join(".postgresql/root.crt")).unwrap();
    check(&conn("127.0.0.1", "sslmode=require"), &[("HOME", &home_s)], true, "");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(Path::new(&home));
}
