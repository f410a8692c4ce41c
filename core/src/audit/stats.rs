//! Statistics for the audit: Fisher's exact test, the pooled two-proportion z test, the median
//! and percentile quantiles. Every function returns `None` where the value is undefined.

use statrs::distribution::{ContinuousCDF, Discrete, Hypergeometric, Normal};

/// Relative tolerance when comparing table probabilities in Fisher's test (as R's `fisher.test`:
/// tables whose probability is within a factor `1 + 1e-7` of the observed one count as "no more
/// likely").
const FISHER_RELATIVE_TOLERANCE: f64 = 1e-7;

/// Two-sided Fisher exact test for the 2×2 table `[[a, b], [c, d]]`: the sum of the
/// probabilities (hypergeometric, margins fixed) of every table no more likely than the observed
/// one. Returns `None` only when the table is empty.
pub fn fisher_exact_two_sided(a: u64, b: u64, c: u64, d: u64) -> Option<f64> {
    let row1 = a.checked_add(b)?;
    let col1 = a.checked_add(c)?;
    let total = row1.checked_add(c.checked_add(d)?)?;
    if total == 0 {
        return None;
    }
    let dist = Hypergeometric::new(total, col1, row1).ok()?;
    // Support of the top-left cell given the margins.
    let lo = row1.saturating_sub(total - col1);
    let hi = row1.min(col1);
    if a < lo || a > hi {
        return None;
    }
    let observed = dist.ln_pmf(a);
    let threshold = observed + FISHER_RELATIVE_TOLERANCE.ln_1p();
    let mut p = 0.0;
    for x in lo..=hi {
        let lp = dist.ln_pmf(x);
        if lp <= threshold {
            p += lp.exp();
        }
    }
    Some(p.clamp(0.0, 1.0))
}

/// The pooled two-proportion z test of `x1/n1` against `x2/n2`: `(z, two-sided p)`.
/// `None` when either sample is empty or the pooled proportion is 0 or 1 (no variance).
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<(f64, f64)> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    let (x1, n1, x2, n2) = (x1 as f64, n1 as f64, x2 as f64, n2 as f64);
    let pooled = (x1 + x2) / (n1 + n2);
    let se = (pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)).sqrt();
    if !se.is_finite() || se <= 0.0 {
        return None;
    }
    let z = (x1 / n1 - x2 / n2) / se;
    let normal = Normal::new(0.0, 1.0).ok()?;
    let p = (2.0 * normal.sf(z.abs())).clamp(0.0, 1.0);
    Some((z, p))
}

/// The median of `values` (the mean of the two middle values when the count is even).
/// Reorders `values`. `None` when empty.
pub fn median_in_place(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let (left, upper, _) = values.select_nth_unstable_by(mid, f64::total_cmp);
    let upper = *upper;
    if n % 2 == 1 {
        Some(upper)
    } else {
        let lower = left.iter().copied().max_by(f64::total_cmp)?;
        Some(lower + (upper - lower) / 2.0)
    }
}

/// The `q` quantile of sorted values with linear interpolation between order statistics
/// (R's type 7, numpy's default). `None` when empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let last = sorted.len().checked_sub(1)?;
    let h = last as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let lo_value = *sorted.get(lo)?;
    match sorted.get(lo + 1) {
        Some(hi_value) => Some(lo_value + (h - lo as f64) * (hi_value - lo_value)),
        None => Some(lo_value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol * b.abs().max(1e-300)
    }

    #[test]
    fn fisher_matches_r() {
        // R: fisher.test(matrix(c(3,1,1,3), 2))$p.value = 0.4857142857 (Fisher's tea tasting).
        let p = fisher_exact_two_sided(3, 1, 1, 3).unwrap();
        assert!(close(p, 0.485_714_285_714_285_7, 1e-12), "{p}");
        // R: fisher.test(matrix(c(1,9,11,3), 2))$p.value = 0.002759456 (scipy docs example).
        let p = fisher_exact_two_sided(1, 9, 11, 3).unwrap();
        assert!(close(p, 0.002_759_456_185_220_083, 1e-9), "{p}");
        // scipy.stats.fisher_exact([[8, 2], [1, 5]]) -> 0.03496503496503495.
        let p = fisher_exact_two_sided(8, 2, 1, 5).unwrap();
        assert!(close(p, 0.034_965_034_965_034_96, 1e-9), "{p}");
        // A table identical to its margins' most likely table has p = 1.
        let p = fisher_exact_two_sided(5, 5, 5, 5).unwrap();
        assert!(close(p, 1.0, 1e-12), "{p}");
        // Degenerate margins (nobody selected): a single possible table, p = 1.
        assert!(close(
            fisher_exact_two_sided(0, 7, 0, 3).unwrap(),
            1.0,
            1e-12
        ));
        assert_eq!(fisher_exact_two_sided(0, 0, 0, 0), None);
    }

    #[test]
    fn fisher_large_counts_do_not_overflow() {
        // Large tables go through log-probabilities; the p-value stays a probability.
        let p = fisher_exact_two_sided(2_000, 28_000, 1_100, 12_000).unwrap();
        assert!((0.0..=1.0).contains(&p));
        // Symmetric swap of rows gives the same p.
        let q = fisher_exact_two_sided(1_100, 12_000, 2_000, 28_000).unwrap();
        assert!(close(p, q, 1e-9), "{p} vs {q}");
    }

    #[test]
    fn z_test_hand_computed() {
        // 30/100 vs 50/100: pooled 0.4, se = sqrt(0.24 * 0.02) = 0.069282..., z = -2.886751...
        let (z, p) = two_proportion_z(30, 100, 50, 100).unwrap();
        assert!(close(z, -2.886_751_345_948_129, 1e-12), "{z}");
        // 2 * (1 - Phi(2.886751)) = 0.003892417 (R: 2*pnorm(-2.886751345948129)).
        assert!(close(p, 0.003_892_417_122_6, 1e-8), "{p}");
        assert_eq!(two_proportion_z(0, 10, 0, 10), None);
        assert_eq!(two_proportion_z(10, 10, 5, 5), None);
        assert_eq!(two_proportion_z(1, 0, 1, 5), None);
    }

    #[test]
    fn median_and_quantiles() {
        assert_eq!(median_in_place(&mut [3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median_in_place(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median_in_place(&mut []), None);
        let sorted = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&sorted, 0.0), Some(1.0));
        assert_eq!(quantile_sorted(&sorted, 1.0), Some(5.0));
        // numpy.quantile([1,2,3,4,5], 0.025) = 1.1
        assert!(close(quantile_sorted(&sorted, 0.025).unwrap(), 1.1, 1e-12));
        assert_eq!(quantile_sorted(&[], 0.5), None);
    }
}
