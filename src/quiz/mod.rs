//! Quiz and matrix files: format, positioned parsing, validation, loading and schemas.

pub mod diagnostic;
pub mod json;
pub mod load;
pub mod model;
pub mod schema;
pub mod validate;
