//! Arabic-script rules (Arabic, Persian, Kurdish).
//!
//! Vowel marks, shadda, sukun, tanween, dagger alef and hamza above or below are combining marks
//! and are already removed by the generic pipeline; with hamza gone, أ إ آ fold to ا, ؤ to و and ئ to ي.
//! This file maps the letters that are distinct code points without a decomposition.

/// Pushes the folded form of `c` and returns true when `c` has an Arabic-script rule.
#[inline]
pub fn map(c: char, out: &mut String) -> bool {
    let r = match c {
        // alef wasla
        '\u{0671}' => 'ا',
        // alef maqsura -> ya
        'ى' => 'ي',
        // ta marbuta -> ha
        'ة' => 'ه',
        // Persian/Kurdish ya and kaf
        'ی' | 'ې' => 'ي',
        'ک' => 'ك',
        // Arabic-Indic and extended (Persian) digits
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        _ => return false,
    };
    out.push(r);
    true
}

/// Whether `c` is a letter of the Arabic script blocks.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

/// Proclitics that attach to a name written in Arabic script: a conjunction (و ف), then a
/// preposition (ب ك ل). Returns true when `prefix` (folded) is such a sequence.
pub fn is_proclitic(prefix: &str) -> bool {
    let mut chars = prefix.chars().peekable();
    let mut n = 0;
    if chars.peek().is_some_and(|c| matches!(c, 'و' | 'ف')) {
        chars.next();
        n += 1;
    }
    if chars.peek().is_some_and(|c| matches!(c, 'ب' | 'ك' | 'ل')) {
        chars.next();
        n += 1;
    }
    n > 0 && chars.next().is_none()
}

/// Prefixes that stand before a name whose leading article ال was absorbed: the article itself
/// after optional proclitics (بال, وال), or لل where ل + ال lost the alef (للعراق).
pub fn is_article_proclitic(prefix: &str) -> bool {
    if let Some(rest) = prefix.strip_suffix("ال") {
        rest.is_empty() || is_proclitic(rest) && !rest.ends_with('ل')
    } else if let Some(rest) = prefix.strip_suffix("لل") {
        rest.is_empty() || rest == "و" || rest == "ف"
    } else {
        false
    }
}

/// Most characters of a proclitic prefix (وبال, فلل).
pub const MAX_PROCLITIC_CHARS: usize = 4;

/// Byte offsets in a folded `word` where a name may start after proclitics: the ends of its
/// prefixes of one to [`MAX_PROCLITIC_CHARS`] characters that are [`is_proclitic`] or
/// [`is_article_proclitic`].
pub fn proclitic_splits(word: &str) -> impl Iterator<Item = usize> + '_ {
    word.char_indices()
        .skip(1)
        .take(MAX_PROCLITIC_CHARS)
        .map(|(i, _)| i)
        .filter(move |&i| is_proclitic(&word[..i]) || is_article_proclitic(&word[..i]))
}

/// The folded article at the start of an Arabic-script name.
pub const ARTICLE: &str = "ال";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proclitic_sequences() {
        for p in ["و", "ف", "ب", "ل", "ك", "وب", "فل", "وك"] {
            assert!(is_proclitic(p), "{p}");
        }
        for p in ["", "بو", "وو", "م", "وبل"] {
            assert!(!is_proclitic(p), "{p}");
        }
        for p in ["ال", "وال", "بال", "وبال", "كال", "لل", "ولل"] {
            assert!(is_article_proclitic(p), "{p}");
            let name = format!("{p}عراق");
            assert!(proclitic_splits(&name).any(|i| i == p.len()), "{p}");
        }
        for p in ["لال", "م", "و"] {
            assert!(!is_article_proclitic(p), "{p}");
        }
    }
}
