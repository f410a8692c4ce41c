//! Elementary functions written with `+ - * /` only, so that every platform (x86-64 native,
//! aarch64, wasm32) computes bit-identical results: the platform `exp`/`ln` may differ in the
//! last bit between libm implementations, which could flip a tie between two tree splits.

const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
const LOG2_E: f64 = std::f64::consts::LOG2_E;

/// 2^n for n in the normal range.
fn pow2(n: i64) -> f64 {
    let n = n.clamp(-1022, 1023);
    f64::from_bits(((n + 1023) as u64) << 52)
}

/// e^x, accurate to about one unit in the last place.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    if x < -708.0 {
        return 0.0;
    }
    let k = (x * LOG2_E).round();
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // Taylor series of e^r for |r| <= 0.35, Horner form; the 14th term is below 1e-17.
    const C: [f64; 13] = [
        1.0 / 479_001_600.0,
        1.0 / 39_916_800.0,
        1.0 / 3_628_800.0,
        1.0 / 362_880.0,
        1.0 / 40_320.0,
        1.0 / 5_040.0,
        1.0 / 720.0,
        1.0 / 120.0,
        1.0 / 24.0,
        1.0 / 6.0,
        0.5,
        1.0,
        1.0,
    ];
    let mut p = 1.0 / 6_227_020_800.0; // 1/13!
    for c in C {
        p = p * r + c;
    }
    p * pow2(k as i64)
}

/// Natural logarithm; `-inf` for 0, NaN below 0.
pub(crate) fn ln(x: f64) -> f64 {
    if x.is_nan() || x < 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return f64::NEG_INFINITY;
    }
    if x.is_infinite() {
        return x;
    }
    let mut x = x;
    let mut e: i64 = 0;
    if x < f64::MIN_POSITIVE {
        x *= pow2(60);
        e -= 60;
    }
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7ff) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) | (1023_u64 << 52));
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    // ln m = 2 atanh(s) = 2 (s + s^3/3 + s^5/5 + ...), |s| <= 0.172.
    let mut series = 0.0;
    let mut k = 27.0;
    while k > 1.0 {
        series = (series + 1.0 / k) * s2;
        k -= 2.0;
    }
    let ln_m = 2.0 * s * (1.0 + series);
    let e = e as f64;
    e * LN2_HI + (ln_m + e * LN2_LO)
}

/// The logistic function 1 / (1 + e^-x).
pub(crate) fn sigmoid(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + exp(-x))
    } else {
        let e = exp(x);
        e / (1.0 + e)
    }
}

/// log(p / (1 - p)), with p clamped away from 0 and 1.
pub(crate) fn logit(p: f64) -> f64 {
    let p = p.clamp(1e-12, 1.0 - 1e-12);
    ln(p / (1.0 - p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_ln_match_the_platform_closely() {
        for i in -2000..=2000 {
            let x = i as f64 * 0.3517;
            if x.abs() < 700.0 {
                let ours = exp(x);
                let std = x.exp();
                assert!(
                    ((ours - std) / std).abs() < 4e-16,
                    "exp({x}): {ours} vs {std}"
                );
            }
            let y = (i as f64 * 0.013).exp();
            let ours = ln(y);
            let std = y.ln();
            assert!(
                (ours - std).abs() < 4e-16 * std.abs().max(1.0),
                "ln({y}): {ours} vs {std}"
            );
        }
        assert_eq!(ln(1.0), 0.0);
        assert_eq!(exp(0.0), 1.0);
        assert!(ln(-1.0).is_nan());
        assert_eq!(ln(0.0), f64::NEG_INFINITY);
        assert!((ln(1e-310) - 1e-310_f64.ln()).abs() < 1e-12);
    }

    #[test]
    fn sigmoid_is_symmetric_and_bounded() {
        for i in -100..=100 {
            let x = i as f64 * 0.37;
            let s = sigmoid(x);
            assert!((s + sigmoid(-x) - 1.0).abs() < 1e-15);
            assert!((0.0..=1.0).contains(&s));
            if x.abs() <= 15.0 {
                assert!((logit(s) - x).abs() < 1e-8, "logit(sigmoid({x}))");
            }
        }
        assert_eq!(sigmoid(1000.0), 1.0);
        assert_eq!(sigmoid(-1000.0), 0.0);
    }
}
