//! How a report, a list or a record answers, written once: `?format=csv` and `?format=xlsx`
//! download its tables (named after the page, `attachment`), anything else is the page itself.

use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use mizan_web::{Ctx, Download, render};

use super::{html, refused};
use crate::ApiError;

/// The content type of an .xlsx file.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// What a page answers: itself, or its tables as a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    Html,
    Csv,
    Xlsx,
}

impl Export {
    /// The answer a query's `format` asks for (the page unless it names a file).
    pub fn of(format: Option<&str>) -> Self {
        match format {
            Some("csv") => Self::Csv,
            Some("xlsx") => Self::Xlsx,
            _ => Self::Html,
        }
    }

    /// Whether a file is asked for (a refusal then answers as a page of its own).
    pub fn file(self) -> bool {
        self != Self::Html
    }
}

/// The page's own address asking for its tables as `format` (`csv`, `xlsx`), every other
/// parameter kept.
pub fn href(c: &Ctx, format: &str) -> String {
    let (path, query) = c.path.split_once('?').unwrap_or((c.path.as_str(), ""));
    let mut kept: Vec<String> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("format="))
        .map(str::to_owned)
        .collect();
    kept.push(format!("format={format}"));
    format!("{path}?{}", kept.join("&"))
}

/// The page as HTML, or its tables as `stem.csv` or `stem.xlsx`.
pub fn answer<P: Download>(page: &P, stem: &str, export: Export) -> Response {
    match export {
        Export::Html => html(StatusCode::OK, render(page)),
        Export::Csv => file(
            &format!("{stem}.csv"),
            "text/csv; charset=utf-8",
            page.csv().into_bytes(),
        ),
        Export::Xlsx => match page.xlsx() {
            Ok(bytes) => file(&format!("{stem}.xlsx"), XLSX, bytes),
            Err(e) => refused(page.ctx().clone(), &ApiError::internal(&e)),
        },
    }
}

/// A download named `name`.
fn file(name: &str, kind: &'static str, body: Vec<u8>) -> Response {
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        StatusCode::OK,
        [
            (CONTENT_TYPE, HeaderValue::from_static(kind)),
            (CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}
