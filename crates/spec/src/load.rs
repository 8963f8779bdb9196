use super::diagnostic::{Diagnostic, Diagnostics};
use super::format::{BackfillSpec, CompatSpec, RetireSpec, SeedSpec, SpecFile, SqlSpec, TableSpec, TypeSpec, ViewSpec};
use super::positions::{display_path, Positions, Seg, YamlPath};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// A loaded, structurally valid spec.
#[derive(Debug)]
pub struct Spec {
    pub file: PathBuf,
    /// Migration id (the `name` key, or the file stem).
    pub name: String,
    /// The file's text, kept to show what changed when a spec is edited after apply.
    pub text: String,
    /// sha256 of the text, hex.
    pub checksum: String,
    pub body: SpecFile,
    pub positions: Positions,
}

impl Spec {
    /// A diagnostic at the key that introduces `path`.
    pub fn at_key(&self, path: &[Seg], message: String, help: Option<String>) -> Diagnostic {
        let pos = self.positions.key(path);
        Diagnostic { file: self.file.clone(), line: pos.line, col: pos.col, message, help }
    }

    /// A diagnostic at the value found at `path`.
    pub fn at_value(&self, path: &[Seg], message: String, help: Option<String>) -> Diagnostic {
        let pos = self.positions.value(path);
        Diagnostic { file: self.file.clone(), line: pos.line, col: pos.col, message, help }
    }
}

/// Loads a spec file, or every `*.yaml` / `*.yml` in a directory in file-name order, and
/// checks each on its own (structure and semantics that need no database).
pub fn load_path(path: &Path) -> Result<Vec<Spec>, Diagnostics> {
    let files = spec_files(path)?;
    let mut specs = Vec::new();
    let mut diags = Vec::new();
    for file in files {
        let text = match std::fs::read_to_string(&file) {
            Ok(t) => t.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(t),
            Err(e) => {
                diags.push(file_diag(&file, format!("cannot read spec: {e}"), None));
                continue;
            }
        };
        match load_str(&file, &text) {
            Ok(spec) => specs.push(spec),
            Err(d) => diags.extend(d.0),
        }
    }
    for (i, a) in specs.iter().enumerate() {
        if let Some(b) = specs[..i].iter().find(|b| b.name == a.name) {
            diags.push(a.at_key(
                &[Seg::Key("name".into())],
                format!("migration name `{}` is also used by {}", a.name, b.file.display()),
                Some("give each spec a distinct `name` (or file name)".into()),
            ));
        }
    }
    if diags.is_empty() {
        diags.extend(super::validate::validate_set(&specs));
    }
    if diags.is_empty() {
        Ok(specs)
    } else {
        Err(Diagnostics(diags))
    }
}

fn file_diag(file: &Path, message: String, help: Option<String>) -> Diagnostic {
    Diagnostic { file: file.to_path_buf(), line: 1, col: 1, message, help }
}

fn spec_files(path: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let meta = std::fs::metadata(path).map_err(|e| {
        Diagnostics(vec![file_diag(
            path,
            format!("cannot open: {e}"),
            Some("pass a spec file (.yaml) or a directory of specs".into()),
        )])
    })?;
    if meta.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| Diagnostics(vec![file_diag(path, format!("cannot list directory: {e}"), None)]))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Diagnostics(vec![file_diag(
            path,
            "no .yaml or .yml spec files in this directory".into(),
            Some("specs are applied in file-name order: 001_first.yaml, 002_second.yaml".into()),
        )]));
    }
    Ok(files)
}

/// Loads one spec from text. `file` is used for messages and the default migration name.
pub fn load_str(file: &Path, text: &str) -> Result<Spec, Diagnostics> {
    let yaml_error = |line: usize, col: usize, message: String| {
        Diagnostics(vec![Diagnostic { file: file.to_path_buf(), line, col, message, help: None }])
    };
    let positions = Positions::index(text)
        .map_err(|e| yaml_error(e.pos.line, e.pos.col, format!("invalid YAML: {}", e.message)))?;
    let value: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        yaml_error(line, col, format!("invalid YAML: {e}"))
    })?;
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("migration").to_string();
    let mut spec = Spec {
        file: file.to_path_buf(),
        name: stem,
        text: text.to_string(),
        checksum: hex(&Sha256::digest(text.as_bytes())),
        body: SpecFile {
            version: 1,
            name: None,
            description: None,
            schema: "public".into(),
            tables: Default::default(),
            views: Default::default(),
            types: Default::default(),
            retire: Vec::new(),
            backfill: Vec::new(),
            compat: Vec::new(),
            seed: Vec::new(),
            sql: Vec::new(),
            grants: Vec::new(),
            default_privileges: Vec::new(),
        },
        positions,
    };
    if value.is_null() {
        return Err(Diagnostics(vec![spec.at_key(
            &[],
            "the spec is empty".into(),
            Some("start with `version: 1`".into()),
        )]));
    }
    let mut diags = Vec::new();
    match deserialize::<SpecFile>(&spec, value.clone(), &[], &mut diags) {
        Some(body) => spec.body = body,
        None => diags = every_entry_error(&spec, &value),
    }
    if let Some(name) = &spec.body.name {
        spec.name = name.clone();
    }
    if diags.is_empty() {
        diags.extend(super::validate::validate(&spec));
    }
    if diags.is_empty() {
        Ok(spec)
    } else {
        Err(Diagnostics(diags))
    }
}

/// Every error of a spec that does not deserialize, not just the first: each entry is
/// checked on its own, then the rest of the spec without them.
fn every_entry_error(spec: &Spec, value: &yaml_serde::Value) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    collect_entry_errors::<TableSpec>(spec, value, "tables", &mut diags);
    collect_entry_errors::<ViewSpec>(spec, value, "views", &mut diags);
    collect_entry_errors::<TypeSpec>(spec, value, "types", &mut diags);
    collect_entry_errors::<RetireSpec>(spec, value, "retire", &mut diags);
    collect_backfill_errors(spec, value, &mut diags);
    collect_entry_errors::<CompatSpec>(spec, value, "compat", &mut diags);
    collect_entry_errors::<SeedSpec>(spec, value, "seed", &mut diags);
    collect_entry_errors::<SqlSpec>(spec, value, "sql", &mut diags);
    let mut top = value.clone();
    if let Some(m) = top.as_mapping_mut() {
        for k in ["tables", "views", "types", "retire", "backfill", "compat", "seed", "sql"] {
            m.remove(k);
        }
    }
    let _ = deserialize::<SpecFile>(spec, top, &[], &mut diags);
    diags.dedup();
    if diags.is_empty() {
        diags.push(spec.at_key(&[], "the spec does not match the format".into(), None));
    }
    diags
}

/// Every problem of every backfill entry, not only the first of each: its fields are
/// checked one by one, so that a bad rule, sanitizer and policy in one entry are all
/// reported in one run, each with the valid names.
fn collect_backfill_errors(spec: &Spec, value: &yaml_serde::Value, diags: &mut Vec<Diagnostic>) {
    let Some(yaml_serde::Value::Sequence(entries)) = value.get("backfill") else {
        collect_entry_errors::<BackfillSpec>(spec, value, "backfill", diags);
        return;
    };
    for (i, entry) in entries.iter().enumerate() {
        let path = vec![Seg::Key("backfill".into()), Seg::Index(i)];
        let mut own = Vec::new();
        backfill_fields(spec, entry, &path, &mut own);
        let mut generic = Vec::new();
        let _ = deserialize::<BackfillSpec>(spec, entry.clone(), &path, &mut generic);
        if own.is_empty() {
            diags.extend(generic);
        } else {
            // The field checks say it better than serde's first error; unknown keys stay.
            diags.extend(generic.into_iter().filter(|d| d.message.starts_with("unknown key")));
            diags.extend(own);
        }
    }
}

fn names<T: serde::Serialize>(all: &[T]) -> Vec<String> {
    all.iter().filter_map(|v| serde_json::to_value(v).ok()?.as_str().map(str::to_string)).collect()
}

fn backfill_fields(spec: &Spec, entry: &yaml_serde::Value, path: &[Seg], d: &mut Vec<Diagnostic>) {
    backfill_rules(spec, entry, path, d);
    backfill_words(spec, entry, path, d);
    backfill_required(spec, entry, path, d);
}

/// `word` is one of `valid`, or a diagnostic says which it may be.
fn one_of(spec: &Spec, word: &str, valid: &[String], (one, many): (&str, &str), p: &[Seg], d: &mut Vec<Diagnostic>) {
    if !valid.iter().any(|v| v == word) {
        let help = match suggest(word, valid) {
            Some(s) => format!("did you mean `{s}`? {many} are: {}", valid.join(", ")),
            None => format!("{many} are: {}", valid.join(", ")),
        };
        d.push(spec.at_value(p, format!("unknown {one} `{word}`"), Some(help)));
    }
}

/// A backfill's `validate`: a rule name or `{ matches: REGEX }` for each column.
fn backfill_rules(spec: &Spec, entry: &yaml_serde::Value, path: &[Seg], d: &mut Vec<Diagnostic>) {
    use super::format::NamedRule;
    let at = |extra: &[Seg]| [path, extra].concat();
    let rules = names(&[NamedRule::Required, NamedRule::Uuid, NamedRule::Email, NamedRule::Slug]);
    if let Some(yaml_serde::Value::Mapping(m)) = entry.get("validate") {
        for (col, rule) in m {
            let col = col.as_str().unwrap_or_default().to_string();
            let p = at(&[Seg::Key("validate".into()), Seg::Key(col.clone())]);
            match rule {
                yaml_serde::Value::String(name) => {
                    let mut valid = rules.clone();
                    valid.sort();
                    if !valid.contains(name) {
                        let help = format!(
                            "{}rules are: {}, or {{ matches: REGEX }}",
                            suggest(name, &valid).map(|s| format!("did you mean `{s}`? ")).unwrap_or_default(),
                            valid.join(", ")
                        );
                        d.push(spec.at_value(&p, format!("unknown rule `{name}` for column `{col}`"), Some(help)));
                    }
                }
                yaml_serde::Value::Mapping(r) if r.len() == 1 && r.get("matches").is_some_and(|v| v.is_string()) => {}
                _ => d.push(spec.at_value(
                    &p,
                    format!("the rule for column `{col}` is neither a rule name nor {{ matches: REGEX }}"),
                    Some(format!("rules are: {}, or {{ matches: REGEX }}", rules.join(", "))),
                )),
            }
        }
    }
}

/// A backfill's `sanitize` and `on_invalid`: names from their lists.
fn backfill_words(spec: &Spec, entry: &yaml_serde::Value, path: &[Seg], d: &mut Vec<Diagnostic>) {
    use super::format::{OnInvalid, Sanitize};
    let at = |extra: &[Seg]| [path, extra].concat();
    let sanitizers = names(&[Sanitize::Trim, Sanitize::StripNul, Sanitize::Lower, Sanitize::EmptyToNull]);
    let policies = names(&[OnInvalid::Fail, OnInvalid::Skip, OnInvalid::Quarantine]);
    match entry.get("sanitize") {
        Some(yaml_serde::Value::Sequence(list)) => {
            for (j, item) in list.iter().enumerate() {
                let p = at(&[Seg::Key("sanitize".into()), Seg::Index(j)]);
                match item.as_str() {
                    Some(w) => one_of(spec, w, &sanitizers, ("sanitizer", "sanitizers"), &p, d),
                    None => d.push(spec.at_value(
                        &p,
                        "a sanitizer is a name".into(),
                        Some(format!("sanitizers are: {}", sanitizers.join(", "))),
                    )),
                }
            }
        }
        Some(other) if !other.is_null() => d.push(spec.at_value(
            &at(&[Seg::Key("sanitize".into())]),
            "sanitize is a list".into(),
            Some(format!("write sanitize: [{}]", sanitizers.join(", "))),
        )),
        _ => {}
    }
    if let Some(v) = entry.get("on_invalid") {
        let p = at(&[Seg::Key("on_invalid".into())]);
        match v.as_str() {
            Some(w) => one_of(spec, w, &policies, ("on_invalid policy", "policies"), &p, d),
            None => d.push(spec.at_value(
                &p,
                "on_invalid is a name".into(),
                Some(format!("policies are: {}", policies.join(", "))),
            )),
        }
    }
}

/// A backfill's `into`, `from`, `key` and `columns`: present, and of the right shape.
fn backfill_required(spec: &Spec, entry: &yaml_serde::Value, path: &[Seg], d: &mut Vec<Diagnostic>) {
    let at = |extra: &[Seg]| [path, extra].concat();
    for key in ["into", "from"] {
        match entry.get(key) {
            None => d.push(spec.at_key(
                path,
                format!("missing key `{key}` in this backfill"),
                Some(format!("add {key}: TABLE")),
            )),
            Some(v) if !v.is_string() => {
                d.push(spec.at_value(&at(&[Seg::Key(key.into())]), format!("`{key}` is a table name"), None))
            }
            _ => {}
        }
    }
    match entry.get("key") {
        None => d.push(spec.at_key(
            path,
            "missing key `key` in this backfill".into(),
            Some("add key: COLUMN (a unique source key), or key: [A, B]".into()),
        )),
        Some(yaml_serde::Value::String(_)) => {}
        Some(yaml_serde::Value::Sequence(l)) if l.iter().all(|x| x.is_string()) => {}
        Some(_) => d.push(spec.at_value(
            &at(&[Seg::Key("key".into())]),
            "`key` is a column name or a list of them".into(),
            None,
        )),
    }
    match entry.get("columns") {
        None => d.push(spec.at_key(
            path,
            "missing key `columns` in this backfill".into(),
            Some("add columns: { TARGET_COLUMN: SOURCE_EXPRESSION }".into()),
        )),
        Some(yaml_serde::Value::Mapping(m)) => {
            for (c, e) in m {
                if !(e.is_string() || e.is_number() || e.is_bool()) {
                    let c = c.as_str().unwrap_or_default().to_string();
                    d.push(spec.at_value(
                        &at(&[Seg::Key("columns".into()), Seg::Key(c.clone())]),
                        format!("the value for column `{c}` is not an SQL expression"),
                        Some("write a string: an SQL expression over the source row's columns".into()),
                    ));
                }
            }
        }
        Some(_) => d.push(spec.at_value(
            &at(&[Seg::Key("columns".into())]),
            "`columns` maps target columns to SQL expressions".into(),
            None,
        )),
    }
}

fn collect_entry_errors<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    spec: &Spec,
    value: &yaml_serde::Value,
    section: &str,
    diags: &mut Vec<Diagnostic>,
) {
    let Some(v) = value.get(section) else { return };
    let base = vec![Seg::Key(section.into())];
    match v {
        yaml_serde::Value::Mapping(m) => {
            for (k, entry) in m {
                let mut path = base.clone();
                path.push(Seg::Key(k.as_str().unwrap_or_default().to_string()));
                let _ = deserialize::<T>(spec, entry.clone(), &path, diags);
            }
        }
        yaml_serde::Value::Sequence(s) => {
            for (i, entry) in s.iter().enumerate() {
                let mut path = base.clone();
                path.push(Seg::Index(i));
                let _ = deserialize::<T>(spec, entry.clone(), &path, diags);
            }
        }
        _ => {}
    }
}

/// Deserializes `value` (found at `base`), recording unknown keys and the first type error
/// as diagnostics. Returns the value only when there was no problem at all.
fn deserialize<T: serde::de::DeserializeOwned + schemars::JsonSchema>(
    spec: &Spec,
    value: yaml_serde::Value,
    base: &[Seg],
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let mut unknown: Vec<YamlPath> = Vec::new();
    let mut on_unknown = |p: serde_ignored::Path<'_>| {
        let mut path = base.to_vec();
        path.extend(ignored_path(&p));
        unknown.push(path);
    };
    let de = serde_ignored::Deserializer::new(value, &mut on_unknown);
    let result: Result<T, _> = serde_path_to_error::deserialize(de);
    let before = diags.len();
    let schema = serde_json::to_value(schemars::schema_for!(SpecFile)).unwrap_or_default();
    for path in unknown {
        let key = match path.last() {
            Some(Seg::Key(k)) => k.clone(),
            _ => continue,
        };
        let parent = &path[..path.len() - 1];
        let expected = expected_keys(&schema, parent);
        // `{ type: numeric(12, 2) }`: YAML's flow mapping splits at the comma, and what
        // follows it reads as a key of its own.
        let split = (key.ends_with(')') && !key.contains('(')).then(|| {
            "a comma inside `{ ... }` ends the value before it: quote it (`type: \"numeric(12, 2)\"`)".to_string()
        });
        let help = split.or_else(|| {
            suggest(&key, &expected)
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| (!expected.is_empty()).then(|| format!("expected one of: {}", expected.join(", "))))
        });
        let what = if parent.is_empty() { "the spec".to_string() } else { format!("`{}`", display_path(parent)) };
        diags.push(spec.at_key(&path, format!("unknown key `{key}` in {what}"), help));
    }
    match result {
        Ok(v) if diags.len() == before => Some(v),
        Ok(_) => None,
        Err(e) => {
            let mut path = base.to_vec();
            path.extend(e.path().iter().filter_map(|s| match s {
                serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                _ => None,
            }));
            let inner = e.into_inner().to_string();
            let (message, help) = explain_type_error(&inner, &path);
            diags.push(spec.at_value(&path, message, help));
            None
        }
    }
}

fn explain_type_error(inner: &str, path: &[Seg]) -> (String, Option<String>) {
    let at = display_path(path);
    let where_ = if at.is_empty() { String::new() } else { format!(" at `{at}`") };
    if let Some(field) = inner.strip_prefix("missing field ") {
        return (format!("missing key {field}{where_}"), Some(format!("add {field}: ... here")));
    }
    let help = if inner.contains("expected a boolean") {
        Some("write true or false".to_string())
    } else if inner.contains("data did not match any variant") {
        Some("write a string, a number or a boolean".to_string())
    } else {
        None
    };
    (format!("{inner}{where_}"), help)
}

fn ignored_path(p: &serde_ignored::Path<'_>) -> YamlPath {
    use serde_ignored::Path as P;
    match p {
        P::Root => Vec::new(),
        P::Seq { parent, index } => {
            let mut v = ignored_path(parent);
            v.push(Seg::Index(*index));
            v
        }
        P::Map { parent, key } => {
            let mut v = ignored_path(parent);
            v.push(Seg::Key(key.clone()));
            v
        }
        P::Some { parent } | P::NewtypeStruct { parent } | P::NewtypeVariant { parent } => ignored_path(parent),
    }
}

/// The keys the JSON Schema allows at `path` (an object's properties).
fn expected_keys(schema: &serde_json::Value, path: &[Seg]) -> Vec<String> {
    let mut node = resolve(schema, schema);
    for seg in path {
        node = match (seg, node) {
            (Seg::Key(k), n) => match n.get("properties").and_then(|p| p.get(k)) {
                Some(p) => resolve(schema, p),
                None => match n.get("additionalProperties") {
                    Some(a) if a.is_object() => resolve(schema, a),
                    _ => return Vec::new(),
                },
            },
            (Seg::Index(_), n) => match n.get("items") {
                Some(i) => resolve(schema, i),
                None => return Vec::new(),
            },
        };
    }
    node.get("properties").and_then(|p| p.as_object()).map(|o| o.keys().cloned().collect()).unwrap_or_default()
}

/// Follows `$ref` and picks the object alternative of an `anyOf`/`oneOf` (Option<T>).
fn resolve<'a>(root: &'a serde_json::Value, node: &'a serde_json::Value) -> &'a serde_json::Value {
    if let Some(r) = node.get("$ref").and_then(|r| r.as_str()) {
        let name = r.rsplit('/').next().unwrap_or_default();
        if let Some(def) = root.get("$defs").and_then(|d| d.get(name)) {
            return resolve(root, def);
        }
    }
    for alt in ["anyOf", "oneOf"] {
        if let Some(options) = node.get(alt).and_then(|a| a.as_array()) {
            for o in options {
                let r = resolve(root, o);
                if r.get("properties").is_some() || r.get("additionalProperties").is_some() || r.get("items").is_some()
                {
                    return r;
                }
            }
        }
    }
    node
}

/// The closest expected name, if it is close enough to be a likely typo.
pub(crate) fn suggest(word: &str, candidates: &[String]) -> Option<String> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.clone())
}

/// sha256 of a text, hex: how specs and SQL targets are identified in the state.
pub fn checksum(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The JSON Schema of the spec format, for editors.
pub fn json_schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(SpecFile)).unwrap_or_default();
    if let Some(o) = schema.as_object_mut() {
        o.insert("title".into(), "phaseshift spec, version 1".into());
    }
    schema
}
