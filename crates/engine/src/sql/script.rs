//! Plans with their SQL: what `plan` shows, what `sql` prints as a psql script, and what
//! the executor runs and records.

use super::render::render;
use super::{literal, qual, Statement};
use crate::model::QualName;
use crate::plan::{DataOp, IndexOp, TableOp};
use crate::plan::{Hazard, HazardKind, Op, PhaseKind, Plan};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenderedStep {
    pub description: String,
    /// The locks as a sentence, for people.
    pub lock: String,
    /// The locks as data (plan format 2 on; none in plans stored in format 1, whose locks
    /// are known only as the sentence).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locks: Option<crate::plan::lock::Locks>,
    pub hazards: Vec<RenderedHazard>,
    /// Forward SQL, statements separated by `;` and a blank line.
    pub sql: String,
    /// SQL that undoes the step.
    pub rollback: String,
    pub statements: Vec<Statement>,
    pub rollback_statements: Vec<Statement>,
    /// Indexes built concurrently by this step: an invalid leftover of a crashed build must
    /// be dropped before building again.
    pub concurrent_indexes: Vec<String>,
    /// Partitions this step detaches concurrently, with their parents: one left pending
    /// by an interrupted detach is finalized before the step runs again, and one already
    /// detached makes the step done.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub concurrent_detaches: Vec<ConcurrentDetach>,
    /// A backfill the executor runs in adaptive batches (instead of `statements`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backfill: Option<crate::model::Backfill>,
    /// A backfill check the executor runs and reports (instead of `statements`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check: Option<crate::model::Backfill>,
    /// Tables this step moves or writes into the archive schema: the migration needs them
    /// until it is complete (its rollback gives them back), so `purge` leaves them alone
    /// till then.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub archives: Vec<crate::model::QualName>,
    /// The archive this step makes of columns changed online, as they take their new
    /// versions' places: while it is there, this step and every one before it ran (a
    /// forward script run again skips them: they would fill the new columns from the
    /// already new ones); once it is purged, this step cannot be rolled back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contracted: Option<crate::model::QualName>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenderedHazard {
    pub kind: HazardKind,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenderedPhase {
    pub number: u32,
    pub kind: PhaseKind,
    pub steps: Vec<RenderedStep>,
}

#[derive(Debug, Clone, Serialize, Deserialize, schemars::JsonSchema)]
pub struct RenderedPlan {
    /// The version of this format ([`PLAN_FORMAT`] when written by this release). Plans
    /// stored before formats were numbered have none and read as format 1.
    #[serde(default = "format_one")]
    pub format: u32,
    pub phases: Vec<RenderedPhase>,
}

/// The plan format this release writes. A change that older readers would misread gets
/// a new number, and [`RenderedPlan::from_stored`] learns to read the previous one.
/// 1: the first (stored by release 0.1.0). 2: each step's locks as data (`locks`) beside
/// the sentence (`lock`); a format-1 plan reads with `locks` absent.
pub const PLAN_FORMAT: u32 = 2;

fn format_one() -> u32 {
    1
}

/// Why a stored plan cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum PlanFormatError {
    #[error(
        "the stored plan has format {0}, newer than this phaseshift reads (up to {PLAN_FORMAT}); upgrade phaseshift"
    )]
    Newer(u32),
    #[error("the stored plan does not read as plan format {format}: {message}")]
    Invalid { format: u32, message: String },
    #[error("the plan cannot be written as JSON: {0}")]
    Write(String),
}

impl RenderedPlan {
    /// Reads a plan as stored (JSON) by this or an earlier release.
    pub fn from_stored(json: &str) -> Result<RenderedPlan, PlanFormatError> {
        #[derive(Deserialize)]
        struct Head {
            #[serde(default = "format_one")]
            format: u32,
        }
        let head: Head =
            serde_json::from_str(json).map_err(|e| PlanFormatError::Invalid { format: 0, message: e.to_string() })?;
        if head.format > PLAN_FORMAT {
            return Err(PlanFormatError::Newer(head.format));
        }
        serde_json::from_str(json).map_err(|e| PlanFormatError::Invalid { format: head.format, message: e.to_string() })
    }

    /// The plan as stored with the migration (JSON of this format).
    pub fn to_stored(&self) -> Result<String, PlanFormatError> {
        serde_json::to_string(self).map_err(|e| PlanFormatError::Write(e.to_string()))
    }

    /// The JSON Schema of the plan format, as published in `docs/plan.schema.json`.
    pub fn json_schema() -> serde_json::Value {
        serde_json::to_value(schemars::schema_for!(RenderedPlan)).expect("a schema is JSON")
    }
}

fn join(statements: &[Statement]) -> String {
    statements.iter().map(|s| format!("{};", s.sql)).collect::<Vec<_>>().join("\n\n")
}

fn render_ops(ops: &[Op]) -> Vec<Statement> {
    ops.iter().flat_map(render).collect()
}

pub fn render_plan(plan: &Plan) -> RenderedPlan {
    RenderedPlan {
        format: PLAN_FORMAT,
        phases: plan
            .phases
            .iter()
            .map(|p| RenderedPhase {
                number: p.number,
                kind: p.kind,
                steps: p
                    .steps
                    .iter()
                    .map(|s| {
                        let statements = render_ops(&s.ops);
                        let rollback_statements = render_ops(&s.rollback);
                        RenderedStep {
                            description: s.description.clone(),
                            // SQL of the user's own is run as written: its locks are
                            // its own, and not read from it.
                            lock: if s.ops.iter().any(|o| matches!(o, Op::Sql { .. })) {
                                "as your SQL takes them (not analyzed)".to_string()
                            } else {
                                s.lock.to_string()
                            },
                            locks: Some(s.lock.clone()),
                            hazards: s
                                .hazards
                                .iter()
                                .map(|h: &Hazard| RenderedHazard { kind: h.kind, message: h.message.clone() })
                                .collect(),
                            sql: join(&statements),
                            rollback: join(&rollback_statements),
                            statements,
                            rollback_statements,
                            concurrent_indexes: s
                                .ops
                                .iter()
                                .filter_map(|o| match o {
                                    Op::Index(IndexOp::CreateIndex { index, concurrently: true }) => {
                                        Some(qual(&index.name))
                                    }
                                    _ => None,
                                })
                                .collect(),
                            concurrent_detaches: s
                                .ops
                                .iter()
                                .filter_map(|o| match o {
                                    Op::Table(TableOp::DetachPartition { table, parent, concurrently: true }) => {
                                        Some(ConcurrentDetach { table: table.clone(), parent: parent.clone() })
                                    }
                                    _ => None,
                                })
                                .collect(),
                            backfill: s.ops.iter().find_map(|o| match o {
                                Op::Data(DataOp::Backfill { b }) => Some(b.clone()),
                                _ => None,
                            }),
                            check: s.ops.iter().find_map(|o| match o {
                                Op::Data(DataOp::CheckBackfill { b }) => Some(b.clone()),
                                _ => None,
                            }),
                            archives: s
                                .ops
                                .iter()
                                .filter_map(|o| match o {
                                    Op::Table(TableOp::MoveTable { to, .. })
                                        if to.schema == crate::plan::ops::retire::ARCHIVE_SCHEMA =>
                                    {
                                        Some(to.clone())
                                    }
                                    Op::Data(DataOp::ArchiveVersioned { archive, .. }) => Some(archive.clone()),
                                    _ => None,
                                })
                                .collect(),
                            contracted: s.ops.iter().find_map(|o| match o {
                                Op::Data(DataOp::ArchiveVersioned { archive, .. }) => Some(archive.clone()),
                                _ => None,
                            }),
                        }
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// Query whose single boolean column says whether `index` (quoted, qualified) exists and is
/// invalid: the leftover of a crashed concurrent build.
pub fn invalid_index_query(index: &str) -> String {
    format!(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_index WHERE indexrelid = to_regclass({}) AND NOT indisvalid)",
        literal(index)
    )
}

/// A partition detached concurrently from its parent (see `RenderedStep`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ConcurrentDetach {
    pub table: QualName,
    pub parent: QualName,
}

impl ConcurrentDetach {
    /// One row: whether the table is still a partition of the parent, and whether an
    /// interrupted concurrent detach left it pending.
    pub fn state_query(&self) -> String {
        format!(
            "SELECT coalesce(bool_or(true), false) AS attached, coalesce(bool_or(inhdetachpending), false) AS pending \
             FROM pg_catalog.pg_inherits WHERE inhrelid = to_regclass({}) AND inhparent = to_regclass({})",
            literal(&qual(&self.table)),
            literal(&qual(&self.parent))
        )
    }

    /// Completes the interrupted detach.
    pub fn finalize(&self) -> String {
        format!("ALTER TABLE {} DETACH PARTITION {} FINALIZE", qual(&self.parent), qual(&self.table))
    }
}

/// Drops the (invalid) index `index`, already quoted and qualified.
pub fn drop_invalid_index(index: &str) -> String {
    format!("DROP INDEX CONCURRENTLY IF EXISTS {index}")
}

/// A script for `psql -v ON_ERROR_STOP=1 -f`: each step's transactional statements in a
/// transaction of their own, CONCURRENTLY statements outside. With `rollback`, the undo of
/// every phase, last first.
pub fn script(migration: &str, plan: &RenderedPlan, rollback: bool, lock_timeout_ms: u64) -> String {
    let mut out = String::new();
    out.push_str(&format!("-- phaseshift {}: migration {migration}\n", if rollback { "rollback" } else { "forward" }));
    out.push_str("-- Run with: psql -v ON_ERROR_STOP=1 -f THIS_FILE\n");
    out.push_str(&format!("SET lock_timeout = '{lock_timeout_ms}ms';\n"));
    if plan.phases.iter().flat_map(|p| p.steps.iter()).any(|s| s.backfill.is_some()) {
        // Sync triggers and backfills record refused rows in phaseshift's own tables.
        out.push_str("\n-- phaseshift's state tables (the quarantine of refused rows)\n");
        for m in super::state::STATE_MIGRATIONS {
            out.push_str(m.sql);
        }
    }
    // Run forward again after its columns changed online took their places (contract), the
    // migration would fill them anew from the new values: the steps up to that one are
    // skipped while its archive is there.
    let contracted =
        plan.phases.iter().flat_map(|p| &p.steps).find_map(|s| s.contracted.as_ref()).filter(|_| !rollback);
    if let Some(archive) = contracted {
        out.push_str(&format!(
            "\n-- Columns changed online already took their places (its archive is there): skip to after that.\nSELECT to_regclass({}) IS NOT NULL AS ps_contracted \\gset\n\\if :ps_contracted\n\\else\n",
            literal(&qual(archive))
        ));
    }
    let phases: Vec<&RenderedPhase> =
        if rollback { plan.phases.iter().rev().collect() } else { plan.phases.iter().collect() };
    for phase in phases {
        out.push_str(&format!("\n-- ===== phase {}: {} =====\n", phase.number, phase.kind.as_str()));
        let steps: Vec<&RenderedStep> =
            if rollback { phase.steps.iter().rev().collect() } else { phase.steps.iter().collect() };
        for step in steps {
            out.push_str(&format!(
                "\n-- step: {}{}\n-- lock: {}\n",
                if rollback { "undo " } else { "" },
                step.description,
                step.lock
            ));
            for h in &step.hazards {
                out.push_str(&format!("-- HAZARD {}: {}\n", h.kind, h.message));
            }
            if !rollback {
                for (i, ix) in step.concurrent_indexes.iter().enumerate() {
                    out.push_str(&format!(
                        "{} AS ps_invalid_{i} \\gset\n\\if :ps_invalid_{i}\n{};\n\\endif\n",
                        invalid_index_query(ix),
                        drop_invalid_index(ix)
                    ));
                }
                // A detach left pending is finalized; the step detaches only what is still
                // attached (its one statement is the detach).
                if let [d] = step.concurrent_detaches.as_slice() {
                    out.push_str(&format!(
                        "SELECT pending AS ps_pending, attached AND NOT pending AS ps_detach FROM ({}) s \\gset\n\\if :ps_pending\n{};\n\\endif\n\\if :ps_detach\n",
                        d.state_query(),
                        d.finalize()
                    ));
                }
            }
            let statements = if rollback { &step.rollback_statements } else { &step.statements };
            let mut in_tx = false;
            for s in statements {
                if s.transactional && !in_tx {
                    out.push_str("BEGIN;\n");
                    in_tx = true;
                } else if !s.transactional && in_tx {
                    out.push_str("COMMIT;\n");
                    in_tx = false;
                }
                out.push_str(&s.sql);
                out.push_str(";\n");
            }
            if in_tx {
                out.push_str("COMMIT;\n");
            }
            if !rollback && step.concurrent_detaches.len() == 1 {
                out.push_str("\\endif\n");
            }
            if contracted.is_some() && step.contracted.as_ref() == contracted {
                out.push_str("\\endif\n");
            }
        }
    }
    out
}
