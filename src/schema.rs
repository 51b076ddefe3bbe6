//! The JSON Schema of a matrix file, published by `parity schema` and
//! committed as `docs/matrix.schema.json` so that editors running
//! yaml-language-server complete and check matrix files.

use crate::matrix::MatrixFile;

/// The schema, generated from the model types.
#[must_use]
pub fn matrix_schema() -> schemars::Schema {
    schemars::schema_for!(MatrixFile)
}
