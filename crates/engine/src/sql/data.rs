//! SQL for moving data: mapped values, rules, keyset batches, sync triggers, checks and
//! compatibility views.

use super::render::{guarded, regclass};
use super::Statement;
use super::{dollar, ident, idents, literal, qual};
use crate::model::{Backfill, Compat, Mapping, QualName, RuleKind, ARCHIVE_SCHEMA};

/// Schema of phaseshift's own functions (sync triggers, compatibility views).
pub(super) const FN_SCHEMA: &str = "phaseshift";

/// The transaction-local setting that marks writes made by phaseshift's own triggers, so
/// that forward and reverse sync do not send a write back and forth.
const SYNCING: &str = "'phaseshift.syncing'";

/// The transaction-local setting that tells fill triggers to stand aside: set by backfill
/// batches in place (which write the new values themselves) and by the restore of originals.
const FILLING: &str = "'phaseshift.filling'";

/// Statement that marks a transaction as a backfill batch in place (see [`FILLING`]).
pub fn filling_on() -> String {
    format!("SELECT set_config({FILLING}, 'on', true)")
}

/// `to_regclass('q') IS NOT NULL`: the guard of statements that touch `q` only while it is
/// there (an undo run twice, a script undoing a phase that never ran).
fn exists(q: &QualName) -> String {
    format!("{} IS NOT NULL", regclass(q))
}

/// Drops a trigger of `table`, if the table is still there.
pub(super) fn drop_trigger(table: &QualName, trigger: &str) -> Statement {
    guarded(&exists(table), &format!("DROP TRIGGER IF EXISTS {} ON {}", ident(trigger), qual(table)))
}

/// Whether `q` is a view (and not, say, the old table back under its name).
fn is_view(q: &QualName) -> String {
    format!("(SELECT relkind FROM pg_catalog.pg_class WHERE oid = {}) = 'v'", regclass(q))
}

pub(super) fn short_id(text: &str) -> String {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in text.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    format!("{:08x}", h as u32)
}

fn sync_names(source: &QualName) -> (QualName, QualName, String, String) {
    let id = short_id(&source.to_string());
    (
        QualName::new(FN_SCHEMA, format!("sync_{id}")),
        QualName::new(FN_SCHEMA, format!("fill_{id}")),
        format!("phaseshift_sync_{id}"),
        format!("phaseshift_fill_{id}"),
    )
}

fn compat_names(c: &Compat) -> (QualName, String) {
    (QualName::new(FN_SCHEMA, format!("compat_{}", short_id(&c.view.to_string()))), "phaseshift_compat".to_string())
}

/// Where a backfill in place keeps the original values of a column it rewrites from
/// itself: the row's key, the original, and what was written for it (both as text).
pub fn originals_table(b: &Backfill, m: &Mapping) -> QualName {
    QualName::new(FN_SCHEMA, format!("orig_{}", short_id(&format!("{}.{}", b.target, m.column))))
}

fn create_originals(b: &Backfill) -> Vec<Statement> {
    b.mappings
        .iter()
        .filter(|m| m.keep_original)
        .map(|m| {
            Statement::tx(format!(
                "CREATE TABLE IF NOT EXISTS {} (key text[] PRIMARY KEY, original text, written text)",
                qual(&originals_table(b, m))
            ))
        })
        .collect()
}

/// Puts the kept originals back (the fill trigger told to stand aside), then empties the
/// table of originals, or drops it.
pub fn restore_originals(b: &Backfill, drop: bool) -> Vec<Statement> {
    b.mappings
        .iter()
        .filter(|m| m.keep_original)
        .flat_map(|m| {
            let o = originals_table(b, m);
            [
                guarded(
                    &format!("{} AND {}", exists(&o), exists(&b.target)),
                    &format!(
                        "PERFORM set_config({FILLING}, 'on', true);\n    UPDATE {t} AS s SET {c} = o.original::{ty} FROM {o} AS o WHERE o.key = {kt} AND s.{c}::text IS DISTINCT FROM o.original;\n    PERFORM set_config({FILLING}, '', true)",
                        t = qual(&b.target),
                        o = qual(&o),
                        c = ident(&m.column),
                        ty = m.target_type,
                        kt = key_text(b, "s"),
                    ),
                ),
                guarded(
                    &exists(&o),
                    &if drop { format!("DROP TABLE {}", qual(&o)) } else { format!("DELETE FROM {}", qual(&o)) },
                ),
            ]
        })
        .collect()
}

/// The value rules check: the expression without its outer cast, cleaned up, as text.
pub fn checked_value(m: &Mapping) -> String {
    let mut v = format!("({})::text", m.raw);
    for s in &m.sanitize {
        v = match s.as_str() {
            "strip_nul" => format!("replace({v}, {}, '')", literal("\\u0000")),
            "trim" => format!("btrim({v})"),
            "lower" => format!("lower({v})"),
            "empty_to_null" => format!("nullif({v}, '')"),
            _ => v,
        };
    }
    v
}

/// The value stored in the target column.
pub fn mapped(m: &Mapping) -> String {
    if m.sanitize.is_empty() {
        m.expr.clone()
    } else {
        format!("CAST({} AS {})", checked_value(m), m.cast.as_deref().unwrap_or(&m.target_type))
    }
}

fn rule_sql(m: &Mapping, r: &RuleKind) -> String {
    let v = checked_value(m);
    match r {
        RuleKind::Required => format!("({v} IS NOT NULL AND btrim({v}) <> '')"),
        RuleKind::Uuid => {
            format!("coalesce({v} ~* '^[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$', true)")
        }
        RuleKind::Email => format!("coalesce({v} ~* '^[^@[:space:]]+@[^@[:space:]]+\\.[^@[:space:]]+$', true)"),
        RuleKind::Slug => format!("coalesce({v} ~ '^[a-z0-9]+(-[a-z0-9]+)*$', true)"),
        RuleKind::Matches(p) => format!("coalesce({v} ~ {}, true)", literal(p)),
    }
}

fn rule_name(r: &RuleKind) -> String {
    match r {
        RuleKind::Required => "required".into(),
        RuleKind::Uuid => "uuid".into(),
        RuleKind::Email => "email".into(),
        RuleKind::Slug => "slug".into(),
        RuleKind::Matches(p) => format!("matches {p}"),
    }
}

/// True when every rule of the backfill holds for the current row.
pub fn all_rules(b: &Backfill) -> String {
    let conds: Vec<String> = b.mappings.iter().flat_map(|m| m.rules.iter().map(move |r| rule_sql(m, r))).collect();
    if conds.is_empty() {
        "true".into()
    } else {
        conds.join(" AND ")
    }
}

/// `column: rule` for each rule that fails on the current row, comma-separated.
fn failed_rules(b: &Backfill) -> String {
    let parts: Vec<String> = b
        .mappings
        .iter()
        .flat_map(|m| {
            m.rules.iter().map(move |r| {
                format!(
                    "CASE WHEN NOT {} THEN {} END",
                    rule_sql(m, r),
                    literal(&format!("{}: {}", m.column, rule_name(r)))
                )
            })
        })
        .collect();
    if parts.is_empty() {
        "''".into()
    } else {
        format!("concat_ws(', ', {})", parts.join(", "))
    }
}

/// The offending values of the failed rules.
fn failed_values(b: &Backfill) -> String {
    let parts: Vec<String> = b
        .mappings
        .iter()
        .filter(|m| !m.rules.is_empty())
        .map(|m| {
            let all: Vec<String> = m.rules.iter().map(|r| rule_sql(m, r)).collect();
            format!(
                "CASE WHEN NOT ({}) THEN {} || '=' || coalesce({}, 'NULL') END",
                all.join(" AND "),
                literal(&m.column),
                checked_value(m)
            )
        })
        .collect();
    if parts.is_empty() {
        "NULL".into()
    } else {
        format!("concat_ws(', ', {})", parts.join(", "))
    }
}

fn filter(b: &Backfill) -> String {
    b.filter.as_deref().map_or_else(|| "true".into(), |f| format!("({f})"))
}

fn key_cols(b: &Backfill, alias: &str) -> String {
    b.key.iter().map(|(k, _)| format!("{alias}.{}", ident(k))).collect::<Vec<_>>().join(", ")
}

fn key_text(b: &Backfill, alias: &str) -> String {
    format!(
        "ARRAY[{}]",
        b.key.iter().map(|(k, _)| format!("{alias}.{}::text", ident(k))).collect::<Vec<_>>().join(", ")
    )
}

/// `(s.k1, s.k2) > ($1[1]::t1, $1[2]::t2)` for `op` `>` and `param` `$1`.
fn key_bound(b: &Backfill, op: &str, param: &str) -> String {
    let typed: Vec<String> =
        b.key.iter().enumerate().map(|(i, (_, t))| format!("({param}::text[])[{}]::{t}", i + 1)).collect();
    format!("({}) {op} ({})", key_cols(b, "s"), typed.join(", "))
}

/// The partitioning of a backfill's target, when it is partitioned: its key as
/// `pg_get_partkeydef` writes it (`RANGE (recorded_at)`), whether it has a default partition
/// of its own (then every row fits), and each leaf partition's constraint, as the server
/// derives it from the bounds.
pub fn target_partitioning(b: &Backfill) -> String {
    let t = regclass(&b.target);
    format!(
        "SELECT pg_catalog.pg_get_partkeydef({t}), \
         EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i JOIN pg_catalog.pg_class c ON c.oid = i.inhrelid \
                 WHERE i.inhparent = {t} AND c.relkind = 'r' AND pg_catalog.pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT'), \
         ARRAY(SELECT pg_catalog.pg_get_partition_constraintdef(p.relid) FROM pg_catalog.pg_partition_tree({t}) p \
               WHERE p.isleaf AND p.relid <> {t}) \
         FROM pg_catalog.pg_class WHERE oid = {t} AND relkind = 'p'"
    )
}

/// The source rows whose target row no partition takes (`leaves`: the leaf partitions'
/// constraints over the target's columns): their count, and the lowest and highest value of
/// the partition key when it is one expression (`key`).
pub fn unfit_rows(b: &Backfill, leaves: &[String], key: Option<&str>) -> String {
    let cols: Vec<String> = b.mappings.iter().map(|m| format!("{} AS {}", mapped(m), ident(&m.column))).collect();
    let fits = if leaves.is_empty() {
        "false".to_string()
    } else {
        leaves.iter().map(|c| format!("({c})")).collect::<Vec<_>>().join(" OR ")
    };
    let (low, high) = key.map_or(("NULL::text".to_string(), "NULL::text".to_string()), |k| {
        (format!("min({k})::text"), format!("max({k})::text"))
    });
    format!(
        "SELECT count(*), {low}, {high} FROM (SELECT {cols} FROM {src} AS s WHERE {flt}) AS r WHERE NOT coalesce({fits}, false)",
        cols = cols.join(", "),
        src = qual(&b.source),
        flt = filter(b),
    )
}

/// The columns of an in-place backfill's table, in order.
pub fn fill_columns(b: &Backfill) -> String {
    format!(
        "SELECT a.attname::text FROM pg_catalog.pg_attribute a \
         WHERE a.attrelid = {} AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
        regclass(&b.target)
    )
}

/// The checks, unique and primary keys, foreign keys (validated or not) and unique indexes
/// on plain columns (a unique constraint before it takes its index) of an in-place
/// backfill's table: name, kind (`c`, `u`, `p`, `f`), the check's expression, the columns,
/// and for a foreign key the referenced table and columns.
pub fn fill_constraints(b: &Backfill) -> String {
    let t = regclass(&b.target);
    // The names of attribute numbers `keys` of relation `rel`, in the order of `keys`.
    let names = |keys: &str, rel: &str| {
        format!(
            "ARRAY(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY AS k(n, i) \
             JOIN pg_catalog.pg_attribute a ON a.attrelid = {rel} AND a.attnum = k.n ORDER BY k.i)"
        )
    };
    format!(
        "SELECT c.conname::text, c.contype::text, \
                CASE WHEN c.contype = 'c' THEN pg_catalog.pg_get_expr(c.conbin, c.conrelid) END, \
                {}, c.confrelid::regclass::text, {} \
         FROM pg_catalog.pg_constraint c WHERE c.conrelid = {t} AND c.contype IN ('c', 'u', 'p', 'f') \
         UNION ALL \
         SELECT x.indexrelid::regclass::text, 'u', NULL, {}, NULL, '{{}}'::text[] \
         FROM pg_catalog.pg_index x WHERE x.indrelid = {t} AND x.indisunique AND x.indpred IS NULL \
           AND x.indexprs IS NULL AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c WHERE c.conindid = x.indexrelid) \
         ORDER BY 1",
        names("c.conkey", "c.conrelid"),
        names("c.confkey", "c.confrelid"),
        names("x.indkey::int2[]", "x.indrelid"),
    )
}

/// What a constraint asks of the rows an in-place backfill gives its table.
pub enum FillRule<'a> {
    Check(&'a str),
    Unique(&'a [String]),
    References { table: &'a str, columns: &'a [String], referenced: &'a [String] },
}

/// The rows of an in-place backfill's table that would break `rule` once filled (each row
/// as the batches would leave it: `columns` of the table, the filled ones computed, a value
/// already set kept where the batches keep it): their count, and the key of the first in
/// key order.
pub fn fill_breaks(b: &Backfill, columns: &[String], rule: &FillRule) -> String {
    let projected: Vec<String> = columns
        .iter()
        .map(|c| match b.mappings.iter().find(|m| &m.column == c) {
            Some(m) if m.reverse.is_some() || m.volatile => {
                format!("CASE WHEN s.{c} IS NULL THEN {} ELSE s.{c} END AS {c}", mapped(m), c = ident(c))
            }
            Some(m) => format!("{} AS {}", mapped(m), ident(c)),
            None => format!("s.{}", ident(c)),
        })
        .collect();
    let key = format!("array_to_string({}, ',')", key_text(b, "s"));
    let rows = format!(
        "SELECT {key} AS ps_key, ROW({}) AS ps_order, {} FROM {} AS s WHERE {}",
        key_cols(b, "s"),
        projected.join(", "),
        qual(&b.source),
        filter(b)
    );
    let cols = |list: &[String], alias: &str| list.iter().map(|c| format!("{alias}.{}", ident(c))).collect::<Vec<_>>();
    let broken = match rule {
        FillRule::Check(expr) => {
            format!("SELECT ps_key, ps_order FROM ({rows}) AS r WHERE NOT coalesce(({expr}), true)")
        }
        FillRule::Unique(list) => {
            let c = cols(list, "r");
            format!(
                "SELECT ps_key, ps_order FROM (SELECT ps_key, ps_order, count(*) OVER (PARTITION BY {}) AS ps_n \
                 FROM ({rows}) AS r WHERE {}) AS d WHERE ps_n > 1",
                c.join(", "),
                c.iter().map(|x| format!("{x} IS NOT NULL")).collect::<Vec<_>>().join(" AND ")
            )
        }
        FillRule::References { table, columns, referenced } => {
            let c = cols(columns, "r");
            let on: Vec<String> = c.iter().zip(cols(referenced, "p")).map(|(l, r)| format!("{r} = {l}")).collect();
            format!(
                "SELECT ps_key, ps_order FROM ({rows}) AS r WHERE {} AND NOT EXISTS (SELECT 1 FROM {table} AS p WHERE {})",
                c.iter().map(|x| format!("{x} IS NOT NULL")).collect::<Vec<_>>().join(" AND "),
                on.join(" AND ")
            )
        }
    };
    format!("SELECT count(*), (array_agg(ps_key ORDER BY ps_order))[1] FROM ({broken}) AS x")
}

/// The whole source locked against writes for one batch, or at once an error when some
/// session writes it (`NOWAIT`: a writer never queues behind it).
pub fn source_lock(b: &Backfill) -> String {
    format!("{} NOWAIT", super::render::lock_table(&b.source, crate::plan::lock::LockMode::Share))
}

/// How a parallel backfill worker's session names itself, so that the other workers do
/// not take it for the application at work (see [`others_at_work`]).
pub const WORKER_SESSION: &str = "SET application_name = 'phaseshift backfill worker'";

/// Whether another client session of this database is running a statement or holds a
/// transaction open: the application at work, which a backfill makes room for.
pub fn others_at_work() -> &'static str {
    "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_stat_activity WHERE datname = current_database() \
     AND pid <> pg_backend_pid() AND backend_type = 'client backend' \
     AND application_name <> 'phaseshift backfill worker' \
     AND state IN ('active', 'idle in transaction'))"
}

/// Sessions of this database waiting for a lock on a backfill's source or target table (a
/// migration of someone else's, a `LOCK`, an `ALTER TABLE` queued behind the application):
/// how many, and what the first one wants. Whoever queues behind such a waiter waits for
/// it too, so the backfill holds back until the waiters have their locks.
pub fn lock_waiters(b: &Backfill) -> String {
    format!(
        "SELECT count(*), min(l.mode || ' on ' || l.relation::regclass::text || ' (pid ' || l.pid || ')') \
         FROM pg_catalog.pg_locks l \
         WHERE NOT l.granted AND l.locktype = 'relation' AND l.pid <> pg_backend_pid() \
         AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database()) \
         AND l.relation IN ({}, {})",
        regclass(&b.source),
        regclass(&b.target)
    )
}

/// How far the furthest streaming replica is behind in replay, in bytes of WAL, and which
/// one (its application_name and address); no lag when there is no replica.
pub fn replica_lag() -> &'static str {
    "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, \
     application_name || ' (' || coalesce(client_addr::text, 'local') || ')' \
     FROM pg_catalog.pg_stat_replication ORDER BY 1 DESC NULLS LAST LIMIT 1"
}

/// Keys that cut the source's rows after $1 (text[], NULL to start) up to $2 (text[]) into
/// $3 (bigint) ranges of about the same number of rows, in key order (text[] each; fewer
/// when there are fewer rows): where parallel workers' ranges meet.
pub fn split_keys(b: &Backfill) -> String {
    format!(
        "SELECT k FROM (SELECT {kt} AS k, row_number() OVER (ORDER BY {kc}) AS n, count(*) OVER () AS c \
         FROM {src} AS s WHERE {flt} AND ($1::text[] IS NULL OR {after}) AND {upper}) AS r \
         WHERE n < c AND n % greatest(c / $3, 1) = 0 AND n / greatest(c / $3, 1) < $3 ORDER BY n",
        kt = key_text(b, "s"),
        kc = key_cols(b, "s"),
        src = qual(&b.source),
        flt = filter(b),
        after = key_bound(b, ">", "$1"),
        upper = key_bound(b, "<=", "$2"),
    )
}

/// The last key of the source when the backfill starts (text[]; no row when it is empty):
/// the backfill stops there. Every row written after the sync phase, whatever its key,
/// reaches the target through the sync trigger, and the sync phase waited for every write
/// before it (its trigger takes SHARE ROW EXCLUSIVE), so the rows only a backfill can copy
/// all have keys up to this one; copying further would chase the application's inserts.
pub fn upper_key(b: &Backfill) -> String {
    // NULL keys left out by a condition the index can take, rather than NULLS LAST, which
    // an ascending index cannot give backwards (the whole table would be sorted).
    format!(
        "SELECT {} FROM {} AS s WHERE {} ORDER BY {} LIMIT 1",
        key_text(b, "s"),
        qual(&b.source),
        b.key.iter().map(|(k, _)| format!("s.{} IS NOT NULL", ident(k))).collect::<Vec<_>>().join(" AND "),
        b.key.iter().map(|(k, _)| format!("s.{} DESC", ident(k))).collect::<Vec<_>>().join(", ")
    )
}

fn upsert_tail(b: &Backfill) -> String {
    let updates: Vec<String> = b
        .mappings
        .iter()
        .filter(|m| !b.conflict.contains(&m.column))
        .map(|m| format!("{c} = EXCLUDED.{c}", c = ident(&m.column)))
        .collect();
    if updates.is_empty() {
        format!("ON CONFLICT ({}) DO NOTHING", idents(&b.conflict))
    } else {
        format!("ON CONFLICT ({}) DO UPDATE SET {}", idents(&b.conflict), updates.join(", "))
    }
}

/// The lock a batch takes on its source table for its (short) duration: writers wait for
/// the batch instead of racing it, so a copied row is never older than what the sync
/// trigger wrote, and no row deleted meanwhile is copied back.
/// One keyset batch. Parameters: $1
/// text[] (the last key done, NULL to start), $2 bigint (rows at most), $3 text[] (the
/// last key to copy: see [`upper_key`]), $4 text (migration), $5 boolean (quarantine
/// invalid rows). One row back: last_key text[],
/// selected, written, rejected, rejected_sample (JSON text). With `upsert` false the rows
/// are inserted plainly (fast), and a key already in the target fails the statement: the
/// caller runs the batch again with `upsert`.
///
/// No table lock: the batch's range is the next `$2` keys (read first), and only the
/// rows in that range are locked (`FOR SHARE`; `FOR NO KEY UPDATE` when the batch updates
/// them in place) before they are read and written. A write of the application to one of
/// them waits for the batch and then reaches the target through the sync trigger, after
/// the batch's copy; a write that came first is what the batch reads (PostgreSQL reads
/// the newest version of a row it locks); a row moved out of the range or deleted
/// meanwhile is left to the trigger; rows inserted meanwhile were never read. The next
/// batch starts after the range's last key as it was read, whatever happened to that row.
///
/// With `row_locks` false the batch locks no row: for when the caller holds
/// [`source_lock`] instead (no other session at work, so nobody waits, and no row's lock is
/// written to the WAL).
///
/// `after` false gives the first batch (`$1` must be NULL), true every later one: two
/// statements, so that a prepared statement's generic plan stays an index range scan on
/// the key instead of the scan of the whole table that `$1 IS NULL OR key > $1` gets.
pub fn batch(b: &Backfill, upsert: bool, after: bool, row_locks: bool) -> String {
    let (has_rules, ok, mut values) = mapped_values(b);
    let kept = kept_originals(b, has_rules, &mut values);
    let BatchKeys { typed: keys_typed, out: key_out, text: last_key } = batch_keys(b);
    let checks = if has_rules {
        format!(", {ok} AS ps_ok, {} AS ps_rules, {} AS ps_values", failed_rules(b), failed_values(b))
    } else {
        String::new()
    };
    let (rejected, rej_count, rej_sample) = rejections(b, has_rules, &last_key, "$4", "$5", true);
    format!(
        "WITH keys AS (\n  SELECT {keys}\n  FROM {src} AS s\n  WHERE {flt} AND {bound} AND {upper}\n  ORDER BY {kc}\n  LIMIT $2\n), hi AS (\n  {hi}\n), batch AS (\n  SELECT {keys}{checks}, {values}\n  FROM {src} AS s\n  WHERE {flt} AND {bound} AND ({kc}) <= (SELECT {key_out} FROM hi)\n  ORDER BY {kc}{lock}\n), written AS (\n  {write}\n){rejected}{kept}\nSELECT (SELECT {last_key} FROM hi) AS last_key,\n       (SELECT count(*) FROM keys) AS selected,\n       (SELECT count(*) FROM written) AS written,\n       {rej_count} AS rejected,\n       {rej_sample} AS rejected_sample",
        keys = keys_typed.join(", "),
        values = values.join(", "),
        src = qual(&b.source),
        flt = filter(b),
        bound = if after { key_bound(b, ">", "$1") } else { "$1::text[] IS NULL".to_string() },
        upper = key_bound(b, "<=", "$3"),
        kc = key_cols(b, "s"),
        key_out = key_out.join(", "),
        lock = match (row_locks, b.in_place()) {
            (false, _) => "",
            (true, true) => "\n  FOR NO KEY UPDATE OF s",
            (true, false) => "\n  FOR SHARE OF s",
        },
        write = batch_write(b, upsert, has_rules),
        hi = if b.key.len() == 1 && has_max(&b.key[0].1) {
            // One key column: its maximum, without sorting the keys again.
            "SELECT max(ps_k0) AS ps_k0 FROM keys HAVING count(*) > 0".to_string()
        } else {
            format!("SELECT {} FROM keys ORDER BY {} DESC LIMIT 1", key_out.join(", "), key_out.join(" DESC, "))
        },
    )
}

/// The originals of columns rewritten from themselves, kept with what is written: their
/// values join the batch's (`values`), and one statement each stores them.
fn kept_originals(b: &Backfill, has_rules: bool, values: &mut Vec<String>) -> String {
    let mut kept = String::new();
    for (i, m) in b.mappings.iter().enumerate().filter(|(_, m)| m.keep_original && b.in_place()) {
        values.push(format!("s.{}::text AS ps_o{i}", ident(&m.column)));
        kept.push_str(&format!(
            ", kept_{i} AS (\n  INSERT INTO {o} AS o (key, original, written)\n  SELECT ARRAY[{keys}], ps_o{i}, ps_c{i}::text FROM batch {w}\n  ON CONFLICT (key) DO UPDATE SET written = EXCLUDED.written\n)",
            o = qual(&originals_table(b, m)),
            keys = (0..b.key.len()).map(|k| format!("ps_k{k}::text")).collect::<Vec<_>>().join(", "),
            w = if has_rules { "WHERE ps_ok" } else { "" },
        ));
    }
    kept
}

/// How a batch's accepted rows are written: an UPDATE by key for a column rewritten in
/// place, an INSERT (an upsert when `upsert`) otherwise.
fn batch_write(b: &Backfill, upsert: bool, has_rules: bool) -> String {
    let cols: Vec<String> = b.mappings.iter().map(|m| ident(&m.column)).collect();
    if b.in_place() {
        // A column changed online that the new application (or the trigger) has set
        // already keeps its value, as does a value that differs each time it is computed
        // (a row's new uuid is given once).
        let sets: Vec<String> = cols
            .iter()
            .zip(&b.mappings)
            .enumerate()
            .map(|(i, (c, m))| {
                if m.reverse.is_some() || m.volatile {
                    format!("{c} = CASE WHEN t.{c} IS NULL THEN b.ps_c{i} ELSE t.{c} END")
                } else {
                    format!("{c} = b.ps_c{i}")
                }
            })
            .collect();
        let on: Vec<String> =
            b.key.iter().enumerate().map(|(i, (k, _))| format!("t.{} = b.ps_k{i}", ident(k))).collect();
        return format!(
            "UPDATE {} AS t SET {} FROM batch AS b WHERE {}{} RETURNING 1",
            qual(&b.target),
            sets.join(", "),
            if has_rules { "b.ps_ok AND " } else { "" },
            on.join(" AND ")
        );
    }
    let vals_out: Vec<String> = (0..b.mappings.len()).map(|i| format!("ps_c{i}")).collect();
    format!(
        "INSERT INTO {} AS t ({}) SELECT {} FROM batch {} {} RETURNING 1",
        qual(&b.target),
        cols.join(", "),
        vals_out.join(", "),
        if has_rules { "WHERE ps_ok" } else { "" },
        if upsert { upsert_tail(b) } else { String::new() }
    )
}

/// Rows that break a rule: the statement that quarantines them (when `quarantine`, SQL of
/// a boolean) for `migration` (SQL of a text), their count and a sample of ten, as SQL.
fn rejections(
    b: &Backfill,
    has_rules: bool,
    last_key: &str,
    migration: &str,
    quarantine: &str,
    dedupe: bool,
) -> (String, String, String) {
    if !has_rules {
        return (String::new(), "0::bigint".to_string(), "NULL::text".to_string());
    }
    let insert = format!(
        ", rejected AS (\n  INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n  SELECT {migration}, {tgt}, array_to_string({last_key}, ','), ps_rules, ps_values, 'fails ' || ps_rules\n  FROM batch WHERE NOT ps_ok AND {quarantine}{dedupe}\n  RETURNING 1\n)",
        tgt = literal(&b.target.to_string()),
        dedupe = if dedupe {
            format!("\n    AND NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = {} AND q.source_key = array_to_string({last_key}, ','))", literal(&b.target.to_string()))
        } else {
            String::new()
        },
    );
    let count = "(SELECT count(*) FROM batch WHERE NOT ps_ok)".to_string();
    let sample = format!(
        "(SELECT json_agg(json_build_object('key', array_to_string({last_key}, ','), 'rules', ps_rules, 'values', ps_values)) FROM (SELECT * FROM batch WHERE NOT ps_ok LIMIT 10) x)::text"
    );
    (insert, count, sample)
}

/// The key of the first source row after $1 (text[], NULL to start): how a row whose
/// write fails on its own is stepped over.
pub fn next_key(b: &Backfill) -> String {
    format!(
        "SELECT {} FROM {} AS s WHERE {} AND ($1::text[] IS NULL OR {}) ORDER BY {} LIMIT 1",
        key_text(b, "s"),
        qual(&b.source),
        filter(b),
        key_bound(b, ">", "$1"),
        key_cols(b, "s")
    )
}

/// Where the sync trigger of a backfill whose sync can wait ([`deferred`]) notes the keys
/// of the source rows the application writes, instead of writing them into the target,
/// while the executor's batches copy: one narrow insert per write instead of an upsert
/// into the new table (an index probe, a wide row, its index entry) and a subtransaction.
/// The executor carries the noted rows over between batches ([`apply_log`]) and, under a
/// brief lock at the end, the last of them before dropping the log ([`stop_log`]): from
/// then on the trigger writes the target itself. Only the executor creates it; a script
/// syncs directly throughout.
pub fn sync_log(b: &Backfill) -> QualName {
    QualName::new(FN_SCHEMA, format!("synclog_{}", b.id()))
}

/// For each of the target's key columns (`conflict`), the index of the source key column it
/// is copied from as it is, when each is one (and no filter applies).
fn conflict_from_key(b: &Backfill) -> Option<Vec<(String, usize)>> {
    if b.filter.is_some() {
        return None;
    }
    b.conflict
        .iter()
        .map(|c| {
            let expr = mapped(b.mappings.iter().find(|m| &m.column == c)?);
            let i = b.key.iter().position(|(k, _)| expr.trim() == k || expr.trim() == ident(k))?;
            Some((c.clone(), i))
        })
        .collect()
}

/// [`conflict_from_key`] when the target's key is the source's whole key, each column
/// once: then a source key alone tells which target row to write or remove.
fn key_pairs(b: &Backfill) -> Option<Vec<(String, usize)>> {
    let pairs = conflict_from_key(b)?;
    let mut used: Vec<usize> = pairs.iter().map(|(_, i)| *i).collect();
    used.sort_unstable();
    used.dedup();
    (used.len() == b.key.len() && pairs.len() == b.key.len()).then_some(pairs)
}

/// Whether the sync of a backfill into a new table can wait for the executor while it
/// copies: the target is this source's alone, and its key is the source's key as it is.
pub fn deferred(b: &Backfill) -> bool {
    !b.in_place() && b.sole_source && key_pairs(b).is_some()
}

/// Creates a backfill's sync log (the source's key columns, no rows), if missing, and opens
/// it again if a run that stopped midway had begun to end it (see [`log_ending`]).
pub fn create_log(b: &Backfill) -> String {
    format!(
        "CREATE TABLE IF NOT EXISTS {} AS SELECT {} FROM {} AS s WITH NO DATA;\nDROP TABLE IF EXISTS {}",
        qual(&sync_log(b)),
        b.key.iter().map(|(k, _)| format!("s.{}", ident(k))).collect::<Vec<_>>().join(", "),
        qual(&b.source),
        qual(&log_ending(b)),
    )
}

/// The table whose presence tells the sync trigger that its log is ending: writes made
/// after it appears go to the target directly, and are not noted.
pub fn log_ending(b: &Backfill) -> QualName {
    QualName::new(FN_SCHEMA, format!("synclog_{}_end", b.id()))
}

/// Says the log is ending (see [`log_ending`]).
pub fn end_log(b: &Backfill) -> String {
    format!("CREATE TABLE IF NOT EXISTS {} ()", qual(&log_ending(b)))
}

/// Drops a backfill's sync log and its end marker (at its end, or in a rollback, where the
/// target is emptied with it).
pub fn drop_log(b: &Backfill) -> String {
    format!("DROP TABLE IF EXISTS {}, {}", qual(&sync_log(b)), qual(&log_ending(b)))
}

/// Whether the sync log is there (the trigger notes keys rather than writing the target).
pub fn log_exists(b: &Backfill) -> String {
    format!("SELECT {}", exists(&sync_log(b)))
}

/// Waits for the writers that noted keys and have not committed, and keeps any other from
/// noting one (the last look at the log before it is dropped).
pub fn lock_log(b: &Backfill) -> String {
    super::render::lock_table(&sync_log(b), crate::plan::lock::LockMode::Share)
}

/// Waits for the transactions that wrote the target and have not committed (the sync
/// trigger's direct writes from before the log).
pub fn wait_for_target_writers(b: &Backfill) -> String {
    super::render::lock_table(&b.target, crate::plan::lock::LockMode::Share)
}

/// Whether a foreign key of another table refers to the backfill's target: then its sync
/// does not wait (a row of the application written into a child table must find its
/// parent row there already).
pub fn target_referenced(b: &Backfill) -> String {
    format!(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint WHERE contype = 'f' AND confrelid = {t} AND conrelid <> {t})",
        t = regclass(&b.target)
    )
}

/// The trigger's notes of the source row written (`row`: `NEW` or `OLD`), as plpgsql.
fn log_row(b: &Backfill, row: &str) -> String {
    format!(
        "INSERT INTO {} ({}) VALUES ({})",
        qual(&sync_log(b)),
        idents(&b.key.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>()),
        b.key.iter().map(|(k, _)| format!("{row}.{}", ident(k))).collect::<Vec<_>>().join(", ")
    )
}

/// The plpgsql that notes a write in the sync log: the new row's key, and the old row's
/// when it is deleted or its key changed.
fn log_write(b: &Backfill, indent: &str) -> String {
    let moved = moved_key(b).unwrap_or_else(|| "true".into());
    format!(
        "{indent}IF TG_OP <> 'DELETE' THEN\n{indent}  {};\n{indent}END IF;\n{indent}IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND {moved}) THEN\n{indent}  {};\n{indent}END IF;\n",
        log_row(b, "NEW"),
        log_row(b, "OLD"),
    )
}

/// Which notes a carry takes ([`apply_log`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    /// Every note it sees.
    All,
    /// The first `$1` (bigint) notes: carries that a busy writer fails less often.
    First,
    /// Those of key `$1` (text[]): how a row PostgreSQL refuses is found.
    Key,
}

/// Carries the rows noted in the sync log over to the target, and takes their notes out:
/// each noted key's source row as it is now (locked `FOR SHARE` while it is copied, as a
/// batch's rows are) is written to the target, or quarantined when it breaks a rule (its
/// target row, if any, goes: a row that is no longer valid leaves the new shape, as the
/// trigger would have it); a noted key without a source row has its target row removed.
/// A note the statement does not see (its write not yet committed) stays for the next.
/// One row back: taken, written, removed, rejected, rejected_sample (JSON text).
pub fn apply_log(b: &Backfill, notes: Notes) -> String {
    let pairs = key_pairs(b).unwrap_or_default();
    let (has_rules, ok, values) = mapped_values(b);
    let BatchKeys { typed: keys_typed, out: key_out, text: last_key } = batch_keys(b);
    let key_out = key_out.join(", ");
    let taken_cols: Vec<String> =
        b.key.iter().enumerate().map(|(i, (k, _))| format!("l.{} AS ps_k{i}", ident(k))).collect();
    let only = match notes {
        Notes::All => String::new(),
        Notes::First => format!(" WHERE l.ctid IN (SELECT ctid FROM {} LIMIT $1)", qual(&sync_log(b))),
        Notes::Key => format!(" WHERE {}", key_is_param(b, "l")),
    };
    let checks = if has_rules {
        format!(", {ok} AS ps_ok, {} AS ps_rules, {} AS ps_values", failed_rules(b), failed_values(b))
    } else {
        ", true AS ps_ok".to_string()
    };
    // What was quarantined for the keys goes (the rows are judged again here), in this
    // statement, so that its rejections need not look for earlier ones.
    let (mut rejected, rej_count, rej_sample) =
        rejections(b, has_rules, &last_key, &migration_literal(b), "true", false);
    rejected.push_str(&format!(
        ", cleared AS (\n  DELETE FROM phaseshift.quarantine AS q WHERE q.target = {} AND q.source_key IN (SELECT array_to_string({last_key}, ',') FROM keys)\n)",
        literal(&b.target.to_string())
    ));
    let tcols = pairs.iter().map(|(c, _)| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", ");
    let tkeys = pairs.iter().map(|(_, i)| format!("ps_k{i}")).collect::<Vec<_>>().join(", ");
    let cols: Vec<String> = b.mappings.iter().map(|m| ident(&m.column)).collect();
    let vals_out: Vec<String> = (0..b.mappings.len()).map(|i| format!("ps_c{i}")).collect();
    format!(
        "WITH taken AS (\n  DELETE FROM {log} AS l{only} RETURNING {taken}\n), keys AS (\n  SELECT DISTINCT {key_out} FROM taken\n), batch AS (\n  SELECT {keys}{checks}, {values}\n  FROM {src} AS s\n  WHERE ({kc}) IN (SELECT {key_out} FROM keys)\n  FOR SHARE OF s\n), removed AS (\n  DELETE FROM {tgt} AS t\n  WHERE ({tcols}) IN (SELECT {tkeys} FROM keys)\n    AND NOT EXISTS (SELECT 1 FROM batch WHERE ps_ok AND ({tkeys}) = ({tcols}))\n  RETURNING 1\n), written AS (\n  INSERT INTO {tgt} AS t ({cols}) SELECT {vals} FROM batch WHERE ps_ok {ups} RETURNING 1\n){rejected}\nSELECT (SELECT count(*) FROM keys) AS taken,\n       (SELECT count(*) FROM written) AS written,\n       (SELECT count(*) FROM removed) AS removed,\n       {rej_count} AS rejected,\n       {rej_sample} AS rejected_sample",
        log = qual(&sync_log(b)),
        taken = taken_cols.join(", "),
        keys = keys_typed.join(", "),
        values = values.join(", "),
        src = qual(&b.source),
        kc = key_cols(b, "s"),
        tgt = qual(&b.target),
        cols = cols.join(", "),
        vals = vals_out.join(", "),
        ups = upsert_tail(b),
    )
}

/// Some keys noted in the sync log (text[] each), for carrying them over one by one.
pub fn logged_keys(b: &Backfill) -> String {
    format!(
        "SELECT DISTINCT ARRAY[{}] FROM {} AS l LIMIT 1000",
        b.key.iter().map(|(k, _)| format!("l.{}::text", ident(k))).collect::<Vec<_>>().join(", "),
        qual(&sync_log(b))
    )
}

/// Takes the notes of key $1 (text[]) out of the sync log: a row PostgreSQL refused, once
/// quarantined.
pub fn forget_logged(b: &Backfill) -> String {
    format!("DELETE FROM {} AS l WHERE {}", qual(&sync_log(b)), key_is_param(b, "l"))
}

/// `(alias.k1, alias.k2) = (($1::text[])[1]::t1, ($1::text[])[2]::t2)`: the row of key `$1`.
fn key_is_param(b: &Backfill, alias: &str) -> String {
    let typed: Vec<String> =
        b.key.iter().enumerate().map(|(i, (_, t))| format!("(($1::text[])[{}]::{t})", i + 1)).collect();
    format!("({}) = ({})", key_cols(b, alias), typed.join(", "))
}

/// A batch's (or a carry's) source key columns under their names in the statement.
struct BatchKeys {
    /// `s.k AS ps_k0`, ...
    typed: Vec<String>,
    /// `ps_k0`, ...
    out: Vec<String>,
    /// `ARRAY[ps_k0::text, ...]`: the key as text[].
    text: String,
}

fn batch_keys(b: &Backfill) -> BatchKeys {
    let out: Vec<String> = (0..b.key.len()).map(|i| format!("ps_k{i}")).collect();
    BatchKeys {
        typed: b.key.iter().zip(&out).map(|((k, _), o)| format!("s.{} AS {o}", ident(k))).collect(),
        text: format!("ARRAY[{}]", out.iter().map(|o| format!("{o}::text")).collect::<Vec<_>>().join(", ")),
        out,
    }
}

/// Whether the backfill has rules, the SQL that all hold, and each mapped value as the
/// batch's column `ps_c<i>` (NULL for a row that breaks a rule).
fn mapped_values(b: &Backfill) -> (bool, String, Vec<String>) {
    let has_rules = b.mappings.iter().any(|m| !m.rules.is_empty());
    let ok = all_rules(b);
    let values: Vec<String> = b
        .mappings
        .iter()
        .enumerate()
        .map(|(i, m)| {
            if has_rules {
                format!("CASE WHEN {ok} THEN {} END AS ps_c{i}", mapped(m))
            } else {
                format!("{} AS ps_c{i}", mapped(m))
            }
        })
        .collect();
    (has_rules, ok, values)
}

/// Records a row that PostgreSQL refused ($1 migration, $2 key text, $3 reason).
pub fn quarantine_refused(b: &Backfill) -> String {
    format!(
        "INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT $1, {t}, $2, 'refused', $3 \
         WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = {t} AND q.source_key = $2)",
        t = literal(&b.target.to_string())
    )
}

/// Writes the quarantined source rows of a backfill again ($1 migration): a no-op UPDATE
/// of the key, so that the sync trigger judges each row anew.
pub fn retry_quarantined(b: &Backfill) -> String {
    let (k, _) = &b.key[0];
    format!(
        "UPDATE {src} AS s SET {k} = s.{k} WHERE array_to_string({kt}, ',') IN (SELECT q.source_key FROM phaseshift.quarantine AS q WHERE q.migration = $1 AND q.target = {tl})",
        src = qual(&b.source),
        k = ident(k),
        kt = key_text(b, "s"),
        tl = literal(&b.target.to_string()),
    )
}

/// Forgets quarantined rows of a backfill whose source row no longer exists ($1 migration).
pub fn forget_vanished_quarantine(b: &Backfill) -> String {
    format!(
        "DELETE FROM phaseshift.quarantine AS q WHERE q.migration = $1 AND q.target = {tl} AND NOT EXISTS (SELECT 1 FROM {src} AS s WHERE array_to_string({kt}, ',') = q.source_key)",
        src = qual(&b.source),
        kt = key_text(b, "s"),
        tl = literal(&b.target.to_string()),
    )
}

/// The backfill's checkpoint rows: its own, and those of the key ranges it was split into.
fn checkpoints(b: &Backfill) -> String {
    format!("(backfill = {} OR {})", literal(&b.id()), super::state::is_part_of(&b.id()))
}

/// Undoing a backfill in phaseshift's own tables: its checkpoint and the rows it
/// quarantined go (scoped to its migration when the plan knows it).
pub fn forget_backfill(b: &Backfill) -> String {
    if b.migration.is_empty() {
        return format!("DELETE FROM phaseshift.backfill_progress WHERE {}", checkpoints(b));
    }
    format!(
        "DELETE FROM phaseshift.backfill_progress WHERE migration = {m} AND {ids};\n    DELETE FROM phaseshift.quarantine WHERE migration = {m} AND target = {t}",
        m = literal(&b.migration),
        ids = checkpoints(b),
        t = literal(&b.target.to_string()),
    )
}

/// An estimate of the source rows, for progress: the planner's row count.
/// The planner's estimate of the rows the backfill reads, as `EXPLAIN (FORMAT JSON)`: from
/// the table's statistics and the filter, or from its size when it was never analyzed
/// (where `reltuples` says nothing).
pub fn estimate(b: &Backfill) -> String {
    format!("EXPLAIN (FORMAT JSON) SELECT 1 FROM {} AS s WHERE {}", qual(&b.source), filter(b))
}

/// The rows a backfill reads, counted.
pub fn count_source(b: &Backfill) -> String {
    format!("SELECT count(*) FROM {} AS s WHERE {}", qual(&b.source), filter(b))
}

fn quarantined_keys(b: &Backfill) -> String {
    format!("SELECT source_key FROM phaseshift.quarantine WHERE target = {}", literal(&b.target.to_string()))
}

/// The validate phase's check: one row of source_rows, excluded (rows rejected and still in
/// the source), source_sum, target_rows, target_sum, mismatched (in-place backfills).
pub fn check(b: &Backfill) -> String {
    // Values that differ each time they are computed are compared by count, not value.
    let stable: Vec<&crate::model::Mapping> = b.mappings.iter().filter(|m| !m.volatile).collect();
    let typed: Vec<String> = stable.iter().map(|m| format!("CAST({} AS {})", mapped(m), m.target_type)).collect();
    let kt = key_text(b, "s");
    let ok = all_rules(b);
    let src = qual(&b.source);
    let flt = filter(b);
    let not_rejected = format!("array_to_string({kt}, ',') NOT IN ({})", quarantined_keys(b));
    if b.in_place() {
        // A column rewritten from itself is compared with what was written for its original.
        let mut diff: Vec<String> = stable
            .iter()
            .zip(&typed)
            .map(|(m, t)| {
                if m.keep_original {
                    format!(
                        "s.{c}::text IS DISTINCT FROM (SELECT o.written FROM {o} AS o WHERE o.key = {kt})",
                        c = ident(&m.column),
                        o = qual(&originals_table(b, m)),
                    )
                } else {
                    format!("s.{} IS DISTINCT FROM {t}", ident(&m.column))
                }
            })
            .collect();
        // A value that cannot be computed again must at least have been written.
        diff.extend(
            b.mappings
                .iter()
                .filter(|m| m.volatile)
                .map(|m| format!("(s.{} IS NULL AND {} IS NOT NULL)", ident(&m.column), mapped(m))),
        );
        return format!(
            "SELECT (SELECT count(*) FROM {src} AS s WHERE {flt}) AS source_rows, 0::bigint AS excluded, 0::bigint AS source_sum, \
             0::bigint AS target_rows, 0::bigint AS target_sum, \
             (SELECT count(*) FROM {src} AS s WHERE {flt} AND {ok} AND {not_rejected} AND ({})) AS mismatched",
            diff.join(" OR ")
        );
    }
    let cols: Vec<String> = stable.iter().map(|m| format!("t.{}", ident(&m.column))).collect();
    // Rows of the target that come from this source (all of them when it is the only one).
    let mine = if b.sole_source {
        "true".to_string()
    } else {
        format!(
            "({}) IN (SELECT {} FROM {src} AS s WHERE {flt})",
            b.conflict.iter().map(|c| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", "),
            conflict_exprs(b).join(", ")
        )
    };
    format!(
        "SELECT (SELECT count(*) FROM {src} AS s WHERE {flt}) AS source_rows,\n\
         (SELECT count(*) FROM {src} AS s WHERE {flt} AND NOT ({ok} AND {not_rejected})) AS excluded,\n\
         (SELECT coalesce(sum(hashtext(row({})::text)::bigint), 0)::bigint FROM {src} AS s WHERE {flt} AND {ok} AND {not_rejected}) AS source_sum,\n\
         (SELECT count(*) FROM {tgt} AS t WHERE {mine}) AS target_rows,\n\
         (SELECT coalesce(sum(hashtext(row({})::text)::bigint), 0)::bigint FROM {tgt} AS t WHERE {mine}) AS target_sum,\n\
         0::bigint AS mismatched",
        typed.join(", "),
        cols.join(", "),
        tgt = qual(&b.target),
    )
}

/// The expressions that give a source row's values of the target's conflict columns.
fn conflict_exprs(b: &Backfill) -> Vec<String> {
    b.conflict
        .iter()
        .map(|c| b.mappings.iter().find(|m| &m.column == c).map_or_else(|| "NULL".to_string(), mapped))
        .collect()
}

fn migration_literal(b: &Backfill) -> String {
    if b.migration.is_empty() {
        "NULL".into()
    } else {
        literal(&b.migration)
    }
}

/// A row written again is judged again: what was quarantined for its key (old and new)
/// goes, and the write below quarantines it anew if it still fails. Looked for first, for
/// every target at once: the probe of an index costs a write of the application less than a
/// delete, and a quarantine is empty most of the time.
fn clear_quarantine(moving: &[&Backfill]) -> String {
    let targets: Vec<String> = moving.iter().map(|b| literal(&b.target.to_string())).collect();
    let mut out = format!(
        "  IF EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target IN ({})) THEN\n",
        targets.join(", ")
    );
    for b in moving {
        out.push_str(&format!(
            "    DELETE FROM phaseshift.quarantine AS q WHERE q.target = {tl} AND q.source_key IN (\n      SELECT array_to_string({kt}, ',') FROM (SELECT OLD.*) AS s WHERE TG_OP <> 'INSERT'\n      UNION ALL SELECT array_to_string({kt}, ',') FROM (SELECT NEW.*) AS s WHERE TG_OP <> 'DELETE');\n",
            tl = literal(&b.target.to_string()),
            kt = key_text(b, "s"),
        ));
    }
    out.push_str("  END IF;\n");
    out
}

/// The handler of a sync write that failed. Data problems are quarantined so that the old
/// application's write still succeeds; a lock timeout, deadlock, serialization failure,
/// cancel or shutdown is no data problem: the write fails and the application retries it,
/// so no row ever reaches the old table without reaching the new ones.
fn on_sync_error(b: &Backfill, row: &str) -> String {
    format!(
        "    EXCEPTION WHEN OTHERS THEN\n      IF {TRANSIENT} THEN\n        RAISE;\n      END IF;\n      INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason)\n      SELECT {mig}, {tl}, array_to_string({kt}, ','), 'sync', SQLERRM FROM (SELECT {row}.*) AS s;\n",
        mig = migration_literal(b),
        tl = literal(&b.target.to_string()),
        kt = key_text(b, "s"),
    )
}

/// The role of an `aclexplode` row `a`, as GRANT names it.
const GRANTEE: &str =
    "CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(a.grantee)) END";

/// What a compatibility view's step grants, and on what.
enum Grant {
    /// `USAGE` on a schema.
    Usage(String),
    /// `SELECT` on a relation.
    Select(QualName),
}

impl Grant {
    fn privilege(&self) -> &'static str {
        match self {
            Grant::Usage(_) => "USAGE",
            Grant::Select(_) => "SELECT",
        }
    }

    /// The object as GRANT names it.
    fn object(&self) -> String {
        match self {
            Grant::Usage(schema) => format!("SCHEMA {}", ident(schema)),
            Grant::Select(rel) => qual(rel),
        }
    }

    /// Whether role `r.id` holds it already, as its owner or granted it by name (not
    /// through PUBLIC or another role): what it held so, a rollback leaves it.
    fn held(&self) -> String {
        let p = literal(self.privilege());
        match self {
            Grant::Usage(schema) => format!(
                "EXISTS (SELECT 1 FROM pg_catalog.pg_namespace o LEFT JOIN LATERAL pg_catalog.aclexplode(o.nspacl) x ON true\n                   WHERE o.nspname = {} AND (o.nspowner = r.id OR x.grantee = r.id AND x.privilege_type = {p}))",
                literal(schema)
            ),
            Grant::Select(rel) => format!(
                "EXISTS (SELECT 1 FROM pg_catalog.pg_class o LEFT JOIN LATERAL pg_catalog.aclexplode(o.relacl) x ON true\n                   WHERE o.oid = pg_catalog.to_regclass({}) AND (o.relowner = r.id OR x.grantee = r.id AND x.privilege_type = {p}))",
                literal(&qual(rel))
            ),
        }
    }
}

/// phaseshift's record (state version 6) of the privileges a compatibility view's step
/// granted that their roles did not hold, by the archived table the view stands for, so
/// that a rollback of the step revokes those and nothing else.
const COMPAT_GRANTS: &str = "phaseshift.compat_grants";

/// Which roles of a table [`grant_to_holders`] grants to.
#[derive(Clone, Copy)]
enum Holders {
    /// Those that may insert, update or delete in it.
    Writers,
    /// Those that may read it.
    Readers,
}

/// Grants `grants` to every role that `holders` says of `table` (by its privileges on it
/// or on its columns, PUBLIC included), its owner aside, and records in [`COMPAT_GRANTS`]
/// those a role did not hold. Nothing where the table is not there.
fn grant_to_holders(table: &QualName, holders: Holders, grants: &[Grant]) -> String {
    let each: String = grants
        .iter()
        .map(|g| {
            // (A `%` in a name is doubled for `format`.)
            let sql = format!("GRANT {} ON {} TO %s", g.privilege(), g.object().replace('%', "%%"));
            format!(
                "    IF NOT {held} THEN\n      EXECUTE pg_catalog.format({sql}, r.who);\n      INSERT INTO {COMPAT_GRANTS} (archived, privilege, object, grantee)\n      VALUES (pg_catalog.to_regclass({t}), {p}, {o}, r.who) ON CONFLICT DO NOTHING;\n    END IF;\n",
                held = g.held(),
                sql = literal(&sql),
                t = literal(&qual(table)),
                p = literal(g.privilege()),
                o = literal(&g.object()),
            )
        })
        .collect();
    let (on_table, on_columns) = match holders {
        Holders::Writers => ("'INSERT', 'UPDATE', 'DELETE'", "'INSERT', 'UPDATE'"),
        Holders::Readers => ("'SELECT'", "'SELECT'"),
    };
    let role = GRANTEE;
    let body = format!(
        "\nDECLARE r record;\nBEGIN\n  FOR r IN\n    SELECT a.grantee AS id, {role} AS who FROM pg_catalog.pg_class c, pg_catalog.aclexplode(c.relacl) a\n    WHERE c.oid = pg_catalog.to_regclass({t}) AND a.privilege_type IN ({on_table}) AND a.grantee <> c.relowner\n    UNION\n    SELECT a.grantee, {role} FROM pg_catalog.pg_class c, pg_catalog.pg_attribute t, pg_catalog.aclexplode(t.attacl) a\n    WHERE c.oid = pg_catalog.to_regclass({t}) AND t.attrelid = c.oid AND a.privilege_type IN ({on_columns}) AND a.grantee <> c.relowner\n  LOOP\n{each}  END LOOP;\nEND\n",
        t = literal(&qual(table)),
    );
    format!("DO {}", dollar(&body))
}

/// Undoes what [`compat_view`] granted that the roles did not hold before (the archived
/// table still in the archive): so a rollback of the switch leaves no role more than it
/// had. (A privilege, role or object gone meanwhile is passed over.)
pub fn revoke_compat_grants(archived: &QualName) -> Statement {
    let body = format!(
        "\nDECLARE g record;\nBEGIN\n  IF pg_catalog.to_regclass({l}) IS NULL OR pg_catalog.to_regclass({a}) IS NULL THEN\n    RETURN;\n  END IF;\n  FOR g IN DELETE FROM {COMPAT_GRANTS} WHERE archived = pg_catalog.to_regclass({a}) RETURNING privilege, object, grantee LOOP\n    BEGIN\n      EXECUTE pg_catalog.format('REVOKE %s ON %s FROM %s', g.privilege, g.object, g.grantee);\n    EXCEPTION WHEN undefined_table OR invalid_schema_name OR undefined_object THEN\n      NULL;\n    END;\n  END LOOP;\nEND\n",
        l = literal(COMPAT_GRANTS),
        a = literal(&qual(archived)),
    );
    Statement::tx(format!("DO {}", dollar(&body)))
}

/// What a trigger function that mirrors the application's writes into phaseshift's copies
/// says after its name: it runs with its owner's rights (`SECURITY DEFINER`), so that every
/// role that may write the table it is on, one granted its rights after the trigger was
/// made included, has its writes carried, while none of them is granted anything on the
/// copies, the sync log or the quarantine; and with the search path it was made under
/// (see [`PIN_PATH`]), never the writer's. (Such a function cannot be called but as a
/// trigger, so its EXECUTE privilege does not matter.) Only mirrors are made so: a trigger
/// that makes the application's own write somewhere else (a compatibility view's, a
/// version view's) keeps the writer's rights, and with them the row security and the
/// privileges that apply to the writer.
const MIRROR: &str = "RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT";

/// Sets the search path, for the rest of the transaction, that a [`MIRROR`] function made
/// next in it keeps: the session's own (the one the backfill's batches read its mappings
/// with), then `pg_temp`, searched last so that no temporary table of a writer's can stand
/// for a table a mapping names.
const PIN_PATH: &str = "DO $ps$BEGIN PERFORM pg_catalog.set_config('search_path', pg_catalog.current_setting('search_path') || ', pg_temp', true); END$ps$";

/// A [`MIRROR`] trigger function `name` with body `body`, and the path it keeps.
fn mirror_function(name: &QualName, body: &str) -> Statement {
    Statement::tx(format!("{PIN_PATH};\nCREATE OR REPLACE FUNCTION {}() {MIRROR} AS {}", qual(name), dollar(body)))
}

/// Statements of a sync trigger on `table` for the backfills reading it.
pub fn sync_trigger(table: &QualName, source: &QualName, backfills: &[Backfill]) -> Vec<Statement> {
    let (sync_fn, fill_fn, sync_trg, fill_trg) = sync_names(source);
    let mut out = vec![Statement::tx(format!("CREATE SCHEMA IF NOT EXISTS {}", ident(FN_SCHEMA)))];
    let moving: Vec<&Backfill> = backfills.iter().filter(|b| !b.in_place()).collect();
    let filling: Vec<&Backfill> = backfills.iter().filter(|b| b.in_place()).collect();
    if !moving.is_empty() {
        out.push(mirror_function(&sync_fn, &forward_body(&moving)));
        // Only where the table is (a script undoing a contract that never ran, or ran twice,
        // finds it moved back already).
        out.push(guarded(
            &exists(table),
            &format!(
                "CREATE OR REPLACE TRIGGER {} AFTER INSERT OR UPDATE OR DELETE ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
                ident(&sync_trg),
                qual(table),
                qual(&sync_fn)
            ),
        ));
    }
    if !filling.is_empty() {
        for b in &filling {
            out.extend(create_originals(b));
        }
        out.push(mirror_function(&fill_fn, &fill_body(&filling)));
        out.push(Statement::tx(format!(
            "CREATE OR REPLACE TRIGGER {} BEFORE INSERT OR UPDATE ON {} FOR EACH ROW EXECUTE FUNCTION {}()",
            ident(&fill_trg),
            qual(table),
            qual(&fill_fn)
        )));
    }
    out
}

/// The body of the forward sync function: each source write carried to the new tables,
/// under the `phaseshift.syncing` guard.
fn forward_body(moving: &[&Backfill]) -> String {
    // Writes carried back from the new tables (reverse sync) are not sent forward again.
    let logged: Vec<&Backfill> = moving.iter().copied().filter(|b| deferred(b)).collect();
    // Whether each log is there, looked at once per write: a log created meanwhile must
    // not find a write neither noted nor made.
    let declare: String = logged
        .iter()
        .map(|b| {
            format!("  {} boolean := {} AND {} IS NULL;\n", log_var(b), exists(&sync_log(b)), regclass(&log_ending(b)))
        })
        .collect();
    let mut body = if declare.is_empty() { String::from("\n") } else { format!("\nDECLARE\n{declare}") };
    body.push_str(&format!("BEGIN\n  IF current_setting({SYNCING}, true) = 'on' THEN\n    RETURN NULL;\n  END IF;\n"));
    if !logged.is_empty() && logged.len() == moving.len() {
        // While the executor copies, every target's sync waits for it: the keys are noted,
        // nothing else (a row written again is judged again when it is carried over, which
        // also takes out what was quarantined for its key).
        let all: Vec<String> = logged.iter().map(|b| log_var(b)).collect();
        body.push_str(&format!("  IF {} THEN\n", all.join(" AND ")));
        for b in &logged {
            body.push_str(&log_write(b, "    "));
        }
        body.push_str("    RETURN NULL;\n  END IF;\n");
    }
    body.push_str(&format!("  PERFORM set_config({SYNCING}, 'on', true);\n"));
    // A row written again is judged again: first what was quarantined for its keys goes,
    // then the writes below quarantine it anew if they still fail.
    body.push_str(&clear_quarantine(moving));
    // Targets whose sync waits for the executor (when not all of them do) get their keys
    // noted; the others are written below.
    for b in &logged {
        body.push_str(&format!("  IF {} THEN\n{}  END IF;\n", log_var(b), log_write(b, "    ")));
    }
    // Every target written in one subtransaction (one savepoint per write of the
    // application, whatever the number of targets); only when that fails is each target
    // written in a subtransaction of its own, so that the one that refuses the row
    // quarantines it and the others still get it.
    body.push_str(&format!(
        "  BEGIN\n{fast}  EXCEPTION WHEN OTHERS THEN\n    IF {TRANSIENT} THEN\n      RAISE;\n    END IF;\n{slow}  END;\n",
        fast = sync_writes(moving, false),
        slow = sync_writes(moving, true),
    ));
    body.push_str(&format!("  PERFORM set_config({SYNCING}, '', true);\n  RETURN NULL;\nEND\n"));
    body
}

/// The SQLSTATEs a sync trigger lets through to the application (which retries): lock
/// timeouts, deadlocks, serialization failures, cancels, shutdowns; no data problem.
const TRANSIENT: &str =
    "SQLSTATE LIKE '40%' OR SQLSTATE LIKE '53%' OR SQLSTATE LIKE '57%' OR SQLSTATE IN ('55P03', '55006')";

/// The writes of a source row's change into each target: deletes children first, inserts
/// parents first (the list is in foreign-key order). With `each_alone`, each in a
/// subtransaction that quarantines the row when the target refuses it.
fn sync_writes(moving: &[&Backfill], each_alone: bool) -> String {
    let wrap = |stmt: String, b: &Backfill, row: &str| {
        if each_alone {
            format!("    BEGIN\n{stmt}{}    END;\n", on_sync_error(b, row))
        } else {
            stmt
        }
    };
    let mut out = String::new();
    for b in moving.iter().rev() {
        let stmt = format!(
            "      DELETE FROM {tgt} AS t WHERE ({tc}) IN (\n        SELECT {ce} FROM (SELECT OLD.*) AS s WHERE {flt}\n        EXCEPT SELECT {ce} FROM (SELECT NEW.*) AS s WHERE TG_OP = 'UPDATE' AND {flt});\n",
            tgt = qual(&b.target),
            tc = b.conflict.iter().map(|c| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", "),
            ce = conflict_exprs(b).join(", "),
            flt = filter(b),
        );
        let when = match moved_key(b) {
            Some(moved) => format!("(TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND {moved})){}", direct(b)),
            None => format!("TG_OP IN ('UPDATE', 'DELETE'){}", direct(b)),
        };
        out.push_str(&format!("  IF {when} THEN\n{}  END IF;\n", wrap(stmt, b, "OLD")));
    }
    for b in moving {
        let kt = key_text(b, "s");
        let cols: Vec<String> = b.mappings.iter().map(|m| ident(&m.column)).collect();
        let vals: Vec<String> = b.mappings.iter().map(mapped).collect();
        let ok = all_rules(b);
        let flt = filter(b);
        let insert = format!(
            "INSERT INTO {tgt} AS t ({cols}) SELECT {vals} FROM (SELECT NEW.*) AS s WHERE {flt} {ups};\n",
            tgt = qual(&b.target),
            cols = cols.join(", "),
            vals = vals.join(", "),
            ups = upsert_tail(b),
        );
        if !b.mappings.iter().any(|m| !m.rules.is_empty()) {
            // No rules to judge the row by: the write alone (every statement a trigger runs
            // is paid for by each write of the application).
            let stmt = format!("      {insert}");
            out.push_str(&format!(
                "  IF TG_OP IN ('INSERT', 'UPDATE'){} THEN\n{}  END IF;\n",
                direct(b),
                wrap(stmt, b, "NEW")
            ));
            continue;
        }
        let stmt = format!(
            "      IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE {flt} AND NOT ({ok})) THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, value, reason)\n        SELECT {mig}, {tl}, array_to_string({kt}, ','), {fr}, {fv}, 'sync: fails ' || {fr} FROM (SELECT NEW.*) AS s;\n        -- A row that was valid and no longer is leaves the new shape, as it would not be copied.\n        IF TG_OP = 'UPDATE' THEN\n          DELETE FROM {tgt} AS t WHERE ({tcols}) IN (SELECT {cexprs} FROM (SELECT OLD.*) AS s WHERE {flt});\n        END IF;\n      ELSE\n        {insert}      END IF;\n",
            tgt = qual(&b.target),
            tl = literal(&b.target.to_string()),
            fr = failed_rules(b),
            fv = failed_values(b),
            mig = migration_literal(b),
            tcols = b.conflict.iter().map(|c| format!("t.{}", ident(c))).collect::<Vec<_>>().join(", "),
            cexprs = conflict_exprs(b).join(", "),
        );
        out.push_str(&format!(
            "  IF TG_OP IN ('INSERT', 'UPDATE'){} THEN\n{}  END IF;\n",
            direct(b),
            wrap(stmt, b, "NEW")
        ));
    }
    out
}

/// ` AND <no sync log>` for a target whose sync can wait (see [`sync_log`]): its writes
/// are made here only while no log takes its keys.
fn direct(b: &Backfill) -> String {
    if deferred(b) {
        format!(" AND NOT {}", log_var(b))
    } else {
        String::new()
    }
}

/// The sync function's variable that tells whether a target's sync log is there.
fn log_var(b: &Backfill) -> String {
    format!("ps_log_{}", b.id())
}

/// Whether a source row's update moved its row in the target (plpgsql, on OLD and NEW,
/// without a query), when the target's key is the source's key columns as they are and no
/// filter applies: then an update that keeps the key needs no delete in the target.
/// `None` when that cannot be told so simply.
fn moved_key(b: &Backfill) -> Option<String> {
    let cols: Vec<String> = conflict_from_key(b)?.iter().map(|(_, i)| ident(&b.key[*i].0)).collect();
    let side = |row: &str| cols.iter().map(|c| format!("{row}.{c}")).collect::<Vec<_>>().join(", ");
    Some(format!("({}) IS DISTINCT FROM ({})", side("OLD"), side("NEW")))
}

/// The body of the fill trigger function: columns rewritten in place computed from the
/// row as it is written.
fn fill_body(filling: &[&Backfill]) -> String {
    let mut body = format!(
        "\nDECLARE ps_o text;\nBEGIN\n  IF current_setting({FILLING}, true) = 'on' THEN\n    RETURN NEW;\n  END IF;\n"
    );
    for b in filling {
        for m in b.mappings.iter().filter(|m| m.keep_original) {
            // The application wrote the column (in its old form): that is the original
            // now, and the new form is computed from it.
            body.push_str(&format!(
                "  IF ((TG_OP = 'INSERT' AND NEW.{c} IS NOT NULL) OR (TG_OP = 'UPDATE' AND NEW.{c} IS DISTINCT FROM OLD.{c})) AND EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE {flt}) THEN\n    ps_o := NEW.{c}::text;\n    NEW.{c} := (SELECT {v} FROM (SELECT NEW.*) AS s);\n    INSERT INTO {o} AS o (key, original, written) SELECT {kt}, ps_o, NEW.{c}::text FROM (SELECT NEW.*) AS s\n    ON CONFLICT (key) DO UPDATE SET original = EXCLUDED.original, written = EXCLUDED.written;\n  END IF;\n",
                c = ident(&m.column),
                v = mapped(m),
                flt = filter(b),
                o = qual(&originals_table(b, m)),
                kt = key_text(b, "s"),
            ));
        }
        for m in b.mappings.iter().filter(|m| m.reverse.is_some()) {
            body.push_str(&versioned_fill(b, m));
        }
        for m in b.mappings.iter().filter(|m| m.volatile && !m.keep_original && m.reverse.is_none()) {
            // A value that differs each time it is computed is given once, to a row without.
            body.push_str(&format!(
                "  IF NEW.{c} IS NULL AND EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE {flt}) THEN\n    NEW.{c} := (SELECT {v} FROM (SELECT NEW.*) AS s);\n  END IF;\n",
                c = ident(&m.column),
                v = mapped(m),
                flt = filter(b)
            ));
        }
        for m in b.mappings.iter().filter(|m| !m.volatile && !m.keep_original && m.reverse.is_none()) {
            // A new row without the value gets it; an update that left the value as it
            // was (the old application does not know the column) gets it computed again
            // from the row as it is now, so it never goes stale. A value the writer set
            // itself is kept.
            body.push_str(&format!(
                "  IF (TG_OP = 'INSERT' AND NEW.{c} IS NULL) OR (TG_OP = 'UPDATE' AND NEW.{c} IS NOT DISTINCT FROM OLD.{c}) THEN\n    IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE {flt}) THEN\n      NEW.{c} := (SELECT {v} FROM (SELECT NEW.*) AS s);\n    END IF;\n  END IF;\n",
                c = ident(&m.column),
                v = mapped(m),
                flt = filter(b)
            ));
        }
    }
    body.push_str("  RETURN NEW;\nEND\n");
    body
}

/// A column changed online, in the fill trigger: a write that sets the new column (the new
/// application's) computes the old one with `down`; any other write that sets the old
/// column, a new row, or a row not filled yet computes the new one with `up`.
fn versioned_fill(b: &Backfill, m: &Mapping) -> String {
    let Some(r) = &m.reverse else {
        return String::new();
    };
    format!(
        "  IF (TG_OP = 'INSERT' AND NEW.{n} IS NOT NULL) OR (TG_OP = 'UPDATE' AND NEW.{n} IS DISTINCT FROM OLD.{n} AND NEW.{o} IS NOT DISTINCT FROM OLD.{o}) THEN\n    NEW.{o} := {down};\n  ELSIF TG_OP = 'INSERT' OR NEW.{o} IS DISTINCT FROM OLD.{o} OR NEW.{n} IS NULL THEN\n    IF EXISTS (SELECT 1 FROM (SELECT NEW.*) AS s WHERE {flt}) THEN\n      NEW.{n} := (SELECT {v} FROM (SELECT NEW.*) AS s);\n    END IF;\n  END IF;\n",
        n = ident(&m.column),
        o = ident(&r.column),
        down = down_value(r, &m.column, "NEW"),
        v = mapped(m),
        flt = filter(b),
    )
}

/// The old column's value computed from the new one (in `new_column`) of row `row`: the
/// `down` expression over the row, with the new value under the old column's name.
pub fn down_value(r: &crate::model::Reverse, new_column: &str, row: &str) -> String {
    let mut cols = vec![format!("{row}.{} AS {}", ident(new_column), ident(r.new_name()))];
    cols.extend(r.row.iter().map(|c| format!("{row}.{c} AS {c}", c = ident(c))));
    format!("(SELECT {} FROM (SELECT {}) AS s)", down_expr(r), cols.join(", "))
}

/// The way back as written, or a cast of the column back to its old type.
pub fn down_expr(r: &crate::model::Reverse) -> String {
    r.expr.clone().unwrap_or_else(|| format!("CAST({} AS {})", ident(r.new_name()), r.old_type))
}

pub fn drop_sync_trigger(table: &QualName, source: &QualName) -> Vec<Statement> {
    let (sync_fn, fill_fn, sync_trg, fill_trg) = sync_names(source);
    let mut out = vec![drop_trigger(table, &sync_trg), drop_trigger(table, &fill_trg)];
    out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&sync_fn))));
    out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&fill_fn))));
    out
}

/// The backfill as a psql-runnable loop (outside a transaction block), following the
/// spec's policy as the executor does: batches of 1000 rows, each locking only its own
/// rows and committed; a batch PostgreSQL refuses is taken again one row at a time, and a
/// refused row is quarantined, skipped or fails the script (`on_invalid`). Key types are
/// read from the catalog when it runs, so a script planned without a database still
/// compares keys in their own type. The executor runs batches itself, adapting their size.
pub fn backfill_script(b: &Backfill) -> Statement {
    let mut typed = b.clone();
    for (i, (_, t)) in typed.key.iter_mut().enumerate() {
        *t = format!("ps_key_type_{i}");
    }
    let resolve: String = b
        .key
        .iter()
        .enumerate()
        .map(|(i, (k, _))| {
            format!(
                "  SELECT format_type(a.atttypid, a.atttypmod) INTO t FROM pg_catalog.pg_attribute a WHERE a.attrelid = to_regclass({src}) AND a.attname = {k} AND NOT a.attisdropped;\n  first_q := replace(first_q, 'ps_key_type_{i}', t);\n  next_q := replace(next_q, 'ps_key_type_{i}', t);\n  next_key_q := replace(next_key_q, 'ps_key_type_{i}', t);\n",
                src = literal(&qual(&b.source)),
                k = literal(k),
            )
        })
        .collect();
    let quarantine = b.on_invalid == crate::model::InvalidRows::Quarantine;
    let fail = b.on_invalid == crate::model::InvalidRows::Fail;
    let body = format!(
        "\nDECLARE\n  last text[] := NULL;\n  r record;\n  t text;\n  k text[];\n  size bigint := 1000;\n  single bigint := 0;\n  refused text;\n  first_q text := {first};\n  next_q text := {next};\n  next_key_q text := {next_key};\n  upper text[];\nBEGIN\n  IF to_regclass({src}) IS NULL THEN\n    RETURN;\n  END IF;\n{resolve}  EXECUTE {upper_q} INTO upper;\n  LOOP\n    PERFORM set_config({FILLING}, 'on', true);\n    refused := NULL;\n    BEGIN\n      IF last IS NULL THEN\n        EXECUTE first_q INTO r USING last, size, upper, {mig}, {quarantine};\n      ELSE\n        EXECUTE next_q INTO r USING last, size, upper, {mig}, {quarantine};\n      END IF;\n    EXCEPTION WHEN data_exception OR integrity_constraint_violation OR raise_exception THEN\n      refused := SQLERRM;\n    END;\n    IF refused IS NOT NULL AND size > 1 THEN\n      -- Some row of this batch is refused: go on one row at a time for a while.\n      ROLLBACK;\n      size := 1;\n      single := 1000;\n      CONTINUE;\n    ELSIF refused IS NOT NULL THEN\n      EXECUTE next_key_q INTO k USING last;\n      IF {fail} THEN\n        RAISE EXCEPTION 'backfill of %: row % is refused: %', {target}, array_to_string(k, ','), refused;\n      END IF;\n      IF {quarantine} THEN\n        INSERT INTO phaseshift.quarantine (migration, target, source_key, rule, reason) SELECT {mig}, {target}, array_to_string(k, ','), 'refused', refused\n          WHERE NOT EXISTS (SELECT 1 FROM phaseshift.quarantine AS q WHERE q.target = {target} AND q.source_key = array_to_string(k, ','));\n      END IF;\n      last := k;\n      COMMIT;\n      CONTINUE;\n    END IF;\n    IF {fail} AND r.rejected > 0 THEN\n      RAISE EXCEPTION 'backfill of %: rows break its rules: %', {target}, r.rejected_sample;\n    END IF;\n    EXIT WHEN r.selected = 0;\n    last := r.last_key;\n    IF single > 0 THEN\n      single := single - 1;\n      IF single = 0 THEN\n        size := 1000;\n      END IF;\n    END IF;\n    COMMIT;\n  END LOOP;\nEND\n",
        first = literal(&batch(&typed, true, false, true)),
        next = literal(&batch(&typed, true, true, true)),
        next_key = literal(&next_key(&typed)),
        upper_q = literal(&upper_key(b)),
        src = literal(&qual(&b.source)),
        mig = if b.migration.is_empty() { "NULL::text".to_string() } else { literal(&b.migration) },
        target = literal(&b.target.to_string()),
        quarantine = if quarantine { "true" } else { "false" },
        fail = if fail { "true" } else { "false" },
    );
    Statement { sql: format!("DO {}", dollar(&body)), transactional: false }
}

/// The compatibility view over the new tables, with the old table's defaults and an
/// INSTEAD OF trigger that writes to the archived old table. The trigger function is
/// written at execution time from the archived table's catalog entry (its columns and
/// primary key), so it fits the table as it is.
pub fn compat_view(c: &Compat, archived: &QualName) -> Vec<Statement> {
    let (func, trg) = compat_names(c);
    let a = literal(&qual(archived));
    let v = literal(&qual(&c.view));
    // The view takes the old name only where no table holds it (the switch moved the old
    // table away, or it was renamed): a script undoing a contract that never ran, or
    // running twice, leaves a table that is back in place alone.
    let mut out = vec![guarded(
        &format!("{} IS NULL OR {}", regclass(&c.view), is_view(&c.view)),
        &format!(
            "EXECUTE {}",
            literal(&format!(
                "CREATE OR REPLACE VIEW {} WITH (security_invoker = true) AS\n{}",
                qual(&c.view),
                c.query.trim().trim_end_matches(';')
            ))
        ),
    )];
    // The old table's defaults, read where it now is (an owned sequence moved with it).
    out.push(Statement::tx(format!(
        "DO {}",
        dollar(&format!(
            "\nDECLARE r record;\nBEGIN\n  FOR r IN SELECT a.attname, pg_catalog.pg_get_expr(d.adbin, d.adrelid) AS def\n           FROM pg_catalog.pg_attrdef d JOIN pg_catalog.pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum\n           WHERE d.adrelid = to_regclass({a}) AND a.attgenerated = ''\n             AND a.attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass({v}) AND attnum > 0)\n  LOOP\n    EXECUTE format('ALTER VIEW %s ALTER COLUMN %I SET DEFAULT %s', {v}, r.attname, r.def);\n  END LOOP;\nEND\n"
        ))
    )));
    // The roles the old application runs as keep their privileges under the old name:
    // those they had on the archived table, or, nothing archived (the old table was
    // renamed), on what the view reads (which it checks again as it is read: it runs with
    // its reader's rights).
    out.push(copy_grants(archived, &c.view, false));
    let read: Vec<QualName> = crate::sqlparse::relations(&c.query)
        .unwrap_or_default()
        .iter()
        .map(|rel| QualName::parse(rel, &c.view.schema))
        .collect();
    for rel in &read {
        out.push(copy_grants_unless(archived, rel, &c.view));
    }
    // The view reads the new tables with its reader's rights; its trigger writes the
    // archived table (in the archive schema) with its writer's.
    // What they are granted that they lacked is recorded, for a rollback to revoke.
    // (In phaseshift's state, version 6.)
    let select: Vec<Grant> = read.iter().cloned().map(Grant::Select).collect();
    out.push(Statement::tx(grant_to_holders(archived, Holders::Readers, &select)));
    out.push(Statement::tx(grant_to_holders(archived, Holders::Writers, &[Grant::Usage(ARCHIVE_SCHEMA.into())])));
    out.push(Statement::tx(format!("CREATE SCHEMA IF NOT EXISTS {}", ident(FN_SCHEMA))));
    let function = format!(
        "CREATE OR REPLACE FUNCTION {}() RETURNS trigger LANGUAGE plpgsql AS $b$\nBEGIN\n  IF TG_OP = 'INSERT' THEN\n    INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE VALUES (%3$s);\n    RETURN NEW;\n  ELSIF TG_OP = 'UPDATE' THEN\n    UPDATE %1$s SET (%4$s) = ROW(%5$s) WHERE %6$s;\n    RETURN NEW;\n  ELSE\n    DELETE FROM %1$s WHERE %6$s;\n    RETURN OLD;\n  END IF;\nEND\n$b$",
        qual(&func)
    );
    out.push(Statement::tx(format!(
        "DO {}",
        dollar(&format!(
            "\nDECLARE cols text; vals text; upd_cols text; upd_vals text; keyc text;\nBEGIN\n  IF to_regclass({a}) IS NULL THEN\n    -- Nothing was archived (the old name belonged to a table that was renamed): the view\n    -- over it stays a plain, automatically updatable view.\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum), string_agg('NEW.' || quote_ident(attname), ', ' ORDER BY attnum),\n         string_agg(quote_ident(attname), ', ' ORDER BY attnum) FILTER (WHERE attidentity <> 'a'),\n         string_agg('NEW.' || quote_ident(attname), ', ' ORDER BY attnum) FILTER (WHERE attidentity <> 'a')\n    INTO cols, vals, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass({a}) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass({v}) AND attnum > 0);\n  SELECT string_agg(quote_ident(att.attname) || ' = OLD.' || quote_ident(att.attname), ' AND ')\n    INTO keyc\n    FROM pg_catalog.pg_index i JOIN pg_catalog.pg_attribute att ON att.attrelid = i.indrelid AND att.attnum = ANY (i.indkey)\n   WHERE i.indrelid = to_regclass({a}) AND i.indisprimary;\n  IF keyc IS NULL THEN\n    RAISE EXCEPTION 'table % has no primary key: writes through view % could not find their rows', {a}, {v};\n  END IF;\n  EXECUTE format({f}, {a}, cols, vals, upd_cols, upd_vals, keyc);\nEND\n",
            f = literal(&function)
        ))
    )));
    out.push(Statement::tx(format!(
        "DO {}",
        dollar(&format!(
            "\nBEGIN\n  IF to_regprocedure({}) IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER {} INSTEAD OF INSERT OR UPDATE OR DELETE ON {} FOR EACH ROW EXECUTE FUNCTION {}();\n  END IF;\nEND\n",
            literal(&format!("{}()", qual(&func))),
            ident(&trg),
            qual(&c.view),
            qual(&func)
        ))
    )));
    for r in &c.reverse {
        out.extend(reverse_sync(c, r, archived));
    }
    out
}

/// Undoing contract: the rows of the compatibility view (the new tables) that the archived
/// old table lacks by key, written after contract, go back into it; with no key known,
/// more rows in the view than in the old table refuse the undo, saying how many.
pub fn carry_back(c: &Compat, archived: &QualName) -> Vec<Statement> {
    let a = literal(&qual(archived));
    let v = literal(&qual(&c.view));
    let view = is_view(&c.view);
    let keys: Vec<String> =
        c.reverse.first().map(|r| r.keys.iter().map(|(k, _)| ident(k)).collect()).unwrap_or_default();
    let body = if keys.is_empty() {
        format!(
            "\nDECLARE in_view bigint; in_old bigint;\nBEGIN\n  IF to_regclass({a}) IS NULL OR ({view}) IS NOT TRUE THEN\n    RETURN;\n  END IF;\n  EXECUTE format('SELECT count(*) FROM %s', {v}) INTO in_view;\n  EXECUTE format('SELECT count(*) FROM %s', {a}) INTO in_old;\n  IF in_view > in_old THEN\n    RAISE EXCEPTION 'undoing contract would lose % row(s) written to the new tables after contract: % has % rows, % has %', in_view - in_old, {v}, in_view, {a}, in_old\n      USING HINT = 'copy those rows into the archived table first, or keep the migration contracted';\n  END IF;\nEND\n"
        )
    } else {
        let vk: Vec<String> = keys.iter().map(|x| format!("v.{x}")).collect();
        let ak: Vec<String> = keys.iter().map(|x| format!("o.{x}")).collect();
        let vkt: Vec<String> = keys.iter().map(|x| format!("v.{x}::text")).collect();
        let akt: Vec<String> = keys.iter().map(|x| format!("o.{x}::text")).collect();
        // First the rows logged after contract, one by one: as the new tables show them
        // now (inserted or updated), or gone (deleted). Then any row the old table lacks.
        format!(
            "\nDECLARE cols text; upd_cols text; upd_vals text; n bigint; k text[]; present boolean; logged bigint := 0;\nBEGIN\n  IF to_regclass({a}) IS NULL OR ({view}) IS NOT TRUE THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),\n         string_agg(quote_ident(attname), ', ' ORDER BY attnum) FILTER (WHERE attidentity <> 'a'),\n         string_agg('EXCLUDED.' || quote_ident(attname), ', ' ORDER BY attnum) FILTER (WHERE attidentity <> 'a')\n    INTO cols, upd_cols, upd_vals\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass({a}) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass({v}) AND attnum > 0);\n  -- The forward sync must not send these rows back to where they come from.\n  PERFORM set_config({SYNCING}, 'on', true);\n  IF to_regclass('phaseshift.after_contract') IS NOT NULL THEN\n    FOR k IN SELECT l.key FROM phaseshift.after_contract AS l WHERE l.migration = {m} AND l.view = {v} LOOP\n      logged := logged + 1;\n      EXECUTE format('SELECT EXISTS (SELECT 1 FROM %s v WHERE ARRAY[{vkt}] = $1)', {v}) INTO present USING k;\n      IF present THEN\n        EXECUTE format('INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM %3$s v WHERE ARRAY[{vkt}] = $1 ON CONFLICT ({kl}) DO UPDATE SET (%4$s) = ROW(%5$s)', {a}, cols, {v}, upd_cols, upd_vals) USING k;\n      ELSE\n        EXECUTE format('DELETE FROM %s o WHERE ARRAY[{akt}] = $1', {a}) USING k;\n      END IF;\n    END LOOP;\n    DELETE FROM phaseshift.after_contract AS l WHERE l.migration = {m} AND l.view = {v};\n  END IF;\n  EXECUTE format('INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM %3$s v WHERE NOT EXISTS (SELECT 1 FROM %1$s o WHERE ({ak}) = ({vk}))', {a}, cols, {v});\n  GET DIAGNOSTICS n = ROW_COUNT;\n  PERFORM set_config({SYNCING}, '', true);\n  IF n + logged > 0 THEN\n    RAISE NOTICE 'carried % row(s) written after contract back to %', n + logged, {a};\n  END IF;\nEND\n",
            ak = ak.join(", "),
            vk = vk.join(", "),
            vkt = vkt.join(", "),
            akt = akt.join(", "),
            kl = keys.join(", "),
            m = literal(&c.migration),
        )
    };
    vec![Statement::tx(format!("DO {}", dollar(&body)))]
}

/// The records of grants made by compatibility views ([`COMPAT_GRANTS`]) whose archived
/// table is gone (purged): no rollback can revoke them any more, and the roles keep the
/// privileges, which the new application may use.
pub const FORGET_PURGED_COMPAT_GRANTS: &str = "DO $ps$\nBEGIN\n  IF to_regclass('phaseshift.compat_grants') IS NOT NULL THEN\n    DELETE FROM phaseshift.compat_grants g WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = g.archived);\n  END IF;\nEND\n$ps$";

/// Drops the contract-log triggers whose archived table is gone (after a purge).
pub const DROP_ORPHANED_CONTRACT_LOGS: &str = "DO $ps$\nDECLARE r record;\nBEGIN\n  IF to_regclass('phaseshift.contract_logs') IS NULL THEN\n    RETURN;\n  END IF;\n  FOR r IN SELECT * FROM phaseshift.contract_logs WHERE to_regclass(archive) IS NULL LOOP\n    IF to_regclass(r.target) IS NOT NULL THEN\n      EXECUTE format('DROP TRIGGER IF EXISTS %s ON %s', r.trigger, r.target);\n    END IF;\n    EXECUTE format('DROP FUNCTION IF EXISTS %s()', r.function);\n    DELETE FROM phaseshift.contract_logs WHERE trigger = r.trigger AND target = r.target;\n  END LOOP;\nEND\n$ps$";

fn log_names(c: &Compat, r: &crate::model::ReverseSync) -> (QualName, String) {
    let id = short_id(&format!("{}<{}", c.view, r.target));
    (QualName::new(FN_SCHEMA, format!("log_{id}")), format!("phaseshift_log_{id}"))
}

/// After contract, a trigger on each new table with reverse-sync keys logs the old key of
/// every row the new application writes (old and new key of an update), so that undoing
/// the contract can carry exactly those writes back. It does nothing once the archived old
/// table is purged.
pub fn contract_log(c: &Compat, archived: &QualName) -> Vec<Statement> {
    let mut out = Vec::new();
    for r in &c.reverse {
        let (func, trg) = log_names(c, r);
        let key = |row: &str| -> String {
            format!(
                "ARRAY[{}]",
                r.keys.iter().map(|(_, t)| format!("{row}.{}::text", ident(t))).collect::<Vec<_>>().join(", ")
            )
        };
        let body = format!(
            "\nBEGIN\n  IF to_regclass({a}) IS NULL THEN\n    RETURN NULL;\n  END IF;\n  INSERT INTO phaseshift.after_contract (migration, view, key)\n  SELECT {m}, {v}, k FROM (SELECT {old} AS k WHERE TG_OP <> 'INSERT' UNION SELECT {new} WHERE TG_OP <> 'DELETE') AS keys\n  ON CONFLICT DO NOTHING;\n  RETURN NULL;\nEND\n",
            a = literal(&qual(archived)),
            m = literal(&c.migration),
            v = literal(&qual(&c.view)),
            old = key("OLD"),
            new = key("NEW"),
        );
        out.push(mirror_function(&func, &body));
        out.push(guarded(
            &exists(&r.target),
            &format!(
                "CREATE OR REPLACE TRIGGER {trg} AFTER INSERT OR UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION {f}();\n    INSERT INTO phaseshift.contract_logs (trigger, target, function, archive) VALUES ({trgl}, {tl}, {fl}, {al}) ON CONFLICT DO NOTHING",
                tl = literal(&qual(&r.target)),
                trg = ident(&trg),
                trgl = literal(&ident(&trg)),
                t = qual(&r.target),
                f = qual(&func),
                fl = literal(&qual(&func)),
                al = literal(&qual(archived)),
            ),
        ));
    }
    out
}

pub fn drop_contract_log(c: &Compat) -> Vec<Statement> {
    let mut out = Vec::new();
    for r in &c.reverse {
        let (func, trg) = log_names(c, r);
        out.push(drop_trigger(&r.target, &trg));
        out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&func))));
    }
    if !c.reverse.is_empty() {
        let triggers: Vec<String> = c.reverse.iter().map(|r| literal(&ident(&log_names(c, r).1))).collect();
        out.push(Statement::tx(format!(
            "DO {}",
            dollar(&format!(
                "\nBEGIN\n  IF to_regclass('phaseshift.after_contract') IS NOT NULL THEN\n    DELETE FROM phaseshift.after_contract WHERE migration = {} AND view = {};\n  END IF;\n  IF to_regclass('phaseshift.contract_logs') IS NOT NULL THEN\n    DELETE FROM phaseshift.contract_logs WHERE trigger IN ({});\n  END IF;\nEND\n",
                literal(&c.migration),
                literal(&qual(&c.view)),
                triggers.join(", ")
            ))
        )));
    }
    out
}

fn reverse_names(c: &Compat, r: &crate::model::ReverseSync) -> (QualName, String) {
    let id = short_id(&format!("{}<{}", c.view, r.target));
    (QualName::new(FN_SCHEMA, format!("reverse_{id}")), format!("phaseshift_reverse_{id}"))
}

/// A trigger on a new table that rebuilds the old row (from the compatibility view) in the
/// archived old table whenever the new application writes the new shape directly, so that
/// rolling back the switch keeps those rows too.
fn reverse_sync(c: &Compat, r: &crate::model::ReverseSync, archived: &QualName) -> Vec<Statement> {
    let (func, trg) = reverse_names(c, r);
    let a = literal(&qual(archived));
    let v = literal(&qual(&c.view));
    let old_key = |row: &str| -> String {
        r.keys.iter().map(|(_, t)| format!("{row}.{}", ident(t))).collect::<Vec<_>>().join(", ")
    };
    let view_key: Vec<String> = r.keys.iter().map(|(k, _)| format!("v.{}", ident(k))).collect();
    let archived_key: Vec<String> = r.keys.iter().map(|(k, _)| ident(k)).collect();
    let k_vals: Vec<String> = r.keys.iter().map(|(k, _)| format!("k.{}", ident(k))).collect();
    // Written at execution time from the archived table's columns (those the view shows).
    let function = format!(
        "CREATE OR REPLACE FUNCTION {f}() {MIRROR} AS $b$\nDECLARE k record;\nBEGIN\n  IF current_setting({SYNCING}, true) = 'on' THEN\n    RETURN NULL;\n  END IF;\n  PERFORM set_config({SYNCING}, 'on', true);\n  FOR k IN SELECT * FROM (SELECT {ok} WHERE TG_OP <> 'INSERT' UNION SELECT {nk} WHERE TG_OP <> 'DELETE') AS keys({kl}) LOOP\n    IF EXISTS (SELECT 1 FROM {view} v WHERE ({vk}) = ({kv})) THEN\n      INSERT INTO %1$s (%2$s) OVERRIDING SYSTEM VALUE SELECT %2$s FROM {view} v WHERE ({vk}) = ({kv})\n      ON CONFLICT ({kl}) DO UPDATE SET (%2$s) = ROW(%3$s);\n    ELSE\n      DELETE FROM %1$s WHERE ({kl}) = ({kv});\n    END IF;\n  END LOOP;\n  PERFORM set_config({SYNCING}, '', true);\n  RETURN NULL;\nEND\n$b$",
        f = qual(&func),
        ok = old_key("OLD"),
        nk = old_key("NEW"),
        view = qual(&c.view),
        vk = view_key.join(", "),
        kl = archived_key.join(", "),
        kv = k_vals.join(", "),
    );
    vec![
        Statement::tx(format!(
            "{PIN_PATH};\nDO {}",
            dollar(&format!(
                "\nDECLARE cols text; excluded text;\nBEGIN\n  IF to_regclass({a}) IS NULL THEN\n    RETURN;\n  END IF;\n  SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum), string_agg('EXCLUDED.' || quote_ident(attname), ', ' ORDER BY attnum)\n    INTO cols, excluded\n    FROM pg_catalog.pg_attribute\n   WHERE attrelid = to_regclass({a}) AND attnum > 0 AND NOT attisdropped AND attgenerated = ''\n     AND attname IN (SELECT attname FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass({v}) AND attnum > 0);\n  EXECUTE format({fmt}, {a}, cols, excluded);\nEND\n",
                fmt = literal(&function),
            ))
        )),
        Statement::tx(format!(
            "DO {}",
            dollar(&format!(
                "\nBEGIN\n  IF to_regprocedure({}) IS NOT NULL THEN\n    CREATE OR REPLACE TRIGGER {} AFTER INSERT OR UPDATE OR DELETE ON {} FOR EACH ROW EXECUTE FUNCTION {}();\n  END IF;\nEND\n",
                literal(&format!("{}()", qual(&func))),
                ident(&trg),
                qual(&r.target),
                qual(&func)
            ))
        )),
    ]
}

pub fn drop_compat_view(c: &Compat) -> Vec<Statement> {
    let (func, _) = compat_names(c);
    let mut out = Vec::new();
    for r in &c.reverse {
        let (rf, rt) = reverse_names(c, r);
        out.push(drop_trigger(&r.target, &rt));
        out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&rf))));
    }
    // Only a view: once the old table is back under that name, it stays.
    out.push(guarded(&is_view(&c.view), &format!("DROP VIEW {}", qual(&c.view))));
    out.push(Statement::tx(format!("DROP FUNCTION IF EXISTS {}()", qual(&func))));
    out
}

/// The privileges others hold on table `from`, granted on view `to` too (and, with
/// `schema_usage`, the use of the view's schema), so that the roles the application runs as
/// keep their access through the view.
pub(super) fn copy_grants(from: &QualName, to: &QualName, schema_usage: bool) -> Statement {
    grants_copied(from, to, schema_usage, "")
}

/// [`copy_grants`] where relation `absent` is not there.
fn copy_grants_unless(absent: &QualName, from: &QualName, to: &QualName) -> Statement {
    grants_copied(from, to, false, &format!(" AND to_regclass({}) IS NULL", literal(&qual(absent))))
}

fn grants_copied(from: &QualName, to: &QualName, schema_usage: bool, condition: &str) -> Statement {
    let usage = if schema_usage {
        format!("\n    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %s', {}, r.who);", literal(&to.schema))
    } else {
        String::new()
    };
    let body = format!(
        "\nDECLARE r record;\nBEGIN\n  FOR r IN SELECT {GRANTEE} AS who, a.privilege_type AS what\n    FROM pg_catalog.pg_class AS c, pg_catalog.aclexplode(c.relacl) AS a\n    WHERE c.oid = to_regclass({t}) AND a.grantee <> c.relowner{condition}\n  LOOP\n    EXECUTE format('GRANT %s ON %s TO %s', r.what, {v}, r.who);{usage}\n  END LOOP;\nEND\n",
        t = literal(&qual(from)),
        v = literal(&qual(to)),
    );
    Statement::tx(format!("DO {}", dollar(&body)))
}

/// The key an archive of a column changed online is joined back by: the table's key,
/// without the column itself when it is part of it (its new value, `ps_new`, finds its row).
fn archive_key(v: &crate::model::Versioned) -> Vec<String> {
    v.key.iter().filter(|k| **k != v.column).cloned().collect()
}

/// See [`crate::plan::DataOp::ArchiveVersioned`].
pub fn archive_versioned(v: &crate::model::Versioned, archive: &QualName) -> Statement {
    let mut columns: Vec<String> = archive_key(v).iter().map(|k| ident(k)).collect();
    columns.push(ident(&v.column));
    guarded(
        &format!("{} IS NULL", regclass(archive)),
        &format!(
            "CREATE TABLE {} AS SELECT {}, {} AS ps_new FROM {}",
            qual(archive),
            columns.join(", "),
            ident(&v.shadow),
            qual(&v.table)
        ),
    )
}

/// See [`crate::plan::DataOp::RestoreVersioned`].
pub fn restore_versioned(v: &crate::model::Versioned, archive: &QualName) -> Statement {
    let mut kept: Vec<String> = archive_key(v).iter().map(|k| format!("t.{k} = a.{k}", k = ident(k))).collect();
    kept.push(format!("t.{} IS NOT DISTINCT FROM a.ps_new", ident(&v.shadow)));
    let kept = kept.join(" AND ");
    guarded(
        &format!("{} IS NOT NULL", regclass(archive)),
        &format!(
            "UPDATE {t} AS t SET {o} = a.{o} FROM {a} AS a WHERE {kept};\n    UPDATE {t} AS t SET {o} = {down} WHERE NOT EXISTS (SELECT 1 FROM {a} AS a WHERE {kept});\n    DROP TABLE {a}",
            t = qual(&v.table),
            a = qual(archive),
            o = ident(&v.column),
            down = down_value(&v.reverse, &v.shadow, "t"),
        ),
    )
}

/// Fixed rows, inserted unless already there.
pub fn seed(s: &crate::model::Seed) -> Vec<Statement> {
    s.rows
        .iter()
        .map(|row| {
            let cols: Vec<String> = row.iter().map(|(c, _)| ident(c)).collect();
            let vals: Vec<&str> = row.iter().map(|(_, v)| v.as_str()).collect();
            Statement::tx(format!(
                "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING",
                qual(&s.table),
                cols.join(", "),
                vals.join(", ")
            ))
        })
        .collect()
}

/// Removes the fixed rows again, by key.
pub fn unseed(s: &crate::model::Seed) -> Vec<Statement> {
    s.rows
        .iter()
        .filter_map(|row| {
            let conds: Vec<String> = s
                .key
                .iter()
                .map(|k| row.iter().find(|(c, _)| c == k).map(|(_, v)| format!("{} = {v}", ident(k))))
                .collect::<Option<Vec<_>>>()?;
            // Only while the table is there: an undo that runs twice finds it dropped.
            (!conds.is_empty()).then(|| {
                guarded(&exists(&s.table), &format!("DELETE FROM {} WHERE {}", qual(&s.table), conds.join(" AND ")))
            })
        })
        .collect()
}

/// Whether PostgreSQL has max() for a key type (uuid, for one, has none).
fn has_max(data_type: &str) -> bool {
    let t = data_type.split('(').next().unwrap_or("").trim();
    matches!(
        t,
        "smallint"
            | "integer"
            | "bigint"
            | "numeric"
            | "text"
            | "character varying"
            | "character"
            | "date"
            | "timestamp without time zone"
            | "timestamp with time zone"
    )
}

#[cfg(test)]
mod sync_log_tests {
    use super::*;
    use crate::model::InvalidRows;

    /// `dst (id, v)` from `src (id, v)`, keyed by `id` (mapped from `key_expr`).
    fn copy(key_expr: &str) -> Backfill {
        let mapping = |column: &str, expr: &str| Mapping {
            column: column.into(),
            expr: expr.into(),
            raw: expr.into(),
            cast: None,
            target_type: "int".into(),
            sanitize: Vec::new(),
            rules: Vec::new(),
            volatile: false,
            keep_original: false,
            reverse: None,
        };
        Backfill {
            target: QualName::new("public", "dst"),
            source: QualName::new("public", "src"),
            key: vec![("id".into(), "integer".into())],
            conflict: vec!["id".into()],
            mappings: vec![mapping("id", key_expr), mapping("v", "v")],
            filter: None,
            on_invalid: InvalidRows::Fail,
            sole_source: true,
            migration: "m".into(),
        }
    }

    #[test]
    fn only_a_target_keyed_by_the_source_key_as_it_is_waits_for_the_executor() {
        assert!(deferred(&copy("id")));
        assert!(!deferred(&copy("id + 1")), "a computed key");
        assert!(!deferred(&Backfill { filter: Some("v > 0".into()), ..copy("id") }), "a filter");
        assert!(!deferred(&Backfill { sole_source: false, ..copy("id") }), "a shared target");
        let b = copy("id");
        assert!(!deferred(&Backfill { target: b.source.clone(), ..b }), "in place");
    }

    #[test]
    fn the_trigger_looks_for_the_log_once_per_write() {
        let b = copy("id");
        let body = forward_body(&[&b]);
        let log = format!("to_regclass('phaseshift.synclog_{}')", b.id());
        assert_eq!(body.matches(&log).count(), 1, "{body}");
        let var = log_var(&b);
        assert!(body.contains(&format!("DECLARE\n  {var} boolean := ")), "{body}");
        // Every write into the target itself is made only without the log.
        let inserts = body.matches("INSERT INTO public.dst").count();
        assert!(inserts > 0 && body.matches(&format!("AND NOT {var} THEN")).count() >= 2, "{body}");
        // A backfill whose sync cannot wait has no log at all.
        assert!(!forward_body(&[&copy("id + 1")]).contains("synclog"));
    }
}
