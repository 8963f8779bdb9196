//! Loading and checking specs: YAML in, a checked [`Spec`] (or every problem found, each
//! with `file:line:col`) out.

mod diagnostic;
pub mod format;
mod load;
mod lower;
pub mod partitions;
mod positions;
mod touches;
mod validate;
mod versioned;

use phaseshift_model as model;
use phaseshift_pg::sqlparse;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use format::SpecFile;
pub use load::{checksum, json_schema, load_path, load_str, Spec};
pub use lower::{lower, lower_data};
pub use positions::{Pos, Positions, Seg};
pub use touches::{Touch, Touches};
pub use validate::{validate_against, validate_data_against};
pub use versioned::{old_version_schema, shadow_name, version_schema};
