use std::ops::Deref;

use super::Primitive;

/// A buffer of arbitrary PDF content.
#[derive(Debug, Clone, PartialEq)]
pub struct Buf {
    pub(crate) inner: Vec<u8>,
    pub(crate) limits: Limits,
}

impl Buf {
    pub(crate) fn new() -> Self {
        Self { inner: Vec::new(), limits: Limits::new() }
    }

    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Self {
            inner: Vec::with_capacity(capacity),
            limits: Limits::new(),
        }
    }

    /// Get the underlying bytes of the buffer.
    pub fn into_vec(self) -> Vec<u8> {
        self.inner
    }

    /// Get the underlying bytes of the buffer as a slice.
    pub fn as_slice(&self) -> &[u8] {
        self.inner.as_slice()
    }

    /// Return the limits of the buffer.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    #[inline]
    pub(crate) fn push_val<T: Primitive>(&mut self, value: T) {
        value.write(self);
    }

    #[inline]
    pub(crate) fn push_int(&mut self, value: i32) {
        self.limits.register_int(value);
        self.extend(itoa::Buffer::new().format(value).as_bytes());
    }

    #[inline]
    pub(crate) fn push_float(&mut self, value: f32) {
        // Don't write the decimal point if we don't need it.
        // Also, integer formatting is way faster.
        if value as i32 as f32 == value {
            self.push_int(value as i32);
        } else {
            self.push_decimal(value);
        }
    }

    /// Like `push_float`, but forces the decimal point.
    #[inline]
    pub(crate) fn push_decimal(&mut self, value: f32) {
        self.limits.register_real(value);

        if let Some((negative, digits, places)) = short_decimal(value) {
            // huozi: the few-digit decimal ryu would write, without ryu (vendor/pdf-writer/HUOZI.md)
            self.push_short_decimal(negative, digits, places);
        } else if value == 0.0 || (value.abs() > 1e-6 && value.abs() < 1e12) {
            self.extend(ryu::Buffer::new().format(value).as_bytes());
        } else {
            #[inline(never)]
            fn write_extreme(buf: &mut Buf, value: f32) {
                use std::io::Write;
                write!(buf.inner, "{value}").unwrap();
            }

            write_extreme(self, value);
        }
    }

    /// huozi: writes `digits` × 10^-`places` (`places` ≥ 1), with a minus sign when `negative`, as
    /// ryu writes a value that is not an integer: the integer part (`0` when there is none), the point
    /// and all `places` fraction digits.
    #[inline]
    fn push_short_decimal(&mut self, negative: bool, digits: u64, places: u32) {
        const POWERS: [u64; 10] = [1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000];
        let power = POWERS[places as usize];
        let (whole, fraction) = (digits / power, digits % power);
        if negative {
            self.inner.push(b'-');
        }
        self.inner.extend_from_slice(itoa::Buffer::new().format(whole).as_bytes());
        self.inner.push(b'.');
        let mut buffer = itoa::Buffer::new();
        let fraction = buffer.format(fraction).as_bytes();
        self.inner.extend(std::iter::repeat_n(b'0', places as usize - fraction.len()));
        self.inner.extend_from_slice(fraction);
    }

    /// huozi: writes `value`, the `f32` nearest `units` × 10^-`places` (`places` 1 to 3), as
    /// [`Buf::push_float`] writes it, from `units`. Below 1000 in magnitude, the nearest `f32` is an
    /// integer exactly when `units` is a multiple of 10^`places`, and otherwise its shortest
    /// representation is the decimal itself with its trailing zeros dropped: the `f64` quotient is
    /// nowhere near the midpoint of two `f32`s (a decimal of at most three places that is not a
    /// multiple of 1/8 is at least 2^-24/1000 of itself from every such midpoint, far beyond the
    /// quotient's error of 2^-53), and a decimal of fewer places differs by at least 10^-3, more than
    /// the whole rounding interval of an `f32` below 1024 (2^-14). Any other value goes to
    /// `push_float`. The limits are registered as `push_float` registers them.
    #[inline]
    pub(crate) fn push_units(&mut self, units: i64, places: u8, value: f32) {
        const POWERS: [u64; 4] = [1, 10, 100, 1000];
        let power = POWERS[usize::from(places & 3)];
        let magnitude = units.unsigned_abs();
        if places == 0 || places > 3 || magnitude >= 1000 * power {
            self.push_float(value);
            return;
        }
        let (whole, mut fraction) = (magnitude / power, magnitude % power);
        // huozi: the sign, the integer part (below 1000) and the fraction's digits put together in a
        // 16-byte array copied whole (no call to `itoa` or `memcpy`), then cut to their length
        let mut out = [0u8; 16];
        let mut len = usize::from(units < 0);
        out[0] = b'-';
        if whole >= 100 {
            out[len] = b'0' + (whole / 100) as u8;
            len += 1;
        }
        if whole >= 10 {
            out[len] = b'0' + (whole / 10 % 10) as u8;
            len += 1;
        }
        out[len] = b'0' + (whole % 10) as u8;
        len += 1;
        if fraction == 0 {
            self.limits.register_int(value as i32);
        } else {
            self.limits.register_real(value);
            out[len] = b'.';
            len += 1;
            let mut place = power / 10;
            while fraction != 0 {
                out[len] = b'0' + (fraction / place) as u8;
                fraction %= place;
                place /= 10;
                len += 1;
            }
        }
        let start = self.inner.len();
        self.inner.extend_from_slice(&out);
        self.inner.truncate(start + len);
    }

    #[inline]
    pub(crate) fn extend_buf(&mut self, other: &Buf) {
        self.limits.merge(&other.limits);
        self.inner.extend(&other.inner);
    }

    #[inline]
    pub(crate) fn push(&mut self, b: u8) {
        self.inner.push(b);
    }

    #[inline]
    pub(crate) fn push_hex(&mut self, value: u8) {
        fn hex(b: u8) -> u8 {
            if b < 10 {
                b'0' + b
            } else {
                b'A' + (b - 10)
            }
        }

        self.push(hex(value >> 4));
        self.push(hex(value & 0xF));
    }

    #[inline]
    pub(crate) fn push_hex_u16(&mut self, value: u16) {
        self.push_hex((value >> 8) as u8);
        self.push_hex(value as u8);
    }

    #[inline]
    pub(crate) fn push_octal(&mut self, value: u8) {
        fn octal(b: u8) -> u8 {
            b'0' + b
        }

        self.push(octal(value >> 6));
        self.push(octal((value >> 3) & 7));
        self.push(octal(value & 7));
    }

    #[inline]
    pub(crate) fn reserve(&mut self, additional: usize) {
        self.inner.reserve(additional)
    }
}

impl Deref for Buf {
    type Target = [u8];

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

impl Extend<u8> for Buf {
    fn extend<T: IntoIterator<Item = u8>>(&mut self, iter: T) {
        self.inner.extend(iter)
    }
}

impl<'a> Extend<&'a u8> for Buf {
    fn extend<T: IntoIterator<Item = &'a u8>>(&mut self, iter: T) {
        self.inner.extend(iter)
    }
}

/// Tracks the limits of data types used in a buffer.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Limits {
    int: i32,
    real: f32,
    name_len: usize,
    str_len: usize,
    array_len: usize,
    dict_entries: usize,
}

impl Limits {
    /// Create a new `Limits` struct with all values initialized to zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// Get the absolute value of the largest positive/negative integer number.
    pub fn int(&self) -> i32 {
        self.int
    }

    /// Get the absolute value of the largest positive/negative real number.
    pub fn real(&self) -> f32 {
        self.real
    }

    /// Get the maximum length of any used name.
    pub fn name_len(&self) -> usize {
        self.name_len
    }

    /// Get the maximum length of any used string.
    pub fn str_len(&self) -> usize {
        self.str_len
    }

    /// Get the maximum length of any used array.
    pub fn array_len(&self) -> usize {
        self.array_len
    }

    /// Get the maximum number of entries in any dictionary.
    pub fn dict_entries(&self) -> usize {
        self.dict_entries
    }

    pub(crate) fn register_int(&mut self, val: i32) {
        self.int = self.int.max(val.abs());
    }

    pub(crate) fn register_real(&mut self, val: f32) {
        self.real = self.real.max(val.abs());
    }

    pub(crate) fn register_name_len(&mut self, len: usize) {
        self.name_len = self.name_len.max(len);
    }

    // huozi: inlined into the string writers monomorphised in other crates (vendor/pdf-writer/HUOZI.md)
    #[inline]
    pub(crate) fn register_str_len(&mut self, len: usize) {
        self.str_len = self.str_len.max(len);
    }

    pub(crate) fn register_array_len(&mut self, len: usize) {
        self.array_len = self.array_len.max(len);
    }

    pub(crate) fn register_dict_entries(&mut self, len: usize) {
        self.dict_entries = self.dict_entries.max(len);
    }

    /// Merge two `Limits` with each other, taking the maximum
    /// of each field from both.
    pub fn merge(&mut self, other: &Limits) {
        self.register_int(other.int);
        self.register_real(other.real);
        self.register_name_len(other.name_len);
        self.register_str_len(other.str_len);
        self.register_array_len(other.array_len);
        self.register_dict_entries(other.dict_entries);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Chunk, Content, Finish, Name, Rect, Ref, Str, TextStr};

    #[test]
    fn test_content_limits() {
        let mut limits = Limits::default();

        let mut content = Content::new();
        content.cubic_to(14.3, 16.2, 22.6, 30.9, 50.1, 40.0);
        content.show(Str(b"Some text"));
        content.set_font(Name(b"NotoSans"), 10.0);
        let buf = content.finish();
        limits.merge(buf.limits());

        let mut content = Content::new();
        content.line_to(55.0, -75.3);
        content.set_font(Name(b"Noto"), 10.0);
        content
            .show_positioned()
            .items()
            .show(Str(b"A"))
            .show(Str(b"B"))
            .adjust(32.0);
        content
            .marked_content_point_with_properties(Name(b"Hi"))
            .properties()
            .actual_text(TextStr("text"));
        let buf = content.finish();
        limits.merge(buf.limits());

        assert_eq!(
            limits,
            Limits {
                int: 55,
                real: 75.3,
                name_len: 10,
                str_len: 9,
                array_len: 3,
                dict_entries: 1,
            }
        )
    }

    #[test]
    fn test_chunk_limits() {
        let mut limits = Limits::default();

        let mut chunk = Chunk::new();
        let mut x_object = chunk.form_xobject(Ref::new(1), &[]);
        x_object.bbox(Rect::new(4.0, 6.0, 22.1, 31.0));
        x_object.finish();

        limits.merge(chunk.limits());

        assert_eq!(
            limits,
            Limits {
                int: 31,
                real: 22.1,
                name_len: 7,
                str_len: 0,
                array_len: 4,
                dict_entries: 4,
            }
        )
    }
}

/// huozi: ryu's shortest representation of a value that is not an integer and is below 1000 in
/// magnitude: `(negative, digits, places)` for `digits` × 10^-`places`. `None` for any other value (ryu
/// writes it), and when a decimal lies exactly on the edge of the value's rounding interval or halfway
/// between two candidates, or the value is a power of two (its interval is lopsided).
///
/// A decimal reads back as `value` when it lies strictly within half a unit in the last place (ulp) of
/// `value` (the interval is symmetric unless `value` is a power of two); no integer does (below 2^23 a
/// value that is not an integer is at least an ulp from one). For `k` places, the decimal nearest
/// `value` is `n`/10^k with `n` = round(|value| × 10^k); if it is not inside the interval, no decimal
/// of `k` places is. The first `k` whose nearest decimal is inside is the length of ryu's shortest
/// representation (all candidates share the integer part), and among the decimals of that length
/// inside the interval ryu takes the one nearest `value`, which is `n`/10^k. Below 1000 the ulp is at
/// most 2^-14, so the interval holds at most one decimal of three places: when the nearest is inside,
/// it is the shortest representation once its trailing zeros are dropped (a decimal of fewer places is
/// one of three ending in zeros). Every product and difference below is exact in `f64` (|value| has 24
/// significant bits, 10^k at most 21 for k ≤ 9, t < 10^12 and |n − t| ≤ 1/2).
#[inline]
fn short_decimal(value: f32) -> Option<(bool, u64, u32)> {
    let bits = value.to_bits() & 0x7fff_ffff;
    let exponent = bits >> 23;
    // not zero, subnormal, infinite or NaN, nor a power of two; below 1024
    if exponent == 0 || exponent > 127 + 9 || bits & 0x7f_ffff == 0 {
        return None;
    }
    let a = f64::from(f32::from_bits(bits));
    if a >= 1000.0 {
        return None;
    }
    // half an ulp of `value`: 2^(exponent − 127 − 23 − 1)
    let half = f64::from_bits((u64::from(exponent) + 1023 - 151) << 52);
    let mut scale = 1000.0f64;
    for places in 3..=9 {
        let t = a * scale;
        // t + 0.5 is exact and positive: the cast floors it (no call to `round`; signed casts are
        // one instruction each)
        let n = (t + 0.5) as i64;
        let error = (n as f64 - t).abs();
        let edge = half * scale;
        if error == edge || (error < edge && error == 0.5) {
            return None;
        }
        if error < edge {
            if places > 3 || n % 1000 != 0 {
                let (mut n, mut places) = (n, places);
                while places > 1 && n % 10 == 0 {
                    n /= 10;
                    places -= 1;
                }
                return Some((value < 0.0, n as u64, places));
            }
            return None;
        }
        scale *= 10.0;
    }
    None
}

#[cfg(test)]
mod huozi_tests {
    use super::*;

    fn written(value: f32) -> String {
        let mut buf = Buf::new();
        buf.push_decimal(value);
        String::from_utf8(buf.inner).unwrap()
    }

    #[test]
    fn short_decimals_are_written_as_ryu_writes_them() {
        let mut checked = 0u64;
        let mut fast = 0u64;
        let mut check = |v: f32| {
            let ryu = ryu::Buffer::new().format(v).to_string();
            if v.is_finite() && (v == 0.0 || (v.abs() > 1e-6 && v.abs() < 1e12)) {
                assert_eq!(written(v), ryu, "{v:?} bits {:#x}", v.to_bits());
            }
            if short_decimal(v).is_some() {
                fast += 1;
            }
            checked += 1;
        };
        // decimals with up to 4 places up to ±2000, as huozi's positions and adjustments are
        for n in -20_000_000i32..=20_000_000 {
            check((f64::from(n) / 10_000.0) as f32);
        }
        for n in -2_000_000i32..=2_000_000 {
            check((f64::from(n) / 1000.0) as f32);
            check((f64::from(n) / 10.0) as f32);
            check(n as f32 / 7.0);
        }
        // every 97th f32 bit pattern, both signs
        let mut b = 0u32;
        while b < u32::MAX - 97 {
            check(f32::from_bits(b));
            b += 97;
        }
        assert!(fast > 20_000_000, "{fast} of {checked}");
    }

    #[test]
    fn units_are_written_as_their_nearest_f32() {
        for places in 1u8..=3 {
            let range: i64 = 1_200 * [1, 10, 100, 1000][usize::from(places)];
            for units in -range..=range {
                let d = crate::Decimal { units, places };
                let (mut a, mut b) = (Buf::new(), Buf::new());
                a.push_units(units, places, d.to_f32());
                b.push_float(d.to_f32());
                assert_eq!(a.inner, b.inner, "{units} / 10^{places}");
                assert_eq!(a.limits, b.limits, "{units} / 10^{places}");
            }
        }
    }

    #[test]
    fn decimals_of_three_places_below_1000_take_the_short_path() {
        for n in (-999_999i32..=999_999).filter(|n| n % 10 != 0) {
            for places in [1, 2, 3] {
                let v = (f64::from(n) / 10f64.powi(places)) as f32;
                if v.to_bits() & 0x7f_ffff == 0 || v.abs() >= 1000.0 {
                    continue; // a power of two or too large: ryu decides
                }
                let (negative, digits, p) = short_decimal(v)
                    .unwrap_or_else(|| panic!("{v:?} not short"));
                assert_eq!((negative, digits as i32, p as i32), (n < 0, n.abs(), places));
            }
        }
        // values of many digits below 1000 (the emphasis dots' Bézier points)
        let (mut short, mut all) = (0, 0);
        for n in -6_999_999i32..=6_999_999 {
            let v = n as f32 / 7_000.0 + 0.123_456_7;
            if v.abs() < 1000.0 && v.fract() != 0.0 && v.to_bits() & 0x7f_ffff != 0 {
                all += 1;
                short += usize::from(short_decimal(v).is_some());
            }
        }
        assert!(short * 1000 > all * 999, "{short} of {all}");
    }
}
