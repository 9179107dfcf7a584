//! The A4 page plan of a receipt: where each shaped text, rule and band goes, page by page.
//! Columns are laid out from the reading start edge and mirrored for right-to-left; amounts
//! are left-to-right text, right-aligned so their decimals line up in both directions.

use crate::shape::{Shaped, shape};
use crate::{PdfError, Receipt};

/// A4 portrait, in points.
pub(crate) const PAGE_W: f32 = 595.276;
pub(crate) const PAGE_H: f32 = 841.89;
const MARGIN: f32 = 42.0;
const TOP: f32 = 48.0;
const BOTTOM: f32 = PAGE_H - 60.0;
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;
const PAD: f32 = 6.0;

/// Column spans, measured from the reading start edge.
const NAME: (f32, f32) = (0.0, WIDTH - 280.0);
const QTY: (f32, f32) = (WIDTH - 280.0, WIDTH - 210.0);
const UNIT: (f32, f32) = (WIDTH - 210.0, WIDTH - 110.0);
const TOTAL: (f32, f32) = (WIDTH - 110.0, WIDTH);
const LABELS: (f32, f32) = (QTY.0, UNIT.1);

const BODY: f32 = 10.0;
const SMALL: f32 = 9.0;
const ROW_LINE: f32 = 13.0;

/// How dark a text or rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ink {
    Black,
    Gray,
}

/// A shaped line at its place: `x` is its left edge, `baseline` from the page's top.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    pub(crate) x: f32,
    pub(crate) baseline: f32,
    pub(crate) size: f32,
    pub(crate) ink: Ink,
    pub(crate) shaped: Shaped,
}

/// A horizontal rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule {
    pub(crate) left: f32,
    pub(crate) right: f32,
    pub(crate) y: f32,
    pub(crate) width: f32,
    pub(crate) ink: Ink,
}

/// A light background band (the table's head).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Band {
    pub(crate) x: f32,
    pub(crate) y: f32,
    pub(crate) w: f32,
    pub(crate) h: f32,
}

/// Everything on one page.
#[derive(Debug, Clone, Default)]
pub(crate) struct PagePlan {
    pub(crate) texts: Vec<Text>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) bands: Vec<Band>,
}

/// Where a text sits between its edges.
#[derive(Debug, Clone, Copy)]
enum Align {
    /// The reading start (right in Arabic).
    Start,
    /// The reading end (left in Arabic).
    End,
    /// Right, whatever the direction: amounts.
    Right,
    Center,
}

/// How a text is set.
#[derive(Debug, Clone, Copy)]
struct Style {
    size: f32,
    bold: bool,
    ink: Ink,
    /// The paragraph is the document's direction (`false`: always left to right, for numbers,
    /// amounts and times).
    natural: bool,
}

impl Style {
    const fn body() -> Self {
        Self {
            size: BODY,
            bold: false,
            ink: Ink::Black,
            natural: true,
        }
    }
    const fn ltr(self) -> Self {
        Self {
            natural: false,
            ..self
        }
    }
    const fn bold(self) -> Self {
        Self { bold: true, ..self }
    }
    const fn gray(self) -> Self {
        Self {
            ink: Ink::Gray,
            ..self
        }
    }
    const fn size(self, size: f32) -> Self {
        Self { size, ..self }
    }
}

struct Planner<'a> {
    r: &'a Receipt,
    pages: Vec<PagePlan>,
    y: f32,
}

/// Plans a receipt's pages.
pub(crate) fn plan(r: &Receipt) -> Result<Vec<PagePlan>, PdfError> {
    let mut p = Planner {
        r,
        pages: Vec::new(),
        y: TOP,
    };
    p.first_page()?;
    p.table_head()?;
    for line in &r.lines {
        let names = p.wrap(&line.name, NAME.1 - NAME.0 - 2.0 * PAD, Style::body())?;
        let height = ROW_LINE * names.len().max(1) as f32 + 8.0;
        if p.y + height > BOTTOM {
            p.next_page()?;
            p.table_head()?;
        }
        p.row(names, line)?;
    }
    p.totals()?;
    p.footer()?;
    p.page_numbers()?;
    Ok(p.pages)
}

impl Planner<'_> {
    fn page(&mut self) -> &mut PagePlan {
        if self.pages.is_empty() {
            self.pages.push(PagePlan::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Physical left and right of a span measured from the reading start edge.
    fn span(&self, (a, b): (f32, f32)) -> (f32, f32) {
        if self.r.rtl {
            (MARGIN + WIDTH - b, MARGIN + WIDTH - a)
        } else {
            (MARGIN + a, MARGIN + b)
        }
    }

    fn shape(&self, text: &str, style: Style) -> Result<Shaped, PdfError> {
        shape(text, style.natural && self.r.rtl, style.bold)
    }

    /// Places a shaped text between `left` and `right`; returns its left and right edges.
    fn put(
        &mut self,
        shaped: Shaped,
        style: Style,
        (left, right): (f32, f32),
        align: Align,
        baseline: f32,
    ) -> (f32, f32) {
        let w = shaped.width(style.size);
        let x = match (align, self.r.rtl) {
            (Align::Start, false) | (Align::End, true) => left,
            (Align::Start, true) | (Align::End, false) | (Align::Right, _) => right - w,
            (Align::Center, _) => left + (right - left - w) / 2.0,
        };
        self.page().texts.push(Text {
            x,
            baseline,
            size: style.size,
            ink: style.ink,
            shaped,
        });
        (x, x + w)
    }

    fn text(
        &mut self,
        text: &str,
        style: Style,
        edges: (f32, f32),
        align: Align,
        baseline: f32,
    ) -> Result<(f32, f32), PdfError> {
        if text.is_empty() {
            return Ok((edges.0, edges.0));
        }
        let shaped = self.shape(text, style)?;
        Ok(self.put(shaped, style, edges, align, baseline))
    }

    fn rule(&mut self, y: f32, width: f32, ink: Ink) {
        self.page().rules.push(Rule {
            left: MARGIN,
            right: MARGIN + WIDTH,
            y,
            width,
            ink,
        });
    }

    /// Breaks a text at spaces into lines no wider than `width`; a longer word stays whole.
    fn wrap(&self, text: &str, width: f32, style: Style) -> Result<Vec<Shaped>, PdfError> {
        let whole = self.shape(text, style)?;
        if whole.width(style.size) <= width {
            return Ok(vec![whole]);
        }
        let mut lines = Vec::new();
        let mut current = String::new();
        for word in text.split(' ').filter(|w| !w.is_empty()) {
            if current.is_empty() {
                current = word.to_owned();
                continue;
            }
            let candidate = format!("{current} {word}");
            if self.shape(&candidate, style)?.width(style.size) <= width {
                current = candidate;
            } else {
                lines.push(self.shape(&current, style)?);
                current = word.to_owned();
            }
        }
        if !current.is_empty() {
            lines.push(self.shape(&current, style)?);
        }
        Ok(lines)
    }

    /// The first page's head: the shop, the document and its number, then who, where, when.
    fn first_page(&mut self) -> Result<(), PdfError> {
        self.pages.push(PagePlan::default());
        let r = self.r;
        let full = self.span((0.0, WIDTH));
        let top = TOP + 20.0;
        self.text(
            &r.branch,
            Style::body().bold().size(20.0),
            full,
            Align::Start,
            top,
        )?;
        self.text(
            &r.title,
            Style::body().bold().size(16.0).gray(),
            full,
            Align::End,
            top,
        )?;
        self.text(
            &r.number,
            Style::body().ltr().bold().size(12.0),
            full,
            Align::End,
            top + 20.0,
        )?;
        self.y = top + 34.0;
        self.rule(self.y, 0.8, Ink::Black);
        self.y += 18.0;
        let l = &r.labels;
        let mut pairs = vec![
            (l.time.as_str(), r.time.as_str(), false),
            (l.register.as_str(), r.register.as_str(), true),
            (l.cashier.as_str(), r.cashier.as_str(), true),
        ];
        if !r.customer.is_empty() {
            pairs.push((l.customer.as_str(), r.customer.as_str(), true));
        }
        for row in pairs.chunks(2) {
            for (i, (label, value, natural)) in row.iter().enumerate() {
                let half = WIDTH / 2.0;
                #[allow(clippy::cast_precision_loss)]
                let cell = self.span((half * i as f32, half * (i as f32 + 1.0)));
                self.pair(label, value, *natural, cell)?;
            }
            self.y += 16.0;
        }
        self.y += 12.0;
        Ok(())
    }

    /// A label and its value, the value after the label in reading order.
    fn pair(
        &mut self,
        label: &str,
        value: &str,
        natural: bool,
        (left, right): (f32, f32),
    ) -> Result<(), PdfError> {
        let baseline = self.y;
        let lstyle = Style::body().size(SMALL).gray();
        let (ll, lr) = self.text(label, lstyle, (left, right), Align::Start, baseline)?;
        let vstyle = Style {
            natural,
            ..Style::body()
        };
        let shaped = self.shape(value, vstyle)?;
        let w = shaped.width(vstyle.size);
        let x = if self.r.rtl { ll - PAD - w } else { lr + PAD };
        self.put(shaped, vstyle, (x, x + w), Align::Right, baseline);
        Ok(())
    }

    /// A following page's head: the shop and the receipt's number.
    fn next_page(&mut self) -> Result<(), PdfError> {
        self.pages.push(PagePlan::default());
        let r = self.r;
        let full = self.span((0.0, WIDTH));
        let top = TOP + 12.0;
        self.text(
            &r.branch,
            Style::body().bold().size(12.0),
            full,
            Align::Start,
            top,
        )?;
        let heading = format!("{} {}", r.title, r.number);
        self.text(&heading, Style::body(), full, Align::End, top)?;
        self.y = top + 10.0;
        self.rule(self.y, 0.5, Ink::Gray);
        self.y += 14.0;
        Ok(())
    }

    /// The table's column heads on a light band.
    fn table_head(&mut self) -> Result<(), PdfError> {
        let l = &self.r.labels;
        let (item, qty, unit, total) = (
            l.item.clone(),
            l.qty.clone(),
            l.unit_price.clone(),
            l.line_total.clone(),
        );
        let y = self.y;
        self.page().bands.push(Band {
            x: MARGIN,
            y,
            w: WIDTH,
            h: 20.0,
        });
        let baseline = self.y + 13.5;
        let style = Style::body().bold().size(SMALL);
        let name = self.padded(NAME);
        self.text(&item, style, name, Align::Start, baseline)?;
        for (label, col) in [(qty, QTY), (unit, UNIT), (total, TOTAL)] {
            let edges = self.padded(col);
            self.text(&label, style, edges, Align::Right, baseline)?;
        }
        self.y += 22.0;
        Ok(())
    }

    fn padded(&self, col: (f32, f32)) -> (f32, f32) {
        let (l, r) = self.span(col);
        (l + PAD, r - PAD)
    }

    /// One sale line: its name (wrapped), quantity, unit price and total.
    fn row(&mut self, names: Vec<Shaped>, line: &crate::Line) -> Result<(), PdfError> {
        let first = self.y + 12.0;
        let rows = names.len().max(1);
        let name = self.padded(NAME);
        let mut baseline = first;
        for shaped in names {
            self.put(shaped, Style::body(), name, Align::Start, baseline);
            baseline += ROW_LINE;
        }
        for (value, col) in [
            (&line.qty, QTY),
            (&line.unit_price, UNIT),
            (&line.total, TOTAL),
        ] {
            let edges = self.padded(col);
            self.text(value, Style::body().ltr(), edges, Align::Right, first)?;
        }
        #[allow(clippy::cast_precision_loss)]
        let height = ROW_LINE * rows as f32 + 8.0;
        self.y += height;
        self.rule(self.y - 2.0, 0.3, Ink::Gray);
        Ok(())
    }

    /// Net, VAT, the total (bold), the payments, cash received and change.
    fn totals(&mut self) -> Result<(), PdfError> {
        let r = self.r;
        let l = &r.labels;
        let mut rows: Vec<(&str, &str, bool)> = vec![
            (&l.net, &r.net, false),
            (&l.vat, &r.vat, false),
            (&l.total, &r.total, true),
        ];
        for (label, amount) in &r.payments {
            rows.push((label, amount, false));
        }
        if let Some(received) = &r.received {
            rows.push((&l.received, received, false));
        }
        if let Some(change) = &r.change {
            rows.push((&l.change, change, false));
        }
        #[allow(clippy::cast_precision_loss)]
        let height = 18.0 * rows.len() as f32 + 16.0;
        if self.y + height > BOTTOM {
            self.next_page()?;
        }
        self.y += 8.0;
        let labels = self.padded(LABELS);
        let values = self.padded(TOTAL);
        let (span_l, span_r) = self.span((LABELS.0, WIDTH));
        for (label, value, grand) in rows {
            let style = if grand {
                self.y += 4.0;
                let y = self.y;
                self.page().rules.push(Rule {
                    left: span_l,
                    right: span_r,
                    y,
                    width: 0.8,
                    ink: Ink::Black,
                });
                Style::body().bold().size(12.0)
            } else {
                Style::body()
            };
            let baseline = self.y + if grand { 16.0 } else { 13.0 };
            self.text(label, style, labels, Align::Start, baseline)?;
            self.text(value, style.ltr(), values, Align::Right, baseline)?;
            self.y += if grand { 24.0 } else { 18.0 };
        }
        Ok(())
    }

    fn footer(&mut self) -> Result<(), PdfError> {
        if self.y + 40.0 > BOTTOM {
            self.next_page()?;
        }
        self.y += 28.0;
        let full = self.span((0.0, WIDTH));
        let footer = self.r.footer.clone();
        self.text(&footer, Style::body().gray(), full, Align::Center, self.y)?;
        Ok(())
    }

    /// "Page 1/2" at the foot of every page.
    fn page_numbers(&mut self) -> Result<(), PdfError> {
        let count = self.pages.len();
        let full = self.span((0.0, WIDTH));
        for i in 0..count {
            let text = format!("{} {}/{count}", self.r.labels.page, i + 1);
            let style = Style::body().size(8.0).gray();
            let shaped = self.shape(&text, style)?;
            let w = shaped.width(style.size);
            let x = full.0 + (full.1 - full.0 - w) / 2.0;
            self.pages[i].texts.push(Text {
                x,
                baseline: PAGE_H - 32.0,
                size: style.size,
                ink: style.ink,
                shaped,
            });
        }
        Ok(())
    }
}
