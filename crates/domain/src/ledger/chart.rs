//! The default chart of accounts every new tenant gets, with Arabic, English and Russian names,
//! and the roles posting rules use to find accounts.

use serde::{Deserialize, Serialize};

/// The five kinds of account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    Asset,
    Liability,
    Equity,
    Income,
    Expense,
}

impl AccountKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Asset => "asset",
            Self::Liability => "liability",
            Self::Equity => "equity",
            Self::Income => "income",
            Self::Expense => "expense",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "asset" => Self::Asset,
            "liability" => Self::Liability,
            "equity" => Self::Equity,
            "income" => Self::Income,
            "expense" => Self::Expense,
            _ => return None,
        })
    }
}

/// What a posting rule needs an account for. Each role maps to exactly one account per tenant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountRole {
    /// Parent of the per-register cash accounts.
    Cash,
    Customers,
    Inventory,
    VatPayable,
    OpeningEquity,
    SalesRevenue,
    CostOfGoodsSold,
    Bank,
    /// Card payments waiting for the acquirer's settlement.
    CardClearing,
    CashOverShort,
    /// The cost of goods returned damaged and written off.
    DamagedGoods,
    /// VAT paid on purchases, to be reclaimed.
    VatInput,
    /// What the shop owes its suppliers.
    Suppliers,
    /// Stock counted short.
    Shrinkage,
    /// Stock counted over.
    FoundStock,
    /// Running costs (rent, wages, utilities) paid out of the shop.
    Expenses,
    /// Money customers paid ahead, owed back to them in goods or cash.
    CustomerDeposits,
    /// Café bills still open at the tables.
    CafeTabs,
    /// The cost of workshop jobs (cutting, sewing, installing) not yet delivered.
    WorkInProgress,
}

impl AccountRole {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Cash => "cash",
            Self::Customers => "customers",
            Self::Inventory => "inventory",
            Self::VatPayable => "vat_payable",
            Self::OpeningEquity => "opening_equity",
            Self::SalesRevenue => "sales_revenue",
            Self::CostOfGoodsSold => "cogs",
            Self::Bank => "bank",
            Self::CardClearing => "card_clearing",
            Self::CashOverShort => "cash_over_short",
            Self::DamagedGoods => "damaged_goods",
            Self::VatInput => "vat_input",
            Self::Suppliers => "suppliers",
            Self::Shrinkage => "shrinkage",
            Self::FoundStock => "found_stock",
            Self::Expenses => "expenses",
            Self::CustomerDeposits => "customer_deposits",
            Self::CafeTabs => "cafe_tabs",
            Self::WorkInProgress => "work_in_progress",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Self> {
        DEFAULT_CHART
            .iter()
            .filter_map(|a| a.role)
            .find(|r| r.as_str() == s)
    }
}

impl AccountRole {
    /// Whether a sub-ledger must equal the account's balance (customers' and suppliers'
    /// balances, stock values, cut fabric not yet invoiced), so that only its documents may
    /// post to it.
    #[must_use]
    pub fn has_sub_ledger(self) -> bool {
        matches!(
            self,
            Self::Customers
                | Self::Suppliers
                | Self::Inventory
                | Self::CafeTabs
                | Self::WorkInProgress
        )
    }
}

/// One account of the default chart.
#[derive(Debug, Clone, Copy)]
pub struct ChartAccount {
    pub code: &'static str,
    pub name_en: &'static str,
    pub name_ar: &'static str,
    pub name_ru: &'static str,
    pub kind: AccountKind,
    pub role: Option<AccountRole>,
}

const fn acc(
    code: &'static str,
    [name_en, name_ar, name_ru]: [&'static str; 3],
    kind: AccountKind,
    role: Option<AccountRole>,
) -> ChartAccount {
    ChartAccount {
        code,
        name_en,
        name_ar,
        name_ru,
        kind,
        role,
    }
}

/// The chart of accounts a tenant starts with (codes as in DOMAIN.md §4). The first digit of a
/// code is its group: 1 assets, 2 liabilities, 3 equity, 4 income, 5 expenses.
pub const DEFAULT_CHART: &[ChartAccount] = &[
    acc(
        "11010",
        ["Cash", "النقدية", "Касса"],
        AccountKind::Asset,
        Some(AccountRole::Cash),
    ),
    acc(
        "11020",
        ["Bank", "البنك", "Банк"],
        AccountKind::Asset,
        Some(AccountRole::Bank),
    ),
    acc(
        "11030",
        ["Customers", "العملاء", "Покупатели"],
        AccountKind::Asset,
        Some(AccountRole::Customers),
    ),
    acc(
        "11040",
        [
            "Card payments clearing",
            "مدفوعات البطاقات تحت التحصيل",
            "Платежи по картам к зачислению",
        ],
        AccountKind::Asset,
        Some(AccountRole::CardClearing),
    ),
    acc(
        "11051",
        ["Inventory", "المخزون", "Товарные запасы"],
        AccountKind::Asset,
        Some(AccountRole::Inventory),
    ),
    acc(
        "11052",
        [
            "Work in progress",
            "أعمال تحت التنفيذ",
            "Незавершённое производство",
        ],
        AccountKind::Asset,
        Some(AccountRole::WorkInProgress),
    ),
    acc(
        "11060",
        [
            "VAT input",
            "ضريبة القيمة المضافة على المشتريات",
            "НДС по приобретённым ценностям",
        ],
        AccountKind::Asset,
        Some(AccountRole::VatInput),
    ),
    acc(
        "11070",
        [
            "Open café tabs",
            "حسابات المقهى المفتوحة",
            "Открытые счета кафе",
        ],
        AccountKind::Asset,
        Some(AccountRole::CafeTabs),
    ),
    acc(
        "21010",
        [
            "VAT payable",
            "ضريبة القيمة المضافة المستحقة",
            "НДС к уплате",
        ],
        AccountKind::Liability,
        Some(AccountRole::VatPayable),
    ),
    acc(
        "21020",
        ["Suppliers", "الموردون", "Поставщики"],
        AccountKind::Liability,
        Some(AccountRole::Suppliers),
    ),
    acc(
        "21030",
        [
            "Customer deposits",
            "دفعات مقدمة من العملاء",
            "Авансы покупателей",
        ],
        AccountKind::Liability,
        Some(AccountRole::CustomerDeposits),
    ),
    acc(
        "31010",
        [
            "Opening balance equity",
            "حقوق ملكية الأرصدة الافتتاحية",
            "Капитал начальных остатков",
        ],
        AccountKind::Equity,
        Some(AccountRole::OpeningEquity),
    ),
    acc(
        "41010",
        ["Sales revenue", "إيرادات المبيعات", "Выручка от продаж"],
        AccountKind::Income,
        Some(AccountRole::SalesRevenue),
    ),
    acc(
        "42010",
        [
            "Found stock",
            "زيادة المخزون عند الجرد",
            "Излишки при инвентаризации",
        ],
        AccountKind::Income,
        Some(AccountRole::FoundStock),
    ),
    acc(
        "51010",
        [
            "Cost of goods sold",
            "تكلفة البضاعة المباعة",
            "Себестоимость продаж",
        ],
        AccountKind::Expense,
        Some(AccountRole::CostOfGoodsSold),
    ),
    acc(
        "52010",
        ["Damaged goods", "بضاعة تالفة", "Испорченный товар"],
        AccountKind::Expense,
        Some(AccountRole::DamagedGoods),
    ),
    acc(
        "52020",
        [
            "Shrinkage",
            "عجز المخزون عند الجرد",
            "Недостачи при инвентаризации",
        ],
        AccountKind::Expense,
        Some(AccountRole::Shrinkage),
    ),
    acc(
        "53010",
        [
            "Cash over and short",
            "عجز وزيادة النقدية",
            "Излишки и недостачи кассы",
        ],
        AccountKind::Expense,
        Some(AccountRole::CashOverShort),
    ),
    acc(
        "54010",
        ["General expenses", "مصروفات عامة", "Общие расходы"],
        AccountKind::Expense,
        Some(AccountRole::Expenses),
    ),
];

/// Code and names (English, Arabic, Russian) of the cash sub-account of the `ordinal`-th
/// register (1-based): `11010-01`.
#[must_use]
pub fn cash_register_account(ordinal: i64, register_name: &str) -> (String, [String; 3]) {
    (
        format!("11010-{ordinal:02}"),
        [
            format!("Cash - {register_name}"),
            format!("النقدية - {register_name}"),
            format!("Касса - {register_name}"),
        ],
    )
}
