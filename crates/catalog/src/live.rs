use super::CatalogError;
use crate::kinds;
use crate::model::{QualName, Schema};
use tokio_postgres::{GenericClient, Row};

pub(crate) fn qn(r: &Row, schema: &str, name: &str) -> QualName {
    QualName::new(r.get::<_, String>(schema), r.get::<_, String>(name))
}

/// A catalog query with each `IN_SCOPE(expr)` (a schema name) replaced by the one test of
/// which schemas a read covers: those named in `$1`, or, when `$1` is NULL, all but the
/// system schemas and phaseshift's own.
pub(crate) fn scoped(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len() + 256);
    let mut rest = sql;
    while let Some(i) = rest.find("IN_SCOPE(") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "IN_SCOPE(".len()..];
        let end = after.find(')').unwrap_or(after.len());
        let x = &after[..end];
        out.push_str(&format!(
            "CASE WHEN $1::text[] IS NULL THEN {x} !~ '^pg_' AND {x} NOT IN ('information_schema', '{}', '{}') \
             ELSE {x} = ANY ($1::text[]) END",
            crate::model::STATE_SCHEMA,
            crate::model::ARCHIVE_SCHEMA
        ));
        rest = &after[(end + 1).min(after.len())..];
    }
    out.push_str(rest);
    out
}

/// A catalog query for a server of `version` (`server_version_num`): each `SINCE_NN(column)`
/// is that catalog column on PostgreSQL NN and later, NULL before (a column older servers do
/// not have, read without the cost of turning the whole row into JSON).
pub(crate) fn for_server(sql: &str, version: i32) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut rest = sql;
    while let Some(i) = rest.find("SINCE_") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "SINCE_".len()..];
        let (Some(open), Some(close)) = (after.find('('), after.find(')')) else { break };
        let major: i32 = after[..open].parse().unwrap_or(i32::MAX);
        out.push_str(if version / 10000 >= major { &after[open + 1..close] } else { "NULL" });
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

/// Runs a catalog query (see [`scoped`] and [`for_server`]).
async fn scoped_query<X: GenericClient + Sync>(
    x: &X,
    sql: &str,
    version: i32,
    p: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> Result<Vec<Row>, tokio_postgres::Error> {
    x.query(&for_server(&scoped(sql), version), p).await
}

/// A catalog query for objects that belong to no schema (no `IN_SCOPE`, no parameter).
async fn global_query<X: GenericClient + Sync>(
    x: &X,
    sql: &str,
    version: i32,
) -> Result<Vec<Row>, tokio_postgres::Error> {
    x.query(&for_server(sql, version), &[]).await
}

/// `"a"."b"` or `a.b` as quote_ident printed it, back to a name.
pub(crate) fn parse_quoted(s: &str) -> QualName {
    QualName::parse(s, "public")
}

/// Reads the schemas named (all user schemas when `None`). The caller's session must run
/// with `search_path = ''` so that expressions print schema-qualified. All queries are
/// sent at once: tokio-postgres pipelines them on the one connection.
pub async fn read<C: GenericClient + Sync>(client: &C, schemas: Option<Vec<String>>) -> Result<Schema, CatalogError> {
    read_split(client, None::<&C>, schemas).await
}

type Rows = Result<Vec<Row>, tokio_postgres::Error>;

async fn second_group<X: GenericClient + Sync>(
    x: &X,
    v: i32,
    p: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> (Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows, Rows) {
    tokio::join!(
        scoped_query(x, kinds::aggregate::QUERY, v, p),
        scoped_query(x, kinds::index::QUERY, v, p),
        scoped_query(x, kinds::index::PARTITIONS_QUERY, v, p),
        scoped_query(x, kinds::view::QUERY, v, p),
        scoped_query(x, kinds::grant::QUERY, v, p),
        scoped_query(x, kinds::view::DEPS_QUERY, v, p),
        scoped_query(x, kinds::policy::QUERY, v, p),
        scoped_query(x, kinds::types::QUERY, v, p),
        scoped_query(x, kinds::sequence::QUERY, v, p),
        scoped_query(x, kinds::trigger::QUERY, v, p),
        scoped_query(x, kinds::statistics::QUERY, v, p),
        scoped_query(x, kinds::rule::QUERY, v, p),
        scoped_query(x, kinds::unmanaged::QUERY, v, p),
        global_query(x, kinds::publication::QUERY, v),
        global_query(x, kinds::event_trigger::QUERY, v),
        async {
            // (No schemas published whole before PostgreSQL 15, nor the catalog that says so.)
            if v >= 150000 {
                global_query(x, kinds::publication::SCHEMAS_QUERY, v).await
            } else {
                Ok(Vec::new())
            }
        },
    )
}

/// Like [`read`], with half of the queries sent on `helper`, a
/// second session on the same snapshot, so that the server works on both at once.
pub async fn read_split<C: GenericClient + Sync, H: GenericClient + Sync>(
    client: &C,
    helper: Option<&H>,
    schemas: Option<Vec<String>>,
) -> Result<Schema, CatalogError> {
    let p: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&schemas];
    let v: i32 = client.query_one("SELECT current_setting('server_version_num')::int", &[]).await?.get(0);
    // Two groups of about equal server time; all queries of a group are pipelined.
    let other = async {
        match helper {
            Some(h) => second_group(h, v, &p).await,
            None => second_group(client, v, &p).await,
        }
    };
    let (
        (s, t, c, k, ext, coll, fun, dgr, sc),
        (agg, i, ip, v, gr, deps, pol, ty, seq, trg, stx, rul, unm, pb, evt, pbs),
    ) = tokio::join!(
        async {
            tokio::join!(
                scoped_query(client, kinds::schema::QUERY, v, &p),
                scoped_query(client, kinds::table::QUERY, v, &p),
                scoped_query(client, kinds::column::QUERY, v, &p),
                scoped_query(client, kinds::constraint::QUERY, v, &p),
                client.query(kinds::extension::QUERY, &[]),
                scoped_query(client, kinds::types::COLLATIONS_QUERY, v, &p),
                scoped_query(client, kinds::function::QUERY, v, &p),
                scoped_query(client, kinds::grant::DEFAULTS_QUERY, v, &p),
                scoped_query(client, kinds::schema::COMMENTS_QUERY, v, &p),
            )
        },
        other
    );
    let mut out = Schema::default();
    kinds::schema::read(s?, &mut out);
    kinds::table::read(t?, &mut out);
    let numbers = kinds::column::read(c?, &mut out);
    kinds::constraint::read(k?, &numbers, &mut out)?;
    kinds::index::read(i?, &numbers, &mut out)?;
    kinds::index::read_partition_names(ip?, &mut out);
    kinds::view::read(v?, &mut out);
    kinds::extension::read(ext?, &mut out);
    kinds::types::read(ty?, &mut out);
    kinds::types::read_collations(coll?, &mut out);
    kinds::sequence::read(seq?, &mut out);
    kinds::function::read(fun?, &mut out);
    kinds::aggregate::read(&agg?, &mut out);
    kinds::statistics::read(stx?, &mut out);
    kinds::trigger::read(trg?, &mut out);
    kinds::policy::read(pol?, &mut out);
    kinds::grant::read(gr?, &mut out);
    kinds::grant::read_defaults(dgr?, &mut out);
    kinds::rule::read(rul?, &mut out);
    kinds::unmanaged::read(unm?, &mut out);
    kinds::publication::read(pb?, pbs?, &mut out);
    kinds::event_trigger::read(evt?, &mut out);
    kinds::view::read_deps(deps?, &mut out);
    kinds::schema::read_comments(sc?, &mut out);
    Ok(out)
}

#[cfg(test)]
mod scope_tests {
    use super::scoped;
    use crate::kinds;

    #[test]
    fn columns_of_newer_servers_are_null_on_older_ones() {
        let sql = "SELECT coalesce(SINCE_15(i.indnullsnotdistinct), false), SINCE_14(p.prosqlbody) IS NOT NULL";
        assert_eq!(
            super::for_server(sql, 150004),
            "SELECT coalesce(i.indnullsnotdistinct, false), p.prosqlbody IS NOT NULL"
        );
        assert_eq!(super::for_server(sql, 140010), "SELECT coalesce(NULL, false), p.prosqlbody IS NOT NULL");
        assert_eq!(super::for_server(sql, 130000), "SELECT coalesce(NULL, false), NULL IS NOT NULL");
    }

    #[test]
    fn every_in_scope_becomes_the_one_filter() {
        let sql = scoped("WHERE IN_SCOPE(n.nspname) AND IN_SCOPE(vn.nspname) ORDER BY 1");
        assert!(!sql.contains("IN_SCOPE"), "{sql}");
        assert!(sql.starts_with("WHERE CASE WHEN $1::text[] IS NULL THEN n.nspname !~ '^pg_'"), "{sql}");
        assert!(sql.contains("ELSE vn.nspname = ANY ($1::text[]) END ORDER BY 1"), "{sql}");
        assert!(sql.contains("'phaseshift', 'phaseshift_archive'"), "{sql}");
        for q in [kinds::table::QUERY, kinds::view::DEPS_QUERY, kinds::schema::COMMENTS_QUERY, kinds::grant::QUERY] {
            assert!(q.contains("IN_SCOPE(") && !scoped(q).contains("IN_SCOPE"));
        }
    }
}
