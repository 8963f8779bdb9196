//! The comparison: everything in `from` that `to` lacks is dropped, everything new is
//! created, and what exists on both sides is altered in place wherever PostgreSQL can.
//! Views that depend on something that changes are dropped and created again. A spec's
//! target reaches here completed (see `declared`), so for a spec nothing is dropped.

use super::Change;
use crate::kinds;
use crate::model::{GrantOn, QualName, Schema};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Which schemas take part in a diff.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// Only these schemas (all when empty).
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// Compare extension versions too (ALTER EXTENSION ... UPDATE).
    pub extension_versions: bool,
    /// Leave out the objects of kinds phaseshift does not migrate (`kinds::unmanaged`), for
    /// a caller that reports them itself (copying a database).
    pub skip_unmanaged: bool,
}

impl Filter {
    pub fn keeps(&self, schema: &str) -> bool {
        (self.include.is_empty() || self.include.iter().any(|s| s == schema))
            && !self.exclude.iter().any(|s| s == schema)
    }

    /// `s` without the objects outside the filter.
    /// (Borrowed when the filter leaves everything in: cloning a schema of thousands of
    /// tables costs more than comparing it.)
    pub fn apply<'a>(&self, s: &'a Schema) -> Cow<'a, Schema> {
        let everything = self.include.is_empty() && self.exclude.is_empty();
        if everything && (!self.skip_unmanaged || s.unmanaged.is_empty()) {
            return Cow::Borrowed(s);
        }
        let mut s = s.clone();
        if self.skip_unmanaged {
            s.unmanaged.clear();
        }
        if everything {
            return Cow::Owned(s);
        }
        let k = |q: &QualName| self.keeps(&q.schema);
        s.schemas.retain(|n| self.keeps(n));
        s.tables.retain(|q, _| k(q));
        s.views.retain(|q, _| k(q));
        s.indexes.retain(|q, _| k(q));
        s.extensions.retain(|_, e| self.keeps(&e.schema));
        s.enums.retain(|q, _| k(q));
        s.domains.retain(|q, _| k(q));
        s.composites.retain(|q, _| k(q));
        s.ranges.retain(|q, _| k(q));
        s.statistics.retain(|q, _| k(q));
        s.collations.retain(|q, _| k(q));
        s.sequences.retain(|q, _| k(q));
        s.functions.retain(|_, f| k(&f.name));
        s.triggers.retain(|_, t| k(&t.table));
        s.rules.retain(|_, r| k(&r.table));
        s.unmanaged.retain(|_, u| u.schema.as_deref().is_none_or(|n| self.keeps(n)));
        // Event triggers and publications belong to no schema: kept with their function's,
        // with all they list.
        s.event_triggers.retain(|_, t| k(&t.function));
        s.publications.retain(|_, p| {
            !p.all_tables && p.tables.iter().all(|t| k(&t.table)) && p.schemas.iter().all(|n| self.keeps(n))
        });
        s.policies.retain(|_, p| k(&p.table));
        s.grants.retain(|g| match &g.on {
            GrantOn::Schema { name } => self.keeps(name),
            GrantOn::Table { name }
            | GrantOn::Column { table: name, .. }
            | GrantOn::Sequence { name }
            | GrantOn::Type { name }
            | GrantOn::Routine { name, .. } => k(name),
        });
        s.owner_revoked.retain(|r| self.keeps(r.on.schema()));
        s.default_grants.retain(|g| g.schema.as_deref().is_none_or(|n| self.keeps(n)));
        s.schema_comments.retain(|n, _| self.keeps(n));
        s.view_deps.retain(|q, _| k(q));
        Cow::Owned(s)
    }
}

/// How the scope asks some changes to be made.
pub(crate) struct Rules {
    /// Compare extension versions (ALTER EXTENSION ... UPDATE).
    pub extension_versions: bool,
    /// A view whose definition changed is replaced in place (CREATE OR REPLACE) rather than
    /// dropped and created again.
    pub replace_views: bool,
}

/// What earlier sections of a whole-schema diff decided that later ones need: objects
/// dropped and created again (their dependents and privileges follow), new tables.
#[derive(Default)]
pub(crate) struct Remade {
    pub(crate) types: BTreeSet<QualName>,
    pub(crate) dropped_types: BTreeSet<QualName>,
    pub(crate) functions: BTreeSet<String>,
    pub(crate) tables: BTreeSet<QualName>,
    pub(crate) affected_columns: BTreeSet<(QualName, String)>,
    /// Columns whose type or collation changes (or whose type is created again): the
    /// change takes along the checks and indexes that read them (see
    /// `kinds::column::plan::Readers`), which then have no change of their own.
    pub(crate) retyped: BTreeSet<(QualName, String)>,
    pub(crate) gone_relations: BTreeSet<QualName>,
    pub(crate) views: BTreeSet<QualName>,
}

impl Remade {
    /// Whether relation `q` is created in this diff, new or again (its triggers, policies and
    /// privileges must be created with it).
    pub(crate) fn relation(&self, q: &QualName) -> bool {
        self.tables.contains(q) || self.views.contains(q)
    }

    /// Whether relation `q` is still there after the diff, the same one: what is on it must
    /// be dropped by itself rather than going with it.
    pub(crate) fn survives(&self, to: &Schema, q: &QualName) -> bool {
        !self.gone_relations.contains(q) && to.has_relation(q)
    }
}

/// One object of a kind, matched by key between the two schemas.
pub(crate) enum Matched<'a, V> {
    /// Only in the target.
    New(&'a V),
    /// On both sides: before and after.
    Both(&'a V, &'a V),
    /// Only in the current schema.
    Gone(&'a V),
}

/// The objects of one kind matched by key: first the target's, in key order (new or on
/// both sides), then those only the current schema has.
/// The parent of a table that becomes a partition of it (`f` before, `t` after); `None`
/// when it does not, or was a partition of that parent already.
pub(crate) fn new_parent<'a>(f: &crate::model::Table, t: &'a crate::model::Table) -> Option<&'a QualName> {
    let (parent, _) = t.partition_of.as_ref()?;
    (f.partition_of.as_ref().map(|(p, _)| p) != Some(parent)).then_some(parent)
}

pub(crate) fn matched<'a, K: Ord, V>(
    from: &'a BTreeMap<K, V>,
    to: &'a BTreeMap<K, V>,
) -> impl Iterator<Item = Matched<'a, V>> {
    let kept = to.iter().map(|(k, v)| match from.get(k) {
        Some(f) => Matched::Both(f, v),
        None => Matched::New(v),
    });
    kept.chain(from.iter().filter(|(k, _)| !to.contains_key(*k)).map(|(_, v)| Matched::Gone(v)))
}

/// What happens to an object that lives on a relation (a trigger, a policy).
pub(crate) enum OnRelation<'a, V> {
    /// Created: it is new, or its relation is created again.
    Create(&'a V),
    /// Changed in place.
    Replace(&'a V, &'a V),
    /// Dropped by itself, its relation staying.
    Drop(&'a V),
    /// The same on both sides, as `same` tells (a comment may still differ).
    Keep(&'a V, &'a V),
}

/// The changes to objects that live on a relation, keyed alike on both sides: those on a
/// relation that is created again are created with it, those on a relation that goes away
/// go with it.
pub(crate) fn on_relation<'a, K: Ord, V>(
    from: &'a BTreeMap<K, V>,
    to_objects: &'a BTreeMap<K, V>,
    to: &'a Schema,
    remade: &'a Remade,
    relation: impl Fn(&V) -> &QualName + 'a,
    same: impl Fn(&V, &V) -> bool + 'a,
) -> impl Iterator<Item = OnRelation<'a, V>> + 'a {
    matched(from, to_objects).filter_map(move |m| match m {
        Matched::New(v) => Some(OnRelation::Create(v)),
        Matched::Both(_, v) if remade.relation(relation(v)) => Some(OnRelation::Create(v)),
        Matched::Both(f, v) if !same(f, v) => Some(OnRelation::Replace(f, v)),
        Matched::Both(f, v) => Some(OnRelation::Keep(f, v)),
        Matched::Gone(v) if remade.survives(to, relation(v)) => Some(OnRelation::Drop(v)),
        Matched::Gone(_) => None,
    })
}

/// Every change that turns `from` into `to`.
pub(super) fn compare(from: &Schema, to: &Schema, rules: &Rules) -> Vec<Change> {
    let mut out = Vec::new();
    let mut remade = Remade::default();
    kinds::schema::compare::schemas(from, to, &mut out);
    kinds::extension::compare::extensions(from, to, rules, &mut out);
    kinds::types::compare::collations(from, to, &mut out);
    kinds::types::compare::types(from, to, &mut remade, &mut out);
    kinds::sequence::compare::sequences(from, to, &mut out);
    crate::kinds::function::diff(from, to, &mut out, &mut remade.functions);
    crate::kinds::aggregate::diff(from, to, &mut out, &mut remade.functions);
    kinds::table::compare::tables(from, to, &mut remade, &mut out);
    // Views that something under them changes are created again, with their indexes.
    remade.views = kinds::view::compare::views_to_recreate(from, to, rules, &remade);
    kinds::index::compare::indexes(from, to, &remade, &mut out);
    crate::kinds::statistics::diff(from, to, &mut out);
    kinds::view::compare::views(from, to, rules, &remade, &mut out);
    kinds::trigger::compare::triggers(from, to, &remade, &mut out);
    crate::kinds::rule::diff(from, to, &remade, &mut out);
    crate::kinds::unmanaged::diff(from, to, &mut out);
    crate::kinds::publication::diff(from, to, &mut out);
    crate::kinds::event_trigger::diff(from, to, &remade.functions, &mut out);
    kinds::policy::compare::policies(from, to, &remade, &mut out);
    kinds::grant::compare::privileges(from, to, &remade, &mut out);
    out
}
