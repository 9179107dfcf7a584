//! Master data over HTTP: branches, warehouses, cash registers, customers, products (the rules
//! are the app's `master`).

mod customers;
mod places;
mod products;

use axum::Json;
use axum::http::StatusCode;

pub use customers::*;
pub use places::*;
pub use products::*;

use crate::ApiError;

type Created<T> = Result<(StatusCode, Json<T>), ApiError>;
type Found<T> = Result<Json<T>, ApiError>;

fn created<T>(v: T) -> Created<T> {
    Ok((StatusCode::CREATED, Json(v)))
}
