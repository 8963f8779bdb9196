//! Privileges and default privileges: granted and revoked.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{DefaultGrant, Grant, OwnerRevoked};
use serde::Serialize;

/// Privileges and default privileges.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum PrivilegeOp {
    Grant {
        g: Grant,
    },
    Revoke {
        g: Grant,
    },
    DefaultPrivilege {
        g: DefaultGrant,
        grant: bool,
    },
    /// A privilege given to the object's owner (`grant`) or taken from it.
    Owner {
        r: OwnerRevoked,
        grant: bool,
    },
}
