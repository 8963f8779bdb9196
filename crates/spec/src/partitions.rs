//! Partitions a spec declares: listed, or made from an interval up to some intervals past
//! today (and those past the retention, for `phaseshift partitions` to drop).

use super::format::{Interval, PartitionEvery};
use time::{Date, Duration, Month};

/// A partition: its name and its bound (`FOR VALUES ...` or `DEFAULT`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Partition {
    pub name: String,
    pub bound: String,
    /// When its range ends (none for a listed one or the default).
    pub ends: Option<Date>,
}

/// Reads `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<Date> {
    let mut it = s.trim().splitn(3, '-');
    let (y, m, d) = (it.next()?.parse().ok()?, it.next()?.parse::<u8>().ok()?, it.next()?.parse().ok()?);
    Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
}

fn next(d: Date, every: Interval) -> Date {
    match every {
        Interval::Day => d + Duration::days(1),
        Interval::Week => d + Duration::weeks(1),
        Interval::Month => {
            let (y, m) = if d.month() == Month::December {
                (d.year() + 1, Month::January)
            } else {
                (d.year(), d.month().next())
            };
            Date::from_calendar_date(y, m, 1).unwrap_or(d)
        }
        Interval::Year => Date::from_calendar_date(d.year() + 1, Month::January, 1).unwrap_or(d),
    }
}

fn label(d: Date, every: Interval) -> String {
    match every {
        Interval::Year => format!("{}", d.year()),
        Interval::Month => format!("{}_{:02}", d.year(), d.month() as u8),
        Interval::Week | Interval::Day => format!("{}_{:02}_{:02}", d.year(), d.month() as u8, d.day()),
    }
}

/// The partitions of `table` from `every.start` through the interval `every.ahead` past the
/// one holding `today`, and the default one if asked; None if the start does not parse.
pub fn generated(table: &str, every: &PartitionEvery, today: Date) -> Option<Vec<Partition>> {
    let mut from = parse_date(&every.start)?;
    let mut out = Vec::new();
    // Up to the interval holding today, then `ahead` more.
    let mut past_today = 0;
    while past_today <= every.ahead {
        let to = next(from, every.interval);
        if to > today {
            past_today += 1;
        }
        out.push(Partition {
            name: format!("{table}_{}", label(from, every.interval)),
            bound: format!("FOR VALUES FROM ('{from}') TO ('{to}')"),
            ends: Some(to),
        });
        from = to;
        if out.len() > 100_000 {
            break;
        }
    }
    if every.default {
        out.push(Partition { name: format!("{table}_default"), bound: "DEFAULT".into(), ends: None });
    }
    Some(out)
}

/// The partitions that should exist today: those generated, but those past retention.
pub fn current(table: &str, every: &PartitionEvery, today: Date) -> Vec<Partition> {
    let mut parts = generated(table, every, today).unwrap_or_default();
    let gone = expired(&parts, every, today);
    parts.retain(|p| !gone.contains(p));
    parts
}

/// Partitions past retention: whose range ended more than `retain` intervals before the one
/// holding `today`.
pub fn expired(parts: &[Partition], every: &PartitionEvery, today: Date) -> Vec<Partition> {
    let Some(retain) = every.retain else {
        return Vec::new();
    };
    let mut cutoff = parse_date(&every.start).unwrap_or(today);
    // The start of the interval holding today, then back `retain` intervals.
    let mut starts = vec![cutoff];
    while next(cutoff, every.interval) <= today {
        cutoff = next(cutoff, every.interval);
        starts.push(cutoff);
    }
    let keep_from = starts.len().checked_sub(1 + retain as usize).map(|i| starts[i]);
    match keep_from {
        Some(k) => parts.iter().filter(|p| p.ends.is_some_and(|e| e <= k)).cloned().collect(),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn every(interval: Interval, start: &str, ahead: u32, retain: Option<u32>) -> PartitionEvery {
        PartitionEvery { interval, start: start.into(), ahead, default: true, retain, retired: Default::default() }
    }

    #[test]
    fn months_up_to_some_past_today_and_a_default() {
        let today = parse_date("2026-03-15").unwrap();
        let p = generated("metrics", &every(Interval::Month, "2026-01-01", 2, None), today).unwrap();
        let names: Vec<&str> = p.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "metrics_2026_01",
                "metrics_2026_02",
                "metrics_2026_03",
                "metrics_2026_04",
                "metrics_2026_05",
                "metrics_default"
            ]
        );
        assert_eq!(p[4].bound, "FOR VALUES FROM ('2026-05-01') TO ('2026-06-01')");
        assert_eq!(p[5].bound, "DEFAULT");
        let dec =
            generated("m", &every(Interval::Month, "2026-12-01", 0, None), parse_date("2026-12-31").unwrap()).unwrap();
        assert_eq!(dec[0].bound, "FOR VALUES FROM ('2026-12-01') TO ('2027-01-01')");
    }

    #[test]
    fn days_weeks_and_years_have_their_own_steps() {
        let today = parse_date("2026-01-01").unwrap();
        let d = generated("e", &every(Interval::Day, "2026-01-01", 1, None), today).unwrap();
        assert_eq!(d[1].bound, "FOR VALUES FROM ('2026-01-02') TO ('2026-01-03')");
        let w = generated("e", &every(Interval::Week, "2025-12-29", 0, None), today).unwrap();
        assert_eq!(w[0].name, "e_2025_12_29");
        let y = generated("e", &every(Interval::Year, "2025-01-01", 1, None), today).unwrap();
        assert_eq!(y.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), ["e_2025", "e_2026", "e_2027", "e_default"]);
        assert!(generated("e", &every(Interval::Day, "2026-13-01", 1, None), today).is_none());
    }

    #[test]
    fn retention_keeps_the_last_intervals() {
        let today = parse_date("2026-06-10").unwrap();
        let e = every(Interval::Month, "2026-01-01", 1, Some(2));
        let parts = generated("m", &e, today).unwrap();
        let gone: Vec<String> = expired(&parts, &e, today).into_iter().map(|p| p.name).collect();
        // June holds today; April and May are kept; March and before go.
        assert_eq!(gone, ["m_2026_01", "m_2026_02", "m_2026_03"]);
        assert!(expired(&parts, &every(Interval::Month, "2026-01-01", 1, None), today).is_empty());
    }
}
