//! Column type changes PostgreSQL cannot make: a plan that changes a column to a type its
//! old type has no cast to (bigint to timestamptz) would fail halfway through, so it is
//! refused before anything runs, saying what to do instead.

use super::{Error, ExecError};
use crate::model::Schema;
use crate::plan::{ColumnOp, Op, Plan};
use tokio_postgres::Client;

/// Refuses `plan` (from `from`) when it changes a column with a plain cast between types
/// the server at `client` cannot cast. A type the server does not know (one the plan
/// creates) is not judged here.
pub async fn check(client: &Client, from: &Schema, plan: &Plan) -> Result<(), Error> {
    for step in plan.steps() {
        for op in &step.ops {
            let Op::Column(ColumnOp::SetType { table, column, data_type, using: None, .. }) = op else { continue };
            let Some(old) = from.tables.get(table).and_then(|t| t.column(column)) else { continue };
            // The same type, or one reached through text (as the SQL converts to a type of
            // the schema's own): nothing to judge.
            if &old.data_type == data_type || crate::sql::converts_via_text(data_type) {
                continue;
            }
            let probe = crate::sql::probe::cast(&old.data_type, data_type);
            match client.batch_execute(&probe).await {
                Err(e) if phaseshift_pg::is_cannot_coerce(&e) => {
                    return Err(Error::Exec(ExecError::NoConversion {
                        column: format!("{table}.{column}"),
                        from: old.data_type.clone(),
                        to: data_type.clone(),
                    }));
                }
                _ => {}
            }
        }
    }
    Ok(())
}
