//! The only place SQL text is made. Operations in, statements out; one quoting function
//! for identifiers ([`ident`]) and one for literals ([`literal`]).

mod quote;
mod render;
mod script;

pub use quote::{dollar, ident, idents, literal, qual};
pub use render::{column_definition, constraint_definition, index_definition, render};
pub use script::{render_plan, script, RenderedPhase, RenderedPlan, RenderedStep, Statement};
