//! The command line as a user meets it: validation messages, plan output, exit codes.

use crate::harness::phaseshift;

fn write_spec(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("phaseshift-cli-{}", fastrand::u64(..)));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn validation_reports_every_error_with_position_and_help() {
    let p = write_spec(
        "bad.yaml",
        r#"version: 1
tables:
  catalogs:
    columns:
      id: { type: uuid, primary_key: true }
      slug: { type: text, uniqe: true }
      client_id: { type: uuid, references: { table: clents } }
      price: { type: "numeric(10,", check: "price >" }
  items:
    columns:
      name: { type: text, not_null: maybe }
views:
  a: { query: SELECT * FROM b }
  b: { query: SELECT * FROM a }
"#,
    );
    let out = phaseshift(&["validate", p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    let f = p.display().to_string();
    // Structure errors come first (one per table), with positions and suggestions.
    assert!(err.contains(&format!("{f}:6:27: error: unknown key `uniqe` in `tables.catalogs.columns.slug`")), "{err}");
    assert!(err.contains("help: did you mean `unique`?"), "{err}");
    assert!(err.contains(&format!("{f}:11:37: error: invalid type: string \"maybe\", expected a boolean")), "{err}");
    assert!(err.contains("help: write true or false"), "{err}");

    // Fix those; the semantic errors are all reported together.
    let p2 = write_spec(
        "bad2.yaml",
        &std::fs::read_to_string(&p).unwrap().replace("uniqe", "unique").replace("maybe", "true"),
    );
    let out = phaseshift(&["validate", p2.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    let f = p2.display().to_string();
    assert!(err.contains(&format!("{f}:8:22: error: type `numeric(10,` does not parse")), "{err}");
    assert!(err.contains(&format!("{f}:8:44: error: SQL expression does not parse")), "{err}");
    assert!(err.contains("views depend on each other in a cycle"), "{err}");
    assert!(err.contains("errors found"), "{err}");

    // References are checked once the structure is sound.
    let p3 = write_spec(
        "bad3.yaml",
        "version: 1\ntables:\n  catalogs:\n    columns:\n      client_id: { type: uuid, references: { table: clents } }\n  clients:\n    columns:\n      id: { type: uuid, primary_key: true }\n",
    );
    let out = phaseshift(&["validate", p3.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(":5:53: error: referenced table `public.clents` does not exist"), "{err}");
    assert!(err.contains("did you mean `clients`?"), "{err}");
}

#[test]
fn malformed_yaml_names_the_position() {
    let p = write_spec("broken.yaml", "version: 1\ntables:\n  a: [unclosed\n");
    let out = phaseshift(&["validate", p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains(&format!("{}:4:1: error: invalid YAML", p.display())), "{err}");
}

#[test]
fn plan_json_of_every_example_has_numbered_phases_with_sql_and_rollback() {
    let examples = format!("{}/specs/examples", env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for e in std::fs::read_dir(&examples).unwrap() {
        let dir = e.unwrap().path();
        let out = phaseshift(&["plan", dir.to_str().unwrap(), "--format", "json"]);
        assert!(out.status.success(), "{}: {}", dir.display(), String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        for m in v["migrations"].as_array().unwrap() {
            assert!(m["name"].is_string());
            for (i, p) in m["phases"].as_array().unwrap().iter().enumerate() {
                assert_eq!(p["number"], i as u64 + 1);
                assert!(p["kind"].is_string());
                for s in p["steps"].as_array().unwrap() {
                    assert!(!s["sql"].as_str().unwrap().is_empty(), "{s}");
                    assert!(s["description"].is_string() && s["lock"].is_string());
                    if p["kind"] != "validate" {
                        assert!(!s["rollback"].as_str().unwrap().is_empty(), "step without rollback: {s}");
                    }
                }
            }
            seen += 1;
        }
    }
    assert!(seen >= 1);
}

#[test]
fn schema_command_prints_a_json_schema() {
    let out = phaseshift(&["schema"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["properties"]["tables"].is_object(), "{v}");
    assert!(v["$defs"]["ColumnSpec"]["properties"]["references"].is_object(), "{v}");
}

#[test]
fn commands_that_need_a_database_say_so() {
    let out = phaseshift(&["status"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--database-url"));
}

#[test]
fn search_path_names_the_new_version_or_says_there_is_none() {
    let out = phaseshift(&["search-path", &manifest("tests/cases/versioned_columns/specs")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "SET search_path TO public_tighten_accounts, public;\n");
    let out = phaseshift(&["search-path", &manifest("tests/cases/versioned_columns/specs"), "--old"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "SET search_path TO public_before_tighten_accounts, public;\n");
    // Renames alone have versions too.
    let out = phaseshift(&["search-path", &manifest("tests/cases/column_rename/specs")]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "SET search_path TO public_name_customers, public;\n");
    let out = phaseshift(&["search-path", &manifest("tests/cases/type_conversion/specs")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no migration that changes, renames or retires columns"));
}

#[test]
fn the_shipped_json_schema_is_current() {
    let out = phaseshift(&["schema"]);
    let shipped = std::fs::read_to_string(format!("{}/docs/spec.schema.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), shipped, "run: phaseshift schema > docs/spec.schema.json");
    let out = phaseshift(&["schema", "--plan"]);
    let shipped = std::fs::read_to_string(format!("{}/docs/plan.schema.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), shipped, "run: phaseshift schema --plan > docs/plan.schema.json");
}

fn manifest(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn diff_of_two_sql_files_lists_changes_and_a_unified_diff() {
    let before = manifest("tests/diff/views/before.sql");
    let after = manifest("tests/diff/views/after.sql");
    let out = phaseshift(&["diff", &before, &after]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("view public.gone_view\n  drop view"), "{text}");
    assert!(text.contains("table public.base\n  alter column name\n  drop column extra"), "{text}");
    assert!(text.contains("-  name character varying(20),"), "{text}");
    assert!(text.contains("+  name text"), "{text}");
    let same = phaseshift(&["diff", &after, &after]);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&same.stdout).trim(), "no differences");
    let json = phaseshift(&["diff", &before, &after, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["differs"], true);
    assert!(v["changes"].as_array().unwrap().iter().any(|c| c["change"] == "drop_view"));
    let sql = phaseshift(&["diff", &before, &after, "--sql"]);
    let script = String::from_utf8_lossy(&sql.stdout);
    assert!(script.contains("-- HAZARD data_loss: dropping public.base.extra deletes its values"), "{script}");
}

#[test]
fn schema_files_with_problems_are_named_by_position() {
    let p = write_spec("bad.sql", "CREATE TABLE a (id int);\nCREATE VIEW v AS SELECT 1;\nINSERT INTO a VALUES (1);\n");
    let out = phaseshift(&["diff", p.to_str().unwrap(), p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains(&format!("{}:3:1: INSERT is a data statement", p.display())), "{err}");
    let p = write_spec("bad2.sql", "CREATE TABLE a (id int);\n\nCREATE VIEW v AS SELECT nope FROM a;\n");
    let out = phaseshift(&["diff", p.to_str().unwrap(), p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:3:1: PostgreSQL rejects this statement: column \"nope\" does not exist",
            p.display()
        )),
        "{err}"
    );
    let p = write_spec("bad3.sql", "CREATE TABLE a (id int);\nCREATE VIEW v AS SELECT 'oops;\n");
    let out = phaseshift(&["diff", p.to_str().unwrap(), p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:2:25: unterminated quoted string", p.display())), "{err}");
}

#[test]
fn schema_filters_limit_the_diff() {
    let a = write_spec(
        "a.sql",
        "CREATE SCHEMA keep; CREATE TABLE keep.t (id int); CREATE SCHEMA skip; CREATE TABLE skip.t (id int);\n",
    );
    let b = write_spec("b.sql", "CREATE SCHEMA keep; CREATE TABLE keep.t (id int, x int); CREATE SCHEMA skip; CREATE TABLE skip.t (id bigint);\n");
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let out = phaseshift(&["diff", a, b, "--schema", "keep"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("table keep.t") && !text.contains("skip.t"), "{text}");
    let out = phaseshift(&["diff", a, b, "--exclude-schema", "keep"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("table skip.t") && !text.contains("table keep.t"), "{text}");
}

#[test]
fn verify_reports_drift_after_apply() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("verify").await;
        let c = db.client().await;
        phaseshift::exec::run_script(&c, include_str!("../../sql/examples/storefront.sql")).await.unwrap();
        let spec = manifest("specs/examples/storefront");
        let out = phaseshift(&["verify", &spec, "--database-url", &db.url]);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("table public.catalogs"));
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = phaseshift(&["verify", &spec, "--database-url", &db.url]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        // Someone drops an index behind our back.
        c.batch_execute("DROP INDEX public.catalogs_live_idx").await.unwrap();
        let out = phaseshift(&["verify", &spec, "--database-url", &db.url]);
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1));
        assert!(text.contains("index public.catalogs_live_idx"), "{text}");
        // An SQL target: verify against a dump of itself finds nothing.
        let dump = std::env::temp_dir().join(format!("verify-{}.sql", fastrand::u32(..)));
        let bindir = crate::harness::harness().bindir().expect("pg_dump").to_path_buf();
        let o = std::process::Command::new(bindir.join("pg_dump"))
            .args(["--schema-only", "--exclude-schema=phaseshift", "-d", &db.url])
            .output()
            .unwrap();
        std::fs::write(&dump, &o.stdout).unwrap();
        let out = phaseshift(&["verify", dump.to_str().unwrap(), "--database-url", &db.url]);
        let _ = std::fs::remove_file(&dump);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    });
}

/// Issue 7.22: options are checked when parsed, naming the option and its range.
#[test]
fn options_out_of_range_are_refused_before_anything_runs() {
    let spec = format!("{}/specs/examples/storefront", env!("CARGO_MANIFEST_DIR"));
    for (opt, value) in [
        ("--max-rate", "0"),
        ("--lock-timeout", "0"),
        ("--lock-timeout", "99999999999"),
        ("--batch-ms", "0"),
        ("--retries", "1000"),
    ] {
        let out = phaseshift(&["apply", &spec, "--database-url", "host=127.0.0.1 port=1", opt, value]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{opt} {value}: {err}");
        assert!(err.contains(opt) && err.contains("is not in"), "{opt} {value}: {err}");
        assert!(!err.contains("cannot connect"), "refused only after connecting: {err}");
    }
}

/// Issue 7.24: output into a pipe that was closed ends quietly, without a panic.
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
        .arg("schema")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert_ne!(out.status.code(), Some(101), "{err}");
}

/// Issue 7.27: a spec saved with a byte-order mark reads like any other.
#[test]
fn a_spec_with_a_byte_order_mark_is_read() {
    let p = write_spec(
        "bom.yaml",
        "\u{feff}version: 1\ntables:\n  t:\n    columns:\n      id: { type: int, primary_key: true }\n",
    );
    let out = phaseshift(&["validate", p.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

/// Issue 7.26: every problem of a backfill entry in one run, rule names with the valid
/// ones and a suggestion, and a type name that is a likely typo refused offline.
#[test]
fn every_backfill_problem_is_reported_at_once_with_the_valid_names() {
    let p = write_spec(
        "bad_backfill.yaml",
        "version: 1\ntables:\n  t:\n    columns:\n      id: { type: int, primary_key: true }\nbackfill:\n  - into: t\n    from: s\n    key: id\n    columns: { id: id }\n    sanitize: [trim, lowr]\n    validate: { id: uuidd }\n    on_invalid: quarentine\n",
    );
    let out = phaseshift(&["validate", p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unknown rule `uuidd` for column `id`") && err.contains("did you mean `uuid`?"), "{err}");
    assert!(err.contains("unknown sanitizer `lowr`") && err.contains("did you mean `lower`?"), "{err}");
    assert!(err.contains("unknown on_invalid policy `quarentine`") && err.contains("fail, skip, quarantine"), "{err}");
    assert!(!err.contains("untagged enum"), "{err}");
    assert!(err.contains("3 errors found"), "{err}");
    let p = write_spec("typo.yaml", "version: 1\ntables:\n  t:\n    columns:\n      id: { type: integr, primary_key: true }\n      s: { type: my_status }\n");
    let out = phaseshift(&["validate", p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("unknown type `integr`") && err.contains("did you mean `integer`?"), "{err}");
    assert!(!err.contains("my_status"), "a type of the database's own is not refused offline: {err}");
}

/// Issue 11: desired-state files are declarative and written in any order: a view before
/// its table, a foreign key before the referenced table, a function used in a domain's
/// check before its definition, everything before its schema; and they may include others
/// (psql's `\ir`). They load as if ordered and whole; a statement that can never run is
/// still reported where it stands.
#[test]
fn desired_files_load_in_any_order_and_with_their_includes() {
    let ordered = manifest("tests/sqlfiles/any_order/ordered.sql");
    let shuffled = manifest("tests/sqlfiles/any_order/shuffled.sql");
    let out = phaseshift(&["diff", &ordered, &shuffled]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "no differences");
    let included = manifest("tests/sqlfiles/includes/main.sql");
    let out = phaseshift(&["diff", &ordered, &included]);
    assert_eq!(out.status.code(), Some(0), "psql includes (\\ir) are read: {}", String::from_utf8_lossy(&out.stderr));
    let out = phaseshift(&["diff", &manifest("tests/diff/views/before.sql"), &shuffled, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["changes"].as_array().unwrap().iter().any(|c| c["change"] == "create_view"), "{v}");
    let p = write_spec(
        "never.sql",
        "CREATE VIEW w AS SELECT * FROM a;\nCREATE VIEW v AS SELECT * FROM nothere;\nCREATE TABLE a (id int);\n",
    );
    let out = phaseshift(&["diff", &ordered, p.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("never.sql:2:1: PostgreSQL rejects this statement: relation \"nothere\" does not exist"),
        "{err}"
    );
}

#[test]
fn up_and_down_that_do_not_fit_are_reported_where_they_are_written() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("bad_up").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE accounts (id int PRIMARY KEY, email text, score text)").await.unwrap();
        let spec = write_spec("001_bad.yaml", "version: 1\ntables:\n  accounts:\n    columns:\n      email: { type: text, not_null: true, up: \"lower(emial)\", down: email }\n      score: { type: integer, up: \"length(score)\", down: \"score + 'x'\" }\n");
        let out = phaseshift(&["plan", spec.to_str().unwrap(), "--database-url", &db.url]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        // The misspelt column, at `up`; the down that gives no integer-to-text value, at `down`.
        assert!(err.contains("001_bad.yaml:5:48: error: `up` does not give a value of type text"), "{err}");
        assert!(err.contains("emial"), "{err}");
        assert!(err.contains("001_bad.yaml:6:58: error: `down` does not give a value of type text"), "{err}");
        // Nothing ran.
        let n: i64 = c
            .query_one("SELECT count(*) FROM pg_attribute WHERE attrelid = 'accounts'::regclass AND attnum > 0", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 3);
    });
}

/// Issue 9: what stands on a column changed online and would go with the old column at
/// contract (a check, a unique constraint, another table's foreign key) is named before
/// anything runs, with what to do; declared again for the new column, it passes.
#[test]
fn constraints_on_a_column_changed_online_are_named_before_anything_runs() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("carried").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE accounts (id bigserial PRIMARY KEY, code text UNIQUE, status text CHECK (status <> 'bad'),
                                     CONSTRAINT accounts_pair_key UNIQUE (code, status));
             CREATE TABLE orders (id int, account_code text REFERENCES accounts (code));",
        )
        .await
        .unwrap();
        let start = db.schema().await;
        let spec = write_spec(
            "001_st.yaml",
            "version: 1\ntables:\n  accounts:\n    columns:\n      status: { type: text, not_null: true, up: \"coalesce(status, 'x')\" }\n      code: { type: varchar(10), up: code }\n",
        );
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("check `accounts_status_check` is on `public.accounts.status`, which changes online"), "{err}");
        assert!(err.contains("retire: [{ table: accounts, constraint: accounts_status_check }]"), "{err}");
        assert!(err.contains("unique `accounts_code_key` is on `public.accounts.code`"), "{err}");
        assert!(err.contains("`public.accounts.code` is referenced by foreign key `orders_account_code_fkey` of `public.orders`"), "{err}");
        assert!(err.contains("the key it points at is not declared again"), "{err}");
        // (`unique: true` declares a key of the column alone, not one of several columns.)
        assert!(err.contains("constraints: [{ name: accounts_pair_key, unique: [code, status] }]"), "{err}");
        assert_eq!(db.schema().await, start);
        // Declared again (and the other table's key gone), they are carried to the new columns.
        c.batch_execute("ALTER TABLE orders DROP CONSTRAINT orders_account_code_fkey").await.unwrap();
        let spec = write_spec(
            "001_st.yaml",
            "version: 1\ntables:\n  accounts:\n    columns:\n      status: { type: text, not_null: true, check: \"status <> 'bad'\", up: \"coalesce(status, 'x')\" }\n      code: { type: varchar(10), unique: true, up: code }\n    constraints:\n      - { name: accounts_pair_key, unique: [code, status] }\n",
        );
        let out = phaseshift(&["validate", spec.to_str().unwrap(), "--database-url", &db.url]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    });
}

#[test]
fn an_identity_column_changed_online_must_stay_one() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("identity_up").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE items (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text);")
            .await
            .unwrap();
        let start = db.schema().await;
        let spec = write_spec(
            "001_items.yaml",
            "version: 1\ntables:\n  items:\n    columns:\n      id: { type: bigint, primary_key: true, up: \"id::bigint\" }\n",
        );
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("`public.items.id` is an identity column, and the spec does not declare it one"), "{err}");
        assert!(err.contains("declare `identity: by_default` (or `always`) to keep it"), "{err}");
        assert_eq!(db.schema().await, start);
        // Declared one, it is planned.
        let spec = write_spec(
            "001_items.yaml",
            "version: 1\ntables:\n  items:\n    columns:\n      id: { type: bigint, primary_key: true, identity: by_default, up: \"id::bigint\" }\n",
        );
        let out = phaseshift(&["validate", spec.to_str().unwrap(), "--database-url", &db.url]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    });
}

#[test]
fn an_up_that_leaves_nulls_stops_with_the_rows_and_rolls_back() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("up_nulls").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE posts (id int PRIMARY KEY, status text);
             INSERT INTO posts SELECT g, CASE WHEN g IN (7, 42) THEN NULL ELSE 'live' END FROM generate_series(1, 100) g;",
        )
        .await
        .unwrap();
        let start = db.schema().await;
        let spec = write_spec("001_status.yaml", "version: 1\ntables:\n  posts:\n    columns:\n      status: { type: text, not_null: true, up: status }\n");
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_ne!(out.status.code(), Some(0), "{err}");
        // Found before anything is written: both rows counted, the first named by its key.
        assert!(err.contains("posts__ps_new_status_not_null (check): 2 row(s), one at key 7"), "{err}");
        let out = phaseshift(&["rollback", "001_status", "--to-phase", "0", "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(db.schema().await, start);
        let nulls: i64 = c.query_one("SELECT count(*) FROM posts WHERE status IS NULL", &[]).await.unwrap().get(0);
        assert_eq!(nulls, 2);
    });
}

#[test]
fn the_new_version_keeps_row_level_security_and_the_tables_grants() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("version_rls").await;
        let c = db.client().await;
        c.batch_execute(
            "DO $$ BEGIN CREATE ROLE ps_tenant_a; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             CREATE TABLE docs (id serial PRIMARY KEY, tenant text NOT NULL, title text);
             INSERT INTO docs (tenant, title) SELECT CASE WHEN g % 2 = 0 THEN 'ps_tenant_a' ELSE 'b' END, 'doc ' || g FROM generate_series(1, 10) g;
             ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
             CREATE POLICY own ON docs USING (tenant = current_user) WITH CHECK (tenant = current_user);
             GRANT SELECT, INSERT, UPDATE ON docs TO ps_tenant_a;
             GRANT USAGE ON SEQUENCE docs_id_seq TO ps_tenant_a;",
        )
        .await
        .unwrap();
        let spec = write_spec("001_titles.yaml", "version: 1\nname: titles\ntables:\n  docs:\n    columns:\n      title: { type: text, not_null: true, default: \"'untitled'\", up: \"coalesce(title, 'untitled')\" }\n");
        // Up to switch: the new version's schema exists, the old columns are still there.
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--to-phase", "5"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        c.batch_execute("SET ROLE ps_tenant_a; SET search_path TO public_titles, public").await.unwrap();
        // Only the tenant's own rows, through the new version's view.
        let n: i64 = c.query_one("SELECT count(*) FROM docs", &[]).await.unwrap().get(0);
        assert_eq!(n, 5);
        // Its writes pass the policy's check, with the new version's default...
        c.batch_execute("INSERT INTO docs (tenant) VALUES ('ps_tenant_a')").await.unwrap();
        let title: String =
            c.query_one("SELECT title FROM docs ORDER BY id DESC LIMIT 1", &[]).await.unwrap().get(0);
        assert_eq!(title, "untitled");
        // ...and another tenant's rows are refused.
        let refused = c.batch_execute("INSERT INTO docs (tenant) VALUES ('b')").await.unwrap_err();
        assert_eq!(refused.code(), Some(&tokio_postgres::error::SqlState::from_code("42501")), "{refused}");
        c.batch_execute("RESET ROLE; RESET search_path").await.unwrap();
    });
}

#[test]
fn a_rename_onto_a_name_in_use_is_refused_where_it_is_written() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("rename_clash").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE t (id int PRIMARY KEY, a text, b text); CREATE TABLE u (id int); CREATE TABLE v (id int);")
            .await
            .unwrap();
        let spec = write_spec("001_clash.yaml", "version: 1\ntables:\n  t:\n    columns:\n      b: { type: text, renamed_from: a }\n  v:\n    renamed_from: u\n");
        let out = phaseshift(&["plan", spec.to_str().unwrap(), "--database-url", &db.url]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("001_clash.yaml:5:38: error: `a` cannot be renamed `b`"), "{err}");
        assert!(err.contains("001_clash.yaml:7:19: error: `public.u` cannot be renamed `public.v`"), "{err}");
    });
}

/// Issue 12: a database moved to another server: schema (policies and grants included),
/// rows from one snapshot, sequences past their source values; a second run copies nothing.
#[test]
fn copy_moves_a_database_and_resumes_table_by_table() {
    crate::harness::rt().block_on(async {
        let src = crate::harness::TestDb::new("copy_src").await;
        let dst = crate::harness::TestDb::new("copy_dst").await;
        let s = src.client().await;
        s.batch_execute(
            "DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             CREATE TABLE orgs (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
             CREATE TABLE users (id serial PRIMARY KEY, org_id bigint NOT NULL REFERENCES orgs,
                                 email text NOT NULL, email_lower text GENERATED ALWAYS AS (lower(email)) STORED);
             CREATE TABLE events (at date NOT NULL, what text) PARTITION BY RANGE (at);
             CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
             CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
             CREATE TABLE scratch (x int);
             INSERT INTO orgs (name) SELECT 'org ' || g FROM generate_series(1, 30) g;
             INSERT INTO users (org_id, email) SELECT 1 + g % 30, 'User' || g || '@Example.com' FROM generate_series(1, 300) g;
             INSERT INTO events SELECT DATE '2026-06-01' + g, 'e' || g FROM generate_series(1, 400) g;
             INSERT INTO scratch SELECT generate_series(1, 5);
             ALTER TABLE users ENABLE ROW LEVEL SECURITY;
             CREATE POLICY own ON users USING (email_lower LIKE current_user || '%');
             GRANT SELECT ON users TO ps_reader;",
        )
        .await
        .unwrap();
        let run = |extra: &[&str]| {
            let mut args = vec!["copy", "--from", &src.url, "--to", &dst.url, "--yes", "--format", "json"];
            args.extend_from_slice(extra);
            let out = phaseshift(&args);
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
        };
        // A dry run changes nothing and says how many rows each table has.
        let dry = run(&["--dry-run"]);
        assert_eq!(dry["tables"].as_array().unwrap().len(), 4, "{dry}");
        let d = dst.client().await;
        let tables: i64 = d
            .query_one("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(tables, 0);
        // All but one table.
        let report = run(&["--exclude-table", "scratch"]);
        let rows: Vec<(String, i64)> = report["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (t["table"].as_str().unwrap().to_string(), t["rows"].as_i64().unwrap()))
            .collect();
        // Counted on both sides.
        for t in report["tables"].as_array().unwrap() {
            assert_eq!(t["source_rows"], t["target_rows"], "{t}");
        }
        // Parents before children; a partitioned table whole.
        assert_eq!(
            rows,
            [("public.events".to_string(), 400), ("public.orgs".to_string(), 30), ("public.users".to_string(), 300)]
        );
        for (q, n) in [("events_2027", 187_i64), ("users WHERE email_lower LIKE 'user%'", 300)] {
            let got: i64 = d.query_one(&format!("SELECT count(*) FROM {q}"), &[]).await.unwrap().get(0);
            assert_eq!(got, n, "{q}");
        }
        // The schema matches, policies and grants included; the next ids follow the source's.
        let out = phaseshift(&["diff", &src.url, &dst.url]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        // The two databases agree, row by row, leaving out the table not copied yet.
        let verify = |level: &'static str| {
            let out = phaseshift(&["verify", "--against", &src.url, "--database-url", &dst.url, "--level", level]);
            (out.status.code(), String::from_utf8_lossy(&out.stdout).to_string())
        };
        let (code, text) = verify("detailed");
        assert_eq!(code, Some(1), "{text}");
        assert!(text.contains("public.scratch: no table here, 5 there") || text.contains("public.scratch: 0 here, 5 there"), "{text}");
        assert!(text.contains("public.users: 300 here, 300 there: rows match, same rows"), "{text}");
        let next: i64 = d.query_one("INSERT INTO orgs (name) VALUES ('new') RETURNING id", &[]).await.unwrap().get(0);
        assert_eq!(next, 31);
        // A row written on one side, a row changed: each is found.
        d.batch_execute("UPDATE users SET email = 'changed@example.com' WHERE id = 7").await.unwrap();
        let (_, text) = verify("detailed");
        assert!(text.contains("public.orgs: 31 here, 30 there: ROW COUNTS DIFFER"), "{text}");
        assert!(text.contains("sequence public.orgs.id (identity): 31 here, 30 there"), "{text}");
        assert!(text.contains("public.users: 300 here, 300 there: rows match, ROWS DIFFER"), "{text}");
        // Critical compares counts, not rows.
        let (code, text) = verify("critical");
        assert_eq!(code, Some(1));
        assert!(text.contains("public.users: 300 here, 300 there: rows match\n"), "{text}");
        // Again: what was copied is skipped; the table left out comes now.
        let again = run(&[]);
        let fresh: Vec<&str> = again["tables"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|t| t["already"] == false)
            .map(|t| t["table"].as_str().unwrap())
            .collect();
        assert_eq!(fresh, ["public.scratch"]);
        // Without row-level security: the tables come, their policies do not.
        let bare = crate::harness::TestDb::new("copy_bare").await;
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &bare.url, "--skip-rls", "--tables", "orgs,users"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let b = bare.client().await;
        let (policies, secured): (i64, bool) = {
            let r = b
                .query_one(
                    "SELECT (SELECT count(*) FROM pg_policies), (SELECT relrowsecurity FROM pg_class WHERE oid = 'public.users'::regclass)",
                    &[],
                )
                .await
                .unwrap();
            (r.get(0), r.get(1))
        };
        assert_eq!((policies, secured), (0, false));
        let users: i64 = b.query_one("SELECT count(*) FROM users", &[]).await.unwrap().get(0);
        assert_eq!(users, 300);
        // Several tables at once, on the one snapshot, a table after those it references.
        let par = crate::harness::TestDb::new("copy_jobs").await;
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &par.url, "--jobs", "3", "--format", "json"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["tables"].as_array().unwrap().len(), 4);
        for t in report["tables"].as_array().unwrap() {
            assert_eq!(t["source_rows"], t["target_rows"], "{t}");
        }
        let out = phaseshift(&["diff", &src.url, &par.url]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        // A target table holding rows of its own is refused, not mixed.
        d.batch_execute("DELETE FROM phaseshift.copy_progress WHERE table_name = 'public.scratch'").await.unwrap();
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &dst.url, "--skip-schema"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("already holds rows"), "{}", String::from_utf8_lossy(&out.stderr));
        // Unless asked to empty it first, or to add to it.
        let scratch = || async { d.query_one("SELECT count(*) FROM scratch", &[]).await.unwrap().get::<_, i64>(0) };
        // (orgs has a row more than the source since the insert above: the counts differ.)
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &dst.url, "--skip-schema", "--truncate"]);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stdout).contains("row counts differ: public.orgs (source 30, target 31)"));
        assert_eq!(scratch().await, 5);
        d.batch_execute("DELETE FROM phaseshift.copy_progress WHERE table_name = 'public.scratch'").await.unwrap();
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &dst.url, "--skip-schema", "--append"]);
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stdout));
        assert!(String::from_utf8_lossy(&out.stdout).contains("public.scratch (source 5, target 10)"));
        assert_eq!(scratch().await, 10);
        // A copy cut short: a load rolled back on the target (it leaves nothing but a used
        // identity value), one table copied, then the rest by the next run; the two
        // databases then agree row by row.
        let fresh = crate::harness::TestDb::new("copy_crash").await;
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &fresh.url, "--skip-data"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let f = fresh.client().await;
        f.batch_execute("BEGIN; INSERT INTO orgs (name) VALUES ('half'); ROLLBACK;").await.unwrap();
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &fresh.url, "--skip-schema", "--tables", "orgs"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &fresh.url, "--skip-schema"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = phaseshift(&["verify", "--against", &src.url, "--database-url", &fresh.url, "--level", "detailed"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    });
}

/// Issue 12: partitions made from an interval are kept current by `phaseshift partitions`:
/// the ones due created, those past retention detached (concurrently when there is no
/// default partition) and dropped; nothing done when nothing is due.
#[test]
fn partitions_keeps_interval_partitioned_tables_current() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("partitions").await;
        let c = db.client().await;
        // Months from four before this one; two kept before this one, one made ahead.
        let today = time::OffsetDateTime::now_utc().date();
        let mut first = time::Date::from_calendar_date(today.year(), today.month(), 1).unwrap();
        for _ in 0..4 {
            first = (first - time::Duration::days(1)).replace_day(1).unwrap();
        }
        let table = |name: &str, default: bool, retired: &str| {
            format!(
                "  {name}:\n    columns:\n      at: {{ type: date, not_null: true }}\n    partition_by: range (at)\n    partition_every: {{ interval: month, start: \"{first}\", ahead: 1, default: {default}, retain: 2, retired: {retired} }}\n"
            )
        };
        let spec = write_spec("001_events.yaml", &format!("version: 1\ntables:\n{}{}", table("events", true, "drop"), table("logs", false, "archive")));
        let spec = spec.to_str().unwrap().to_string();
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let count = |t: &'static str| {
            let c = &c;
            async move {
                let q = format!("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.{t}'::regclass");
                c.query_one(&q, &[]).await.unwrap().get::<_, i64>(0)
            }
        };
        // Two kept months, this one and the next; the default.
        assert_eq!(count("events").await, 5);
        assert_eq!(count("logs").await, 4);
        let run = |extra: &[&str]| {
            let mut args = vec!["partitions", spec.as_str(), "--database-url", &db.url, "--format", "json"];
            args.extend_from_slice(extra);
            let out = phaseshift(&args);
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
            serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
        };
        assert_eq!(run(&[])["created"].as_array().unwrap().len(), 0, "nothing due right after apply");
        // Time passes: the next month's partition is gone (as if not made yet), an old one is there.
        let old = first.replace_day(1).unwrap();
        let old_end = (old + time::Duration::days(32)).replace_day(1).unwrap();
        let old_name = format!("{}_{:02}", old.year(), old.month() as u8);
        let next_month = {
            let n = (time::Date::from_calendar_date(today.year(), today.month(), 1).unwrap() + time::Duration::days(32)).replace_day(1).unwrap();
            format!("{}_{:02}", n.year(), n.month() as u8)
        };
        for t in ["events", "logs"] {
            c.batch_execute(&format!(
                "DROP TABLE public.{t}_{next_month};
                 CREATE TABLE public.{t}_{old_name} PARTITION OF public.{t} FOR VALUES FROM ('{old}') TO ('{old_end}');"
            ))
            .await
            .unwrap();
        }
        let dry = run(&["--dry-run"]);
        assert_eq!(dry["created"].as_array().unwrap().len(), 2, "{dry}");
        assert_eq!(count("events").await, 5, "a dry run changes nothing");
        let done = run(&[]);
        let mut created: Vec<&str> = done["created"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        created.sort();
        assert_eq!(created, [format!("public.events_{next_month}"), format!("public.logs_{next_month}")]);
        let mut dropped: Vec<&str> = done["dropped"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        dropped.sort();
        assert_eq!(dropped, [format!("public.events_{old_name}"), format!("public.logs_{old_name}")]);
        assert_eq!(count("events").await, 5);
        assert_eq!(count("logs").await, 4);
        // Dropped, or (logs) kept in the archive with its rows.
        let gone: bool = c
            .query_one(&format!("SELECT to_regclass('public.events_{old_name}') IS NULL"), &[])
            .await
            .unwrap()
            .get(0);
        assert!(gone);
        let archived: bool = c
            .query_one(
                &format!("SELECT to_regclass('public.logs_{old_name}') IS NULL AND to_regclass('phaseshift_archive.logs_{old_name}') IS NOT NULL"),
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert!(archived);
        // Nothing due: nothing done, and verify agrees with the spec.
        let again = run(&[]);
        assert!(again["created"].as_array().unwrap().is_empty() && again["dropped"].as_array().unwrap().is_empty());
        let out = phaseshift(&["verify", &spec, "--database-url", &db.url]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    });
}

/// Issue 12: grants on views, sequences, schemas and columns, and default privileges, in a
/// spec: applied, seen by verify, undone by rollback.
#[test]
fn grants_and_default_privileges_are_declared_applied_and_undone() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("grants_spec").await;
        let c = db.client().await;
        c.batch_execute(
            "DO $$ BEGIN CREATE ROLE ps_reader; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;
             CREATE SCHEMA app;
             CREATE TABLE app.users (id serial PRIMARY KEY, email text, secret text);
             CREATE VIEW app.user_emails AS SELECT id, email FROM app.users;",
        )
        .await
        .unwrap();
        let me: String = c.query_one("SELECT current_user::text", &[]).await.unwrap().get(0);
        let spec = write_spec(
            "001_grants.yaml",
            &format!("version: 1\nschema: app\ngrants:\n  - {{ on: schema, name: app, to: ps_reader, privileges: [usage] }}\n  - {{ on: view, name: user_emails, to: ps_reader, privileges: [select] }}\n  - {{ on: sequence, name: users_id_seq, to: ps_reader, privileges: [usage] }}\n  - {{ on: column, name: users.email, to: ps_reader, privileges: [select] }}\ndefault_privileges:\n  - {{ for_role: \"{me}\", schema: app, on: tables, to: ps_reader, privileges: [select] }}\n"),
        );
        let spec = spec.to_str().unwrap().to_string();
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let has = |q: &'static str| {
            let c = &c;
            async move { c.query_one(q, &[]).await.unwrap().get::<_, bool>(0) }
        };
        assert!(has("SELECT has_schema_privilege('ps_reader', 'app', 'USAGE')").await);
        assert!(has("SELECT has_table_privilege('ps_reader', 'app.user_emails', 'SELECT')").await);
        assert!(has("SELECT has_sequence_privilege('ps_reader', 'app.users_id_seq', 'USAGE')").await);
        assert!(has("SELECT has_column_privilege('ps_reader', 'app.users', 'email', 'SELECT')").await);
        assert!(!has("SELECT has_column_privilege('ps_reader', 'app.users', 'secret', 'SELECT')").await);
        c.batch_execute("CREATE TABLE app.later (id int)").await.unwrap();
        assert!(has("SELECT has_table_privilege('ps_reader', 'app.later', 'SELECT')").await, "default privileges");
        c.batch_execute("DROP TABLE app.later").await.unwrap();
        let out = phaseshift(&["verify", &spec, "--database-url", &db.url]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
        let out = phaseshift(&["rollback", "001_grants", "--to-phase", "0", "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert!(!has("SELECT has_table_privilege('ps_reader', 'app.user_emails', 'SELECT')").await);
        assert!(!has("SELECT has_column_privilege('ps_reader', 'app.users', 'email', 'SELECT')").await);
        c.batch_execute("CREATE TABLE app.later (id int)").await.unwrap();
        assert!(!has("SELECT has_table_privilege('ps_reader', 'app.later', 'SELECT')").await, "default privileges undone");
    });
}

/// Issue 12: after a populated table is partitioned online, each row sits in the partition
/// its key falls in, and rows written through the old name meanwhile too.
#[test]
fn a_partitioned_copy_routes_every_row_to_its_partition() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("partition_routing").await;
        let c = db.client().await;
        phaseshift::exec::run_script(&c, include_str!("../cases/partition_table/before.sql")).await.unwrap();
        let spec = manifest("tests/cases/partition_table/specs");
        // Up to switch: the old name is a view over the partitioned table.
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--to-phase", "5"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        c.batch_execute("INSERT INTO metrics (recorded_at, value) VALUES ('2026-02-20 08:00:00+00', 1), ('2031-01-01 00:00:00+00', 2)")
            .await
            .unwrap();
        let per: Vec<(String, i64)> = c
            .query("SELECT tableoid::regclass::text, count(*) FROM metrics_p GROUP BY 1 ORDER BY 1", &[])
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        // Hours from 2026-01-01 00:00 on: 744 in January, the other 657 in February; the
        // new row of February there, the one of 2031 in the default partition.
        assert_eq!(
            per,
            [("metrics_p_2026_01".to_string(), 744), ("metrics_p_2026_02".to_string(), 658), ("metrics_p_default".to_string(), 1)]
        );
        let misplaced: i64 = c
            .query_one(
                "SELECT count(*) FROM metrics_p_2026_01 WHERE recorded_at >= '2026-02-01 00:00:00+00'",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(misplaced, 0);
    });
}

/// Issue 12: a copy killed while it loads resumes: the table it was loading comes whole in
/// the next run, and the two databases then agree row by row.
#[test]
fn a_copy_killed_while_loading_resumes_to_agreement() {
    crate::harness::rt().block_on(async {
        let src = crate::harness::TestDb::new("kill_src").await;
        let dst = crate::harness::TestDb::new("kill_dst").await;
        let s = src.client().await;
        s.batch_execute(
            "CREATE TABLE a (id int PRIMARY KEY, v text);
             INSERT INTO a SELECT g, 'a' || g FROM generate_series(1, 1000) g;
             CREATE TABLE b (id bigint PRIMARY KEY, v text, w double precision);
             INSERT INTO b SELECT g, repeat('x', 50) || g, g / 3.0 FROM generate_series(1, 400000) g;",
        )
        .await
        .unwrap();
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_phaseshift"))
            .args(["copy", "--from", &src.url, "--to", &dst.url])
            .env_remove("DATABASE_URL")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Killed once the first table is in (if the second is not yet, it is cut short).
        let d = dst.client().await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let marked = d
                .query_opt("SELECT 1 FROM phaseshift.copy_progress WHERE table_name = 'public.a'", &[])
                .await
                .ok()
                .flatten()
                .is_some();
            if marked || std::time::Instant::now() > deadline {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        child.kill().unwrap();
        child.wait().unwrap();
        // What the killed run left: the first table marked; the second whole or empty.
        let b_rows: i64 = d.query_one("SELECT count(*) FROM b", &[]).await.map(|r| r.get(0)).unwrap_or(0);
        assert!(b_rows == 0 || b_rows == 400_000, "{b_rows} rows of b: a half-loaded table");
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &dst.url]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let out = phaseshift(&["verify", "--against", &src.url, "--database-url", &dst.url, "--level", "detailed"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    });
}

/// Issue 12: a policy expression that does not parse is reported where it is written, and
/// one naming a role the server does not have is refused before anything runs.
#[test]
fn bad_policies_are_refused_before_anything_runs() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("bad_policies").await;
        let c = db.client().await;
        c.batch_execute("CREATE TABLE notes (id int PRIMARY KEY, tenant text)").await.unwrap();
        let spec = write_spec(
            "001_bad_expr.yaml",
            "version: 1\ntables:\n  notes:\n    policies:\n      own: { using: \"tenant = \" }\n",
        );
        let out = phaseshift(&["plan", spec.to_str().unwrap(), "--database-url", &db.url]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("001_bad_expr.yaml:5:21: error: SQL expression does not parse"), "{err}");
        let spec = write_spec(
            "001_no_role.yaml",
            "version: 1\ntables:\n  notes:\n    policies:\n      own: { roles: [ps_nobody_at_all], using: \"tenant = current_user\" }\n",
        );
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("policy own on public.notes") && err.contains("ps_nobody_at_all"), "{err}");
        let policies: i64 = c.query_one("SELECT count(*) FROM pg_policies", &[]).await.unwrap().get(0);
        assert_eq!(policies, 0);
    });
}

/// A grant or revoke on a routine the server does not know (a typo in its name or types) is
/// reported where the spec names it, before anything runs: a revoke would otherwise do
/// nothing at all.
#[test]
fn grants_on_unknown_routines_are_refused_where_named() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("unknown_routine").await;
        let c = db.client().await;
        c.batch_execute("CREATE FUNCTION add_item(a bigint) RETURNS bigint LANGUAGE sql AS 'SELECT a'").await.unwrap();
        let spec = write_spec(
            "001_unknown_routine.yaml",
            "version: 1\ngrants:\n  - { on: function, name: \"add_item(text)\", to: public, privileges: [execute], revoke: true }\n  - { on: function, name: \"add_item(bigint, nosuchtype)\", to: public, privileges: [execute] }\n",
        );
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--yes"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains("001_unknown_routine.yaml:3:27: error: `add_item(text)` is not a routine of the database"), "{err}");
        assert!(err.contains(":4:27: error: `add_item(bigint, nosuchtype)` is not a routine of the database: type \"nosuchtype\" does not exist"), "{err}");
        // The right name takes PUBLIC's EXECUTE away.
        let spec = write_spec(
            "001_known_routine.yaml",
            "version: 1\ngrants:\n  - { on: function, name: \"add_item(int8)\", to: public, privileges: [execute], revoke: true }\n",
        );
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let public: bool = c
            .query_one("SELECT has_function_privilege('public', 'add_item(bigint)', 'EXECUTE')", &[])
            .await
            .unwrap()
            .get(0);
        assert!(!public);
    });
}

/// Rows no partition of a backfill's target takes are counted before anything is copied:
/// with `on_invalid: fail` (the default) the backfill is refused with their count and key
/// range and the target stays empty; with `quarantine` they are announced, then set aside.
#[test]
fn rows_that_fit_no_partition_are_counted_before_the_copy() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("unfit_rows").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE metrics (id bigint PRIMARY KEY, recorded_at timestamptz NOT NULL, value double precision);
             INSERT INTO metrics SELECT g, timestamptz '2026-01-01 00:00:00+00' + (g % 80) * interval '1 day', g
             FROM generate_series(1, 1000) g;",
        )
        .await
        .unwrap();
        let spec = |on_invalid: &str| {
            format!(
                "version: 1\nname: unfit\ntables:\n  metrics_p:\n    columns:\n      id: {{ type: bigint, not_null: true }}\n      recorded_at: {{ type: timestamptz, not_null: true }}\n      value: {{ type: double precision }}\n    primary_key: [id, recorded_at]\n    partition_by: range (recorded_at)\n    partitions:\n      metrics_p_2026_01: \"FROM ('2026-01-01 00:00:00+00') TO ('2026-02-01 00:00:00+00')\"\n      metrics_p_2026_02: \"FROM ('2026-02-01 00:00:00+00') TO ('2026-03-01 00:00:00+00')\"\nbackfill:\n  - into: metrics_p\n    from: metrics\n    key: id\n    columns: {{ id: id, recorded_at: recorded_at, value: value }}\n    on_invalid: {on_invalid}\n"
            )
        };
        // Days 59 to 79 of every 80 fall in March, which no partition takes.
        let expected: i64 = c
            .query_one("SELECT count(*) FROM metrics WHERE recorded_at >= '2026-03-01 00:00:00+00'", &[])
            .await
            .unwrap()
            .get(0);
        let fail = write_spec("001_unfit.yaml", &spec("fail"));
        let out = phaseshift(&["apply", fail.to_str().unwrap(), "--database-url", &db.url, "--to-phase", "3"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(
            err.contains(&format!(
                "{expected} row(s) of public.metrics fit no partition of public.metrics_p (recorded_at from 2026-03-01 00:00:00+00 to 2026-03-21 00:00:00+00), and on_invalid is fail"
            )),
            "{err}"
        );
        let copied: i64 = c.query_one("SELECT count(*) FROM metrics_p", &[]).await.unwrap().get(0);
        assert_eq!(copied, 0, "nothing is copied before the count");
        let out = phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let quarantine = write_spec("001_unfit.yaml", &spec("quarantine"));
        let out = phaseshift(&["apply", quarantine.to_str().unwrap(), "--database-url", &db.url, "--to-phase", "3"]);
        // (Progress goes to standard error, the summary to standard output.)
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{text}");
        assert!(text.contains(&format!("backfill public.metrics_p: {expected} row(s) fit no partition")), "{text}");
        let (copied, set_aside): (i64, i64) = {
            let r = c
                .query_one(
                    "SELECT (SELECT count(*) FROM metrics_p), (SELECT count(*) FROM phaseshift.quarantine WHERE target = 'public.metrics_p')",
                    &[],
                )
                .await
                .unwrap();
            (r.get(0), r.get(1))
        };
        assert_eq!((copied, set_aside), (1000 - expected, expected));
    });
}

/// Issue 9: an `up` whose values the new column's constraints refuse is found before the
/// backfill writes anything, with a count and a key for each constraint it breaks (unique,
/// foreign key, check); nothing is written, and the migration rolls back to the start.
#[test]
fn values_an_up_gives_that_break_constraints_are_counted_before_anything_is_written() {
    crate::harness::rt().block_on(async {
        let db = crate::harness::TestDb::new("fill_breaks").await;
        let c = db.client().await;
        c.batch_execute(
            "CREATE TABLE teams (id integer PRIMARY KEY);
             INSERT INTO teams SELECT generate_series(1, 5);
             CREATE TABLE users (id serial PRIMARY KEY, email text, team text, score text);
             INSERT INTO users (email, team, score) SELECT 'user' || g || '@example.com', (g % 5 + 1)::text, g::text
             FROM generate_series(1, 40) g;
             UPDATE users SET email = 'Same@example.com' WHERE id IN (3, 5, 7);
             UPDATE users SET team = '9' WHERE id = 11;
             UPDATE users SET score = '-4' WHERE id IN (12, 14);",
        )
        .await
        .unwrap();
        let before = db.schema().await;
        let spec = write_spec(
            "001_fill_breaks.yaml",
            "version: 1\nname: fill_breaks\ntables:\n  users:\n    columns:\n      email: { type: text, unique: true, up: \"lower(email)\", down: \"email\" }\n      team: { type: integer, references: { table: teams }, up: \"team::integer\", down: \"team::text\" }\n      score: { type: integer, check: \"score >= 0\", up: \"score::integer\", down: \"score::text\" }\n",
        );
        let out = phaseshift(&["apply", spec.to_str().unwrap(), "--database-url", &db.url, "--to-phase", "5"]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        for line in [
            "filling email (its `up`), team (its `up`), score (its `up`) of public.users would leave rows that break its constraints",
            "users_email_key (unique): 3 row(s), one at key 3",
            "users_team_fkey (foreign key): 1 row(s), one at key 11",
            "users_score_check (check): 2 row(s), one at key 12",
        ] {
            assert!(err.contains(line), "{line}\n{err}");
        }
        let written: i64 = c
            .query_one("SELECT count(*) FROM users WHERE _ps_new_email IS NOT NULL OR _ps_new_score IS NOT NULL", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(written, 0, "nothing is written before the count");
        let out = phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        assert_eq!(db.schema().await, before);
    });
}

/// Issue 11: objects of kinds phaseshift does not migrate (foreign servers
/// and their user mappings, text search configurations, operators, casts, ...) are read so
/// that a difference in them is reported, never "no differences"; a script or an apply that
/// would have to make it is refused with the list; secrets in their options are not printed;
/// a copy says what it did not copy.
#[test]
fn objects_phaseshift_does_not_migrate_are_reported_and_refused() {
    let base = "CREATE TABLE t (id int PRIMARY KEY);\n";
    let before = write_spec("before.sql", base);
    let after = write_spec(
        "after.sql",
        &format!(
            "{base}CREATE TEXT SEARCH CONFIGURATION fr (COPY = french);\n\
             CREATE FUNCTION same_parity(int, int) RETURNS boolean LANGUAGE sql IMMUTABLE AS 'SELECT $1 % 2 = $2 % 2';\n\
             CREATE OPERATOR %% (LEFTARG = int, RIGHTARG = int, FUNCTION = same_parity);\n\
             CREATE FOREIGN DATA WRAPPER ps_dummy;\n\
             CREATE SERVER remote FOREIGN DATA WRAPPER ps_dummy OPTIONS (host 'db.internal', password 'hunter2');\n\
             CREATE USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (password 'hunter2');\n"
        ),
    );
    let (b, a) = (before.to_str().unwrap(), after.to_str().unwrap());
    let out = phaseshift(&["diff", b, a]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
    for object in [
        "text search configuration public.fr",
        "operator public.%%(integer, integer)",
        "foreign data wrapper ps_dummy",
        "server remote",
    ] {
        assert!(stdout.contains(object), "{object}: {stdout}");
    }
    assert!(!stdout.contains("hunter2") && !stderr.contains("hunter2"), "{stdout}{stderr}");
    // A script is refused, with the list and what to do.
    let out = phaseshift(&["diff", b, a, "--sql"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("phaseshift does not migrate these objects, and they differ"), "{stderr}");
    assert!(stderr.contains("text search configuration public.fr: only in the target"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");
    // The same on both sides: nothing to say.
    let out = phaseshift(&["diff", a, a]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    // A changed definition is a difference too.
    let other =
        write_spec("other.sql", &std::fs::read_to_string(&after).unwrap().replace("COPY = french", "COPY = english"));
    let out = phaseshift(&["diff", a, other.to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changes"][0]["change"], "defined_otherwise", "{v}");
    assert!(
        v["plan_error"].as_str().unwrap().contains("text search configuration public.fr: defined otherwise"),
        "{v}"
    );
    // So is a changed password, which is shown nowhere.
    let other =
        write_spec("other.sql", &std::fs::read_to_string(&after).unwrap().replace("'hunter2');\n", "'hunter3');\n"));
    let out = phaseshift(&["diff", a, other.to_str().unwrap(), "--format", "json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["changes"][0]["change"], "defined_otherwise", "{v}");
    assert!(v["plan_error"].as_str().unwrap().contains("server remote: defined otherwise"), "{v}");
    assert!(!text.contains("hunter") && !text.contains("secret_digest"), "{text}");

    // A copy copies the rest, and says what it did not copy.
    crate::harness::rt().block_on(async {
        let src = crate::harness::TestDb::new("unmanaged_src").await;
        let dst = crate::harness::TestDb::new("unmanaged_dst").await;
        src.client().await.batch_execute(&format!("{base}CREATE TEXT SEARCH CONFIGURATION fr (COPY = french);")).await.unwrap();
        let out = phaseshift(&["copy", "--from", &src.url, "--to", &dst.url, "--yes"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stderr.contains("not copied (phaseshift does not migrate this kind; make it by hand): text search configuration public.fr"),
            "{stderr}"
        );
        let n: i64 = dst
            .client()
            .await
            .query_one("SELECT count(*) FROM pg_class WHERE relname = 't'", &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(n, 1);
    });
}
