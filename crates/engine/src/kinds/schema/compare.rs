//! Schemas compared: created, dropped, their comments.

use crate::diff::{Change, CommentOn};
use crate::model::Schema;

pub(crate) fn schemas(from: &Schema, to: &Schema, out: &mut Vec<Change>) {
    for name in to.schemas.difference(&from.schemas) {
        out.push(Change::CreateSchema { name: name.clone() });
    }
    for name in from.schemas.difference(&to.schemas) {
        out.push(Change::DropSchema { name: name.clone() });
    }
    for name in from.schemas.union(&to.schemas) {
        let (a, b) = (from.schema_comments.get(name), to.schema_comments.get(name));
        if a != b && to.schemas.contains(name) {
            out.push(Change::Comment {
                on: CommentOn::Schema { name: name.clone() },
                from: a.cloned(),
                to: b.cloned(),
            });
        }
    }
}
