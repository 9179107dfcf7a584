//! The return form as the page carries it: the quantities typed per sale line and the refund,
//! restock, reason and approver as typed; read into a return for the app, and rendered again
//! with each refusal next to the line (or the approval) it is about.

use mizan_app::{Approval, ReturnableSale};
use mizan_domain::returns::{Refund, Restock, ReturnDraft, ReturnLine};
use mizan_domain::{CashRegisterId, WarehouseId};
use mizan_web::{Ctx, ReturnFormPage, ReturnInput, ReturnLineView, format};

use crate::ApiError;
use crate::web::form::Form;
use crate::web::{Signed, message};

/// The form field of the manager's password: never shown again, nor part of the return's
/// idempotency fingerprint.
const PASSWORD: &str = "approver_password";

/// Where the person takes the return: the register of their open session (a cash refund comes
/// out of its drawer), and the warehouses goods may go back to.
pub(super) struct Place {
    pub(super) register: Option<CashRegisterId>,
    pub(super) warehouses: Vec<(i64, String)>,
}

/// What a refusal is about on the form.
pub(super) enum Spot {
    /// Sale line `i`.
    Line(usize),
    /// The manager's approval.
    Approval,
    /// The return as a whole.
    Top,
}

/// A refusal as the form shows it, in the reader's language.
pub(super) struct Refusal {
    pub(super) spot: Spot,
    pub(super) text: String,
    pub(super) status: axum::http::StatusCode,
}

impl Refusal {
    fn local(spot: Spot, text: String) -> Self {
        Self {
            spot,
            text,
            status: axum::http::StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

/// The form as typed: a quantity per sale line, and the rest.
pub(super) struct Typed {
    pub(super) qty: Vec<String>,
    pub(super) input: ReturnInput,
}

/// The product name of sale line `i` in the page's language.
pub(super) fn line_name(c: &Ctx, sale: &ReturnableSale, i: usize) -> (String, String, String) {
    match sale.products.get(i).and_then(Option::as_ref) {
        Some(p) => (
            c.name(&p.name_en, &p.name_ar, &p.name_en).to_owned(),
            p.code.clone(),
            p.unit.clone(),
        ),
        None => (
            sale.sale
                .lines
                .get(i)
                .map_or_else(String::new, |l| format!("#{}", l.product_id.0)),
            String::new(),
            String::new(),
        ),
    }
}

/// The ways the money may go back here: cash only from an open drawer, credit only to the
/// sale's customer.
fn refunds(c: &Ctx, sale: &ReturnableSale, place: &Place) -> Vec<(String, String)> {
    let mut ways = Vec::with_capacity(4);
    if place.register.is_some() {
        ways.push("cash");
    }
    ways.extend(["card", "bank_transfer"]);
    if sale.sale.customer_id.is_some() {
        ways.push("credit");
    }
    ways.into_iter()
        .map(|w| (w.to_owned(), c.t(&format!("refund_{w}"))))
        .collect()
}

impl Typed {
    /// A form not typed in yet: the money goes back the way it came (when this till can pay it
    /// out), the goods to the warehouse they left.
    pub(super) fn fresh(c: &Ctx, sale: &ReturnableSale, place: &Place) -> Self {
        let offered = refunds(c, sale, place);
        let refund = sale
            .paid_by()
            .filter(|m| offered.iter().any(|(v, _)| v == m))
            .map(str::to_owned)
            .or_else(|| offered.first().map(|(v, _)| v.clone()))
            .unwrap_or_default();
        let restock = sale
            .sale
            .lines
            .first()
            .map(|l| l.warehouse_id.0.to_string())
            .unwrap_or_else(|| "write_off".to_owned());
        Self {
            qty: vec![String::new(); sale.sale.lines.len()],
            input: ReturnInput {
                refund,
                restock,
                ..ReturnInput::default()
            },
        }
    }

    /// The form as posted (`qty_{line}` per sale line).
    pub(super) fn posted(form: &Form, sale: &ReturnableSale) -> Self {
        Self {
            qty: (0..sale.sale.lines.len())
                .map(|i| form.get(&format!("qty_{i}")).to_owned())
                .collect(),
            input: ReturnInput {
                refund: form.get("refund").to_owned(),
                restock: form.get("restock").to_owned(),
                reason: form.get("reason").to_owned(),
                approver: form.get("approver").to_owned(),
            },
        }
    }
}

/// The return the form asks for, with the sale line of each of its lines.
///
/// # Errors
/// A quantity that is not a number, nothing to take back, no refund or restock chosen.
pub(super) fn draft(
    c: &Ctx,
    s: &Signed,
    typed: &Typed,
    place: &Place,
) -> Result<(ReturnDraft, Vec<usize>), Refusal> {
    let mut lines = Vec::new();
    let mut of = Vec::new();
    for (i, q) in typed.qty.iter().enumerate() {
        if q.trim().is_empty() {
            continue;
        }
        let qty = mizan_domain::decimal::parse_scaled(q.trim(), 3)
            .ok()
            .filter(|q| *q >= 0)
            .ok_or_else(|| Refusal::local(Spot::Line(i), c.t("return_qty_invalid")))?;
        if qty > 0 {
            lines.push(ReturnLine { line: i, qty });
            of.push(i);
        }
    }
    if lines.is_empty() {
        return Err(Refusal::local(Spot::Top, c.t("return_nothing")));
    }
    let restock = match typed.input.restock.as_str() {
        "write_off" => Restock::WriteOff,
        w => Restock::Warehouse(WarehouseId(
            w.parse()
                .map_err(|_| Refusal::local(Spot::Top, c.t("return_choose_restock")))?,
        )),
    };
    let refund = match (typed.input.refund.as_str(), place.register) {
        ("cash", Some(r)) => Refund::Cash(r),
        ("cash", None) => return Err(Refusal::local(Spot::Top, c.t("return_no_drawer"))),
        ("card", _) => Refund::Card,
        ("bank_transfer", _) => Refund::Bank,
        ("credit", _) => Refund::Credit,
        _ => return Err(Refusal::local(Spot::Top, c.t("return_choose_refund"))),
    };
    let d = ReturnDraft::new(lines, restock, refund, &typed.input.reason)
        .map_err(|e| ApiError::refusal(&e, Some(&s.tenant.currency)))
        .map_err(|e| placed(c, e, &of, None, false))?;
    Ok((d, of))
}

/// The manager's approval as typed, when the role needs one and a name was typed.
pub(super) fn approval(needed: bool, form: &Form, typed: &Typed) -> Option<Approval> {
    (needed && !typed.input.approver.is_empty()).then(|| Approval {
        username: typed.input.approver.clone(),
        password: form.get(PASSWORD).to_owned(),
    })
}

/// The form's fields without the password, as the return's idempotency fingerprint.
pub(super) fn fingerprint(form: &Form) -> String {
    form.0
        .iter()
        .filter(|(k, _)| k != PASSWORD)
        .map(|(k, v)| format!("{k}={v}&"))
        .collect()
}

/// A refusal of the app put where it belongs: `lines[k]` is the `k`th line of the return,
/// sale line `of[k]`; an approval's refusal by the approval; anything else at the top.
pub(super) fn placed(
    c: &Ctx,
    mut e: ApiError,
    of: &[usize],
    sale: Option<&ReturnableSale>,
    needs_approval: bool,
) -> Refusal {
    let status = e.status;
    let field = e.details["field"].as_str().unwrap_or_default().to_owned();
    let line = field
        .strip_prefix("lines[")
        .and_then(|r| r.split_once(']'))
        .and_then(|(k, _)| k.parse::<usize>().ok())
        .and_then(|k| of.get(k).copied());
    let (spot, text) = match (e.code, line) {
        ("return_exceeds_sale", Some(i)) => {
            if let Some(sale) = sale {
                e.details["field"] = serde_json::Value::String(line_name(c, sale, i).0);
            }
            (Spot::Line(i), message(c, &e))
        }
        (_, Some(i)) => (Spot::Line(i), c.t("return_qty_invalid")),
        ("invalid_field", None) if field == "reason" => (Spot::Top, c.t("return_reason_needed")),
        ("invalid_field", None) if field == "refund" => {
            (Spot::Top, c.t("return_credit_needs_customer"))
        }
        ("forbidden", None) if needs_approval && e.details["permission"] == "sales.return" => {
            (Spot::Approval, c.t("return_approval_needed"))
        }
        ("approval_refused" | "account_locked" | "too_many_sign_ins", None) => {
            (Spot::Approval, message(c, &e))
        }
        _ => (Spot::Top, message(c, &e)),
    };
    Refusal { spot, text, status }
}

/// The form's page: the sale's lines with what was typed, and the refusal where it belongs.
pub(super) fn page(
    s: &Signed,
    sale: &ReturnableSale,
    place: &Place,
    typed: Typed,
    refusal: Option<Refusal>,
    needs_approval: bool,
    return_key: String,
) -> ReturnFormPage {
    let c = &s.c;
    let mut lines: Vec<ReturnLineView> = sale
        .sale
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let (name, code, unit) = line_name(c, sale, i);
            let left = sale.left(i);
            ReturnLineView {
                line: i,
                code,
                name,
                unit,
                sold: format::qty(l.qty),
                returned: format::qty(sale.returned.get(i).copied().unwrap_or(0)),
                left: format::qty_input(left),
                total: c.money(l.net + l.vat),
                qty: typed.qty.get(i).cloned().unwrap_or_default(),
                done: left == 0,
                error: None,
            }
        })
        .collect();
    let (mut error, mut approval_error) = (None, None);
    if let Some(r) = refusal {
        match r.spot {
            Spot::Line(i) if i < lines.len() => lines[i].error = Some(r.text),
            Spot::Approval if needs_approval => approval_error = Some(r.text),
            _ => error = Some(r.text),
        }
    }
    let mut restocks: Vec<(String, String)> = place
        .warehouses
        .iter()
        .map(|(id, name)| {
            (
                id.to_string(),
                format!("{}: {name}", c.t("return_restock_into")),
            )
        })
        .collect();
    restocks.push(("write_off".to_owned(), c.t("return_write_off")));
    let offset = sale
        .sale
        .utc_offset_minutes
        .unwrap_or(s.tenant.utc_offset_minutes);
    ReturnFormPage {
        c: c.clone(),
        receipt: sale.sale.number.clone().unwrap_or_default(),
        time: format::local_time(
            sale.sale.posted_at_ms.unwrap_or(sale.sale.created_at_ms),
            offset,
        ),
        cashier: sale.sale.cashier.clone(),
        customer: sale
            .customer
            .as_ref()
            .map(|x| x.name.clone())
            .unwrap_or_default(),
        total: c.money(sale.sale.total),
        return_key,
        lines,
        input: typed.input,
        refunds: refunds(c, sale, place),
        restocks,
        needs_approval,
        approval_error,
        error,
    }
}
