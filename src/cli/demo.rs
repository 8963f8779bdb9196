//! `phaseshift demo`: the whole tool on a throwaway server, start to finish.

use anyhow::{Context, Result};
use phaseshift::exec::{self, ApplyOptions, RollbackOptions};
use phaseshift::spec;
use phaseshift_testkit::TempServer;
use std::path::Path;

const DATABASE: &str = include_str!("../../sql/examples/storefront.sql");
const SPEC: &str = include_str!("../../specs/examples/storefront/001_add_catalogs.yaml");
const SPEC_PATH: &str = "specs/examples/storefront/001_add_catalogs.yaml";

fn banner(s: &str) {
    println!("\n=== {s} ===");
}

pub async fn run() -> Result<()> {
    // Ctrl-C: exit; the server's watchdog stops and removes it within a second.
    let _ = ctrlc::set_handler(|| std::process::exit(130));
    banner("starting a throwaway PostgreSQL");
    let server = TempServer::start().context("starting the throwaway server")?;
    println!("listening on 127.0.0.1:{} (binaries in {})", server.port(), server.bindir().display());
    let admin = exec::connect(&server.url("postgres")).await?;
    exec::create_database(&admin, "storefront", true).await?;
    let mut client = exec::connect(&server.url("storefront")).await?;
    exec::run_script(&client, DATABASE).await?;
    println!("loaded sql/examples/storefront.sql: clients (200 rows), items (2000), legacy_widgets (50)");
    let before = exec::read_live(&mut client, None).await?;

    let specs = vec![spec::load_str(Path::new(SPEC_PATH), SPEC)?];
    banner(&format!("plan for {SPEC_PATH}"));
    let planned = exec::plan_online(&mut client, &specs).await?;
    let phases = planned[0].plan.phases.clone();
    for p in &phases {
        println!("phase {}: {} ({} steps)", p.number, p.kind.as_str(), p.steps.len());
    }

    let mut yes = |_: &str, _: &phaseshift::sql::RenderedPhase| true;
    for p in &phases {
        banner(&format!("phase {}: {}", p.number, p.kind.as_str()));
        for s in &p.steps {
            println!("-- {} [lock: {}]", s.description, s.lock);
            for h in &s.hazards {
                println!("-- HAZARD {}: {}", h.kind, h.message);
            }
            println!("{}\n", s.sql);
        }
        let opts = ApplyOptions { to_phase: Some(p.number), ..ApplyOptions::default() };
        let report = exec::apply(&mut client, &specs, &opts, &mut yes, &mut |_| {}).await?;
        println!("applied phase {}: {} statement(s) executed", p.number, report.statements_executed);
    }

    banner("apply again");
    let report = exec::apply(&mut client, &specs, &ApplyOptions::default(), &mut yes, &mut |_| {}).await?;
    println!("statements executed: {} (everything was applied already)", report.statements_executed);

    banner("status");
    for m in exec::status(&mut client).await? {
        println!("{}: {} (phase {}/{})", m.name, m.status, m.applied_phase, m.phase_count);
    }
    let rows = exec::count_rows(&client, &phaseshift::model::QualName::new("public", "products")).await?;
    println!("products now holds {rows} rows (the items, renamed); legacy_widgets is in phaseshift_archive");

    banner("rollback to phase 0");
    let rb = exec::rollback(
        &mut client,
        &RollbackOptions { to_phase: Some(0), lock_timeout_ms: 2000, retries: 5, ..Default::default() },
        &mut |e| {
            if let exec::Event::PhaseRolledBack { phase, kind, statements, .. } = e {
                println!("phase {phase} ({}) rolled back: {statements} statement(s)", kind.as_str());
            }
        },
    )
    .await?;
    println!("{}: back from phase {} to phase {}", rb.migration, rb.from_phase, rb.to_phase);
    let after = exec::read_live(&mut client, None).await?;
    println!("schema identical to before: {}", if after == before { "yes" } else { "NO" });
    drop(client);
    drop(admin);
    banner("stopping the server");
    drop(server);
    println!("done");
    Ok(())
}
