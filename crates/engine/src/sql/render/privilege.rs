//! Rendering: Privileges and default privileges.

use super::*;
use crate::plan::PrivilegeOp;

pub(super) fn render(op: &PrivilegeOp) -> Vec<Statement> {
    match op {
        PrivilegeOp::Grant { g } => vec![Statement::tx(format!(
            "GRANT {} ON {} TO {}{}",
            privilege(g),
            grant_target(g),
            g.grantee,
            if g.grantable { " WITH GRANT OPTION" } else { "" }
        ))],
        PrivilegeOp::Revoke { g } => {
            vec![Statement::tx(format!("REVOKE {} ON {} FROM {}", privilege(g), grant_target(g), g.grantee))]
        }
        PrivilegeOp::DefaultPrivilege { g, grant } => vec![Statement::tx(default_privileges(g, *grant))],
    }
}
