//! Quiz and matrix files: format, positioned parsing, validation, loading and schemas.

pub mod attempt;
pub mod diagnostic;
pub mod drill;
pub mod grid;
pub mod json;
pub mod load;
pub mod model;
pub mod plain;
pub mod schema;
pub mod score;
pub mod tree_de;
pub mod validate;
