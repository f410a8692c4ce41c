//! Learning component weights from outcomes: L2-regularised logistic regression of
//! "advanced / hired" on the component raw scores, fitted by Newton's method (IRLS), with
//! standard errors from the inverse Hessian and a deterministic k-fold cross-validated
//! log-loss and AUC.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{invalid, round, COMPONENTS};
use crate::error::{Error, Result};

/// One historical decision: the component raw scores (0–1) and whether the candidate was
/// advanced or hired.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Component id → raw score.
    pub components: BTreeMap<String, f64>,
    /// Advanced / hired.
    pub positive: bool,
}

/// Fit settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    /// L2 penalty on the coefficients (not the intercept); default 1.
    pub l2: f64,
    /// Cross-validation folds (row `i` is in fold `i mod k`); default 5.
    pub folds: usize,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions { l2: 1.0, folds: 5 }
    }
}

/// One coefficient.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coefficient {
    /// Component id.
    pub component: String,
    /// Log-odds per unit of raw score.
    pub coefficient: f64,
    /// Standard error (square root of the inverse Hessian's diagonal).
    pub std_error: f64,
    /// coefficient / std_error.
    pub z: f64,
}

/// Cross-validation of the same fit.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrossValidation {
    /// Folds used.
    pub folds: usize,
    /// Mean held-out log-loss.
    pub log_loss: f64,
    /// Held-out AUC (ties count half).
    pub auc: f64,
    /// Log-loss of always predicting the base rate, for comparison.
    pub baseline_log_loss: f64,
}

/// The fitted model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnedWeights {
    /// Components used, in report order.
    pub components: Vec<String>,
    /// Intercept.
    pub intercept: f64,
    /// Its standard error.
    pub intercept_std_error: f64,
    /// One per component.
    pub coefficients: Vec<Coefficient>,
    /// Weights usable as overrides: positive coefficients normalised to sum 1 (a negative
    /// coefficient gives 0).
    pub weights: BTreeMap<String, f64>,
    /// Newton iterations.
    pub iterations: usize,
    /// Whether the step fell below 1e-10.
    pub converged: bool,
    /// Training log-loss.
    pub log_loss: f64,
    /// Cross-validation.
    pub cross_validation: CrossValidation,
    /// Rows.
    pub n: usize,
    /// Positive rows.
    pub n_positive: usize,
}

fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// Cholesky factor of a symmetric positive-definite matrix (row-major, n×n).
fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..=i {
            let mut s = *a.get(i * n + j)?;
            for k in 0..j {
                s -= l.get(i * n + k)? * l.get(j * n + k)?;
            }
            if i == j {
                if s <= 0.0 || !s.is_finite() {
                    return None;
                }
                *l.get_mut(i * n + i)? = s.sqrt();
            } else {
                *l.get_mut(i * n + j)? = s / l.get(j * n + j)?;
            }
        }
    }
    Some(l)
}

fn chol_solve(l: &[f64], n: usize, b: &[f64]) -> Option<Vec<f64>> {
    let mut y = vec![0.0; n];
    for i in 0..n {
        let mut s = *b.get(i)?;
        for k in 0..i {
            s -= l.get(i * n + k)? * y.get(k)?;
        }
        *y.get_mut(i)? = s / l.get(i * n + i)?;
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let mut s = *y.get(i)?;
        for k in i + 1..n {
            s -= l.get(k * n + i)? * x.get(k)?;
        }
        *x.get_mut(i)? = s / l.get(i * n + i)?;
    }
    Some(x)
}

struct Fit {
    beta: Vec<f64>,
    chol: Vec<f64>,
    iterations: usize,
    converged: bool,
}

/// Newton–Raphson on rows `x` (each with a leading 1) and labels `y`.
fn fit(x: &[Vec<f64>], y: &[f64], l2: f64) -> Result<Fit> {
    let p = x.first().map_or(0, Vec::len);
    let mut beta = vec![0.0; p];
    let mut converged = false;
    let mut iterations = 0;
    let mut chol = Vec::new();
    for it in 0..100 {
        iterations = it + 1;
        let mut h = vec![0.0; p * p];
        let mut g = vec![0.0; p];
        for (row, &yi) in x.iter().zip(y) {
            let z: f64 = row.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let mu = sigmoid(z);
            let w = (mu * (1.0 - mu)).max(1e-12);
            for (j, &xj) in row.iter().enumerate() {
                if let Some(gj) = g.get_mut(j) {
                    *gj += (yi - mu) * xj;
                }
                for (k, &xk) in row.iter().enumerate() {
                    if let Some(hjk) = h.get_mut(j * p + k) {
                        *hjk += w * xj * xk;
                    }
                }
            }
        }
        for j in 1..p {
            if let (Some(hjj), Some(gj), Some(bj)) = (
                h.get(j * p + j).copied(),
                g.get(j).copied(),
                beta.get(j).copied(),
            ) {
                if let Some(v) = h.get_mut(j * p + j) {
                    *v = hjj + l2;
                }
                if let Some(v) = g.get_mut(j) {
                    *v = gj - l2 * bj;
                }
            }
        }
        // A tiny ridge on the intercept keeps a one-class fold solvable.
        if let Some(v) = h.get_mut(0) {
            *v += 1e-9;
        }
        chol = cholesky(&h, p)
            .ok_or_else(|| Error::Internal("the Hessian is not positive definite".into()))?;
        let step =
            chol_solve(&chol, p, &g).ok_or_else(|| Error::Internal("Newton step failed".into()))?;
        let mut max_step: f64 = 0.0;
        for (b, s) in beta.iter_mut().zip(&step) {
            *b += s;
            max_step = max_step.max(s.abs());
        }
        if !beta.iter().all(|b| b.is_finite()) {
            return Err(Error::Internal("the logistic fit diverged".into()));
        }
        if max_step < 1e-10 {
            converged = true;
            break;
        }
    }
    Ok(Fit {
        beta,
        chol,
        iterations,
        converged,
    })
}

fn log_loss(p: f64, y: f64) -> f64 {
    let p = p.clamp(1e-15, 1.0 - 1e-15);
    -(y * p.ln() + (1.0 - y) * (1.0 - p).ln())
}

fn auc(scores: &[f64], y: &[f64]) -> f64 {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    idx.sort_by(|&a, &b| {
        scores
            .get(a)
            .unwrap_or(&0.0)
            .total_cmp(scores.get(b).unwrap_or(&0.0))
            .then(a.cmp(&b))
    });
    // Average ranks over ties.
    let mut ranks = vec![0.0; scores.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        let si = idx
            .get(i)
            .and_then(|&k| scores.get(k))
            .copied()
            .unwrap_or(0.0);
        while j + 1 < idx.len()
            && idx
                .get(j + 1)
                .and_then(|&k| scores.get(k))
                .copied()
                .unwrap_or(0.0)
                == si
        {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for k in i..=j {
            if let Some(&row) = idx.get(k) {
                if let Some(v) = ranks.get_mut(row) {
                    *v = r;
                }
            }
        }
        i = j + 1;
    }
    let n_pos = y.iter().filter(|v| **v > 0.5).count() as f64;
    let n_neg = y.len() as f64 - n_pos;
    let sum_pos: f64 = ranks
        .iter()
        .zip(y)
        .filter(|(_, v)| **v > 0.5)
        .map(|(r, _)| r)
        .sum();
    if n_pos == 0.0 || n_neg == 0.0 {
        return 0.5;
    }
    (sum_pos - n_pos * (n_pos + 1.0) / 2.0) / (n_pos * n_neg)
}

/// Fits the weights. Errors ([`Error::InvalidArgument`], under `path`): fewer than 2 positive
/// or 2 negative outcomes, a row without a component the first row has or with one it lacks,
/// an unknown component, a score that is not finite, an `l2` that is not finite and > 0, fewer
/// than 2 folds or more folds than rows.
pub fn learn_weights(
    rows: &[Outcome],
    options: &LearnOptions,
    path: &str,
) -> Result<LearnedWeights> {
    if !(options.l2.is_finite() && options.l2 > 0.0) {
        return Err(invalid("l2", "a finite number > 0"));
    }
    let first = rows
        .first()
        .ok_or_else(|| invalid(path, "at least 4 outcomes"))?;
    let names: Vec<String> = COMPONENTS
        .iter()
        .filter(|c| first.components.contains_key(**c))
        .map(|c| (*c).to_string())
        .collect();
    let mut x = Vec::with_capacity(rows.len());
    let mut y = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        for k in r.components.keys() {
            if !COMPONENTS.contains(&k.as_str()) {
                return Err(invalid(
                    &format!("{path}/{i}/components/{k}"),
                    format!("a component id, one of {}", COMPONENTS.join(", ")),
                ));
            }
            if !names.contains(k) {
                return Err(invalid(
                    &format!("{path}/{i}/components/{k}"),
                    "the same components in every row (row 0 lacks this one)",
                ));
            }
        }
        let mut row = vec![1.0];
        for n in &names {
            match r.components.get(n) {
                Some(v) if v.is_finite() => row.push(*v),
                Some(_) => {
                    return Err(invalid(
                        &format!("{path}/{i}/components/{n}"),
                        "a finite number",
                    ))
                }
                None => {
                    return Err(invalid(
                        &format!("{path}/{i}/components/{n}"),
                        "the same components in every row (this one is missing)",
                    ))
                }
            }
        }
        x.push(row);
        y.push(if r.positive { 1.0 } else { 0.0 });
    }
    if names.is_empty() {
        return Err(invalid(
            &format!("{path}/0/components"),
            "at least one component score",
        ));
    }
    let n_pos = y.iter().filter(|v| **v > 0.5).count();
    if n_pos < 2 || rows.len() - n_pos < 2 {
        return Err(invalid(
            path,
            format!(
                "at least 2 positive and 2 negative outcomes; got {n_pos} and {}",
                rows.len() - n_pos
            ),
        ));
    }
    let k = options.folds;
    if k < 2 || k > rows.len() {
        return Err(invalid(
            "folds",
            format!(
                "an integer from 2 to the number of outcomes ({})",
                rows.len()
            ),
        ));
    }
    let full = fit(&x, &y, options.l2)?;
    let p = names.len() + 1;
    let mut se = Vec::with_capacity(p);
    for j in 0..p {
        let mut e = vec![0.0; p];
        if let Some(v) = e.get_mut(j) {
            *v = 1.0;
        }
        let col = chol_solve(&full.chol, p, &e)
            .ok_or_else(|| Error::Internal("inverse Hessian".into()))?;
        se.push(col.get(j).copied().unwrap_or(0.0).max(0.0).sqrt());
    }
    let predict =
        |beta: &[f64], row: &[f64]| sigmoid(row.iter().zip(beta).map(|(a, b)| a * b).sum());
    let train_ll = x
        .iter()
        .zip(&y)
        .map(|(r, &t)| log_loss(predict(&full.beta, r), t))
        .sum::<f64>()
        / rows.len() as f64;
    let mut held = vec![0.0; rows.len()];
    for f in 0..k {
        let (mut tx, mut ty) = (Vec::new(), Vec::new());
        for (i, (r, t)) in x.iter().zip(&y).enumerate() {
            if i % k != f {
                tx.push(r.clone());
                ty.push(*t);
            }
        }
        let m = fit(&tx, &ty, options.l2)?;
        for (i, r) in x.iter().enumerate() {
            if i % k == f {
                if let Some(h) = held.get_mut(i) {
                    *h = predict(&m.beta, r);
                }
            }
        }
    }
    let cv_ll = held
        .iter()
        .zip(&y)
        .map(|(p, t)| log_loss(*p, *t))
        .sum::<f64>()
        / rows.len() as f64;
    let base = n_pos as f64 / rows.len() as f64;
    let base_ll = y.iter().map(|t| log_loss(base, *t)).sum::<f64>() / rows.len() as f64;
    let coefficients: Vec<Coefficient> = names
        .iter()
        .enumerate()
        .map(|(j, n)| {
            let b = full.beta.get(j + 1).copied().unwrap_or(0.0);
            let s = se.get(j + 1).copied().unwrap_or(0.0);
            Coefficient {
                component: n.clone(),
                coefficient: round(b, 4),
                std_error: round(s, 4),
                z: round(if s > 0.0 { b / s } else { 0.0 }, 4),
            }
        })
        .collect();
    let pos_sum: f64 = full.beta.iter().skip(1).map(|b| b.max(0.0)).sum();
    let weights = names
        .iter()
        .enumerate()
        .map(|(j, n)| {
            let b = full.beta.get(j + 1).copied().unwrap_or(0.0).max(0.0);
            (
                n.clone(),
                round(if pos_sum > 0.0 { b / pos_sum } else { 0.0 }, 4),
            )
        })
        .collect();
    Ok(LearnedWeights {
        components: names,
        intercept: round(full.beta.first().copied().unwrap_or(0.0), 4),
        intercept_std_error: round(se.first().copied().unwrap_or(0.0), 4),
        coefficients,
        weights,
        iterations: full.iterations,
        converged: full.converged,
        log_loss: round(train_ll, 4),
        cross_validation: CrossValidation {
            folds: k,
            log_loss: round(cv_ll, 4),
            auc: round(auc(&held, &y), 4),
            baseline_log_loss: round(base_ll, 4),
        },
        n: rows.len(),
        n_positive: n_pos,
    })
}
