//! The one formatter of PostgreSQL errors.

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
