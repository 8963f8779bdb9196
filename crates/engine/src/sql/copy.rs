//! SQL of `phaseshift copy`: a table's rows out of the source and into the target (binary
//! COPY of the columns that are not generated), the progress marks, and sequences.

use super::{ident, literal, qual};
use crate::model::{QualName, Table};

/// Which source database a copy came from: its name, address and port.
pub const SOURCE_ID: &str = "SELECT current_database() || '@' || coalesce(host(inet_server_addr()), current_setting('unix_socket_directories')) || ':' || current_setting('port')";

/// The rows a table was copied with, if it was (`$1` source, `$2` table).
pub const COPIED: &str = "SELECT rows FROM phaseshift.copy_progress WHERE source = $1 AND table_name = $2";

/// Marks a table copied (`$1` source, `$2` table, `$3` rows).
pub const MARK: &str = "INSERT INTO phaseshift.copy_progress (source, table_name, rows) VALUES ($1, $2, $3)";

/// `FROM ONLY t` for a table (its inheritance children are tables of their own), `FROM t`
/// for a partitioned one (all its partitions' rows).
fn from(t: &Table) -> String {
    if t.partition_by.is_some() {
        qual(&t.name)
    } else {
        format!("ONLY {}", qual(&t.name))
    }
}

pub fn count(t: &Table) -> String {
    format!("SELECT count(*) FROM {}", from(t))
}

pub fn has_rows(t: &Table) -> String {
    format!("SELECT EXISTS (SELECT 1 FROM {})", from(t))
}

/// The COPY out of the source and the COPY into the target, of the columns that are not
/// generated (those are computed again by the target).
pub fn statements(t: &Table) -> (String, String) {
    let cols: Vec<String> = t.columns.iter().filter(|c| c.generated.is_none()).map(|c| ident(&c.name)).collect();
    let cols = cols.join(", ");
    (
        format!("COPY (SELECT {cols} FROM {}) TO STDOUT (FORMAT binary)", from(t)),
        format!("COPY {} ({cols}) FROM STDIN (FORMAT binary)", qual(&t.name)),
    )
}

pub fn sequence_state(q: &QualName) -> String {
    format!("SELECT last_value, is_called FROM {}", qual(q))
}

/// `$1` the last value, `$2` whether it was given out.
pub fn set_sequence(q: &QualName) -> String {
    format!("SELECT pg_catalog.setval({}::regclass, $1, $2)", literal(&qual(q)))
}

/// The sequence behind an identity column (`$1` table, `$2` column), as the server names it
/// (quoted where needed).
pub const IDENTITY_SEQUENCE: &str = "SELECT pg_catalog.pg_get_serial_sequence($1, $2)";

/// The state of a sequence named as the server printed it.
pub fn sequence_state_of(named: &str) -> String {
    format!("SELECT last_value, is_called FROM {named}")
}

/// `$1` the sequence as the server names it, `$2` the last value, `$3` whether it was given out.
pub const SET_SEQUENCE_NAMED: &str = "SELECT pg_catalog.setval($1::text::regclass, $2, $3)";

/// The snapshot of the copy's source transaction, for its workers.
pub const EXPORT_SNAPSHOT: &str = "SELECT pg_catalog.pg_export_snapshot()";

/// A worker's transaction takes the copy's snapshot (its first statement).
pub fn import_snapshot(id: &str) -> String {
    format!("SET TRANSACTION SNAPSHOT {}", literal(id))
}

/// For this transaction: foreign key checks and the target's triggers do not fire.
pub const REPLICA_ROLE: &str = "SET LOCAL session_replication_role = replica";
pub const SAVEPOINT: &str = "SAVEPOINT ps_copy";
pub const ROLLBACK_TO_SAVEPOINT: &str = "ROLLBACK TO SAVEPOINT ps_copy";

/// A checksum of a table's rows, whatever their order: the sum of a hash of each row's
/// text, its columns taken by name (so that two tables whose columns stand in another
/// order compare alike).
pub fn checksum(t: &Table) -> String {
    let mut cols: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    cols.sort();
    let row: Vec<String> = cols.iter().map(|c| format!("s.{}", ident(c))).collect();
    format!("SELECT coalesce(sum(hashtext(ROW({})::text)::bigint), 0)::bigint FROM {} AS s", row.join(", "), from(t))
}

/// Empties a target table before it is copied into (`--truncate`): its own rows only
/// (a partitioned table's partitions with it).
pub fn empty(t: &Table) -> String {
    format!("DELETE FROM {}", from(t))
}
