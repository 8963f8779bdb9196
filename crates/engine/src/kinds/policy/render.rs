//! Rendering: Row-level security policies.

use crate::plan::PolicyOp;
use crate::sql::render::prelude::*;

pub(crate) fn render(op: &PolicyOp) -> Vec<Statement> {
    match op {
        PolicyOp::CreatePolicy { p } => {
            let mut body = format!(
                "CREATE POLICY {} ON {} AS {} FOR {} TO {}",
                ident(&p.name),
                qual(&p.table),
                if p.permissive { "PERMISSIVE" } else { "RESTRICTIVE" },
                p.command,
                p.roles.join(", ")
            );
            if let Some(u) = &p.using {
                body.push_str(&format!(" USING ({u})"));
            }
            if let Some(c) = &p.check {
                body.push_str(&format!(" WITH CHECK ({c})"));
            }
            let mut out = vec![guarded(
                &format!(
                    "NOT EXISTS (SELECT 1 FROM pg_catalog.pg_policy WHERE polrelid = {} AND polname = {})",
                    regclass(&p.table),
                    literal(&p.name)
                ),
                &body,
            )];
            out.extend(p.comment.is_some().then(|| comment_on(p)));
            out
        }
        PolicyOp::AlterPolicy { p } => {
            let mut body = format!("ALTER POLICY {} ON {} TO {}", ident(&p.name), qual(&p.table), p.roles.join(", "));
            if let Some(u) = &p.using {
                body.push_str(&format!(" USING ({u})"));
            }
            if let Some(c) = &p.check {
                body.push_str(&format!(" WITH CHECK ({c})"));
            }
            vec![Statement::tx(body)]
        }
        PolicyOp::DropPolicy { table, name } => {
            vec![Statement::tx(format!("DROP POLICY IF EXISTS {} ON {}", ident(name), qual(table)))]
        }
    }
}

/// `COMMENT ON POLICY`: the comment the policy has in `p`.
fn comment_on(p: &crate::model::Policy) -> Statement {
    let on = crate::diff::CommentOn::Policy { table: p.table.clone(), name: p.name.clone() };
    Statement::tx(comment(crate::kinds::comment::render::comment_target(&on), &p.comment))
}
