//! Rater statistics: ICC(2,1) and ICC(2,k) with F-based confidence intervals, weighted Cohen's
//! kappa, t-based mean intervals and least-squares drift. Plain functions on numbers; the JSON
//! layer in [`super`] decides what goes in.
//!
//! Every function returns `Err(Note)` instead of NaN when the statistic cannot be computed.

use statrs::distribution::{ContinuousCDF, FisherSnedecor, StudentsT};

/// Why a statistic is missing: a stable code and an English explanation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Stable code (`too_few_targets`, `no_variance`, …).
    pub code: &'static str,
    /// For people.
    pub message: String,
}

impl Note {
    /// A note.
    pub fn new(code: &'static str, message: impl Into<String>) -> Note {
        Note {
            code,
            message: message.into(),
        }
    }
}

/// Intraclass correlations of a complete targets × raters table (two-way random effects,
/// absolute agreement).
#[derive(Debug, Clone, PartialEq)]
pub struct Icc {
    /// Targets (rows).
    pub n: usize,
    /// Raters (columns).
    pub k: usize,
    /// ICC(2,1): the reliability of one rater (Shrout & Fleiss 1979; McGraw & Wong ICC(A,1)).
    pub icc_2_1: f64,
    /// ICC(2,k): the reliability of the mean of the k raters (McGraw & Wong ICC(A,k)).
    pub icc_2_k: f64,
    /// 95% interval of ICC(2,1) (McGraw & Wong 1996, case 2A), `None` when degenerate.
    pub ci_2_1: Option<(f64, f64)>,
    /// 95% interval of ICC(2,k): the ICC(2,1) bounds stepped up with Spearman–Brown.
    pub ci_2_k: Option<(f64, f64)>,
    /// Mean square between targets.
    pub ms_rows: f64,
    /// Mean square between raters.
    pub ms_cols: f64,
    /// Residual mean square.
    pub ms_error: f64,
}

/// ICC(2,1) and ICC(2,k) of `rows` (each row one target, each column one rater; every row the
/// same length), with 95% intervals.
///
/// With n targets, k raters, MSR (targets), MSC (raters) and MSE (residual) from the two-way
/// ANOVA without replication:
///
/// * ICC(2,1) = (MSR − MSE) / (MSR + (k−1)·MSE + k·(MSC − MSE)/n)
/// * ICC(2,k) = (MSR − MSE) / (MSR + (MSC − MSE)/n)
///
/// The ICC(2,1) interval follows McGraw & Wong (1996), with Satterthwaite degrees of freedom
/// v = (a·MSC + b·MSE)² / ((a·MSC)²/(k−1) + (b·MSE)²/((n−1)(k−1))), a = k·ρ/(n(1−ρ)),
/// b = 1 + k·ρ(n−1)/(n(1−ρ)), and F quantiles F(0.975; n−1, v) and F(0.975; v, n−1).
pub fn icc2(rows: &[Vec<f64>]) -> Result<Icc, Note> {
    let n = rows.len();
    let k = rows.first().map(Vec::len).unwrap_or(0);
    if n < 2 {
        return Err(Note::new(
            "too_few_targets",
            format!("ICC needs at least 2 targets rated by the same raters; got {n}"),
        ));
    }
    if k < 2 {
        return Err(Note::new(
            "too_few_raters",
            format!("ICC needs at least 2 raters on every target; got {k}"),
        ));
    }
    if rows.iter().any(|r| r.len() != k) || rows.iter().flatten().any(|x| !x.is_finite()) {
        return Err(Note::new(
            "incomplete_table",
            "ICC needs a complete table of finite ratings",
        ));
    }
    let nf = n as f64;
    let kf = k as f64;
    let grand = rows.iter().flatten().sum::<f64>() / (nf * kf);
    let row_means: Vec<f64> = rows.iter().map(|r| r.iter().sum::<f64>() / kf).collect();
    let col_means: Vec<f64> = (0..k)
        .map(|j| rows.iter().filter_map(|r| r.get(j)).sum::<f64>() / nf)
        .collect();
    let ss_total: f64 = rows
        .iter()
        .flatten()
        .map(|x| (x - grand) * (x - grand))
        .sum();
    let ss_rows = kf
        * row_means
            .iter()
            .map(|m| (m - grand) * (m - grand))
            .sum::<f64>();
    let ss_cols = nf
        * col_means
            .iter()
            .map(|m| (m - grand) * (m - grand))
            .sum::<f64>();
    let ss_error = (ss_total - ss_rows - ss_cols).max(0.0);
    let msr = ss_rows / (nf - 1.0);
    let msc = ss_cols / (kf - 1.0);
    let mse = ss_error / ((nf - 1.0) * (kf - 1.0));
    let d1 = msr + (kf - 1.0) * mse + kf * (msc - mse) / nf;
    let dk = msr + (msc - mse) / nf;
    if ss_total <= 0.0 || d1 <= 0.0 || dk <= 0.0 {
        return Err(Note::new(
            "no_variance",
            "ICC is undefined: the ratings do not vary",
        ));
    }
    let icc_2_1 = (msr - mse) / d1;
    let icc_2_k = (msr - mse) / dk;
    if !icc_2_1.is_finite() || !icc_2_k.is_finite() {
        return Err(Note::new(
            "no_variance",
            "ICC is undefined for these ratings",
        ));
    }
    let ci_2_1 = icc_ci(icc_2_1, nf, kf, msr, msc, mse);
    let step_up = |r: f64| kf * r / (1.0 + (kf - 1.0) * r);
    let ci_2_k = ci_2_1.and_then(|(lo, hi)| {
        let (l, h) = (step_up(lo), step_up(hi));
        (l.is_finite() && h.is_finite()).then_some((l, h))
    });
    Ok(Icc {
        n,
        k,
        icc_2_1,
        icc_2_k,
        ci_2_1,
        ci_2_k,
        ms_rows: msr,
        ms_cols: msc,
        ms_error: mse,
    })
}

fn icc_ci(rho: f64, n: f64, k: f64, msr: f64, msc: f64, mse: f64) -> Option<(f64, f64)> {
    if rho >= 1.0 || mse <= 0.0 {
        return None;
    }
    let a = k * rho / (n * (1.0 - rho));
    let b = 1.0 + k * rho * (n - 1.0) / (n * (1.0 - rho));
    let num = (a * msc + b * mse) * (a * msc + b * mse);
    let den = (a * msc) * (a * msc) / (k - 1.0) + (b * mse) * (b * mse) / ((n - 1.0) * (k - 1.0));
    let v = num / den;
    if !v.is_finite() || v <= 0.0 {
        return None;
    }
    let f_upper = f_quantile(0.975, n - 1.0, v)?;
    let f_lower = f_quantile(0.975, v, n - 1.0)?;
    let c = k * msc + (k * n - k - n) * mse;
    let lo = n * (msr - f_upper * mse) / (f_upper * c + n * msr);
    let hi = n * (f_lower * msr - mse) / (c + n * f_lower * msr);
    (lo.is_finite() && hi.is_finite()).then_some((lo, hi))
}

fn f_quantile(p: f64, d1: f64, d2: f64) -> Option<f64> {
    if !(d1.is_finite() && d2.is_finite() && d1 > 0.0 && d2 > 0.0) {
        return None;
    }
    let f = FisherSnedecor::new(d1, d2).ok()?;
    let q = f.inverse_cdf(p);
    (q.is_finite() && q > 0.0).then_some(q)
}

/// The two-sided 97.5% quantile of Student's t with `df` degrees of freedom.
pub fn t_975(df: f64) -> Option<f64> {
    if !(df.is_finite() && df > 0.0) {
        return None;
    }
    let t = StudentsT::new(0.0, 1.0, df).ok()?;
    let q = t.inverse_cdf(0.975);
    q.is_finite().then_some(q)
}

/// Weights of a weighted kappa.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KappaWeights {
    /// Disagreement weight |i − j| / (c − 1).
    Linear,
    /// Disagreement weight (i − j)² / (c − 1)².
    Quadratic,
}

/// Weighted Cohen's kappa of paired ordinal ratings on the categories `min..=max`:
/// κ = 1 − Σ w·O / Σ w·E, where O is the observed joint proportion table, E the product of its
/// margins and w the disagreement weight. The scaling of w cancels, so it agrees with
/// scikit-learn's `cohen_kappa_score(weights="linear"|"quadratic", labels=min..=max)`.
pub fn weighted_kappa(
    pairs: &[(i64, i64)],
    min: i64,
    max: i64,
    weights: KappaWeights,
) -> Result<f64, Note> {
    if pairs.len() < 2 {
        return Err(Note::new(
            "too_few_ratings",
            format!(
                "kappa needs at least 2 targets rated by both raters; got {}",
                pairs.len()
            ),
        ));
    }
    let c = max
        .checked_sub(min)
        .and_then(|d| d.checked_add(1))
        .and_then(|d| usize::try_from(d).ok())
        .unwrap_or(0);
    if !(2..=101).contains(&c) {
        return Err(Note::new(
            "scale_not_ordinal",
            "kappa needs 2 to 101 integer scale points",
        ));
    }
    let mut observed = vec![vec![0.0f64; c]; c];
    let mut rows = vec![0.0f64; c];
    let mut cols = vec![0.0f64; c];
    for &(a, b) in pairs {
        let (Some(i), Some(j)) = (
            a.checked_sub(min)
                .and_then(|d| usize::try_from(d).ok())
                .filter(|i| *i < c),
            b.checked_sub(min)
                .and_then(|d| usize::try_from(d).ok())
                .filter(|j| *j < c),
        ) else {
            return Err(Note::new(
                "out_of_scale",
                "a rating lies outside the kappa categories",
            ));
        };
        if let Some(cell) = observed.get_mut(i).and_then(|r| r.get_mut(j)) {
            *cell += 1.0;
        }
        if let Some(r) = rows.get_mut(i) {
            *r += 1.0;
        }
        if let Some(col) = cols.get_mut(j) {
            *col += 1.0;
        }
    }
    let total = pairs.len() as f64;
    let mut num = 0.0;
    let mut den = 0.0;
    for (i, row) in observed.iter().enumerate() {
        for (j, o) in row.iter().enumerate() {
            let d = i.abs_diff(j) as f64;
            let w = match weights {
                KappaWeights::Linear => d,
                KappaWeights::Quadratic => d * d,
            };
            let e =
                rows.get(i).copied().unwrap_or(0.0) * cols.get(j).copied().unwrap_or(0.0) / total;
            num += w * o;
            den += w * e;
        }
    }
    if den <= 0.0 {
        return Err(Note::new(
            "kappa_undefined",
            "kappa is undefined: both raters used one and the same category throughout",
        ));
    }
    let kappa = 1.0 - num / den;
    if kappa.is_finite() {
        Ok(kappa)
    } else {
        Err(Note::new("kappa_undefined", "kappa is undefined"))
    }
}

/// Mean of `xs` with a 95% t-interval: mean ± t(0.975, n−1)·s/√n. Needs n ≥ 2.
pub fn mean_ci(xs: &[f64]) -> Result<(f64, f64, f64), Note> {
    let n = xs.len();
    if n < 2 {
        return Err(Note::new(
            "too_few_ratings",
            format!("a mean with an interval needs at least 2 values; got {n}"),
        ));
    }
    let nf = n as f64;
    let mean = xs.iter().sum::<f64>() / nf;
    let var = xs.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (nf - 1.0);
    let t = t_975(nf - 1.0).ok_or_else(|| Note::new("ci_unavailable", "no t quantile"))?;
    let half = t * (var / nf).sqrt();
    Ok((mean, mean - half, mean + half))
}

/// Least-squares slope of `y` on `x` with a 95% t-interval (n − 2 degrees of freedom).
/// Needs n ≥ 3 and some spread in `x`.
pub fn slope_ci(points: &[(f64, f64)]) -> Result<(f64, f64, f64), Note> {
    let n = points.len();
    if n < 3 {
        return Err(Note::new(
            "too_few_dated_ratings",
            format!("drift needs at least 3 dated ratings with a reference; got {n}"),
        ));
    }
    let nf = n as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / nf;
    let my = points.iter().map(|p| p.1).sum::<f64>() / nf;
    let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx <= 0.0 {
        return Err(Note::new(
            "no_time_spread",
            "drift needs ratings made at different times",
        ));
    }
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let rss: f64 = points
        .iter()
        .map(|p| {
            let r = p.1 - intercept - slope * p.0;
            r * r
        })
        .sum();
    let se = (rss / (nf - 2.0) / sxx).sqrt();
    let t = t_975(nf - 2.0).ok_or_else(|| Note::new("ci_unavailable", "no t quantile"))?;
    Ok((slope, slope - t * se, slope + t * se))
}

/// Median (mean of the two middle values for an even count); `None` when empty.
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v.get(m).copied()
    } else {
        Some((v.get(m - 1).copied()? + v.get(m).copied()?) / 2.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_perfect_agreement_is_one() {
        let pairs = [(1, 1), (2, 2), (5, 5), (3, 3)];
        assert_eq!(
            weighted_kappa(&pairs, 1, 5, KappaWeights::Linear).unwrap(),
            1.0
        );
    }

    #[test]
    fn kappa_single_category_is_undefined() {
        let pairs = [(3, 3), (3, 3), (3, 3)];
        let e = weighted_kappa(&pairs, 1, 5, KappaWeights::Quadratic).unwrap_err();
        assert_eq!(e.code, "kappa_undefined");
    }

    #[test]
    fn mean_ci_hand_computed() {
        // mean 2, s = 1, n = 3: t(0.975, 2) = 4.302653 → half width 4.302653/√3 = 2.484138.
        let (m, lo, hi) = mean_ci(&[1.0, 2.0, 3.0]).unwrap();
        assert_eq!(m, 2.0);
        assert!((hi - m - 2.484138).abs() < 1e-5, "{hi}");
        assert!((m - lo - 2.484138).abs() < 1e-5, "{lo}");
    }

    #[test]
    fn slope_of_a_line() {
        let pts: Vec<(f64, f64)> = (0..5).map(|i| (i as f64, 2.0 * i as f64 + 1.0)).collect();
        let (s, lo, hi) = slope_ci(&pts).unwrap();
        assert!((s - 2.0).abs() < 1e-12);
        assert!((hi - lo).abs() < 1e-9);
    }

    #[test]
    fn median_even_and_odd() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(&[]), None);
    }
}
