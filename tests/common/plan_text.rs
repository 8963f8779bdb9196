// Shared by the database tier (tests/it/cases.rs) and the tier without one (tests/plans.rs).

/// A plan as its snapshots show it: each phase, each step with its lock, hazards, SQL and
/// rollback.
pub fn plan_text(planned: &[phaseshift::exec::PlannedMigration]) -> String {
    let mut s = String::new();
    for m in planned {
        s.push_str(&format!("migration {}\n", m.name));
        for p in &m.plan.phases {
            s.push_str(&format!("\n== phase {}: {}\n", p.number, p.kind.as_str()));
            for st in &p.steps {
                s.push_str(&format!("\n-- {}\n-- lock: {}\n", st.description, st.lock));
                for h in &st.hazards {
                    s.push_str(&format!("-- hazard {}: {}\n", h.kind, h.message));
                }
                s.push_str(&format!("{}\n-- rollback:\n{}\n", st.sql, st.rollback));
            }
        }
    }
    s
}
