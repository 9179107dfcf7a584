//! How a tenant's scale barcode layouts are stored: their texts joined by commas.

use mizan_domain::barcode::ScaleLayout;

pub(crate) fn encode(layouts: &[ScaleLayout]) -> String {
    layouts
        .iter()
        .map(ScaleLayout::as_str)
        .collect::<Vec<_>>()
        .join(",")
}

pub(crate) fn decode(text: &str) -> Vec<String> {
    text.split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
