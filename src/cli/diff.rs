//! `phaseshift diff` and `verify`: changes grouped by object, a unified diff of both
//! schemas as normalized SQL, or the migration script.

use anyhow::{Context, Result};
use phaseshift::diff::{diff, Filter, Scope};
use phaseshift::exec::{self, read_source, Scratch, Source};
use phaseshift::plan::plan_full;
use phaseshift::sql::{render_plan, script};
use phaseshift_testkit::TempServer;
use std::collections::BTreeMap;
use std::io::IsTerminal;

pub async fn run(
    from: &Source,
    to: &Source,
    filter: &Filter,
    scratch_url: Option<&str>,
    sql: bool,
    json: bool,
) -> Result<i32> {
    // Files and specs are loaded into a scratch database: on the server of a database side,
    // or `--scratch-url`, or else a throwaway server started here for this command.
    let mut _server = None;
    let scratch = match Scratch::new(&[from, to], scratch_url) {
        Some(s) => s,
        None => {
            let server = TempServer::start().context("no database to load SQL into, and a throwaway server")?;
            let url = server.url("postgres");
            _server = Some(server);
            Scratch::at(url)
        }
    };
    // Both sides at once, each on a connection and a thread of its own: turning the rows of
    // thousands of tables into a schema is a core's work for each side.
    let read = |source: &Source| -> Result<(phaseshift::model::Schema, Option<i32>)> {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
        Ok(rt.block_on(read_source(source, &scratch))?)
    };
    let (ra, rb) = std::thread::scope(|s| {
        let (ha, hb) = (s.spawn(|| read(from)), s.spawn(|| read(to)));
        let stopped = || anyhow::anyhow!("reading a side of the diff stopped unexpectedly");
        (ha.join().unwrap_or_else(|_| Err(stopped())), hb.join().unwrap_or_else(|_| Err(stopped())))
    });
    let ((a, va), (b, vb)) = (ra?, rb?);
    if let (Some(x), Some(y)) = (va, vb) {
        if x / 10000 != y / 10000 {
            eprintln!(
                "note: {} runs PostgreSQL {} and {} runs PostgreSQL {}; some objects print differently across major versions",
                from.describe(),
                x / 10000,
                to.describe(),
                y / 10000
            );
        }
    }
    let changes = diff(&a, &b, &Scope::Whole(filter.clone()));
    let differs = !changes.is_empty();
    if sql {
        let planned = plan_full(&a, &b, filter)?;
        // A script that would fail at a type change PostgreSQL cannot make is refused.
        exec::conversions::check(&exec::connect(scratch.url()).await?, &a, &planned).await?;
        let plan = render_plan(&planned);
        print!("{}", script(&format!("{} -> {}", from.describe(), to.describe()), &plan, false, 2000));
    } else if json {
        // The changes whether or not a plan can be made of them (one phaseshift refuses says
        // why in `plan_error`).
        let (plan, plan_error) = match plan_full(&a, &b, filter) {
            Ok(p) => (Some(render_plan(&p)), None),
            Err(e) => (None, Some(e.to_string())),
        };
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({ "differs": differs, "changes": changes, "plan": plan, "plan_error": plan_error })
            )?
        );
    } else if !differs {
        println!("no differences");
    } else {
        let mut by_object: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for c in &changes {
            by_object.entry(c.object()).or_default().push(describe(c));
        }
        for (obj, list) in &by_object {
            println!("{obj}");
            for l in list {
                println!("  {l}");
            }
        }
        println!();
        // The text of what differs only (the rest reads the same on both sides): a schema of
        // thousands of tables is not written out twice to show a few lines.
        let (da, db) = filter.apply(&a).differing(&filter.apply(&b));
        let text = phaseshift::sql::schema_text;
        let (sa, sb) = (text(&da)?, text(&db)?);
        let diff = similar::TextDiff::from_lines(&sa, &sb);
        let text = diff.unified_diff().context_radius(3).header(&from.describe(), &to.describe()).to_string();
        let color = std::io::stdout().is_terminal();
        for line in text.lines() {
            match (color, line.chars().next()) {
                (true, Some('+')) if !line.starts_with("+++") => println!("\x1b[32m{line}\x1b[0m"),
                (true, Some('-')) if !line.starts_with("---") => println!("\x1b[31m{line}\x1b[0m"),
                (true, Some('@')) => println!("\x1b[36m{line}\x1b[0m"),
                _ => println!("{line}"),
            }
        }
    }
    Ok(if differs { super::exit::DIFFERENCES } else { super::exit::OK })
}

pub fn describe(c: &phaseshift::diff::Change) -> String {
    let v = serde_json::to_value(c).unwrap_or_default();
    let kind = v.get("change").and_then(|k| k.as_str()).unwrap_or("change").replace('_', " ");
    let detail = match c {
        phaseshift::diff::Change::AddColumn { column, .. } => format!(" {}", column.name),
        phaseshift::diff::Change::AlterColumn { to, .. } => format!(" {}", to.name),
        phaseshift::diff::Change::DropColumn { column, .. } => format!(" {}", column.name),
        phaseshift::diff::Change::AddConstraint { constraint, .. }
        | phaseshift::diff::Change::DropConstraint { constraint, .. } => format!(" {}", constraint.name),
        phaseshift::diff::Change::ReplaceConstraint { to, .. } => format!(" {}", to.name),
        phaseshift::diff::Change::CreateTrigger { t } | phaseshift::diff::Change::DropTrigger { t } => {
            format!(" {}", t.name)
        }
        phaseshift::diff::Change::ReplaceTrigger { to, .. } => format!(" {}", to.name),
        phaseshift::diff::Change::CreatePolicy { p } | phaseshift::diff::Change::DropPolicy { p } => {
            format!(" {}", p.name)
        }
        phaseshift::diff::Change::ReplacePolicy { to, .. } => format!(" {}", to.name),
        phaseshift::diff::Change::Grant { g } | phaseshift::diff::Change::Revoke { g } => {
            format!(" {} to {}", g.privilege, g.grantee)
        }
        _ => String::new(),
    };
    format!("{kind}{detail}")
}
