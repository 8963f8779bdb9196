//! Refactors that move data, end to end on a real server: every phase applied while a
//! writer keeps using the old shape; the old application's queries answer the same after
//! every phase; rollback from every phase keeps every row the writer wrote; a process
//! killed mid-backfill resumes without losing or duplicating rows.

use crate::harness::{phaseshift, rt, TestDb};
use phaseshift::exec;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn root(p: &str) -> String {
    format!("{}/{p}", env!("CARGO_MANIFEST_DIR"))
}

/// What an example needs for these tests.
struct Example {
    name: &'static str,
    /// Queries of the old application, restricted to the rows that existed before.
    queries: &'static [&'static str],
    /// The writer's statements on the old shape: insert one row (returning its key as
    /// bigint), update it, delete it; `$1` is a counter.
    insert: &'static str,
    update: &'static str,
    delete: &'static str,
    /// Reads back the writer's rows: key -> title.
    readback: &'static str,
    /// Invalid source rows are part of the example (quarantined on purpose).
    invalid_rows: bool,
    /// The new application's insert into the new shape (returning the old key as text),
    /// run after the switch: its rows must reach the old table too.
    new_insert: Option<&'static str>,
}

const POSTS: Example = Example {
    name: "posts_normalization",
    queries: &[
        "SELECT count(*)::text || ':' || sum(likes)::text || ':' || sum(views)::text FROM posts WHERE id <= 3000",
        "SELECT string_agg(id || '|' || user_id || '|' || title || '|' || coalesce(status, '-'), ',' ORDER BY id) FROM posts WHERE id IN (1, 2, 3, 4, 1500, 3000)",
        "SELECT string_agg(coalesce(status, '-') || '=' || n, ',' ORDER BY status NULLS FIRST) FROM (SELECT status, count(*) n FROM posts WHERE id <= 3000 GROUP BY status) x",
        "SELECT md5(string_agg(id || ':' || title || ':' || coalesce(body, ''), ',' ORDER BY id)) FROM posts WHERE id <= 3000",
    ],
    insert: "INSERT INTO posts (user_id, title, body, status) VALUES (1 + ($1::bigint % 50), 'writer ' || $1::bigint, 'b', 'draft') RETURNING id::text",
    update: "UPDATE posts SET likes = likes + 1, title = 'writer edited ' || $2::bigint WHERE id = $1::text::bigint",
    delete: "DELETE FROM posts WHERE id = $1::text::bigint",
    readback: "SELECT id::text, title FROM posts WHERE title LIKE 'writer%'",
    invalid_rows: false,
    new_insert: Some(
        "WITH c AS (INSERT INTO posts_core (id, user_id, status, created_at) \
                    VALUES (nextval(pg_get_serial_sequence('phaseshift_archive.posts', 'id')), 1 + ($1::bigint % 50), 'draft', now()) RETURNING id), \
              t AS (INSERT INTO posts_content (post_id, title, body) SELECT id, 'writer new ' || $1::bigint, 'n' FROM c), \
              i AS (INSERT INTO post_insights (post_id) SELECT id FROM c) \
         SELECT id::text FROM c",
    ),
};

/// A writer on the old shape: inserts, updates and deletes its own rows until stopped.
/// Returns what it believes the table holds for its rows, and how many writes failed.
async fn writer(url: String, ex: &'static Example, stop: Arc<AtomicBool>) -> (BTreeMap<String, String>, Vec<String>) {
    let c = exec::connect(&url).await.expect("writer connects");
    let mut mine: BTreeMap<String, String> = BTreeMap::new();
    let mut errors = Vec::new();
    let mut n: i64 = 0;
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        match c.query_one(ex.insert, &[&n]).await {
            Ok(r) => {
                let id: String = r.get(0);
                mine.insert(id, format!("writer {n}"));
            }
            Err(e) => errors.push(format!("insert: {}", exec::pg_message(&e))),
        }
        if n % 3 == 0 {
            if let Some(id) = mine.keys().nth((n as usize * 7) % mine.len().max(1)).cloned() {
                match c.execute(ex.update, &[&id, &n]).await {
                    Ok(_) => {
                        mine.insert(id, format!("writer edited {n}"));
                    }
                    Err(e) => errors.push(format!("update: {}", exec::pg_message(&e))),
                }
            }
        }
        if n % 7 == 0 {
            if let Some(id) = mine.keys().next().cloned() {
                match c.execute(ex.delete, &[&id]).await {
                    Ok(_) => {
                        mine.remove(&id);
                    }
                    Err(e) => errors.push(format!("delete: {}", exec::pg_message(&e))),
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    (mine, errors)
}

async fn answers(c: &tokio_postgres::Client, ex: &Example) -> Vec<String> {
    let mut out = Vec::new();
    for q in ex.queries {
        let r = c.query_one(*q, &[]).await.unwrap_or_else(|e| panic!("{q}: {}", exec::pg_message(&e)));
        out.push(r.get::<_, Option<String>>(0).unwrap_or_default());
    }
    out
}

async fn setup(ex: &Example, tag: &str) -> TestDb {
    let db = TestDb::new(&format!("{}_{tag}", ex.name)).await;
    let c = db.client().await;
    exec::run_script(&c, &std::fs::read_to_string(root(&format!("sql/examples/{}.sql", ex.name))).unwrap())
        .await
        .unwrap();
    db
}

fn apply_to(url: &str, ex: &Example, phase: Option<u32>) {
    let spec = root(&format!("specs/examples/{}", ex.name));
    let mut args = vec!["apply", spec.as_str(), "--database-url", url, "--yes", "--format", "json"];
    let p = phase.map(|p| p.to_string());
    if let Some(p) = &p {
        args.extend(["--to-phase", p.as_str()]);
    }
    let out = phaseshift(&args);
    assert!(out.status.success(), "{}: apply to phase {phase:?}: {}", ex.name, String::from_utf8_lossy(&out.stderr));
}

fn phases(url: &str, ex: &Example) -> Vec<String> {
    let spec = root(&format!("specs/examples/{}", ex.name));
    let out = phaseshift(&["plan", &spec, "--database-url", url, "--format", "json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v["migrations"][0]["phases"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap().to_string()).collect()
}

fn check_example(ex: &'static Example) {
    rt().block_on(async {
        // Every phase, with a writer on the old shape; the old queries answer the same.
        let db = setup(ex, "phases").await;
        let c = db.client().await;
        let before = answers(&c, ex).await;
        let kinds = phases(&db.url, ex);
        assert!(kinds.contains(&"backfill".to_string()), "{kinds:?}");
        let stop = Arc::new(AtomicBool::new(false));
        let w = tokio::spawn(writer(db.url.clone(), ex, stop.clone()));
        for (i, kind) in kinds.iter().enumerate() {
            if kind == "contract" {
                break;
            }
            let url = db.url.clone();
            let n = i as u32 + 1;
            tokio::task::spawn_blocking(move || apply_to(&url, ex, Some(n))).await.unwrap();
            assert_eq!(
                answers(&c, ex).await,
                before,
                "{}: the old queries answer differently after phase {n} ({kind})",
                ex.name
            );
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.store(true, Ordering::Relaxed);
        let (mine, errors) = w.await.unwrap();
        assert!(errors.is_empty(), "{}: the writer's statements failed: {errors:?}", ex.name);
        assert!(mine.len() > 5, "the writer wrote too little to prove anything");
        let seen: BTreeMap<String, String> =
            c.query(ex.readback, &[]).await.unwrap().iter().map(|r| (r.get(0), r.get(1))).collect();
        assert_eq!(seen, mine, "{}: the writer's rows through the compatibility view", ex.name);
        // Nothing the writer wrote is quarantined (its rows are all valid).
        let sync_errors: Vec<String> = c
            .query("SELECT target || ' ' || source_key || ': ' || reason FROM phaseshift.quarantine WHERE migration IS NULL", &[])
            .await
            .unwrap()
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert!(sync_errors.is_empty(), "{}: the sync trigger refused writes: {sync_errors:?}", ex.name);
        if !ex.invalid_rows {
            let quarantined: i64 = c.query_one("SELECT count(*) FROM phaseshift.quarantine", &[]).await.unwrap().get(0);
            assert_eq!(quarantined, 0, "{}: rows were quarantined", ex.name);
        }
        // Contract, then the new shape holds every row.
        let url = db.url.clone();
        tokio::task::spawn_blocking(move || apply_to(&url, ex, None)).await.unwrap();
        let out = phaseshift(&["verify", &root(&format!("specs/examples/{}", ex.name)), "--database-url", &db.url]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: verify: {}{}",
            ex.name,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        // The archive (replaced and retired tables) goes only when purged.
        let archived: i64 = c
            .query_one("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'phaseshift_archive'", &[])
            .await
            .unwrap()
            .get(0);
        let out = phaseshift(&["purge", "--database-url", &db.url]);
        if archived > 0 {
            assert_eq!(out.status.code(), Some(3), "purge without --yes and no terminal must stop for confirmation");
        }
        let out = phaseshift(&["purge", "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let left: i64 = c.query_one("SELECT count(*) FROM pg_namespace WHERE nspname = 'phaseshift_archive'", &[]).await.unwrap().get(0);
        assert_eq!(left, 0, "{}: the archive schema is still there after purge", ex.name);
        drop(c);

        // Rollback from every phase keeps every row the writer wrote.
        for p in 1..=kinds.len() as u32 {
            let db = setup(ex, &format!("rb{p}")).await;
            let start = db.schema().await;
            let stop = Arc::new(AtomicBool::new(false));
            let w = tokio::spawn(writer(db.url.clone(), ex, stop.clone()));
            let url = db.url.clone();
            tokio::task::spawn_blocking(move || apply_to(&url, ex, Some(p))).await.unwrap();
            tokio::time::sleep(Duration::from_millis(200)).await;
            // The new application writes the new shape directly once the switch is done.
            let mut new_rows = BTreeMap::new();
            if let (Some(sql), "switch") = (ex.new_insert, kinds[p as usize - 1].as_str()) {
                let c = db.client().await;
                for n in 1..=5i64 {
                    let id: String = c
                        .query_one(sql, &[&(100_000 + n)])
                        .await
                        .unwrap_or_else(|e| panic!("new app: {}", exec::pg_message(&e)))
                        .get(0);
                    new_rows.insert(id, format!("writer new {}", 100_000 + n));
                }
            }
            if kinds[p as usize - 1] == "contract" {
                stop.store(true, Ordering::Relaxed);
            }
            let out = phaseshift(&["rollback", "--database-url", &db.url, "--to-phase", "0", "--yes"]);
            assert!(
                out.status.success(),
                "{}: rollback from phase {p}: {}",
                ex.name,
                String::from_utf8_lossy(&out.stderr)
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
            stop.store(true, Ordering::Relaxed);
            let (mut mine, errors) = w.await.unwrap();
            mine.extend(new_rows);
            let c = db.client().await;
            let seen: BTreeMap<String, String> =
                c.query(ex.readback, &[]).await.unwrap().iter().map(|r| (r.get(0), r.get(1))).collect();
            if kinds[p as usize - 1] != "contract" {
                assert!(errors.is_empty(), "{}: writes failed around rollback from phase {p}: {errors:?}", ex.name);
            }
            assert_eq!(seen, mine, "{}: rows lost or changed by rollback from phase {p}", ex.name);
            assert_eq!(db.schema().await, start, "{}: rollback from phase {p} left the schema changed", ex.name);
        }
    });
}

const TENANCY: Example = Example {
    name: "multi_tenancy",
    queries: &[
        "SELECT count(*)::text || ':' || count(*) FILTER (WHERE archived)::text FROM projects WHERE id <= 2000",
        "SELECT string_agg(u.email || '=' || p.n, ',' ORDER BY u.id) FROM users u JOIN (SELECT owner_id, count(*) n FROM projects WHERE id <= 2000 GROUP BY owner_id) p ON p.owner_id = u.id WHERE u.id <= 20",
        "SELECT md5(string_agg(id || ':' || title, ',' ORDER BY id)) FROM projects WHERE id <= 2000",
    ],
    insert: "INSERT INTO projects (owner_id, title) VALUES (1 + ($1::bigint % 500), 'writer ' || $1::bigint) RETURNING id::text",
    update: "UPDATE projects SET title = 'writer edited ' || $2::bigint, archived = NOT archived WHERE id = $1::text::bigint",
    delete: "DELETE FROM projects WHERE id = $1::text::bigint",
    readback: "SELECT id::text, title FROM projects WHERE title LIKE 'writer%'",
    invalid_rows: false,
    new_insert: None,
};

const CLEANUP: Example = Example {
    name: "cleanup_consolidation",
    queries: &[
        "SELECT count(*)::text || ':' || sum(likes)::text FROM instagram_posts_scraped WHERE id <= 1500",
        "SELECT string_agg(id || '|' || handle || '|' || coalesce(caption, '-'), ',' ORDER BY id) FROM instagram_posts_imported WHERE id IN (1, 2, 600, 1200)",
        "SELECT md5(string_agg(id || ':' || caption || ':' || scraped_at, ',' ORDER BY id)) FROM instagram_posts_scraped WHERE id <= 1500",
    ],
    insert: "INSERT INTO instagram_posts_scraped (handle, caption) VALUES ('w' || ($1::bigint % 7), 'writer ' || $1::bigint) RETURNING id::text",
    update: "UPDATE instagram_posts_scraped SET caption = 'writer edited ' || $2::bigint, likes = likes + 1 WHERE id = $1::text::bigint",
    delete: "DELETE FROM instagram_posts_scraped WHERE id = $1::text::bigint",
    readback: "SELECT id::text, caption FROM instagram_posts_scraped WHERE caption LIKE 'writer%'",
    invalid_rows: false,
    new_insert: None,
};

const KV: Example = Example {
    name: "kv_to_relational",
    queries: &[
        "SELECT count(*)::text FROM kv_store WHERE coalesce(value->>'name', '') NOT LIKE 'writer%'",
        "SELECT md5(string_agg(key || '=' || value::text, ',' ORDER BY key)) FROM kv_store WHERE coalesce(value->>'name', '') NOT LIKE 'writer%'",
        "SELECT value->>'name' FROM kv_store WHERE key = 'client:' || md5('client1')::uuid",
    ],
    insert: "INSERT INTO kv_store (key, value) VALUES ('client:' || md5('writer' || $1::bigint)::uuid, \
             jsonb_build_object('id', md5('writer' || $1::bigint)::uuid, 'name', 'writer ' || $1::bigint, 'email', 'w' || $1::bigint || '@example.com', 'slug', 'writer-' || $1::bigint)) \
             RETURNING key",
    update: "UPDATE kv_store SET value = value || jsonb_build_object('name', 'writer edited ' || $2::bigint) WHERE key = $1",
    delete: "DELETE FROM kv_store WHERE key = $1",
    readback: "SELECT key, value->>'name' FROM kv_store WHERE value->>'name' LIKE 'writer%'",
    invalid_rows: true,
    new_insert: None,
};

#[test]
fn kv_to_relational_moves_online_and_back() {
    check_example(&KV);
    // The invalid records are in quarantine with their reasons, the rest in the tables.
    rt().block_on(async {
        let db = setup(&KV, "quarantine").await;
        let out = phaseshift(&["apply", &root("specs/examples/kv_to_relational"), "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let c = db.client().await;
        let reasons: Vec<(String, String)> = c
            .query("SELECT target, rule FROM phaseshift.quarantine ORDER BY target, source_key", &[])
            .await
            .unwrap()
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let count = |t: &str| reasons.iter().filter(|(tt, _)| tt == t).count();
        assert_eq!(count("public.clients"), 5, "{reasons:?}"); // 3 bad emails, 1 blank name, 1 bad id
        assert!(reasons.iter().any(|(t, r)| t == "public.clients" && r == "id: uuid"), "{reasons:?}");
        assert!(reasons.iter().any(|(t, r)| t == "public.clients" && r == "name: required"), "{reasons:?}");
        assert!(reasons.iter().any(|(t, r)| t == "public.catalogs" && r == "slug: slug"), "{reasons:?}");
        assert!(
            reasons.iter().any(|(t, r)| t == "public.catalogs" && r == "refused"),
            "orphans refused by the foreign key: {reasons:?}"
        );
        assert!(
            reasons.iter().any(|(t, r)| t == "public.orders" && r == "refused"),
            "quantity 0 refused by the check: {reasons:?}"
        );
        let clients: i64 = c.query_one("SELECT count(*) FROM clients", &[]).await.unwrap().get(0);
        assert_eq!(clients, 56);
        let email: String = c.query_one("SELECT email FROM clients WHERE name = 'Client 1'", &[]).await.unwrap().get(0);
        assert_eq!(email, "client1@example.com", "sanitized (trimmed) and lowered");
    });
}

#[test]
fn cleanup_consolidation_moves_online_and_back() {
    check_example(&CLEANUP);
}

#[test]
fn multi_tenancy_moves_online_and_back() {
    check_example(&TENANCY);
}

#[test]
fn posts_normalization_moves_online_and_back() {
    check_example(&POSTS);
}

#[test]
fn a_backfill_killed_midway_resumes_without_loss_or_duplicates() {
    rt().block_on(async {
        let db = setup(&POSTS, "kill").await;
        let spec = root("specs/examples/posts_normalization");
        // Run the expand and sync phases, then a slow backfill, and kill it midway.
        crate::safety::kill_backfill_midway(&db, &spec).await;
        let c = db.client().await;
        let saved: i64 = c
            .query_one("SELECT coalesce(max(rows_done), 0) FROM phaseshift.backfill_progress", &[])
            .await
            .unwrap()
            .get(0);
        assert!(saved > 0, "no checkpoint saved before the kill");
        let out = phaseshift(&["apply", &spec, "--database-url", &db.url, "--yes"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for t in ["posts_core", "posts_content", "post_insights"] {
            let n: i64 = c.query_one(&format!("SELECT count(*) FROM {t}"), &[]).await.unwrap().get(0);
            assert_eq!(n, 3000, "{t}");
        }
    });
}
