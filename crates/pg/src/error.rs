//! PostgreSQL's errors: the one formatter, and what their SQLSTATEs mean for a caller.

/// A PostgreSQL error as a sentence: message, detail and hint when the server sent them.
pub fn pg_message(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => {
            let mut m = format!("{} (SQLSTATE {})", d.message(), d.code().code());
            if let Some(detail) = d.detail() {
                m.push_str(&format!("\n  detail: {detail}"));
            }
            if let Some(hint) = d.hint() {
                m.push_str(&format!("\n  hint: {hint}"));
            }
            m
        }
        None => e.to_string(),
    }
}

/// The same on one line, message and detail only: for progress events and the state's
/// `last_error`.
pub fn pg_message_line(e: &tokio_postgres::Error) -> String {
    match e.as_db_error() {
        Some(d) => match d.detail() {
            Some(detail) => format!("{} ({detail})", d.message()),
            None => d.message().to_string(),
        },
        None => e.to_string(),
    }
}

fn sqlstate(e: &tokio_postgres::Error) -> Option<&str> {
    e.as_db_error().map(|d| d.code().code())
}

/// Errors that going again may cure: a lock not available in time (55P03), a deadlock
/// (40P01), a serialization failure (40001). What apply, rollback and backfills retry.
pub fn is_transient(e: &tokio_postgres::Error) -> bool {
    matches!(sqlstate(e), Some("55P03" | "40P01" | "40001"))
}

/// Errors about the data a statement wrote (classes 22 and 23, and RAISE EXCEPTION's
/// P0001): a row the new shape refuses, not a failure of the migration itself.
pub fn is_data_error(e: &tokio_postgres::Error) -> bool {
    sqlstate(e).is_some_and(|c| c.starts_with("22") || c.starts_with("23") || c == "P0001")
}

/// Errors of a statement that names an object not created yet: an undefined table
/// (42P01), type or other object (42704), function (42883), schema (3F000) or column
/// (42703). What loading desired-state files in any order tries again later.
pub fn is_missing_object(e: &tokio_postgres::Error) -> bool {
    matches!(sqlstate(e), Some("42P01" | "42704" | "42883" | "3F000" | "42703"))
}

/// No cast between two types (42846, cannot_coerce).
pub fn is_cannot_coerce(e: &tokio_postgres::Error) -> bool {
    sqlstate(e) == Some("42846")
}
