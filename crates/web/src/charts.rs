//! Bar charts drawn on the server as SVG (no script, no CDN): one bar per category scaled to
//! the largest value, negative values below a zero line, every label escaped. In a
//! right-to-left page the categories run from the right, the value axis sits on the right, and
//! each amount is its own left-to-right text so Arabic never reorders its digits.

use std::fmt::Write as _;

use mizan_domain::Currency;

use crate::format;

/// The drawing's size in SVG units (it scales to its box).
const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 300.0;
/// Room for the value axis (on the start side), the category labels and the value labels.
const AXIS: f64 = 90.0;
const GAP: f64 = 12.0;
const TOP: f64 = 24.0;
const BOTTOM: f64 = 40.0;

/// A bar chart: what it shows, its bars in reading order and how to write their amounts.
#[derive(Debug, Clone)]
pub struct BarChart<'a> {
    /// Read by screen readers (`<title>`), e.g. "Sales by payment method".
    pub title: &'a str,
    /// (category label, amount in minor units), in reading order.
    pub bars: &'a [(String, i64)],
    pub currency: &'a Currency,
    /// Categories run right to left (Arabic).
    pub rtl: bool,
    /// Shown instead of bars when there are none.
    pub empty: &'a str,
}

/// `text` safe inside SVG text and attribute values.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// An amount as its own left-to-right text at (`x`, `y`).
fn amount_text(out: &mut String, x: f64, y: f64, anchor: &str, class: &str, text: &str) {
    let _ = write!(
        out,
        r#"<text x="{x:.1}" y="{y:.1}" text-anchor="{anchor}" class="{class}" direction="ltr" unicode-bidi="isolate"><tspan direction="ltr">{}</tspan></text>"#,
        escape(text)
    );
}

/// The chart as an `<svg>` element.
#[must_use]
pub fn bar_chart(chart: &BarChart<'_>) -> String {
    let dir = if chart.rtl { "rtl" } else { "ltr" };
    let mut out = String::new();
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" direction="{dir}" font-size="14"><title>{}</title>"#,
        escape(chart.title)
    );
    if chart.bars.is_empty() {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="middle" class="empty">{}</text></svg>"#,
            WIDTH / 2.0,
            HEIGHT / 2.0,
            escape(chart.empty)
        );
        return out;
    }
    let max = chart.bars.iter().map(|b| b.1).max().unwrap_or(0).max(0);
    let min = chart.bars.iter().map(|b| b.1).min().unwrap_or(0).min(0);
    let span = max.saturating_sub(min).max(1);
    // Whole minor units fit f64 exactly far beyond any shop's takings; this is only geometry.
    #[allow(clippy::cast_precision_loss, reason = "pixel geometry, not money")]
    let scale = |v: i64| (HEIGHT - TOP - BOTTOM) * (v as f64) / (span as f64);
    let zero_y = TOP + scale(max);
    // The plot runs between the value axis (start side) and the far edge.
    let (plot_start, plot_end) = if chart.rtl {
        (GAP, WIDTH - AXIS)
    } else {
        (AXIS, WIDTH - GAP)
    };
    let axis_x = if chart.rtl {
        plot_end + 6.0
    } else {
        plot_start - 6.0
    };
    let axis_anchor = if chart.rtl { "start" } else { "end" };
    // Grid: the largest value, zero, and the smallest when below zero.
    let mut marks = vec![max, 0];
    if min < 0 {
        marks.push(min);
    }
    marks.dedup();
    for v in marks {
        let y = TOP + scale(max.saturating_sub(v));
        let _ = write!(
            out,
            r##"<line x1="{plot_start:.1}" x2="{plot_end:.1}" y1="{y:.1}" y2="{y:.1}" stroke="{}" stroke-width="1"/>"##,
            if v == 0 { "#5b6475" } else { "#d9dde5" }
        );
        amount_text(
            &mut out,
            axis_x,
            y + 4.0,
            axis_anchor,
            "axis",
            &format::amount(chart.currency, v),
        );
    }
    #[allow(clippy::cast_precision_loss, reason = "a count of bars")]
    let slot = (plot_end - plot_start) / chart.bars.len() as f64;
    let bar_w = (slot * 0.6).min(80.0);
    let show_values = slot >= 60.0;
    for (i, (label, value)) in chart.bars.iter().enumerate() {
        #[allow(clippy::cast_precision_loss, reason = "a count of bars")]
        let offset = (i as f64 + 0.5) * slot;
        let cx = if chart.rtl {
            plot_end - offset
        } else {
            plot_start + offset
        };
        let h = scale(value.saturating_abs());
        let y = if *value >= 0 { zero_y - h } else { zero_y };
        let amount = format::money(chart.currency, *value);
        let _ = write!(
            out,
            r#"<g class="bar"><rect x="{:.1}" y="{y:.1}" width="{bar_w:.1}" height="{h:.1}" fill="{}" data-value="{value}"><title>{} {}</title></rect>"#,
            cx - bar_w / 2.0,
            if *value >= 0 { "#0b6e4f" } else { "#b42318" },
            escape(label),
            escape(&amount)
        );
        let _ = write!(
            out,
            r#"<text x="{cx:.1}" y="{:.1}" text-anchor="middle" class="label">{}</text>"#,
            HEIGHT - BOTTOM / 2.0 + 4.0,
            escape(label)
        );
        if show_values {
            let vy = if *value >= 0 { y - 4.0 } else { y + h + 12.0 };
            amount_text(
                &mut out,
                cx,
                vy,
                "middle",
                "value",
                &format::amount(chart.currency, *value),
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn egp() -> Currency {
        Currency::from_code("EGP").unwrap()
    }

    fn bars(pairs: &[(&str, i64)]) -> Vec<(String, i64)> {
        pairs.iter().map(|(l, v)| ((*l).to_owned(), *v)).collect()
    }

    fn chart<'a>(bars: &'a [(String, i64)], c: &'a Currency, rtl: bool) -> String {
        bar_chart(&BarChart {
            title: "Sales",
            bars,
            currency: c,
            rtl,
            empty: "Nothing <yet>",
        })
    }

    fn rect_x(svg: &str, nth: usize) -> f64 {
        let rect = svg.split("<rect ").nth(nth + 1).unwrap();
        let x = rect
            .split("x=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        x.parse().unwrap()
    }

    fn rect_attr(svg: &str, nth: usize, attr: &str) -> f64 {
        let rect = svg.split("<rect ").nth(nth + 1).unwrap();
        let v = rect
            .split(&format!(" {attr}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        v.parse().unwrap()
    }

    #[test]
    fn bars_are_scaled_to_the_largest_value() {
        let c = egp();
        let b = bars(&[("Cash", 100_000), ("Card", 50_000)]);
        let svg = chart(&b, &c, false);
        assert_eq!(svg.matches("<rect ").count(), 2);
        let (h0, h1) = (rect_attr(&svg, 0, "height"), rect_attr(&svg, 1, "height"));
        assert!((h0 - 2.0 * h1).abs() < 0.2, "{h0} {h1}");
        assert!((h0 - (HEIGHT - TOP - BOTTOM)).abs() < 0.2);
        assert!(svg.contains(">1,000.00</tspan>"), "{svg}");
        assert!(svg.contains("direction=\"ltr\""));
        assert!(rect_x(&svg, 0) < rect_x(&svg, 1), "left to right");
    }

    #[test]
    fn arabic_charts_run_right_to_left_with_amounts_left_to_right() {
        let c = egp();
        let b = bars(&[("نقدي", 100_000), ("بطاقة", 50_000)]);
        let svg = chart(&b, &c, true);
        assert!(svg.starts_with("<svg") && svg.contains(r#"direction="rtl""#));
        assert!(
            rect_x(&svg, 0) > rect_x(&svg, 1),
            "the first bar is on the right"
        );
        assert!(svg.contains(
            r#"direction="ltr" unicode-bidi="isolate"><tspan direction="ltr">1,000.00<"#
        ));
        assert!(svg.contains(">نقدي<"));
    }

    #[test]
    fn negative_values_hang_below_the_zero_line() {
        let c = egp();
        let b = bars(&[("Jan", 30_000), ("Feb", -10_000)]);
        let svg = chart(&b, &c, false);
        let (y0, h0) = (rect_attr(&svg, 0, "y"), rect_attr(&svg, 0, "height"));
        let y1 = rect_attr(&svg, 1, "y");
        assert!((y0 + h0 - y1).abs() < 0.2, "both bars meet at zero");
        assert!(svg.contains("#b42318"));
        assert!(svg.contains(">-100.00</tspan>"));
    }

    #[test]
    fn an_empty_chart_says_so_and_labels_are_escaped() {
        let c = egp();
        let svg = chart(&[], &c, false);
        assert!(svg.contains("Nothing &lt;yet&gt;") && !svg.contains("<rect"));
        let b = bars(&[("<script>\"&'", 0)]);
        let svg = chart(&b, &c, false);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;&quot;&amp;&#39;"));
        assert!(svg.ends_with("</svg>"));
    }
}
