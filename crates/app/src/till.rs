//! The till's cart before it is a sale: the lines a cashier has scanned, priced as the sale
//! will price them (list price, discount, VAT per line), so the screen shows the total with VAT
//! before payment. Nothing is written; completing the cart is `create_sale`.

use std::collections::HashMap;

use mizan_domain::sales::{LineAmounts, NewSaleLine, ProductPolicy, quote_lines};
use mizan_domain::staff::perm;
use mizan_domain::{CashRegisterId, ProductId, WarehouseId};
use mizan_store::{Page, Product, WriteError};

use crate::{AppError, Grant, Mizan};

/// Most lines one cart may hold.
pub const MAX_CART_LINES: usize = 200;

/// A cart line: what was rung up, its product and its price.
#[derive(Debug, Clone)]
pub struct CartLine {
    pub line: NewSaleLine,
    pub product: Product,
    pub amounts: LineAmounts,
}

/// A priced cart.
#[derive(Debug, Clone, Default)]
pub struct Cart {
    pub lines: Vec<CartLine>,
    pub net: i64,
    pub vat: i64,
    pub total: i64,
}

impl Mizan {
    /// Prices `lines` as a sale would price them now.
    ///
    /// # Errors
    /// Too many lines, an unknown product (`lines[i].product_id`), a discount above its line,
    /// amounts too large, or a store failure.
    pub async fn quote_cart(
        &self,
        g: &Grant<perm::Sell>,
        lines: Vec<NewSaleLine>,
    ) -> Result<Cart, AppError> {
        if lines.len() > MAX_CART_LINES {
            return Err(AppError::invalid("lines", "at most 200 lines"));
        }
        let mut products: HashMap<ProductId, (Product, ProductPolicy)> = HashMap::new();
        for l in &lines {
            if !products.contains_key(&l.product)
                && let Some(p) = self.store.product(g.scope(), l.product).await?
            {
                let policy = p.policy();
                products.insert(l.product, (p, policy));
            }
        }
        let (amounts, net, vat) = quote_lines(&lines, |id| products.get(&id).map(|(_, p)| p))
            .map_err(|e| AppError::Write(WriteError::from(e)))?;
        let lines = lines
            .into_iter()
            .zip(amounts)
            .filter_map(|(line, amounts)| {
                let product = products.get(&line.product)?.0.clone();
                Some(CartLine {
                    line,
                    product,
                    amounts,
                })
            })
            .collect();
        Ok(Cart {
            lines,
            net,
            vat,
            total: net + vat,
        })
    }

    /// The warehouse a register's till sells from: the first of its branch's warehouses, or
    /// the first warehouse when the register has no branch or its branch none.
    ///
    /// # Errors
    /// An unknown register, a tenant without warehouses (`not_found`), or a store failure.
    pub async fn till_warehouse(
        &self,
        g: &Grant<perm::Sell>,
        register: CashRegisterId,
    ) -> Result<WarehouseId, AppError> {
        let register =
            self.store
                .cash_register(g.scope(), register)
                .await?
                .ok_or(AppError::NotFound {
                    what: "cash_register",
                })?;
        let all = self
            .store
            .warehouses(
                g.scope(),
                Page {
                    after: 0,
                    limit: Page::MAX,
                },
            )
            .await?;
        all.iter()
            .find(|w| register.branch_id.is_some() && w.branch_id == register.branch_id)
            .or_else(|| all.first())
            .map(|w| w.id)
            .ok_or(AppError::NotFound { what: "warehouse" })
    }
}
