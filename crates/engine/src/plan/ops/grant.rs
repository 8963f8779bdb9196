//! Privileges and default privileges (whole-schema diffs).

use crate::model::{DefaultGrant, Grant, QualName};
use crate::plan::{Key, Op, PhaseKind, Step};

/// The key of the object a grant is on, so that the grant waits for its creation.
fn object_key(g: &Grant) -> Key {
    match g.object_kind.as_str() {
        "SCHEMA" => Key::Schema(QualName::parse(&g.object, "").name),
        "FUNCTION" | "PROCEDURE" => {
            let (name, args) = g.object.split_once('(').unwrap_or((&g.object, ""));
            Key::Function(format!("{}({}", QualName::parse(name, "public"), args))
        }
        "SEQUENCE" => Key::Sequence(QualName::parse(&g.object, "public")),
        "TYPE" => Key::Type(QualName::parse(&g.object, "public")),
        _ => Key::Table(QualName::parse(&g.object, "public")),
    }
}

fn describe(g: &Grant) -> String {
    let col = g.column.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
    format!("{}{col} on {} {} to {}", g.privilege, g.object_kind.to_lowercase(), g.object, g.grantee)
}

pub fn grant(g: Grant, steps: &mut Vec<Step>) {
    let key = object_key(&g);
    let view_key = match &key {
        Key::Table(q) => Some(Key::View(q.clone())),
        _ => None,
    };
    steps.push(
        Step::new(
            PhaseKind::Expand,
            format!("grant {}", describe(&g)),
            vec![Op::Grant { g: g.clone() }],
            vec![Op::Revoke { g: g.clone() }],
            "none",
        )
        .requires(std::iter::once(key).chain(view_key))
        // A revoke on the same object (REVOKE on a table also takes its column
        // privileges) goes first.
        .requires([Key::Acl(g.object.clone()).gone()]),
    );
}

pub fn revoke(g: Grant, steps: &mut Vec<Step>) {
    let acl = Key::Acl(g.object.clone()).gone();
    steps.push(
        Step::new(
            PhaseKind::Switch,
            format!("revoke {}", describe(&g)),
            vec![Op::Revoke { g: g.clone() }],
            vec![Op::Grant { g }],
            "none",
        )
        .provides([acl]),
    );
}

pub fn default_privilege(g: DefaultGrant, grant: bool, steps: &mut Vec<Step>) {
    let verb = if grant { "grant" } else { "revoke" };
    let mut requires = Vec::new();
    if let Some(s) = &g.schema {
        requires.push(Key::Schema(s.clone()));
    }
    steps.push(
        Step::new(
            if grant { PhaseKind::Expand } else { PhaseKind::Switch },
            format!(
                "default privileges of {}: {verb} {} on {} to {}",
                g.role,
                g.privilege,
                g.objects.to_lowercase(),
                g.grantee
            ),
            vec![Op::DefaultPrivilege { g: g.clone(), grant }],
            vec![Op::DefaultPrivilege { g, grant: !grant }],
            "none",
        )
        .requires(requires),
    );
}
