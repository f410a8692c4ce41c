//! Validation statistics: ROC-AUC, PR-AUC (average precision), Brier score, expected
//! calibration error, the point-biserial validity coefficient with a seeded bootstrap CI,
//! Thorndike's case II range-restriction correction, PSI and Wilson intervals.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::gbdt::below;
use super::math::ln;

/// ROC-AUC with ties counted one half (Mann–Whitney); `None` without both classes.
pub(crate) fn roc_auc(scores: &[f64], labels: &[u8]) -> Option<f64> {
    let n = scores.len().min(labels.len());
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]).then(a.cmp(&b)));
    let positives = labels.iter().take(n).filter(|&&y| y == 1).count() as f64;
    let negatives = n as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return None;
    }
    let mut rank_sum = 0.0;
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        let avg_rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            if labels[k] == 1 {
                rank_sum += avg_rank;
            }
        }
        i = j + 1;
    }
    Some((rank_sum - positives * (positives + 1.0) / 2.0) / (positives * negatives))
}

/// Average precision (area under the precision–recall curve, step-wise, tied scores taken
/// together), as scikit-learn's `average_precision_score`; `None` without positives.
pub(crate) fn pr_auc(scores: &[f64], labels: &[u8]) -> Option<f64> {
    let n = scores.len().min(labels.len());
    let positives = labels.iter().take(n).filter(|&&y| y == 1).count() as f64;
    if positives == 0.0 {
        return None;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let (mut tp, mut fp, mut ap, mut last_recall) = (0.0, 0.0, 0.0, 0.0);
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && scores[order[j + 1]] == scores[order[i]] {
            j += 1;
        }
        for &k in &order[i..=j] {
            if labels[k] == 1 {
                tp += 1.0;
            } else {
                fp += 1.0;
            }
        }
        let recall = tp / positives;
        let precision = tp / (tp + fp);
        ap += (recall - last_recall) * precision;
        last_recall = recall;
        i = j + 1;
    }
    Some(ap)
}

/// Mean squared error of probabilities.
pub(crate) fn brier(probs: &[f64], labels: &[u8]) -> f64 {
    let mut s = 0.0;
    for (&p, &y) in probs.iter().zip(labels) {
        let d = p - f64::from(y);
        s += d * d;
    }
    s / probs.len().max(1) as f64
}

/// Expected calibration error over 10 equal-width probability bins:
/// `sum_b n_b / n * |mean(p) - mean(y)|`.
pub(crate) fn ece(probs: &[f64], labels: &[u8]) -> f64 {
    let mut sums = [(0.0f64, 0.0f64, 0.0f64); 10];
    for (&p, &y) in probs.iter().zip(labels) {
        let b = ((p * 10.0).floor().max(0.0) as usize).min(9);
        sums[b].0 += p;
        sums[b].1 += f64::from(y);
        sums[b].2 += 1.0;
    }
    let n = probs.len().max(1) as f64;
    let mut e = 0.0;
    for (sp, sy, c) in sums {
        if c > 0.0 {
            e += c / n * (sp / c - sy / c).abs();
        }
    }
    e
}

/// Mean binary log loss of probabilities (clamped to [1e-15, 1 - 1e-15]).
pub(crate) fn log_loss(probs: &[f64], labels: &[u8]) -> f64 {
    let mut s = 0.0;
    for (&p, &y) in probs.iter().zip(labels) {
        let p = p.clamp(1e-15, 1.0 - 1e-15);
        s -= if y == 1 { ln(p) } else { ln(1.0 - p) };
    }
    s / probs.len().max(1) as f64
}

/// Pearson correlation of x with a 0/1 label (the point-biserial r); `None` when either
/// side has no variance.
pub(crate) fn point_biserial(x: &[f64], labels: &[u8]) -> Option<f64> {
    pearson_indexed(x, labels, None)
}

fn pearson_indexed(x: &[f64], labels: &[u8], idx: Option<&[usize]>) -> Option<f64> {
    let n = idx.map_or(x.len().min(labels.len()), <[usize]>::len);
    if n < 2 {
        return None;
    }
    let get = |i: usize| -> (f64, f64) {
        let k = idx.and_then(|v| v.get(i).copied()).unwrap_or(i);
        (x[k], f64::from(labels[k]))
    };
    let (mut mx, mut my) = (0.0, 0.0);
    for i in 0..n {
        let (a, b) = get(i);
        mx += a;
        my += b;
    }
    mx /= n as f64;
    my /= n as f64;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for i in 0..n {
        let (a, b) = get(i);
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx <= 0.0 || syy <= 0.0 {
        return None;
    }
    Some(sxy / (sxx.sqrt() * syy.sqrt()))
}

/// Percentile bootstrap CI (2.5%, 97.5%, linear interpolation) of the point-biserial r.
pub(crate) fn bootstrap_r(
    x: &[f64],
    labels: &[u8],
    iterations: usize,
    seed: u64,
) -> Option<(f64, f64)> {
    let n = x.len().min(labels.len());
    if n < 2 || iterations == 0 {
        return None;
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut idx = vec![0usize; n];
    let mut values = Vec::with_capacity(iterations);
    for _ in 0..iterations {
        for slot in idx.iter_mut() {
            *slot = below(&mut rng, n);
        }
        if let Some(r) = pearson_indexed(x, labels, Some(&idx)) {
            values.push(r);
        }
    }
    if values.is_empty() {
        return None;
    }
    values.sort_by(f64::total_cmp);
    Some((
        quantile(&values, 0.025).clamp(-1.0, 1.0),
        quantile(&values, 0.975).clamp(-1.0, 1.0),
    ))
}

/// Linear-interpolation quantile of sorted values (type 7).
pub(crate) fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let frac = pos - lo as f64;
    sorted[lo] + (sorted[hi] - sorted[lo]) * frac
}

/// Thorndike case II: the correlation corrected for direct range restriction on the
/// predictor, `R = r U / sqrt(1 + r^2 (U^2 - 1))` with `U = unrestricted_sd / restricted_sd`.
pub(crate) fn thorndike_case2(r: f64, restricted_sd: f64, unrestricted_sd: f64) -> f64 {
    let u = unrestricted_sd / restricted_sd;
    r * u / (1.0 + r * r * (u * u - 1.0)).sqrt()
}

/// Population stability index between two count vectors over the same buckets; proportions
/// below 1e-4 are floored at 1e-4. Identical distributions give exactly 0.
pub(crate) fn psi(expected: &[u64], actual: &[u64]) -> f64 {
    let te: u64 = expected.iter().sum();
    let ta: u64 = actual.iter().sum();
    if te == 0 || ta == 0 {
        return 0.0;
    }
    let mut s = 0.0;
    for (&e, &a) in expected.iter().zip(actual) {
        let pe = (e as f64 / te as f64).max(1e-4);
        let pa = (a as f64 / ta as f64).max(1e-4);
        if pe != pa {
            s += (pa - pe) * ln(pa / pe);
        }
    }
    s
}

/// Wilson score interval for `k` successes out of `n` at 95%.
pub(crate) fn wilson(k: f64, n: f64) -> (f64, f64) {
    if n <= 0.0 {
        return (0.0, 1.0);
    }
    let z = 1.959_963_984_540_054;
    let p = k / n;
    let z2 = z * z;
    let denom = 1.0 + z2 / n;
    let centre = p + z2 / (2.0 * n);
    let half = z * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    (
        ((centre - half) / denom).max(0.0),
        ((centre + half) / denom).min(1.0),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_counts_ties_as_half() {
        assert_eq!(roc_auc(&[0.1, 0.4, 0.35, 0.8], &[0, 0, 1, 1]), Some(0.75));
        assert_eq!(roc_auc(&[0.5, 0.5], &[0, 1]), Some(0.5));
        assert_eq!(roc_auc(&[0.5, 0.5], &[1, 1]), None);
    }

    #[test]
    fn average_precision_matches_sklearn_example() {
        // sklearn docs: average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333...
        let ap = pr_auc(&[0.1, 0.4, 0.35, 0.8], &[0, 0, 1, 1]).unwrap();
        assert!((ap - 0.833_333_333_333_333_4).abs() < 1e-12);
    }

    #[test]
    fn thorndike_matches_hand_computation() {
        // r = 0.3, U = 2: 0.6 / sqrt(1 + 0.09 * 3) = 0.6 / sqrt(1.27)
        let r = thorndike_case2(0.3, 0.5, 1.0);
        assert!((r - 0.532_413_905_649_668).abs() < 1e-12, "{r}");
        assert!((thorndike_case2(0.3, 1.0, 1.0) - 0.3).abs() < 1e-15);
    }

    #[test]
    fn psi_of_identical_distributions_is_zero() {
        assert_eq!(psi(&[10, 20, 30], &[1, 2, 3]), 0.0);
        // Hand-computed: (0.5-0.25) ln 2 + (0.5-0.75) ln(2/3)
        let v = psi(&[1, 3], &[1, 1]);
        let expect = 0.25 * 2f64.ln() - 0.25 * (2.0f64 / 3.0).ln();
        assert!((v - expect).abs() < 1e-12);
    }

    #[test]
    fn wilson_matches_a_published_value() {
        // 81 of 263 at 95%: (0.2553, 0.3662) (Wilson 1927 via Newcombe 1998, example).
        let (lo, hi) = wilson(81.0, 263.0);
        assert!(
            (lo - 0.2553).abs() < 5e-4 && (hi - 0.3662).abs() < 5e-4,
            "{lo} {hi}"
        );
    }

    #[test]
    fn point_biserial_and_bootstrap() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let y = [0, 0, 0, 1, 1, 1];
        let r = point_biserial(&x, &y).unwrap();
        // r = sxy / sqrt(sxx syy) = 4.5 / sqrt(17.5 * 1.5)
        assert!((r - 4.5 / (17.5f64 * 1.5).sqrt()).abs() < 1e-12);
        let (lo, hi) = bootstrap_r(&x, &y, 200, 1).unwrap();
        assert!(lo <= r && r <= hi && hi <= 1.0);
        assert_eq!(bootstrap_r(&x, &y, 200, 1), bootstrap_r(&x, &y, 200, 1));
    }

    #[test]
    fn brier_and_ece_by_hand() {
        assert!((brier(&[0.2, 0.9], &[0, 1]) - (0.04 + 0.01) / 2.0).abs() < 1e-15);
        // bins: 0.2 -> bin 2 (|0.2-0|), 0.9 -> bin 9 (|0.9-1|)
        assert!((ece(&[0.2, 0.9], &[0, 1]) - 0.15).abs() < 1e-15);
    }
}
