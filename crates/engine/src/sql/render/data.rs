//! Rendering: Data movement: sync triggers, backfills, checks, compatibility views, seeds.

use super::*;
use crate::plan::DataOp;

pub(super) fn render(op: &DataOp) -> Vec<Statement> {
    match op {
        DataOp::CreateSyncTrigger { source, backfills } => crate::sql::data::sync_trigger(source, &original_source(backfills, source), backfills),
        DataOp::DropSyncTrigger { table, source } => crate::sql::data::drop_sync_trigger(table, source),
        DataOp::Backfill { b } => vec![crate::sql::data::backfill_script(b)],
        DataOp::ForgetBackfill { b } => vec![guarded(
            "to_regclass('phaseshift.backfill_progress') IS NOT NULL",
            &crate::sql::data::forget_backfill(b),
        )],
        // Nothing to check once the source has gone (a script run again after the switch
        // moved it away); a backfill in place is checked row by row.
        DataOp::CheckBackfill { b } => vec![Statement::tx(format!(
            "DO {}",
            dollar(&format!(
                "\nDECLARE r record;\nBEGIN\n  IF to_regclass({}) IS NULL THEN\n    RETURN;\n  END IF;\n  EXECUTE {} INTO r;\n  IF {} THEN\n    RAISE EXCEPTION 'backfill of % does not match its source: % source rows (% excluded), % target rows, checksums % and %, % rows differing', {}, r.source_rows, r.excluded, r.target_rows, r.source_sum, r.target_sum, r.mismatched;\n  END IF;\nEND\n",
                literal(&qual(&b.source)),
                literal(&crate::sql::data::check(b)),
                if b.in_place() {
                    "r.mismatched <> 0"
                } else {
                    "r.source_rows - r.excluded <> r.target_rows OR r.source_sum <> r.target_sum OR r.mismatched <> 0"
                },
                literal(&b.target.to_string())
            ))
        ))],
        DataOp::CreateCompatView { c, archived } => crate::sql::data::compat_view(c, archived),
        DataOp::Seed { s } => crate::sql::data::seed(s),
        DataOp::CreateVersion { version, filling } => crate::sql::version::create_version(version, *filling),
        DataOp::DropVersion { version } => crate::sql::version::drop_version(version),
        DataOp::CreateOldVersion { version } => crate::sql::version::create_old_version(version),
        DataOp::DropOldVersion { version } => crate::sql::version::drop_old_version(version),
        DataOp::ArchiveVersioned { v, archive } => vec![crate::sql::data::archive_versioned(v, archive)],
        DataOp::RestoreVersioned { v, archive } => vec![crate::sql::data::restore_versioned(v, archive)],
        DataOp::Guarded { when, ops } => {
            let (inner, after): (Vec<Statement>, Vec<Statement>) =
                ops.iter().flat_map(crate::sql::render).partition(|s| s.transactional);
            let condition = match when {
                crate::plan::Guard::Relation { name } => format!("{} IS NOT NULL", regclass(name)),
                crate::plan::Guard::Column { table, column } => crate::kinds::column::render::column_exists(table, column),
            };
            let mut body = format!("\nBEGIN\n  IF {condition} THEN\n");
            for s in &inner {
                body.push_str(&format!("    EXECUTE {};\n", dollar(&s.sql)));
            }
            body.push_str("  END IF;\nEND\n");
            std::iter::once(Statement::tx(format!("DO {}", dollar(&body)))).chain(after).collect()
        }
        DataOp::Unseed { s } => crate::sql::data::unseed(s),
        DataOp::DropCompatView { c } => crate::sql::data::drop_compat_view(c),
        DataOp::RevokeCompatGrants { archived } => vec![crate::sql::data::revoke_compat_grants(archived)],
        DataOp::CarryBack { c, archived } => crate::sql::data::carry_back(c, archived),
        DataOp::CreateContractLog { c, archived } => crate::sql::data::contract_log(c, archived),
        DataOp::DropContractLog { c } => crate::sql::data::drop_contract_log(c),
        DataOp::ClearBackfill { b } if b.sole_source && !b.in_place() => {
            let mut out = vec![guarded(
                &format!("{} IS NOT NULL", regclass(&b.target)),
                &format!("DELETE FROM {}", qual(&b.target)),
            )];
            // Keys noted for a copy that will start again from nothing: the sync trigger
            // writes the target itself again.
            if crate::sql::data::deferred(b) {
                out.push(Statement::tx(crate::sql::data::drop_log(b)));
            }
            out
        }
        DataOp::ClearBackfill { .. } => Vec::new(),
        DataOp::RestoreOriginals { b, drop } => crate::sql::data::restore_originals(b, *drop),
    }
}
