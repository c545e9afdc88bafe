//! Byte classes eight at a time ("SIMD within a register"), for the two loops that look at every
//! byte of the input: the fold's plain-ASCII runs and the word gate's word starts.
//!
//! Each function takes eight bytes as a little-endian `u64` and returns a mask with the high bit
//! of every byte set where the byte is in the class (and clear elsewhere). The tests are exact,
//! not approximate: no carry or borrow crosses from one byte to the next. Plain safe integer
//! code, so it runs the same on every target.

const ONES: u64 = 0x0101_0101_0101_0101;
pub(crate) const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// Eight bytes from `b[i..]`, little-endian, zero-padded past the end of `b`.
#[inline]
pub(crate) fn load(b: &[u8], i: usize) -> u64 {
    match b.get(i..i + 8) {
        Some(w) => u64::from_le_bytes(w.try_into().unwrap_or([0; 8])),
        None => {
            let mut buf = [0u8; 8];
            let rest = b.get(i..).unwrap_or(&[]);
            buf[..rest.len()].copy_from_slice(rest);
            u64::from_le_bytes(buf)
        }
    }
}

/// The bytes not in `mask`.
#[inline]
pub(crate) fn not(mask: u64) -> u64 {
    !mask & HIGH
}

/// Bytes below 0x80.
#[inline]
pub(crate) fn ascii(x: u64) -> u64 {
    !x & HIGH
}

/// Bytes equal to `c`.
#[inline]
pub(crate) fn eq(x: u64, c: u8) -> u64 {
    let v = x ^ (ONES * u64::from(c));
    // A byte of `v` is zero exactly when adding 0x7F to its low seven bits leaves the high bit
    // clear and its own high bit is clear; the sum never carries into the next byte.
    !(((v & LOW7) + LOW7) | v | LOW7)
}

/// A mask whose *lowest* set byte is the first byte equal to `c`, or 0 when none is: cheaper
/// than [`eq`], and enough where only the first match counts. (A borrow out of the matching
/// byte can mark bytes above it too.)
#[inline]
pub(crate) fn first_eq(x: u64, c: u8) -> u64 {
    let v = x ^ (ONES * u64::from(c));
    v.wrapping_sub(ONES) & !v & HIGH
}

/// ASCII bytes in `lo..=hi` (`hi` below 0x80).
#[inline]
pub(crate) fn ascii_in(x: u64, lo: u8, hi: u8) -> u64 {
    debug_assert!(lo <= hi && hi < 0x80);
    // With the high bit forced on, subtracting at most 0x80 never borrows across bytes; the
    // high bit survives exactly when the low seven bits are at least the subtrahend.
    let y = x | HIGH;
    let ge_lo = y - ONES * u64::from(lo);
    let gt_hi = y - ONES * u64::from(hi + 1);
    ge_lo & !gt_hi & ascii(x)
}

/// ASCII letters and digits (what the fold keeps as word characters).
#[inline]
pub(crate) fn alnum(x: u64) -> u64 {
    ascii_in(x | (ONES * 0x20), b'a', b'z') | ascii_in(x, b'0', b'9')
}

/// One bit per byte (bit `k` for byte `k`) from a mask of high bits.
#[inline]
pub(crate) fn bits(mask: u64) -> u32 {
    // Gathers the eight high bits into the top byte: each lands in a distinct position.
    (((mask >> 7) & ONES).wrapping_mul(0x0102_0408_1020_4080) >> 56) as u32
}

/// The index of the first byte set in a mask of high bits (8 when none).
#[inline]
pub(crate) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn each(f: impl Fn(u64) -> u64, expect: impl Fn(u8) -> bool) {
        // Every byte value in every lane, with varied neighbours (carries would show).
        for v in 0..=255u8 {
            for lane in 0..8 {
                for fill in [0u8, 0x7F, 0x80, 0xFF, b' ', b'a'] {
                    let mut b = [fill; 8];
                    b[lane] = v;
                    let m = f(u64::from_le_bytes(b));
                    for (k, &byte) in b.iter().enumerate() {
                        let set = (m >> (8 * k + 7)) & 1 == 1;
                        assert_eq!(set, expect(byte), "byte {byte:#x} lane {k} in {b:?}");
                    }
                    assert_eq!(m & !HIGH, 0);
                }
            }
        }
    }

    #[test]
    fn classes_are_exact() {
        each(ascii, |b| b < 0x80);
        each(|x| eq(x, b' '), |b| b == b' ');
        each(|x| eq(x, 0x80), |b| b == 0x80);
        each(|x| eq(x, 0), |b| b == 0);
        each(|x| ascii_in(x, 0x20, 0x7E), |b| (0x20..=0x7E).contains(&b));
        each(|x| ascii_in(x, 0, 0x7F), |b| b < 0x80);
        each(alnum, |b| b.is_ascii_alphanumeric());
    }

    #[test]
    fn first_eq_finds_the_first_match() {
        // Every pair of byte values in every pair of lanes, over a few fills.
        for c in [b'\'', b'-', 0u8, 0x80, 0xFF] {
            for fill in [0u8, 0x7F, 0x80, 0xFF, b' ', b'a', c.wrapping_add(1)] {
                for (i, j) in (0..8).flat_map(|i| (0..8).map(move |j| (i, j))) {
                    for (u, v) in [(c, c), (c, c ^ 1), (c ^ 0x80, c), (c.wrapping_sub(1), c)] {
                        let mut b = [fill; 8];
                        b[i] = u;
                        b[j] = v;
                        let want = b.iter().position(|&x| x == c).unwrap_or(8);
                        let got = first(first_eq(u64::from_le_bytes(b), c));
                        assert_eq!(got, want, "{c:#x} in {b:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn bits_gathers_every_pattern() {
        for pattern in 0..=255u32 {
            let mask = (0..8)
                .filter(|k| pattern >> k & 1 == 1)
                .fold(0u64, |m, k| m | 0x80 << (8 * k));
            assert_eq!(bits(mask), pattern);
        }
    }

    #[test]
    fn bits_and_first() {
        let x = u64::from_le_bytes(*b"ab cd-e ");
        assert_eq!(bits(alnum(x)), 0b0101_1011);
        assert_eq!(first(eq(x, b' ')), 2);
        assert_eq!(first(eq(x, b'#')), 8);
        assert_eq!(load(b"abc", 1), u64::from_le_bytes(*b"bc\0\0\0\0\0\0"));
        assert_eq!(load(b"abc", 3), 0);
    }
}
