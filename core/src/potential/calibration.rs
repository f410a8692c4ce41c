//! Turning margins (log-odds) into calibrated probabilities: Platt scaling or isotonic
//! regression, both fitted on the internal validation split (rows the trees never saw).

use serde::{Deserialize, Serialize};

use super::math::{ln, sigmoid};

/// A fitted calibration map from margin to probability.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Calibration {
    /// `probability = sigmoid(a * margin + b)`.
    Platt {
        /// Slope (> 0, so the map is increasing).
        a: f64,
        /// Intercept.
        b: f64,
    },
    /// Piecewise-linear interpolation through points `(x[i], y[i])`, `x` strictly increasing,
    /// `y` non-decreasing; constant beyond the ends.
    Isotonic {
        /// Margins.
        x: Vec<f64>,
        /// Probabilities.
        y: Vec<f64>,
    },
    /// `probability = sigmoid(margin)`.
    None,
}

impl Calibration {
    /// The probability for a margin.
    pub fn apply(&self, margin: f64) -> f64 {
        match self {
            Calibration::Platt { a, b } => sigmoid(a * margin + b),
            Calibration::None => sigmoid(margin),
            Calibration::Isotonic { x, y } => {
                let (Some(&x0), Some(&y0), Some(&xn), Some(&yn)) =
                    (x.first(), y.first(), x.last(), y.last())
                else {
                    return sigmoid(margin);
                };
                if margin <= x0 {
                    return y0;
                }
                if margin >= xn {
                    return yn;
                }
                let i = x.partition_point(|&v| v <= margin);
                match (x.get(i - 1), x.get(i), y.get(i - 1), y.get(i)) {
                    (Some(&xa), Some(&xb), Some(&ya), Some(&yb)) if xb > xa => {
                        ya + (yb - ya) * (margin - xa) / (xb - xa)
                    }
                    (_, _, Some(&ya), _) => ya,
                    _ => sigmoid(margin),
                }
            }
        }
    }

    /// Checks a calibration read from a file.
    pub(crate) fn is_well_formed(&self) -> bool {
        match self {
            Calibration::Platt { a, b } => a.is_finite() && b.is_finite() && *a > 0.0,
            Calibration::None => true,
            Calibration::Isotonic { x, y } => {
                !x.is_empty()
                    && x.len() == y.len()
                    && x.iter().chain(y).all(|v| v.is_finite())
                    && x.windows(2).all(|w| w[0] < w[1])
                    && y.windows(2).all(|w| w[0] <= w[1])
                    && y.iter().all(|v| (0.0..=1.0).contains(v))
            }
        }
    }
}

/// Platt scaling with Platt's smoothed targets, fitted by Newton's method with a
/// backtracking line search (Lin, Lin & Weng 2007). `None` when the fit is not increasing.
pub(crate) fn fit_platt(margins: &[f64], labels: &[u8]) -> Option<Calibration> {
    let positives = labels.iter().filter(|&&y| y == 1).count() as f64;
    let negatives = labels.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return None;
    }
    let hi = (positives + 1.0) / (positives + 2.0);
    let lo = 1.0 / (negatives + 2.0);
    let targets: Vec<f64> = labels
        .iter()
        .map(|&y| if y == 1 { hi } else { lo })
        .collect();
    let loss = |a: f64, b: f64| -> f64 {
        let mut s = 0.0;
        for (&m, &t) in margins.iter().zip(&targets) {
            let z = a * m + b;
            // -[t ln p + (1-t) ln(1-p)] = softplus(z) - t z
            s += z.max(0.0) + ln(1.0 + super::math::exp(-z.abs())) - t * z;
        }
        s
    };
    let (mut a, mut b) = (1.0, 0.0);
    let mut current = loss(a, b);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-12, 0.0, 1e-12);
        for (&m, &t) in margins.iter().zip(&targets) {
            let p = sigmoid(a * m + b);
            let d = p - t;
            let w = p * (1.0 - p);
            ga += d * m;
            gb += d;
            haa += w * m * m;
            hab += w * m;
            hbb += w;
        }
        if ga.abs() < 1e-10 && gb.abs() < 1e-10 {
            break;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-300 {
            break;
        }
        let da = -(hbb * ga - hab * gb) / det;
        let db = -(haa * gb - hab * ga) / det;
        let mut step = 1.0;
        let mut improved = false;
        while step >= 1e-10 {
            let (na, nb) = (a + step * da, b + step * db);
            let l = loss(na, nb);
            if l < current - 1e-4 * step * (ga * da + gb * db).abs() || l < current {
                a = na;
                b = nb;
                current = l;
                improved = true;
                break;
            }
            step /= 2.0;
        }
        if !improved {
            break;
        }
    }
    if a > 0.0 && a.is_finite() && b.is_finite() {
        Some(Calibration::Platt { a, b })
    } else {
        None
    }
}

/// Isotonic regression by pool-adjacent-violators on margins sorted ascending (equal margins
/// pooled first). `None` without both classes.
pub(crate) fn fit_isotonic(margins: &[f64], labels: &[u8]) -> Option<Calibration> {
    if !labels.contains(&1) || !labels.contains(&0) {
        return None;
    }
    let mut pairs: Vec<(f64, f64)> = margins
        .iter()
        .zip(labels)
        .map(|(&m, &y)| (m, f64::from(y)))
        .collect();
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Blocks: (x_min, x_max, sum_y, count)
    let mut blocks: Vec<(f64, f64, f64, f64)> = Vec::new();
    for (m, y) in pairs {
        match blocks.last_mut() {
            Some(last) if last.1 == m => {
                last.2 += y;
                last.3 += 1.0;
            }
            _ => blocks.push((m, m, y, 1.0)),
        }
        while blocks.len() >= 2 {
            let n = blocks.len();
            let (b1, b2) = (blocks[n - 2], blocks[n - 1]);
            if b1.2 / b1.3 > b2.2 / b2.3 {
                blocks.truncate(n - 2);
                blocks.push((b1.0, b2.1, b1.2 + b2.2, b1.3 + b2.3));
            } else {
                break;
            }
        }
    }
    let mut x = Vec::new();
    let mut y = Vec::new();
    for (lo, hi, s, c) in blocks {
        let v = s / c;
        x.push(lo);
        y.push(v);
        if hi > lo {
            x.push(hi);
            y.push(v);
        }
    }
    Some(Calibration::Isotonic { x, y })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platt_recovers_a_known_scaling() {
        // Labels drawn deterministically so that P(y=1 | m) = sigmoid(2m - 1).
        let mut margins = Vec::new();
        let mut labels = Vec::new();
        for i in 0..400 {
            let m = -3.0 + i as f64 * 0.015;
            let p = sigmoid(2.0 * m - 1.0);
            for k in 0..20 {
                margins.push(m);
                labels.push(u8::from((k as f64 + 0.5) / 20.0 < p));
            }
        }
        let Some(Calibration::Platt { a, b }) = fit_platt(&margins, &labels) else {
            panic!("no fit")
        };
        assert!((a - 2.0).abs() < 0.1, "a = {a}");
        assert!((b + 1.0).abs() < 0.1, "b = {b}");
    }

    #[test]
    fn calibrations_are_monotone() {
        let margins: Vec<f64> = (0..200).map(|i| (i as f64 - 100.0) / 20.0).collect();
        let labels: Vec<u8> = (0..200).map(|i| u8::from((i * 7919) % 200 < i)).collect();
        for cal in [
            fit_platt(&margins, &labels).unwrap(),
            fit_isotonic(&margins, &labels).unwrap(),
        ] {
            assert!(cal.is_well_formed());
            let mut last = -1.0;
            for i in 0..1000 {
                let p = cal.apply(-8.0 + i as f64 * 0.016);
                assert!(p >= last, "{cal:?} not monotone");
                assert!((0.0..=1.0).contains(&p));
                last = p;
            }
        }
    }

    #[test]
    fn isotonic_pools_violators() {
        let cal = fit_isotonic(&[1.0, 2.0, 3.0, 4.0], &[0, 1, 0, 1]).unwrap();
        assert_eq!(
            cal,
            Calibration::Isotonic {
                x: vec![1.0, 2.0, 3.0, 4.0],
                y: vec![0.0, 0.5, 0.5, 1.0]
            }
        );
        assert_eq!(cal.apply(2.5), 0.5);
        assert_eq!(cal.apply(3.5), 0.75);
    }
}
