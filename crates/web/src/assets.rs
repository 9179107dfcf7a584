//! The files every page may load, compiled into the binary so that no page reaches outside:
//! htmx 2 (pinned), the fonts (Noto Sans Latin and Cyrillic, Noto Sans Arabic; OFL), the style
//! sheet and the till's few lines of script.

/// A served file: its bytes and content type.
#[derive(Debug, Clone, Copy)]
pub struct Asset {
    pub bytes: &'static [u8],
    pub content_type: &'static str,
}

const WOFF2: &str = "font/woff2";
const JS: &str = "text/javascript; charset=utf-8";

/// `name => file under assets/, content type` rows as [`ASSETS`].
macro_rules! assets {
    ($($name:literal => $file:literal, $type:expr;)*) => {
        /// Every asset by its file name under `/assets/`.
        static ASSETS: &[(&str, Asset)] = &[$((
            $name,
            Asset { bytes: include_bytes!(concat!("../assets/", $file)), content_type: $type },
        ),)*];
    };
}

assets! {
    "htmx-2.0.11.min.js" => "htmx.min.js", JS;
    "mizan.css" => "mizan.css", "text/css; charset=utf-8";
    "till.js" => "till.js", JS;
    "noto-sans-latin-400.woff2" => "fonts/noto-sans-latin-400-normal.woff2", WOFF2;
    "noto-sans-latin-700.woff2" => "fonts/noto-sans-latin-700-normal.woff2", WOFF2;
    "noto-sans-cyrillic-400.woff2" => "fonts/noto-sans-cyrillic-400-normal.woff2", WOFF2;
    "noto-sans-cyrillic-700.woff2" => "fonts/noto-sans-cyrillic-700-normal.woff2", WOFF2;
    "noto-sans-arabic-400.woff2" => "fonts/noto-sans-arabic-arabic-400-normal.woff2", WOFF2;
    "noto-sans-arabic-700.woff2" => "fonts/noto-sans-arabic-arabic-700-normal.woff2", WOFF2;
}

/// The asset called `name`, if there is one.
#[must_use]
pub fn asset(name: &str) -> Option<Asset> {
    ASSETS.iter().find(|(n, _)| *n == name).map(|(_, a)| *a)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_asset_is_served_and_nothing_else() {
        assert!(super::asset("htmx-2.0.11.min.js").is_some_and(|a| a.bytes.len() > 40_000));
        assert!(super::asset("../Cargo.toml").is_none());
    }
}
