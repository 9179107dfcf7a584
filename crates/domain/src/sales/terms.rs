//! A seller's terms: whether they may sell at another price than the list price, and the
//! largest discount they may give off a line. Checked in the posting transaction, against the
//! list prices it reads.

use super::{SaleDraft, SalePostingError, SaleSnapshot};
use crate::staff::{Permission, Role};

/// What a seller may do to a sale's prices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SellerTerms {
    /// May sell at a price other than the product's list price (`catalog.manage`).
    pub may_set_price: bool,
    /// Largest discount off a line, in basis points of the line before its discount
    /// (`None`: any).
    pub max_discount_bp: Option<i64>,
}

impl SellerTerms {
    /// No limits: the operator, imports, the demo.
    pub const ANY: Self = Self {
        may_set_price: true,
        max_discount_bp: None,
    };

    /// The terms of a person in `role`.
    #[must_use]
    pub fn of(role: &Role) -> Self {
        Self {
            may_set_price: role.grants(Permission::CatalogManage),
            max_discount_bp: role.limits.max_discount_bp,
        }
    }

    /// Whether `discount` off a line worth `gross` (before its discount) is within the terms.
    #[must_use]
    pub fn allows_discount(&self, gross: i128, discount: i64) -> bool {
        self.max_discount_bp
            .is_none_or(|bp| i128::from(discount) * 10_000 <= gross * i128::from(bp))
    }

    /// Refuses the first line priced or discounted beyond these terms. Lines whose product
    /// does not exist are left to posting, which names them.
    ///
    /// # Errors
    /// [`SalePostingError::PriceNotAllowed`] or [`SalePostingError::DiscountOverLimit`].
    pub fn check(&self, sale: &SaleDraft, snapshot: &SaleSnapshot) -> Result<(), SalePostingError> {
        for (i, line) in sale.lines().iter().enumerate() {
            let l = line.get();
            let Some(product) = snapshot.products.get(&l.product) else {
                continue;
            };
            let unit_price = l.unit_price.unwrap_or(product.sale_price);
            // A label amount other than what the quantity is worth is another price.
            if !self.may_set_price
                && (l.unit_price.is_some_and(|p| p != product.sale_price)
                    || !l.label_fits(unit_price))
            {
                return Err(SalePostingError::PriceNotAllowed { line: i });
            }
            let gross = l.gross(unit_price);
            if let Some(max_bp) = self.max_discount_bp
                && !self.allows_discount(gross, l.discount)
            {
                return Err(SalePostingError::DiscountOverLimit { line: i, max_bp });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sales::{NewSaleLine, PaymentMethod, ProductPolicy};
    use crate::staff::Role;
    use crate::{CashRegisterId, ProductId, WarehouseId};

    fn sale(unit_price: Option<i64>, discount: i64) -> SaleDraft {
        let line = NewSaleLine {
            product: ProductId(1),
            warehouse: WarehouseId(1),
            qty: 2_000,
            unit_price,
            discount,
            label_amount: None,
        };
        SaleDraft::at(
            vec![line],
            Some(CashRegisterId(1)),
            None,
            None,
            Some(PaymentMethod::Cash),
        )
        .expect("a valid sale")
    }

    fn snapshot() -> SaleSnapshot {
        let mut s = SaleSnapshot::default();
        s.products.insert(
            ProductId(1),
            ProductPolicy {
                code: "P1".into(),
                sale_price: 1_000,
                vat_bp: 0,
                tracks_stock: false,
                allow_negative_stock: false,
                cost_price: None,
                in_rolls: false,
            },
        );
        s
    }

    #[test]
    fn a_cashier_sells_at_the_list_price_and_gives_at_most_ten_percent() {
        let cashier = SellerTerms::of(Role::named("cashier").expect("built in"));
        let manager = SellerTerms::of(Role::named("manager").expect("built in"));
        let s = snapshot();
        assert_eq!(cashier.check(&sale(None, 200), &s), Ok(()));
        assert_eq!(cashier.check(&sale(Some(1_000), 200), &s), Ok(()));
        assert_eq!(
            cashier.check(&sale(None, 201), &s),
            Err(SalePostingError::DiscountOverLimit {
                line: 0,
                max_bp: 1_000
            })
        );
        assert_eq!(
            cashier.check(&sale(Some(900), 0), &s),
            Err(SalePostingError::PriceNotAllowed { line: 0 })
        );
        assert_eq!(manager.check(&sale(Some(900), 1_800), &s), Ok(()));
        assert_eq!(SellerTerms::ANY.check(&sale(Some(1), 2), &s), Ok(()));
    }
}
