//! Deterministic elementary functions built from `+ − × ÷` only, so that filter taps, decibels
//! and semitones come out bit-identical on every target (native libm and wasm32's may differ in
//! the last bit, and a last-bit difference can flip a threshold decision).

use std::f64::consts::{LN_10, LN_2, PI};

/// `sin(π·x)`, accurate to about 1e-15, for any finite `x`.
pub(crate) fn sin_pi(x: f64) -> f64 {
    // x − round(x) is exact: both are within one unit of each other.
    let n = x.round();
    let r = x - n;
    let sign = if (n / 2.0).fract() == 0.0 { 1.0 } else { -1.0 };
    // Taylor series of sin(y), y = π·r ∈ [−π/2, π/2]: 15 terms reach below 1e-17.
    let y = PI * r;
    let y2 = y * y;
    let mut term = y;
    let mut sum = y;
    let mut k = 1.0;
    for _ in 0..15 {
        term = -term * y2 / ((2.0 * k) * (2.0 * k + 1.0));
        sum += term;
        k += 1.0;
    }
    sign * sum
}

/// The normalised sinc, `sin(πx)/(πx)`, 1 at 0.
pub(crate) fn sinc(x: f64) -> f64 {
    if x == 0.0 {
        1.0
    } else {
        sin_pi(x) / (PI * x)
    }
}

/// The modified Bessel function of the first kind, order 0 (for the Kaiser window), by its power
/// series; `x` is at most a few tens here.
pub(crate) fn bessel_i0(x: f64) -> f64 {
    let half = x / 2.0;
    let mut term = 1.0;
    let mut sum = 1.0;
    let mut k = 1.0;
    for _ in 0..200 {
        let f = half / k;
        term *= f * f;
        sum += term;
        if term < sum * 1e-17 {
            break;
        }
        k += 1.0;
    }
    sum
}

/// Natural logarithm for finite `x > 0` (returns −∞ for 0 and NaN for negative or non-finite
/// input; callers never pass those).
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 || x.is_infinite() {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    // Normalise subnormals first.
    let (x, extra) = if x < f64::MIN_POSITIVE {
        (x * 18_014_398_509_481_984.0, -54.0) // 2^54, exact
    } else {
        (x, 0.0)
    };
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
    // Mantissa in [1, 2).
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | 0x3ff0_0000_0000_0000);
    let mut e = exp as f64 + extra;
    if m > std::f64::consts::SQRT_2 {
        m /= 2.0;
        e += 1.0;
    }
    // ln(m) = 2·atanh(s), s = (m − 1)/(m + 1) ∈ [−0.172, 0.172].
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut power = s;
    let mut sum = 0.0;
    let mut k = 1.0;
    for _ in 0..30 {
        sum += power / k;
        power *= s2;
        if power.abs() < 1e-18 {
            break;
        }
        k += 2.0;
    }
    e * LN_2 + 2.0 * sum
}

/// Base-10 logarithm (see [`ln`]).
pub(crate) fn log10(x: f64) -> f64 {
    ln(x) / LN_10
}

/// Base-2 logarithm (see [`ln`]).
pub(crate) fn log2(x: f64) -> f64 {
    ln(x) / LN_2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_libm_closely() {
        for i in -400..=400 {
            let x = i as f64 * 0.0137;
            assert!((sin_pi(x) - (PI * x).sin()).abs() < 1e-13, "sin_pi({x})");
        }
        for &x in &[
            1e-300, 1e-10, 0.001, 0.5, 0.7, 1.0, 1.5, 2.0, 10.0, 12345.678, 1e200,
        ] {
            assert!(
                (ln(x) - x.ln()).abs() < 1e-12 * x.ln().abs().max(1.0),
                "ln({x})"
            );
            assert!((log10(x) - x.log10()).abs() < 1e-12 * x.log10().abs().max(1.0));
            assert!((log2(x) - x.log2()).abs() < 1e-12 * x.log2().abs().max(1.0));
        }
        assert!(ln(f64::MIN_POSITIVE / 8.0).is_finite());
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!(ln(-1.0).is_nan());
        // I0(0) = 1, I0(1) = 1.2660658777520082, I0(5) = 27.239871823604442.
        assert!((bessel_i0(0.0) - 1.0).abs() < 1e-15);
        assert!((bessel_i0(1.0) - 1.266_065_877_752_008_2).abs() < 1e-13);
        assert!((bessel_i0(5.0) - 27.239_871_823_604_442).abs() < 1e-10);
        assert_eq!(sinc(0.0), 1.0);
        assert!(sinc(1.0).abs() < 1e-15);
    }
}
