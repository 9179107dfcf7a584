//! How the denominations counted at a session's close are stored: `value:count` pairs joined by
//! commas, the same for every backend.

/// `[(5000, 3), (100, 7)]` as `5000:3,100:7`; `None` when there are none.
pub(crate) fn encode(denominations: &[(i64, i64)]) -> Option<String> {
    if denominations.is_empty() {
        return None;
    }
    Some(
        denominations
            .iter()
            .map(|(v, c)| format!("{v}:{c}"))
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// The pairs of a stored text (pairs that do not parse are skipped; the writer never makes any).
pub(crate) fn decode(text: Option<&str>) -> Vec<(i64, i64)> {
    text.unwrap_or_default()
        .split(',')
        .filter_map(|pair| {
            let (v, c) = pair.split_once(':')?;
            Some((v.parse().ok()?, c.parse().ok()?))
        })
        .collect()
}
