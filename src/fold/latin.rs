//! Latin-script rules: apostrophe-like marks and letters that Unicode does not decompose.

/// Apostrophe-like marks that transliterations put inside names (Kata'ib, Hay’at, ʿAli, Baʾath).
#[inline]
pub fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '`'
            | '\u{00B4}'
            | '\u{2018}'
            | '\u{2019}'
            | '\u{201B}'
            | '\u{2032}'
            | '\u{02BC}'
            | '\u{02BE}'
            | '\u{02BF}'
            | '\u{02BB}'
            | '\u{02BD}'
            | '\u{FF07}'
    )
}

/// Letters without a Unicode decomposition that readers treat as their base letter
/// (Turkish dotless ı, Polish ł, ...). Pushes the replacement and returns true when `c` is one.
#[inline]
pub fn map(c: char, out: &mut String) -> bool {
    let r = match c {
        'ı' => "i",
        'ł' => "l",
        'đ' => "d",
        'ø' => "o",
        'ħ' => "h",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return false,
    };
    out.push_str(r);
    true
}
