//! Type names in the canonical form `format_type` prints, for when no server is at hand to
//! canonicalize them (planning against an empty database, spec-to-spec diffs).

/// Defaults PostgreSQL evaluates once per row (adding a column with one rewrites the table),
/// recognized by the functions they call.
pub fn volatile_default(expr: &str) -> bool {
    let e = expr.to_lowercase();
    ["random(", "gen_random_uuid(", "uuid_generate", "clock_timestamp(", "nextval(", "timeofday("]
        .iter()
        .any(|f| e.contains(f))
}

/// `int4` -> `integer`, `varchar(20)` -> `character varying(20)`, `timestamptz[]` ->
/// `timestamp with time zone[]`. Unknown names are returned lowercased and trimmed.
pub fn normalize_type(t: &str) -> String {
    let t = t.trim();
    let (base, arr) = match t.find('[') {
        Some(i) => (t[..i].trim(), "[]".repeat(t[i..].matches('[').count())),
        None => (t, String::new()),
    };
    let (name, mods) = match base.find('(') {
        Some(i) => (base[..i].trim(), Some(base[i..].replace(' ', ""))),
        None => (base, None),
    };
    if name.starts_with('"') {
        return format!("{}{}{arr}", name, mods.unwrap_or_default());
    }
    let lower = name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let canon = match lower.as_str() {
        "int" | "int4" | "integer" | "serial" | "serial4" => "integer",
        "int8" | "bigint" | "bigserial" | "serial8" => "bigint",
        "int2" | "smallint" | "smallserial" | "serial2" => "smallint",
        "bool" | "boolean" => "boolean",
        "float8" | "double precision" | "float" => "double precision",
        "float4" | "real" => "real",
        "decimal" | "numeric" => "numeric",
        "varchar" | "character varying" => "character varying",
        "char" | "character" | "bpchar" => {
            return format!("character{}{arr}", mods.unwrap_or_else(|| "(1)".into()));
        }
        "timestamptz" | "timestamp with time zone" => "timestamp with time zone",
        "timestamp" | "timestamp without time zone" => "timestamp without time zone",
        "timetz" | "time with time zone" => "time with time zone",
        "time" | "time without time zone" => "time without time zone",
        "varbit" | "bit varying" => "bit varying",
        other => other,
    };
    // timestamp(3) with time zone prints as `timestamp(3) with time zone`.
    if let (Some(m), Some(rest)) = (&mods, canon.strip_prefix("timestamp")) {
        return format!("timestamp{m}{rest}{arr}");
    }
    if let (Some(m), Some(rest)) = (&mods, canon.strip_prefix("time ")) {
        return format!("time{m} {rest}{arr}");
    }
    format!("{canon}{}{arr}", mods.unwrap_or_default())
}

/// Names of PostgreSQL's built-in types as a spec may write them (without modifiers).
pub const BUILTIN_TYPES: &[&str] = &[
    "smallint",
    "integer",
    "bigint",
    "int",
    "int2",
    "int4",
    "int8",
    "serial",
    "bigserial",
    "smallserial",
    "serial2",
    "serial4",
    "serial8",
    "numeric",
    "decimal",
    "real",
    "float",
    "float4",
    "float8",
    "double precision",
    "money",
    "text",
    "varchar",
    "character varying",
    "char",
    "character",
    "bpchar",
    "bytea",
    "boolean",
    "bool",
    "date",
    "time",
    "timetz",
    "timestamp",
    "timestamptz",
    "time with time zone",
    "time without time zone",
    "timestamp with time zone",
    "timestamp without time zone",
    "interval",
    "uuid",
    "json",
    "jsonb",
    "xml",
    "inet",
    "cidr",
    "macaddr",
    "macaddr8",
    "bit",
    "varbit",
    "bit varying",
    "tsvector",
    "tsquery",
    "point",
    "line",
    "lseg",
    "box",
    "path",
    "polygon",
    "circle",
    "int4range",
    "int8range",
    "numrange",
    "tsrange",
    "tstzrange",
    "daterange",
    "int4multirange",
    "int8multirange",
    "nummultirange",
    "tsmultirange",
    "tstzmultirange",
    "datemultirange",
    "oid",
    "regclass",
    "name",
    "citext",
    "hstore",
    "ltree",
    "pg_lsn",
    "txid_snapshot",
    "pg_snapshot",
];

/// A type name that is not a built-in but is one letter away from one: most likely
/// a typo (`integr`), with the name meant. Other unknown names may be types of the
/// database (enums, domains), which only a server can tell.
pub fn likely_type_typo(t: &str) -> Option<&'static str> {
    let base = t.split(['(', '[']).next().unwrap_or("").trim().to_lowercase();
    if base.is_empty() || base.contains('.') || base.starts_with('"') || BUILTIN_TYPES.contains(&base.as_str()) {
        return None;
    }
    BUILTIN_TYPES.iter().find(|b| b.len() >= 4 && base.len() >= 5 && strsim::levenshtein(&base, b) == 1).copied()
}

/// `serial` family: the integer type they stand for, if `t` is one.
pub fn serial_base(t: &str) -> Option<&'static str> {
    match t.trim().to_lowercase().as_str() {
        "serial" | "serial4" => Some("integer"),
        "bigserial" | "serial8" => Some("bigint"),
        "smallserial" | "serial2" => Some("smallint"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_type as n;

    #[test]
    fn aliases() {
        assert_eq!(n("int"), "integer");
        assert_eq!(n("VARCHAR(20)"), "character varying(20)");
        assert_eq!(n("numeric(10, 2)"), "numeric(10,2)");
        assert_eq!(n("timestamptz"), "timestamp with time zone");
        assert_eq!(n("timestamptz(3)"), "timestamp(3) with time zone");
        assert_eq!(n("uuid[]"), "uuid[]");
        assert_eq!(n("int4[][]"), "integer[][]");
        assert_eq!(n("char"), "character(1)");
        assert_eq!(n("text"), "text");
    }
}
