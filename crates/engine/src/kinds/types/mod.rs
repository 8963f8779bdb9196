//! Enums, domains, composite types and collations: created, changed (enum values added
//! in place; values removed or reordered through a new type, columns converted), dropped.
//!
//! `compare` finds this kind's changes, `plan` turns them into steps, `render` its operations into SQL.

pub mod compare;
pub mod plan;
pub mod render;

use crate::model::{Collation, CompositeType, Domain, EnumType, QualName, RangeType};
use serde::Serialize;

/// Enums, domains, composite types and collations.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum TypeOp {
    CreateEnum {
        e: EnumType,
    },
    /// `ALTER TYPE ... ADD VALUE IF NOT EXISTS` (placed before `before`, else last).
    AddEnumValue {
        name: QualName,
        value: String,
        before: Option<String>,
    },
    RenameType {
        from: QualName,
        to: String,
    },
    /// Points a column at another type through text (`USING col::text::type`).
    RetypeColumnViaText {
        table: QualName,
        column: String,
        type_name: QualName,
    },
    DropType {
        name: QualName,
    },
    CreateDomain {
        d: Domain,
    },
    DropDomain {
        name: QualName,
    },
    SetDomainDefault {
        name: QualName,
        default: Option<String>,
    },
    SetDomainNotNull {
        name: QualName,
        not_null: bool,
    },
    AddDomainCheck {
        name: QualName,
        constraint: String,
        definition: String,
    },
    DropDomainCheck {
        name: QualName,
        constraint: String,
    },
    CreateComposite {
        c: CompositeType,
    },
    /// `CREATE TYPE ... AS RANGE`, its multirange type with it.
    CreateRange {
        r: RangeType,
    },
    AddAttribute {
        name: QualName,
        attribute: String,
        data_type: String,
    },
    DropAttribute {
        name: QualName,
        attribute: String,
    },
    AlterAttributeType {
        name: QualName,
        attribute: String,
        data_type: String,
    },
    CreateCollation {
        c: Collation,
    },
    DropCollation {
        name: QualName,
    },
}
