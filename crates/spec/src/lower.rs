//! Lowering a checked spec into the model: implicit names filled in the way PostgreSQL
//! would choose them, foreign keys resolved, renames and retirements listed.

use super::format::{
    BackfillSpec, ColumnSpec, CompatSpec, ConstraintSpec, IndexSpec, ReferenceSpec, ReplicaIdentitySpec, RetireSpec,
    TableSpec,
};
use super::load::Spec;
use crate::model::KeyExpr;
use crate::model::{
    default_constraint_name, normalize_type, serial_base, Column, Constraint, ConstraintKind, ForeignKey, Index,
    IndexKey, QualName, Retire, Schema, Table, Target, View,
};
use crate::sqlparse;

/// Lowers `spec` into a target. `before` is the schema the spec applies to (live, or after
/// the earlier specs of a directory); it supplies referenced primary keys and the columns of
/// tables the spec extends.
pub fn lower(spec: &Spec, before: &Schema) -> Target {
    let mut l =
        Lowering { spec, before, sch: &spec.body.schema, names: Names::new(spec, before), target: Target::default() };
    for (tname, ts) in &spec.body.tables {
        l.table(tname, ts);
    }
    for (vname, vs) in &spec.body.views {
        let q = QualName::parse(vname, l.sch);
        let query = vs.query.trim().trim_end_matches(';').to_string();
        let view = View {
            name: q.clone(),
            materialized: false,
            query,
            comment: vs.comment.clone(),
            options: Vec::new(),
            column_comments: Vec::new(),
        };
        l.target.schema.views.insert(q, view);
    }
    for (name, ts) in &spec.body.types {
        let q = QualName::parse(name, l.sch);
        match (&ts.labels, &ts.attributes) {
            (Some(labels), _) => {
                let e = crate::model::EnumType { name: q.clone(), values: labels.clone(), comment: ts.comment.clone() };
                l.target.schema.enums.insert(q, e);
            }
            (None, Some(attributes)) => {
                let c = crate::model::CompositeType {
                    name: q.clone(),
                    attributes: attributes.iter().map(|(a, t)| (a.clone(), normalize_type(t))).collect(),
                    comment: ts.comment.clone(),
                };
                l.target.schema.composites.insert(q, c);
            }
            (None, None) => {}
        }
    }
    l.grants();
    for r in &spec.body.retire {
        if let Some(retire) = l.retire(r) {
            l.target.retire.push(retire);
        }
    }
    let mut target = l.target;
    for q in &spec.body.sql {
        use super::format::SqlPhase;
        target.raw.push(crate::model::RawSql {
            at: match q.at {
                SqlPhase::Expand => crate::model::RawPhase::Expand,
                SqlPhase::Switch => crate::model::RawPhase::Switch,
                SqlPhase::Contract => crate::model::RawPhase::Contract,
            },
            up: q.up.clone(),
            down: q.down.clone(),
            description: q.description.clone(),
        });
    }
    lower_data(spec, before, &mut target);
    super::versioned::lower_versioned(spec, before, &mut target);
    target
}

/// One spec being lowered into its target.
struct Lowering<'a> {
    spec: &'a Spec,
    before: &'a Schema,
    /// The spec's default schema.
    sch: &'a str,
    names: Names,
    target: Target,
}

impl Lowering<'_> {
    fn table(&mut self, tname: &str, ts: &TableSpec) {
        let (before, sch) = (self.before, self.sch);
        let q = QualName::parse(tname, sch);
        if let Some(old) = &ts.renamed_from {
            let oq = QualName::parse(old, &q.schema);
            if before.tables.contains_key(&oq) && !before.tables.contains_key(&q) {
                self.target.table_renames.push((oq, q.clone()));
            }
        }
        let mut t = Table::new(q.clone());
        t.comment = ts.comment.clone();
        t.options = storage_parameters(&ts.storage);
        self.security(&q, ts, &mut t);
        self.partitions(&q, ts, &mut t);
        t.replica_identity = ts.replica_identity.as_ref().map(|r| match r {
            ReplicaIdentitySpec::Full => crate::model::ReplicaIdentity::Full,
            ReplicaIdentitySpec::Nothing => crate::model::ReplicaIdentity::Nothing,
            ReplicaIdentitySpec::Index(i) => crate::model::ReplicaIdentity::Index(i.clone()),
        });
        t.cluster_on = ts.cluster_on.clone();
        let existing = before
            .tables
            .get(&q)
            .or_else(|| ts.renamed_from.as_ref().and_then(|o| before.tables.get(&QualName::parse(o, &q.schema))));
        for (cname, cs) in &ts.columns {
            if let (Some(old), Some(ex)) = (&cs.renamed_from, existing) {
                if ex.column(old).is_some() && ex.column(cname).is_none() {
                    self.target.column_renames.push((q.clone(), old.clone(), cname.clone()));
                }
            }
            self.column(&mut t, cname, cs);
        }
        if let Some(pk) = &ts.primary_key {
            let name = self.names.relation(&q, &[], "pkey");
            t.constraints.push(constraint(name, ConstraintKind::PrimaryKey { columns: pk.clone() }));
        }
        let all_columns: Vec<String> = t
            .columns
            .iter()
            .map(|c| c.name.clone())
            .chain(existing.into_iter().flat_map(|e| e.columns.iter().map(|c| c.name.clone())))
            .collect();
        for cs in &ts.constraints {
            if let Some(c) = self.table_constraint(&q, cs, &all_columns) {
                t.constraints.push(c);
            }
        }
        // Primary key columns are NOT NULL, however the key was declared.
        let pk_cols: Vec<String> = t
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        for c in t.columns.iter_mut().filter(|c| pk_cols.contains(&c.name)) {
            c.not_null = true;
        }
        for ix in &ts.indexes {
            let index = self.index(&q, ix, &all_columns);
            self.target.schema.indexes.insert(index.name.clone(), index);
        }
        self.target.schema.tables.insert(q, t);
    }

    /// A partitioned table's key, and its partitions (listed, or made from an interval up to
    /// some past today) as tables of their own.
    fn partitions(&mut self, q: &QualName, ts: &TableSpec, t: &mut Table) {
        let Some(by) = &ts.partition_by else {
            return;
        };
        // The method as PostgreSQL prints it: `RANGE (at)`.
        let by = by.trim();
        let split = by.find(|c: char| c == '(' || c.is_whitespace()).unwrap_or(by.len());
        t.partition_by = Some(format!("{}{}", by[..split].to_uppercase(), &by[split..]));
        let mut parts: Vec<(String, String)> = ts
            .partitions
            .iter()
            .map(|(name, bound)| {
                let bound = bound.trim();
                let bound = if bound.eq_ignore_ascii_case("default") {
                    "DEFAULT".to_string()
                } else {
                    format!("FOR VALUES {}", bound.trim_start_matches("FOR VALUES ").trim_start_matches("for values "))
                };
                (name.clone(), bound)
            })
            .collect();
        if let Some(every) = &ts.partition_every {
            let today = time::OffsetDateTime::now_utc().date();
            parts.extend(super::partitions::current(&q.name, every, today).into_iter().map(|p| (p.name, p.bound)));
        }
        for (name, bound) in parts {
            let pq = QualName::new(q.schema.clone(), name);
            let mut part = Table::new(pq.clone());
            part.partition_of = Some((q.clone(), bound));
            self.target.schema.tables.insert(pq, part);
        }
    }

    /// Grants on views, sequences, schemas and columns, and default privileges.
    fn grants(&mut self) {
        use super::format::{DefaultObjects, GrantTarget};
        use crate::model::{DefaultGrant, Grant, GrantOn, RoutineKind};
        let role =
            |r: &str| if r.eq_ignore_ascii_case("public") { "PUBLIC".to_string() } else { phaseshift_pg::ident(r) };
        for g in &self.spec.body.grants {
            // A routine as written, until the server names it as its catalog does (exec's
            // canonicalization): the argument types are what GRANT needs.
            let routine = |kind: RoutineKind| {
                let (name, args) = routine_name(&g.name)?;
                let args = args.iter().map(|a| crate::model::normalize_type(a)).collect::<Vec<_>>().join(", ");
                let name = QualName::parse(name, self.sch);
                Some(GrantOn::Routine { name, kind, identity_args: args.clone(), grant_args: args })
            };
            let on = match g.on {
                GrantTarget::Table | GrantTarget::View => {
                    Some(GrantOn::Table { name: QualName::parse(&g.name, self.sch) })
                }
                GrantTarget::Function => routine(RoutineKind::Function),
                GrantTarget::Procedure => routine(RoutineKind::Procedure),
                GrantTarget::Sequence => Some(GrantOn::Sequence { name: QualName::parse(&g.name, self.sch) }),
                GrantTarget::Schema => Some(GrantOn::Schema { name: g.name.clone() }),
                GrantTarget::Column => g.name.rsplit_once('.').map(|(table, column)| GrantOn::Column {
                    table: QualName::parse(table, self.sch),
                    column: column.to_string(),
                }),
            };
            // (A name validation refused already.)
            let Some(on) = on else { continue };
            for p in &g.privileges {
                let grant =
                    Grant { on: on.clone(), grantee: role(&g.to), privilege: p.to_uppercase(), grantable: false };
                if g.revoke {
                    self.target.revoked.insert(grant);
                } else {
                    self.target.schema.grants.insert(grant);
                }
            }
        }
        for d in &self.spec.body.default_privileges {
            let objects = match d.on {
                DefaultObjects::Tables => "TABLES",
                DefaultObjects::Sequences => "SEQUENCES",
                DefaultObjects::Functions => "FUNCTIONS",
                DefaultObjects::Types => "TYPES",
                DefaultObjects::Schemas => "SCHEMAS",
            };
            for p in &d.privileges {
                self.target.schema.default_grants.insert(DefaultGrant {
                    role: role(&d.for_role),
                    schema: d.schema.clone(),
                    objects: objects.into(),
                    grantee: role(&d.to),
                    privilege: p.to_uppercase(),
                    grantable: false,
                });
            }
        }
    }

    /// Row-level security (as it is when the spec leaves it out), policies and grants.
    fn security(&mut self, q: &QualName, ts: &TableSpec, t: &mut Table) {
        use super::format::{PolicyCommand, Privilege, RowSecuritySpec};
        let live = self.before.tables.get(q);
        (t.row_security, t.force_row_security) = match ts.row_security {
            Some(RowSecuritySpec::On) => (true, false),
            Some(RowSecuritySpec::Force) => (true, true),
            Some(RowSecuritySpec::Off) => (false, false),
            None => live.map_or((false, false), |l| (l.row_security, l.force_row_security)),
        };
        let role =
            |r: &str| if r.eq_ignore_ascii_case("public") { "PUBLIC".to_string() } else { phaseshift_pg::ident(r) };
        for (name, p) in &ts.policies {
            let mut roles: Vec<String> = p.roles.iter().map(|r| role(r)).collect();
            if roles.is_empty() {
                roles.push("PUBLIC".into());
            }
            roles.sort();
            let command = match p.command {
                PolicyCommand::All => "ALL",
                PolicyCommand::Select => "SELECT",
                PolicyCommand::Insert => "INSERT",
                PolicyCommand::Update => "UPDATE",
                PolicyCommand::Delete => "DELETE",
            };
            let policy = crate::model::Policy {
                table: q.clone(),
                name: name.clone(),
                permissive: !p.restrictive,
                command: command.into(),
                roles,
                using: p.using.clone(),
                check: p.check.clone(),
                comment: None,
            };
            self.target.schema.policies.insert((q.clone(), name.clone()), policy);
        }
        const EACH: [&str; 7] = ["SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER"];
        for (grantee, privileges) in &ts.grants {
            for p in privileges {
                let names: Vec<&str> = match p {
                    Privilege::All => EACH.to_vec(),
                    Privilege::Select => vec!["SELECT"],
                    Privilege::Insert => vec!["INSERT"],
                    Privilege::Update => vec!["UPDATE"],
                    Privilege::Delete => vec!["DELETE"],
                    Privilege::Truncate => vec!["TRUNCATE"],
                    Privilege::References => vec!["REFERENCES"],
                    Privilege::Trigger => vec!["TRIGGER"],
                };
                for n in names {
                    self.target.schema.grants.insert(crate::model::Grant {
                        on: crate::model::GrantOn::Table { name: q.clone() },
                        grantee: role(grantee),
                        privilege: n.into(),
                        grantable: false,
                    });
                }
            }
        }
    }

    /// A declared column, with the sequence of a serial and the constraints declared on it.
    fn column(&mut self, t: &mut Table, cname: &str, cs: &ColumnSpec) {
        let q = t.name.clone();
        t.columns.push(lower_column(&q, cname, cs));
        if let Some(base) = serial_base(&cs.data_type) {
            // A serial column owns the sequence its default draws from.
            let seq = QualName::new(q.schema.clone(), crate::model::make_object_name(&q.name, Some(cname), "seq"));
            let sequence = crate::model::Sequence::serial(seq.clone(), base, (q.clone(), cname.to_string()));
            self.target.schema.sequences.insert(seq, sequence);
        }
        if cs.using.is_some() || cs.down.is_some() {
            self.target.conversions.insert((q.clone(), cname.to_string()), (cs.using.clone(), cs.down.clone()));
        }
        let one = vec![cname.to_string()];
        let names = &mut self.names;
        if cs.primary_key {
            let kind = ConstraintKind::PrimaryKey { columns: one.clone() };
            t.constraints.push(constraint(names.relation(&q, &[], "pkey"), kind));
        }
        if cs.unique {
            t.constraints
                .push(constraint(names.relation(&q, &one, "key"), ConstraintKind::Unique { columns: one.clone() }));
        }
        if let Some(chk) = &cs.check {
            t.constraints
                .push(constraint(names.constraint(&q, &one, "check"), ConstraintKind::Check { expr: chk.clone() }));
        }
        if let Some(r) = &cs.references {
            let fk = foreign_key(one.clone(), r, self.sch, self.spec, self.before);
            t.constraints.push(constraint(names.constraint(&q, &one, "fkey"), ConstraintKind::ForeignKey(fk)));
        }
    }

    /// A constraint declared on the table, named as PostgreSQL would when it has no name;
    /// `None` for an entry validation refuses.
    fn table_constraint(&mut self, q: &QualName, cs: &ConstraintSpec, all_columns: &[String]) -> Option<Constraint> {
        let (label, cols, kind) = if let Some(chk) = &cs.check {
            let refs: Vec<String> =
                sqlparse::identifiers(chk).into_iter().filter(|i| all_columns.contains(i)).collect();
            let mut uniq = refs.clone();
            uniq.dedup();
            let cols = if uniq.len() == 1 { uniq } else { Vec::new() };
            ("check", cols, ConstraintKind::Check { expr: chk.clone() })
        } else if let Some(u) = &cs.unique {
            ("key", u.clone(), ConstraintKind::Unique { columns: u.clone() })
        } else if let Some(pk) = &cs.primary_key {
            ("pkey", Vec::new(), ConstraintKind::PrimaryKey { columns: pk.clone() })
        } else if let (Some(cols), Some(r)) = (&cs.foreign_key, &cs.references) {
            let fk = foreign_key(cols.clone(), r, self.sch, self.spec, self.before);
            ("fkey", cols.clone(), ConstraintKind::ForeignKey(fk))
        } else if let Some(ex) = &cs.exclude {
            let definition = format!("EXCLUDE {}", ex.trim());
            ("excl", Vec::new(), ConstraintKind::Raw { definition, columns: Vec::new() })
        } else {
            return None;
        };
        // A key with non-key columns is kept whole, as PostgreSQL prints it.
        let kind = match kind {
            ConstraintKind::Unique { columns } | ConstraintKind::PrimaryKey { columns } if !cs.include.is_empty() => {
                let what = if cs.unique.is_some() { "UNIQUE" } else { "PRIMARY KEY" };
                let definition = format!(
                    "{what} ({}) INCLUDE ({})",
                    phaseshift_pg::idents(&columns),
                    phaseshift_pg::idents(&cs.include)
                );
                ConstraintKind::Raw { definition, columns }
            }
            kind => kind,
        };
        let name = match &cs.name {
            Some(n) => n.clone(),
            None if matches!(kind, ConstraintKind::Unique { .. } | ConstraintKind::PrimaryKey { .. }) => {
                self.names.relation(q, &cols, label)
            }
            None => self.names.constraint(q, &cols, label),
        };
        // Renamed: from an old name the table still has, to one it does not have yet.
        if let Some(old) = &cs.renamed_from {
            let live = self.before.tables.get(q);
            let has = |n: &str| live.is_some_and(|t| t.constraints.iter().any(|c| c.name == n));
            if has(old) && !has(&name) {
                self.target.constraint_renames.push((q.clone(), old.clone(), name.clone()));
            }
        }
        Some(constraint(name, kind))
    }

    fn index(&mut self, q: &QualName, ix: &IndexSpec, all_columns: &[String]) -> Index {
        // A key that is exactly a column's name is that column, whatever characters it has.
        let keys: Vec<IndexKey> = ix
            .columns
            .iter()
            .map(|k| match all_columns.contains(k) {
                true => IndexKey {
                    expr: KeyExpr::Column(k.clone()),
                    opclass: None,
                    desc: false,
                    nulls_first: false,
                    collation: None,
                },
                false => IndexKey::parse(k),
            })
            .collect();
        let name = ix
            .name
            .clone()
            .unwrap_or_else(|| self.names.index(q, &keys.iter().map(IndexKey::name_part).collect::<Vec<_>>()));
        Index {
            name: QualName::new(q.schema.clone(), name),
            table: q.clone(),
            unique: ix.unique,
            method: ix.method.clone().unwrap_or_else(|| "btree".into()),
            keys,
            include: ix.include.clone(),
            predicate: ix.predicate.clone(),
            constraint_backed: false,
            comment: None,
            nulls_not_distinct: false,
            options: storage_parameters(&ix.storage),
            partition_indexes: Default::default(),
        }
    }

    fn retire(&self, r: &RetireSpec) -> Option<Retire> {
        let sch = self.sch;
        Some(match (&r.table, &r.column, &r.constraint, &r.view, &r.index) {
            (Some(t), Some(c), _, _, _) => Retire::Column { table: QualName::parse(t, sch), column: c.clone() },
            (Some(t), None, Some(c), _, _) => {
                Retire::Constraint { table: QualName::parse(t, sch), constraint: c.clone() }
            }
            (Some(t), None, None, _, _) => Retire::Table { table: QualName::parse(t, sch) },
            (None, _, _, Some(v), _) => Retire::View { view: QualName::parse(v, sch) },
            (None, _, _, None, Some(i)) => Retire::Index { index: QualName::parse(i, sch) },
            _ => return None,
        })
    }
}

/// Implicit names as PostgreSQL chooses them (`ChooseRelationName`,
/// `ChooseConstraintName`): the default name, or with the label numbered (`_key1`,
/// `_key2`) when another object of the spec, or another relation of the schema, has it.
/// Index-backed names (primary keys, unique constraints, indexes) share the schema's
/// relation names; checks and foreign keys need only differ within their table.
struct Names {
    relations: std::collections::HashSet<QualName>,
    constraints: std::collections::HashSet<(QualName, String)>,
}

impl Names {
    fn new(spec: &Spec, before: &Schema) -> Names {
        let sch = &spec.body.schema;
        let mut relations: std::collections::HashSet<QualName> =
            before.tables.keys().chain(before.views.keys()).cloned().collect();
        relations.extend(spec.body.tables.keys().map(|t| QualName::parse(t, sch)));
        relations.extend(spec.body.views.keys().map(|v| QualName::parse(v, sch)));
        // Names the spec gives explicitly are taken before any implicit one is chosen.
        let mut constraints = std::collections::HashSet::new();
        for (tname, ts) in &spec.body.tables {
            let q = QualName::parse(tname, sch);
            for cs in &ts.constraints {
                if let Some(n) = &cs.name {
                    if cs.unique.is_some() || cs.primary_key.is_some() {
                        relations.insert(QualName::new(q.schema.clone(), n.clone()));
                    } else {
                        constraints.insert((q.clone(), n.clone()));
                    }
                }
            }
            for ix in &ts.indexes {
                if let Some(n) = &ix.name {
                    relations.insert(QualName::new(q.schema.clone(), n.clone()));
                }
            }
        }
        Names { relations, constraints }
    }

    fn numbered(label: &str, pass: usize) -> String {
        if pass == 0 {
            label.to_string()
        } else {
            format!("{label}{pass}")
        }
    }

    fn relation(&mut self, table: &QualName, columns: &[String], label: &str) -> String {
        for pass in 0.. {
            let name = default_constraint_name(&table.name, columns, &Self::numbered(label, pass));
            let q = QualName::new(table.schema.clone(), name.clone());
            if self.relations.insert(q) {
                return name;
            }
        }
        unreachable!("some numbered name is free")
    }

    fn index(&mut self, table: &QualName, key_names: &[String]) -> String {
        for pass in 0.. {
            let name = crate::model::numbered_index_name(&table.name, key_names, pass);
            if self.relations.insert(QualName::new(table.schema.clone(), name.clone())) {
                return name;
            }
        }
        unreachable!("some numbered name is free")
    }

    fn constraint(&mut self, table: &QualName, columns: &[String], label: &str) -> String {
        for pass in 0.. {
            let name = default_constraint_name(&table.name, columns, &Self::numbered(label, pass));
            if self.constraints.insert((table.clone(), name.clone())) {
                return name;
            }
        }
        unreachable!("some numbered name is free")
    }
}

fn constraint(name: String, kind: ConstraintKind) -> Constraint {
    Constraint { name, kind, validated: true, comment: None }
}

fn lower_column(table: &QualName, name: &str, cs: &ColumnSpec) -> Column {
    let mut c = Column::new(name, normalize_type(&cs.data_type));
    c.not_null = cs.not_null || cs.primary_key;
    c.default = cs.default.as_ref().map(|d| d.to_sql());
    if serial_base(&cs.data_type).is_some() {
        let seq = crate::model::make_object_name(&table.name, Some(name), "seq");
        c.default = Some(format!("nextval('{}'::regclass)", crate::model::QualName::new(table.schema.clone(), seq)));
        c.not_null = true;
    }
    c.identity = cs.identity;
    if c.identity.is_some() {
        c.not_null = true;
    }
    c.generated = cs.generated.clone();
    c.collation = cs.collation.clone();
    c.comment = cs.comment.clone();
    c
}

fn foreign_key(columns: Vec<String>, r: &ReferenceSpec, sch: &str, spec: &Spec, before: &Schema) -> ForeignKey {
    let ref_table = QualName::parse(&r.table, sch);
    let ref_columns = match (&r.columns, &r.column) {
        (Some(cols), _) => cols.clone(),
        (None, Some(c)) => vec![c.clone()],
        (None, None) => referenced_primary_key(&ref_table, spec, before).unwrap_or_else(|| vec!["id".to_string()]),
    };
    ForeignKey {
        columns,
        ref_table,
        ref_columns,
        on_delete: r.on_delete.unwrap_or_default(),
        on_update: r.on_update.unwrap_or_default(),
        deferrable: r.deferrable || r.initially_deferred,
        initially_deferred: r.initially_deferred,
        match_full: false,
        on_delete_columns: Vec::new(),
    }
}

/// The primary key columns of `table`, declared in the spec or existing before it.
fn referenced_primary_key(table: &QualName, spec: &Spec, before: &Schema) -> Option<Vec<String>> {
    for (tname, ts) in &spec.body.tables {
        if &QualName::parse(tname, &spec.body.schema) != table {
            continue;
        }
        if let Some(pk) = &ts.primary_key {
            return Some(pk.clone());
        }
        if let Some((c, _)) = ts.columns.iter().find(|(_, c)| c.primary_key) {
            return Some(vec![c.clone()]);
        }
        if let Some(pk) = ts.constraints.iter().find_map(|c| c.primary_key.clone()) {
            return Some(pk);
        }
    }
    before.tables.get(table).and_then(|t| match &t.primary_key()?.kind {
        ConstraintKind::PrimaryKey { columns } => Some(columns.clone()),
        _ => None,
    })
}

/// Storage parameters as the catalog keeps them: `name=value`.
fn storage_parameters(with: &indexmap::IndexMap<String, super::format::Scalar>) -> Vec<String> {
    with.iter().map(|(k, v)| format!("{k}={}", v.to_sql().trim_matches('\''))).collect()
}

/// The backfills and compatibility views of a spec, resolved against `before` (the schema
/// the spec applies to) and `target` (what the spec declares).
pub fn lower_data(spec: &Spec, before: &Schema, target: &mut Target) {
    let after = target.apply_to(before);
    for b in &spec.body.backfill {
        let backfill = lower_backfill(spec, b, before, &after);
        target.backfills.push(backfill);
    }
    // A target filled by one backfill alone must end with as many rows as its source.
    let targets: Vec<QualName> = target.backfills.iter().map(|b| b.target.clone()).collect();
    for b in &mut target.backfills {
        b.sole_source = !b.in_place() && targets.iter().filter(|t| **t == b.target).count() == 1;
    }
    for sd in &spec.body.seed {
        let table = QualName::parse(&sd.into, &spec.body.schema);
        let key = after.tables.get(&table).map(primary_key_of).unwrap_or_default();
        let rows = sd.rows.iter().map(|r| r.iter().map(|(c, v)| (c.clone(), v.clone())).collect()).collect();
        target.seeds.push(crate::model::Seed { table, rows, key });
    }
    for c in &spec.body.compat {
        let compat = lower_compat(spec, c, &target.backfills);
        target.compat.push(compat);
    }
}

fn primary_key_of(t: &Table) -> Vec<String> {
    match t.primary_key().map(|c| &c.kind) {
        Some(ConstraintKind::PrimaryKey { columns }) => columns.clone(),
        _ => Vec::new(),
    }
}

/// One backfill: its key typed from the source, its upsert's conflict columns (the target's
/// primary key or first unique constraint), and its mappings.
fn lower_backfill(spec: &Spec, b: &BackfillSpec, before: &Schema, after: &Schema) -> crate::model::Backfill {
    let sch = &spec.body.schema;
    let source = QualName::parse(&b.from, sch);
    let into = QualName::parse(&b.into, sch);
    let src_table = after.tables.get(&source).or_else(|| before.tables.get(&source));
    let type_of = |t: Option<&Table>, c: &str| t.and_then(|t| t.column(c)).map(|c| c.data_type.clone());
    let key: Vec<(String, String)> = b
        .key
        .to_vec()
        .into_iter()
        .map(|k| {
            let ty = type_of(src_table, &k).unwrap_or_else(|| "text".into());
            (k, ty)
        })
        .collect();
    let tgt = after.tables.get(&into);
    let conflict = tgt
        .and_then(|t| {
            t.primary_key().or_else(|| t.constraints.iter().find(|c| matches!(c.kind, ConstraintKind::Unique { .. })))
        })
        .and_then(|c| match &c.kind {
            ConstraintKind::PrimaryKey { columns } | ConstraintKind::Unique { columns } => Some(columns.clone()),
            _ => None,
        })
        .unwrap_or_default();
    let sanitize = sanitize_order(&b.sanitize);
    let mappings = b
        .columns
        .iter()
        .map(|(col, expr)| {
            let (raw, cast) = sqlparse::split_cast(expr);
            crate::model::Mapping {
                column: col.clone(),
                expr: expr.clone(),
                raw,
                cast,
                target_type: type_of(tgt, col).unwrap_or_else(|| "text".into()),
                sanitize: sanitize.clone(),
                rules: rules(b.validate.get(col)),
                volatile: false,
                // Rewriting an existing column from itself: the originals are kept.
                keep_original: source == into
                    && before.tables.get(&into).is_some_and(|t| t.column(col).is_some())
                    && crate::sqlparse::mentions(expr, col),
                reverse: None,
            }
        })
        .collect();
    crate::model::Backfill {
        target: into,
        source,
        key,
        conflict,
        mappings,
        filter: b.filter.clone(),
        on_invalid: match b.on_invalid {
            super::format::OnInvalid::Fail => crate::model::InvalidRows::Fail,
            super::format::OnInvalid::Skip => crate::model::InvalidRows::Skip,
            super::format::OnInvalid::Quarantine => crate::model::InvalidRows::Quarantine,
        },
        sole_source: true,
        migration: spec.name.clone(),
    }
}

/// The cleanups asked for, in the order they apply.
fn sanitize_order(asked: &[super::format::Sanitize]) -> Vec<String> {
    use super::format::Sanitize;
    [
        (Sanitize::StripNul, "strip_nul"),
        (Sanitize::Trim, "trim"),
        (Sanitize::Lower, "lower"),
        (Sanitize::EmptyToNull, "empty_to_null"),
    ]
    .into_iter()
    .filter(|(s, _)| asked.contains(s))
    .map(|(_, name)| name.to_string())
    .collect()
}

fn rules(rule: Option<&super::format::Rule>) -> Vec<crate::model::RuleKind> {
    use super::format::{NamedRule, Rule};
    use crate::model::RuleKind;
    match rule {
        Some(Rule::Named(n)) => vec![match n {
            NamedRule::Required => RuleKind::Required,
            NamedRule::Uuid => RuleKind::Uuid,
            NamedRule::Email => RuleKind::Email,
            NamedRule::Slug => RuleKind::Slug,
        }],
        Some(Rule::Matches { matches }) => vec![RuleKind::Matches(matches.clone())],
        None => Vec::new(),
    }
}

/// A compatibility view, with the new tables whose rows can be carried back to the old one
/// by key: those whose key columns copy the old key as it is.
fn lower_compat(spec: &Spec, c: &CompatSpec, backfills: &[crate::model::Backfill]) -> crate::model::Compat {
    let sch = &spec.body.schema;
    let view = QualName::parse(&c.view, sch);
    let replaces = c.replaces.as_ref().map_or_else(|| view.clone(), |r| QualName::parse(r, sch));
    let reverse = backfills
        .iter()
        .filter(|b| b.source == replaces && !b.in_place())
        .filter_map(|b| {
            let keys: Option<Vec<(String, String)>> = b
                .key
                .iter()
                .map(|(k, _)| {
                    b.mappings
                        .iter()
                        .find(|m| m.cast.is_none() && m.sanitize.is_empty() && m.expr.trim().trim_matches('"') == k)
                        .map(|m| (k.clone(), m.column.clone()))
                })
                .collect();
            keys.map(|keys| crate::model::ReverseSync { target: b.target.clone(), keys })
        })
        .collect();
    crate::model::Compat {
        view,
        replaces,
        query: c.query.trim().trim_end_matches(';').to_string(),
        reverse,
        migration: spec.name.clone(),
    }
}

/// A routine named with its argument types, `schema.name(type, type)`: the name, and each
/// argument's type (commas inside parentheses, as in `numeric(10, 2)`, kept). `None`
/// without the parentheses.
pub(crate) fn routine_name(text: &str) -> Option<(&str, Vec<String>)> {
    let text = text.trim();
    let open = text.find('(')?;
    let inner = text.strip_suffix(')')?.get(open + 1..)?;
    let mut args = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, ch) in inner.char_indices() {
        match ch {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                args.push(inner[start..i].trim().to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    if !inner.trim().is_empty() {
        args.push(inner[start..].trim().to_string());
    }
    Some((text[..open].trim(), args))
}
