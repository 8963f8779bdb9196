//! The locks a step takes, typed: PostgreSQL's eight table lock modes, what they are taken
//! on, and how long the application feels them. Rendered as a sentence for people; kept as
//! data in the plan for tools.

use crate::model::QualName;
use serde::{Deserialize, Serialize};
use std::fmt;

/// PostgreSQL's table-level lock modes, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LockMode {
    AccessShare,
    RowShare,
    RowExclusive,
    ShareUpdateExclusive,
    Share,
    ShareRowExclusive,
    Exclusive,
    AccessExclusive,
}

impl LockMode {
    pub const ALL: [LockMode; 8] = [
        LockMode::AccessShare,
        LockMode::RowShare,
        LockMode::RowExclusive,
        LockMode::ShareUpdateExclusive,
        LockMode::Share,
        LockMode::ShareRowExclusive,
        LockMode::Exclusive,
        LockMode::AccessExclusive,
    ];

    /// As PostgreSQL's documentation and `LOCK ... IN ... MODE` name it.
    pub fn as_sql(self) -> &'static str {
        match self {
            LockMode::AccessShare => "ACCESS SHARE",
            LockMode::RowShare => "ROW SHARE",
            LockMode::RowExclusive => "ROW EXCLUSIVE",
            LockMode::ShareUpdateExclusive => "SHARE UPDATE EXCLUSIVE",
            LockMode::Share => "SHARE",
            LockMode::ShareRowExclusive => "SHARE ROW EXCLUSIVE",
            LockMode::Exclusive => "EXCLUSIVE",
            LockMode::AccessExclusive => "ACCESS EXCLUSIVE",
        }
    }

    /// Whether the two modes conflict (PostgreSQL's table of conflicting lock modes).
    pub fn conflicts_with(self, other: LockMode) -> bool {
        use LockMode::*;
        let conflicts: &[LockMode] = match self {
            AccessShare => &[AccessExclusive],
            RowShare => &[Exclusive, AccessExclusive],
            RowExclusive => &[Share, ShareRowExclusive, Exclusive, AccessExclusive],
            ShareUpdateExclusive => &[ShareUpdateExclusive, Share, ShareRowExclusive, Exclusive, AccessExclusive],
            Share => &[RowExclusive, ShareUpdateExclusive, ShareRowExclusive, Exclusive, AccessExclusive],
            ShareRowExclusive => {
                &[RowExclusive, ShareUpdateExclusive, Share, ShareRowExclusive, Exclusive, AccessExclusive]
            }
            Exclusive => {
                &[RowShare, RowExclusive, ShareUpdateExclusive, Share, ShareRowExclusive, Exclusive, AccessExclusive]
            }
            AccessExclusive => &LockMode::ALL,
        };
        conflicts.contains(&other)
    }

    /// Whether the application's writes (ROW EXCLUSIVE) wait while it is held.
    pub fn blocks_writes(self) -> bool {
        self.conflicts_with(LockMode::RowExclusive)
    }

    /// Whether the application's reads (ACCESS SHARE) wait while it is held.
    pub fn blocks_reads(self) -> bool {
        self.conflicts_with(LockMode::AccessShare)
    }
}

/// What a lock is taken on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum Locked {
    Table(QualName),
    View(QualName),
    Sequence(QualName),
    Type(QualName),
    /// Every table with a column of this type or domain.
    TablesUsing(QualName),
    Extension(String),
}

impl fmt::Display for Locked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Locked::Table(q) => write!(f, "{q}"),
            Locked::View(q) => write!(f, "view {q}"),
            Locked::Sequence(q) => write!(f, "sequence {q}"),
            Locked::Type(q) => write!(f, "type {q}"),
            Locked::TablesUsing(q) => write!(f, "every table using {q}"),
            Locked::Extension(e) => write!(f, "the objects of extension {e}"),
        }
    }
}

/// How long a lock is held, as the application feels it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Hold {
    /// A catalog change: held for moments.
    Brief,
    /// A catalog change that could scan but does not (NOT VALID, a proven check, ...).
    NoScan,
    /// On an object nobody uses yet.
    New,
    /// Held for long, but it lets reads and writes go on (CONCURRENTLY, VALIDATE).
    Online,
    /// While every row is read (a check or a constraint verified).
    Scan,
    /// While every row is rewritten.
    Rewrite,
    /// While an index is built.
    IndexBuild,
    /// Taken and let go batch by batch.
    Batches,
    /// As long as an extension's update script runs, on whatever it touches.
    Script,
}

impl Hold {
    fn describe(self) -> &'static str {
        match self {
            Hold::Brief => "(brief)",
            Hold::NoScan => "(brief, no scan)",
            Hold::New => "(new, no one else uses it yet)",
            Hold::Online => "(reads and writes continue)",
            Hold::Scan => "while its rows are checked",
            Hold::Rewrite => "while every row is rewritten",
            Hold::IndexBuild => "while its index is built",
            Hold::Batches => "in short batches",
            Hold::Script => "(as its update script decides)",
        }
    }
}

/// One lock a step takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Lock {
    pub mode: LockMode,
    pub on: Vec<Locked>,
    pub hold: Hold,
}

impl Lock {
    pub fn new(mode: LockMode, on: impl IntoIterator<Item = Locked>, hold: Hold) -> Lock {
        Lock { mode, on: on.into_iter().collect(), hold }
    }

    /// A lock on one table.
    pub fn table(mode: LockMode, table: &QualName, hold: Hold) -> Lock {
        Lock::new(mode, [Locked::Table(table.clone())], hold)
    }

    /// Whether the application waits for it longer than moments: a lock that blocks its
    /// reads or writes held for a scan, a rewrite or an index build.
    pub fn long_blocking(&self) -> bool {
        self.mode.blocks_writes() && matches!(self.hold, Hold::Scan | Hold::Rewrite | Hold::IndexBuild)
    }
}

impl fmt::Display for Lock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let on: Vec<String> = self.on.iter().map(|o| o.to_string()).collect();
        write!(f, "{} on {} {}", self.mode.as_sql(), on.join(" and "), self.hold.describe())
    }
}

/// The locks a step takes, in the order it takes them; none for steps that touch no
/// table (functions, grants, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Locks(pub Vec<Lock>);

impl Locks {
    pub fn none() -> Locks {
        Locks(Vec::new())
    }
}

impl From<Lock> for Locks {
    fn from(l: Lock) -> Locks {
        Locks(vec![l])
    }
}

impl fmt::Display for Locks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("none on tables");
        }
        let parts: Vec<String> = self.0.iter().map(|l| l.to_string()).collect();
        f.write_str(&parts.join(", then "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_conflict_table_is_symmetric_and_matches_postgresql() {
        for a in LockMode::ALL {
            for b in LockMode::ALL {
                assert_eq!(a.conflicts_with(b), b.conflicts_with(a), "{a:?} {b:?}");
            }
        }
        assert!(!LockMode::ShareUpdateExclusive.blocks_writes());
        assert!(LockMode::Share.blocks_writes() && !LockMode::Share.blocks_reads());
        assert!(LockMode::AccessExclusive.blocks_reads());
        assert!(!LockMode::RowExclusive.conflicts_with(LockMode::RowExclusive));
    }

    #[test]
    fn sentences() {
        let t = QualName::new("public", "t");
        let locks = Locks(vec![
            Lock::table(LockMode::ShareUpdateExclusive, &t, Hold::Scan),
            Lock::table(LockMode::AccessExclusive, &t, Hold::Brief),
        ]);
        assert_eq!(
            locks.to_string(),
            "SHARE UPDATE EXCLUSIVE on public.t while its rows are checked, then ACCESS EXCLUSIVE on public.t (brief)"
        );
        assert_eq!(Locks::none().to_string(), "none on tables");
        assert!(Lock::table(LockMode::AccessExclusive, &t, Hold::Rewrite).long_blocking());
        assert!(!Lock::table(LockMode::ShareUpdateExclusive, &t, Hold::Online).long_blocking());
    }
}
