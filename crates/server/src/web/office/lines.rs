//! A document form's lines: rows of cells named as the API names a line's fields
//! (`lines[0].quantity`), so a refusal that names a line lands in its cell. Rows with nothing
//! typed are left out; a product is typed by its code or barcode; "more lines" adds rows
//! without posting.

use mizan_app::{AppError, Mizan, perm};
use mizan_store::Product;
use mizan_web::{Ctx, FormField};
use serde_json::{Value, json};

use super::forms::field;
use crate::ApiError;
use crate::json::Decimal;
use crate::web::Signed;
use crate::web::form::Form;

/// Rows a lines form shows at first, and the most it grows to.
const FIRST_ROWS: usize = 5;
const MAX_ROWS: usize = 100;

/// A line's column: its field in the API's line, the word that heads it, how it is typed.
pub struct Column {
    pub name: &'static str,
    pub word: &'static str,
    pub kind: &'static str,
}

/// The product column every document's lines start with.
pub const PRODUCT: Column = Column {
    name: "product_id",
    word: "product_code",
    kind: "text",
};

/// A quantity column named `name`.
pub const fn quantity(name: &'static str) -> Column {
    Column {
        name,
        word: name,
        kind: "number",
    }
}

/// The cell of row `row` in column `name`.
fn cell_name(row: usize, name: &str) -> String {
    format!("lines[{row}].{name}")
}

/// `n` rows of empty cells under `columns`, and their heads.
pub fn rows(c: &Ctx, columns: &[Column], n: usize) -> (Vec<String>, Vec<Vec<FormField>>) {
    let heads = columns.iter().map(|col| c.t(col.word)).collect();
    let rows = (0..n)
        .map(|row| {
            columns
                .iter()
                .map(|col| {
                    let mut f = field(c, col.word, col.kind, false);
                    f.name = cell_name(row, col.name);
                    f
                })
                .collect()
        })
        .collect();
    (heads, rows)
}

/// Rows shown at first.
pub const fn first_rows() -> usize {
    FIRST_ROWS
}

/// The rows the submitted form had, plus those "more lines" asked for.
pub fn row_count(form: &Form) -> usize {
    let had = form.get("rows").parse::<usize>().unwrap_or(FIRST_ROWS);
    let more = form.get("more_lines").parse::<usize>().unwrap_or(0);
    had.saturating_add(more).clamp(1, MAX_ROWS)
}

/// Whether the submit asked for more rows rather than to post.
pub fn wants_more(form: &Form) -> bool {
    !form.get("more_lines").is_empty()
}

/// A line typed on the form: its row and its product.
pub struct Line<'a> {
    pub row: usize,
    pub product: Product,
    form: &'a Form,
}

impl Line<'_> {
    /// The cell `name` of this line, as typed.
    pub fn cell(&self, name: &str) -> &str {
        self.form.get(&cell_name(self.row, name))
    }

    /// The cell `name` of this line as a quantity (thousandths).
    ///
    /// # Errors
    /// Not a quantity: `invalid_field` naming the cell.
    pub fn qty(&self, name: &str) -> Result<i64, ApiError> {
        Decimal::typed(self.cell(name)).qty(&cell_name(self.row, name))
    }

    /// The cell `name` of this line as an amount in the shop's currency.
    ///
    /// # Errors
    /// Not an amount: `invalid_field` naming the cell.
    pub fn money(&self, s: &Signed, name: &str) -> Result<i64, ApiError> {
        Decimal::typed(self.cell(name)).money(&s.tenant.currency, &cell_name(self.row, name))
    }

    /// The cell `name` of this line as a rate in basis points, `None` when blank.
    ///
    /// # Errors
    /// Not a percentage: `invalid_field` naming the cell.
    pub fn percent(&self, name: &str) -> Result<Option<i64>, ApiError> {
        let v = self.cell(name);
        if v.is_empty() {
            return Ok(None);
        }
        Decimal::typed(v)
            .percent_bp(&cell_name(self.row, name))
            .map(Some)
    }
}

/// The lines of the form that have something typed, with their products looked up.
///
/// # Errors
/// A cell refused as the API refuses it, or a product code that names no product
/// (`unknown_product_code` on its cell).
pub async fn read<'a>(
    app: &Mizan,
    s: &Signed,
    form: &'a Form,
    columns: &[Column],
) -> Result<Vec<Line<'a>>, ApiError> {
    let catalog = s
        .actor
        .grant::<perm::CatalogRead>()
        .map_err(ApiError::from)?;
    let mut lines = Vec::new();
    for row in 0..row_count(form) {
        let typed = columns
            .iter()
            .any(|col| !form.get(&cell_name(row, col.name)).is_empty());
        if !typed {
            continue;
        }
        let name = cell_name(row, PRODUCT.name);
        let product = match app.product_coded(&catalog, form.get(&name), &name).await {
            Ok(p) => p,
            Err(AppError::NotFound { .. }) => {
                return Err(ApiError {
                    details: json!({ "field": name }),
                    ..ApiError::new(
                        axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                        "unknown_product_code",
                        s.c.t("unknown_product_code"),
                    )
                });
            }
            Err(e) => return Err(s.error(e)),
        };
        lines.push(Line { row, product, form });
    }
    Ok(lines)
}

/// A refusal of the posted document whose field names its `k`-th line, renamed to the form
/// row that line came from; one naming a product (short stock) lands on that product's row.
pub fn on_rows(mut e: ApiError, lines: &[Line<'_>]) -> ApiError {
    let named = e.details["field"].as_str().unwrap_or_default().to_owned();
    let line = named
        .strip_prefix("lines[")
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(k, tail)| Some((lines.get(k.parse::<usize>().ok()?)?, tail)));
    let cell = if let Some((l, tail)) = line {
        format!("lines[{}]{tail}", l.row)
    } else if let Some(l) = e.details["product_id"]
        .as_i64()
        .and_then(|id| lines.iter().find(|l| l.product.id.0 == id))
    {
        cell_name(l.row, PRODUCT.name)
    } else {
        return e;
    };
    match &mut e.details {
        Value::Object(m) => {
            m.insert("field".to_owned(), json!(cell));
        }
        other => *other = json!({ "field": cell }),
    }
    e
}
