//! The embedded fonts (Noto Sans for Latin and Cyrillic, Noto Sans Arabic), parsed once for
//! shaping (rustybuzz) and for writing (krilla), and the choice of font for each character.

use std::sync::OnceLock;

use krilla::Data;

use crate::PdfError;

static SANS: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static SANS_BOLD: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");
static ARABIC: &[u8] = include_bytes!("../fonts/NotoSansArabic-Regular.ttf");
static ARABIC_BOLD: &[u8] = include_bytes!("../fonts/NotoSansArabic-Bold.ttf");

/// Which of the embedded fonts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaceId {
    Sans,
    SansBold,
    Arabic,
    ArabicBold,
}

impl FaceId {
    /// The font for a script (Arabic or not) in a weight.
    pub(crate) fn of(arabic: bool, bold: bool) -> Self {
        match (arabic, bold) {
            (false, false) => Self::Sans,
            (false, true) => Self::SansBold,
            (true, false) => Self::Arabic,
            (true, true) => Self::ArabicBold,
        }
    }

    /// The same weight in the other script's font.
    pub(crate) fn other(self) -> Self {
        match self {
            Self::Sans => Self::Arabic,
            Self::SansBold => Self::ArabicBold,
            Self::Arabic => Self::Sans,
            Self::ArabicBold => Self::SansBold,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One font, parsed for shaping and for the PDF.
pub(crate) struct Loaded {
    pub(crate) shaper: rustybuzz::Face<'static>,
    pub(crate) pdf: krilla::text::Font,
}

/// All embedded fonts, in `FaceId` order.
pub(crate) struct Fonts([Loaded; 4]);

impl Fonts {
    pub(crate) fn get(&self, id: FaceId) -> &Loaded {
        &self.0[id.index()]
    }

    /// Whether a font draws a character (not its `.notdef`).
    pub(crate) fn has(&self, id: FaceId, c: char) -> bool {
        self.get(id).shaper.glyph_index(c).is_some()
    }
}

fn load(name: &'static str, bytes: &'static [u8]) -> Result<Loaded, PdfError> {
    Ok(Loaded {
        shaper: rustybuzz::Face::from_slice(bytes, 0).ok_or(PdfError::Font(name))?,
        pdf: krilla::text::Font::new(Data::from(bytes), 0).ok_or(PdfError::Font(name))?,
    })
}

fn load_all() -> Result<Fonts, PdfError> {
    Ok(Fonts([
        load("NotoSans-Regular", SANS)?,
        load("NotoSans-Bold", SANS_BOLD)?,
        load("NotoSansArabic-Regular", ARABIC)?,
        load("NotoSansArabic-Bold", ARABIC_BOLD)?,
    ]))
}

/// The fonts, parsed on first use.
pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    static FONTS: OnceLock<Result<Fonts, PdfError>> = OnceLock::new();
    match FONTS.get_or_init(load_all) {
        Ok(f) => Ok(f),
        Err(PdfError::Font(name)) => Err(PdfError::Font(name)),
        Err(_) => Err(PdfError::Font("embedded fonts")),
    }
}

/// Letters of the Arabic script (and its presentation forms), drawn with Noto Sans Arabic.
pub(crate) fn is_arabic(c: char) -> bool {
    matches!(
        c,
        '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{08A0}'..='\u{08FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}'
    )
}
