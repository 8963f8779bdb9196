//! Objects of kinds phaseshift does not migrate (publications, event triggers, foreign
//! tables, operators, casts, text search configurations, ...; read by the catalog's
//! `kinds/unmanaged.rs`). A difference in them is a change like any other in what `diff`
//! reports, so that it never says "no differences" while they differ; a plan that would
//! have to make it is refused with the list, rather than leaving them silently behind.

use crate::model::{Schema, Unmanaged};
use crate::plan::PlanError;
use serde::Serialize;

/// What differs about one such object.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// Only the target has it.
    OnlyInTarget { u: Unmanaged },
    /// Only the current schema has it.
    OnlyInCurrent { u: Unmanaged },
    /// Both have it, defined otherwise.
    DefinedOtherwise { from: Unmanaged, to: Unmanaged },
}

impl Change {
    fn object_of(&self) -> &Unmanaged {
        match self {
            Change::OnlyInTarget { u } | Change::OnlyInCurrent { u } => u,
            Change::DefinedOtherwise { to, .. } => to,
        }
    }

    /// The object it is about, as the diff groups changes by object.
    pub fn object(&self) -> String {
        self.object_of().to_string()
    }

    fn what(&self) -> &'static str {
        match self {
            Change::OnlyInTarget { .. } => "only in the target",
            Change::OnlyInCurrent { .. } => "only in the current schema",
            Change::DefinedOtherwise { .. } => "defined otherwise",
        }
    }
}

/// The differences between `from`'s and `to`'s objects of kinds phaseshift does not migrate.
pub fn diff(from: &Schema, to: &Schema, out: &mut Vec<crate::diff::Change>) {
    for (k, u) in &to.unmanaged {
        match from.unmanaged.get(k) {
            None => out.push(crate::diff::Change::Unmanaged(Change::OnlyInTarget { u: u.clone() })),
            Some(f) if f.definition != u.definition || f.secret_digest != u.secret_digest => {
                out.push(crate::diff::Change::Unmanaged(Change::DefinedOtherwise { from: f.clone(), to: u.clone() }))
            }
            Some(_) => {}
        }
    }
    for (k, u) in &from.unmanaged {
        if !to.unmanaged.contains_key(k) {
            out.push(crate::diff::Change::Unmanaged(Change::OnlyInCurrent { u: u.clone() }));
        }
    }
}

/// The refusal of a plan that would have to make these changes.
pub fn refusal(changes: &[&Change]) -> PlanError {
    let list: Vec<String> = changes.iter().map(|c| format!("{}: {}", c.object(), c.what())).collect();
    PlanError::Unsupported(format!(
        "phaseshift does not migrate these objects, and they differ:\n  {}\n  help: make both sides agree on them by hand (add them to the \
         desired state as they are, or create, change or drop them in the database; `phaseshift diff` lists them), then \
         run this again",
        list.join("\n  ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn publication(def: &str) -> Unmanaged {
        Unmanaged {
            kind: "publication".into(),
            schema: None,
            name: "cdc".into(),
            definition: def.into(),
            secret_digest: None,
        }
    }

    #[test]
    fn differences_are_changes_and_a_plan_of_them_is_refused_with_the_list() {
        let (mut from, mut to) = (Schema::default(), Schema::default());
        from.unmanaged.insert(publication("tables public.a").key(), publication("tables public.a"));
        to.unmanaged.insert(publication("tables public.a, public.b").key(), publication("tables public.a, public.b"));
        let mut out = Vec::new();
        diff(&from, &to, &mut out);
        assert_eq!(out.len(), 1);
        let crate::diff::Change::Unmanaged(c) = &out[0] else { panic!("{out:?}") };
        let message = refusal(&[c]).to_string();
        assert!(message.contains("publication cdc: defined otherwise"), "{message}");
        let mut same = Vec::new();
        diff(&from, &from, &mut same);
        assert!(same.is_empty());
    }
}
