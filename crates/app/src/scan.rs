//! Scanning and shop settings: the product a scanned code names (a plain barcode, or an
//! EAN-13 scale label in one of the tenant's layouts carrying a weight or a price), and the
//! settings that drive the till, validated before they are written.

use mizan_domain::Refusal;
use mizan_domain::barcode::{Embedded, ScaleLayout, decode_scale};
use mizan_domain::cafe::OpeningHours;
use mizan_domain::staff::perm;
use mizan_store::{Command, Idempotency, Product, ProductKey, SettingsChanges, Tenant};

use crate::{AppError, Grant, Mizan};

/// What a scanned code stands for.
#[derive(Debug, Clone)]
pub enum Scanned {
    /// A product's own barcode.
    Plain(Product),
    /// A scale label: its item code, what it carries, and the quantity (thousandths) and
    /// amount (minor units) it stands for.
    Scale {
        product: Product,
        plu: String,
        embedded: Embedded,
        qty: i64,
        amount: i64,
    },
}

/// Most scale layouts a tenant may have.
pub const MAX_SCALE_LAYOUTS: usize = 8;

/// Settings as a client asks to change them; `None` keeps the current value.
#[derive(Debug, Clone, Default)]
pub struct SettingsInput {
    pub require_open_session: Option<bool>,
    pub utc_offset_minutes: Option<i32>,
    pub scale_barcodes: Option<Vec<String>>,
    /// People may sign in only at registered devices.
    pub require_registered_devices: Option<bool>,
    /// The café's opening hours.
    pub cafe_hours: Option<OpeningHours>,
    /// What is left of a roll below this length (thousandths of a metre) is an offcut.
    pub roll_min_useful: Option<i64>,
}

fn invalid_code(e: &impl Refusal, field: &str) -> AppError {
    AppError::Invalid {
        code: e.code(),
        field: field.to_owned(),
        message: e.to_string(),
    }
}

impl Mizan {
    /// The product `code` names in `tenant`'s catalogue.
    ///
    /// # Errors
    /// A malformed code (`invalid_field`), a scale label with a wrong check digit, no such
    /// product (`not_found`), or a store failure.
    pub async fn scan(
        &self,
        g: &Grant<perm::CatalogRead>,
        tenant: &Tenant,
        code: &str,
    ) -> Result<Scanned, AppError> {
        let code = code.trim();
        if code.is_empty() || code.len() > 64 || code.chars().any(char::is_control) {
            return Err(AppError::invalid(
                "code",
                "1 to 64 characters, no control characters",
            ));
        }
        if let Some(p) = self
            .store
            .product_by_code(g.scope(), ProductKey::Barcode(code))
            .await?
        {
            return Ok(Scanned::Plain(p));
        }
        let layouts: Vec<ScaleLayout> = tenant
            .scale_layouts
            .iter()
            .filter_map(|l| ScaleLayout::parse(l).ok())
            .collect();
        let read = decode_scale(&layouts, code)
            .map_err(|e| invalid_code(&e, "code"))?
            .ok_or(AppError::NotFound {
                what: "product with this barcode",
            })?;
        let product = self
            .store
            .product_by_code(g.scope(), ProductKey::Plu(&read.plu))
            .await?
            .ok_or(AppError::NotFound {
                what: "product with this scale item code",
            })?;
        let (qty, amount) = read
            .quantity_and_amount(product.sale_price)
            .ok_or_else(|| {
                AppError::invalid("code", "a price barcode needs a product with a sale price")
            })?;
        Ok(Scanned::Scale {
            product,
            plu: read.plu,
            embedded: read.embedded,
            qty,
            amount,
        })
    }

    /// Changes the tenant's settings; returns the tenant as written.
    ///
    /// # Errors
    /// An offset outside −12:00..+14:00, too many or malformed scale layouts, or a store
    /// failure.
    pub async fn update_settings(
        &self,
        g: &Grant<perm::SettingsManage>,
        idempotency: Option<Idempotency>,
        input: SettingsInput,
    ) -> Result<Tenant, AppError> {
        if input
            .utc_offset_minutes
            .is_some_and(|m| !(-720..=840).contains(&m))
        {
            return Err(AppError::invalid(
                "utc_offset_minutes",
                "must be between -720 and 840",
            ));
        }
        let scale_layouts = match input.scale_barcodes {
            None => None,
            Some(list) if list.len() > MAX_SCALE_LAYOUTS => {
                return Err(AppError::invalid(
                    "scale_barcodes",
                    &format!("at most {MAX_SCALE_LAYOUTS} layouts"),
                ));
            }
            Some(list) => Some(
                list.iter()
                    .enumerate()
                    .map(|(i, l)| {
                        ScaleLayout::parse(l)
                            .map_err(|e| invalid_code(&e, &format!("scale_barcodes[{i}]")))
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            ),
        };
        if input
            .roll_min_useful
            .is_some_and(|m| !(1..=100_000).contains(&m))
        {
            return Err(AppError::invalid(
                "roll_min_useful",
                "must be above 0 and at most 100 metres",
            ));
        }
        let cmd = Command::UpdateSettings(SettingsChanges {
            require_open_session: input.require_open_session,
            utc_offset_minutes: input.utc_offset_minutes,
            scale_layouts,
            require_registered_devices: input.require_registered_devices,
            cafe_hours: input.cafe_hours,
            roll_min_useful: input.roll_min_useful,
        });
        self.write(g, idempotency, cmd).await?;
        // Straight from the store: the answer must show what was just written.
        Ok(self.store.tenant(g.scope()).await?)
    }
}
