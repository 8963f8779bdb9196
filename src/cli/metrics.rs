//! `--metrics-file`: the state of each backfill in Prometheus's text format, rewritten
//! (to a temporary file, then renamed over it) after every batch, for a node exporter's
//! textfile collector or anything else that reads such files.

use phaseshift::exec::Event;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Default, Clone)]
struct Sample {
    rows: i64,
    rejected: i64,
    estimate: i64,
    rows_per_sec: u64,
    done: bool,
    throttled: bool,
    waiting: bool,
}

pub struct Metrics {
    path: PathBuf,
    backfills: BTreeMap<(String, String), Sample>,
}

/// Name, help and how to read it from a sample.
type Gauge = (&'static str, &'static str, fn(&Sample) -> f64);

const GAUGES: [Gauge; 7] = [
    ("phaseshift_backfill_rows", "Rows copied into the target so far.", |s| s.rows as f64),
    ("phaseshift_backfill_rejected_rows", "Rows set aside (quarantined or skipped) so far.", |s| s.rejected as f64),
    ("phaseshift_backfill_estimated_rows", "Rows the backfill expects in all (an estimate).", |s| s.estimate as f64),
    ("phaseshift_backfill_rows_per_second", "This run's rate.", |s| s.rows_per_sec as f64),
    ("phaseshift_backfill_done", "1 once the backfill has copied every row.", |s| f64::from(u8::from(s.done))),
    (
        "phaseshift_backfill_throttled",
        "1 while the backfill holds back (other sessions at work, --rest, --max-rate).",
        |s| f64::from(u8::from(s.throttled)),
    ),
    (
        "phaseshift_backfill_waiting_for_replica",
        "1 while the backfill waits for a replica behind in replay (--max-replica-lag).",
        |s| f64::from(u8::from(s.waiting)),
    ),
];

impl Metrics {
    pub fn new(path: PathBuf) -> Metrics {
        Metrics { path, backfills: BTreeMap::new() }
    }

    /// Takes in what an event says about a backfill, and rewrites the file when it said
    /// something.
    pub fn observe(&mut self, e: &Event) -> std::io::Result<()> {
        match e {
            Event::BackfillProgress { migration, target, rows, rejected, estimate, rows_per_sec, throttle, .. } => {
                let s = self.backfills.entry((migration.clone(), target.clone())).or_default();
                (s.rows, s.rejected, s.estimate, s.rows_per_sec) = (*rows, *rejected, *estimate, *rows_per_sec);
                s.throttled = throttle.is_some();
                s.waiting = false;
            }
            Event::BackfillWaiting { migration, target, .. } => {
                self.backfills.entry((migration.clone(), target.clone())).or_default().waiting = true;
            }
            Event::BackfillDone { migration, target, rows, rejected, .. } => {
                let s = self.backfills.entry((migration.clone(), target.clone())).or_default();
                (s.rows, s.rejected, s.done, s.throttled, s.waiting) = (*rows, *rejected, true, false, false);
                s.estimate = s.estimate.max(rows + rejected);
            }
            _ => return Ok(()),
        }
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, self.render())?;
        std::fs::rename(&tmp, &self.path)
    }

    fn render(&self) -> String {
        let mut out = String::new();
        for (name, help, value) in GAUGES {
            out.push_str(&format!("# HELP {name} {help}\n# TYPE {name} gauge\n"));
            for ((migration, target), s) in &self.backfills {
                out.push_str(&format!(
                    "{name}{{migration=\"{}\",target=\"{}\"}} {}\n",
                    label(migration),
                    label(target),
                    value(s)
                ));
            }
        }
        out
    }
}

/// A label value as the text format wants it: backslash, double quote and newline escaped.
fn label(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backfills_become_one_gauge_line_each_with_escaped_labels() {
        let dir = std::env::temp_dir().join(format!("phaseshift-metrics-{:08x}", fastrand::u32(..)));
        std::fs::create_dir_all(&dir).unwrap();
        let mut m = Metrics::new(dir.join("phaseshift.prom"));
        m.observe(&Event::BackfillProgress {
            migration: "split \"posts\"".into(),
            target: "public.posts_core".into(),
            rows: 1200,
            rejected: 3,
            estimate: 10_000,
            rows_per_sec: 600,
            eta_secs: 14,
            batch_rows: 400,
            batch_ms: 90,
            throttle: Some("other sessions are at work".into()),
        })
        .unwrap();
        let text = std::fs::read_to_string(dir.join("phaseshift.prom")).unwrap();
        let labels = "{migration=\"split \\\"posts\\\"\",target=\"public.posts_core\"}";
        for line in [
            format!("phaseshift_backfill_rows{labels} 1200"),
            format!("phaseshift_backfill_rejected_rows{labels} 3"),
            format!("phaseshift_backfill_estimated_rows{labels} 10000"),
            format!("phaseshift_backfill_rows_per_second{labels} 600"),
            format!("phaseshift_backfill_done{labels} 0"),
            format!("phaseshift_backfill_throttled{labels} 1"),
            "# TYPE phaseshift_backfill_rows gauge".to_string(),
        ] {
            assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
