//! Enums, domains, composite and range types and collations: `sql/catalog/types.sql` and
//! `sql/catalog/collations.sql` and their rows.

use crate::live::qn;
use crate::model::{Collation, CompositeType, Domain, EnumType, QualName, RangeType, Schema};
use tokio_postgres::Row;

pub const QUERY: &str = include_str!("../../sql/catalog/types.sql");

pub fn read(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = qn(&r, "schema", "name");
        let comment: Option<String> = r.get("comment");
        match r.get::<_, String>("kind").as_str() {
            "e" => {
                out.enums.insert(name.clone(), EnumType { name, values: r.get("enum_values"), comment });
            }
            "d" => {
                let names: Vec<String> = r.get("check_names");
                let defs: Vec<String> = r.get("check_defs");
                out.domains.insert(
                    name.clone(),
                    Domain {
                        name,
                        base_type: r.get::<_, Option<String>>("base_type").unwrap_or_default(),
                        not_null: r.get("not_null"),
                        default: r.get("default_expr"),
                        collation: r.get("collation"),
                        checks: names.into_iter().zip(defs).collect(),
                        comment,
                    },
                );
            }
            "r" => {
                let multirange = match (
                    r.get::<_, Option<String>>("multirange_schema"),
                    r.get::<_, Option<String>>("multirange_name"),
                ) {
                    (Some(s), Some(m)) => QualName::new(s, m),
                    _ => QualName::new(name.schema.clone(), format!("{}_multirange", name.name)),
                };
                out.ranges.insert(
                    name.clone(),
                    RangeType {
                        name,
                        subtype: r.get::<_, Option<String>>("range_subtype").unwrap_or_default(),
                        subtype_opclass: r.get("range_opclass"),
                        collation: r.get("range_collation"),
                        canonical: r.get("range_canonical"),
                        subtype_diff: r.get("range_subdiff"),
                        multirange,
                        comment,
                    },
                );
            }
            _ => {
                let names: Vec<String> = r.get("attr_names");
                let types: Vec<String> = r.get("attr_types");
                out.composites.insert(
                    name.clone(),
                    CompositeType { name, attributes: names.into_iter().zip(types).collect(), comment },
                );
            }
        }
    }
}

pub const COLLATIONS_QUERY: &str = include_str!("../../sql/catalog/collations.sql");

pub fn read_collations(rows: Vec<Row>, out: &mut Schema) {
    for r in rows {
        let name = qn(&r, "schema", "name");
        out.collations.insert(
            name.clone(),
            Collation {
                name,
                provider: r.get("provider"),
                locale: r.get("locale"),
                lc_collate: r.get("lc_collate"),
                lc_ctype: r.get("lc_ctype"),
                deterministic: r.get("deterministic"),
            },
        );
    }
}
