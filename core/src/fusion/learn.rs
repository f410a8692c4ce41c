//! Learning fusion weights from historical ratings: non-negative ridge regression of human
//! ratings on modality scores, with k-fold held-out validation.
//!
//! Model: `rating ≈ b + Σ w_m · score_m` with every `w_m ≥ 0` and an unpenalised intercept `b`
//! (optional). Objective: `(1/n) Σ (y − b − x·w)² + λ ‖w‖²`. With the intercept the columns and
//! ratings are centred first, so `b = ȳ − x̄·w`. The solver is projected (cyclic) coordinate
//! descent on the normal equations `A = XᵀX/n + λI`, `g = Xᵀy/n`: each sweep sets
//! `w_j ← max(0, (g_j − Σ_{k≠j} A_jk w_k) / A_jj)`; it stops when no weight moves by more than
//! `1e-12` (or after 100 000 sweeps). It is exact for this convex problem and deterministic; the
//! optional `candle` feature runs the same problem as projected gradient descent on candle
//! tensors (`fit_candle`) for hosts that already use candle, and both agree.
//!
//! Validation: rows are shuffled with a fixed-seed SplitMix64 Fisher–Yates (seed in the
//! request, default 0) and dealt into `k` folds; each fold is predicted by a model fitted on the
//! others. Reported: RMSE and R² per fold and pooled over all held-out predictions.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::error::{Error, Result};
use crate::policy::util::{array, invalid, no_unknown, object};

/// Most rows one request may carry.
pub const MAX_ROWS: usize = 1_000_000;
/// Most modalities (columns).
pub const MAX_MODALITIES: usize = 32;
/// Sweeps before the solver gives up improving.
pub const MAX_SWEEPS: usize = 100_000;
/// Convergence tolerance on the largest weight change in a sweep.
pub const TOLERANCE: f64 = 1e-12;

fn round6(x: f64) -> f64 {
    let r = (x * 1e6).round() / 1e6;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Learning settings.
#[derive(Debug, Clone, PartialEq)]
pub struct LearnOptions {
    /// Ridge penalty λ ≥ 0 (default 0.001).
    pub lambda: f64,
    /// Folds for validation, 2–n (default 5; fewer rows → as many folds as rows).
    pub folds: usize,
    /// Fit an intercept (default true).
    pub intercept: bool,
    /// Shuffle seed (default 0).
    pub seed: u64,
}

impl Default for LearnOptions {
    fn default() -> Self {
        LearnOptions {
            lambda: 1e-3,
            folds: 5,
            intercept: true,
            seed: 0,
        }
    }
}

/// A fitted model.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// One non-negative weight per column.
    pub weights: Vec<f64>,
    /// Intercept (0 without one).
    pub intercept: f64,
    /// Sweeps used.
    pub sweeps: usize,
}

impl Fit {
    /// Prediction for one row.
    pub fn predict(&self, x: &[f64]) -> f64 {
        self.intercept + self.weights.iter().zip(x).map(|(w, v)| w * v).sum::<f64>()
    }
}

/// The centred normal equations `(A, g)` and the means `(x̄, ȳ)` of the rows `idx`.
fn normal_equations(
    x: &[Vec<f64>],
    y: &[f64],
    idx: &[usize],
    p: usize,
    opts: &LearnOptions,
) -> (Vec<Vec<f64>>, Vec<f64>, Vec<f64>, f64) {
    let n = idx.len().max(1) as f64;
    let mut xm = vec![0.0; p];
    let mut ym = 0.0;
    if opts.intercept {
        for &i in idx {
            if let (Some(row), Some(yi)) = (x.get(i), y.get(i)) {
                for (m, v) in xm.iter_mut().zip(row) {
                    *m += v / n;
                }
                ym += yi / n;
            }
        }
    }
    let mut a = vec![vec![0.0; p]; p];
    let mut g = vec![0.0; p];
    for &i in idx {
        let (Some(row), Some(yi)) = (x.get(i), y.get(i)) else {
            continue;
        };
        let yc = yi - ym;
        for j in 0..p {
            let xj = row.get(j).copied().unwrap_or(0.0) - xm.get(j).copied().unwrap_or(0.0);
            if let Some(gj) = g.get_mut(j) {
                *gj += xj * yc / n;
            }
            if let Some(aj) = a.get_mut(j) {
                for (k, cell) in aj.iter_mut().enumerate() {
                    let xk = row.get(k).copied().unwrap_or(0.0) - xm.get(k).copied().unwrap_or(0.0);
                    *cell += xj * xk / n;
                }
            }
        }
    }
    for (j, row) in a.iter_mut().enumerate() {
        if let Some(d) = row.get_mut(j) {
            *d += opts.lambda;
        }
    }
    (a, g, xm, ym)
}

/// Non-negative ridge fit on the rows `idx` of `x` (rows × columns) against `y`.
pub fn fit(x: &[Vec<f64>], y: &[f64], idx: &[usize], opts: &LearnOptions) -> Fit {
    let p = x.first().map_or(0, Vec::len);
    let (a, g, xm, ym) = normal_equations(x, y, idx, p, opts);
    let mut w = vec![0.0; p];
    let mut sweeps = 0;
    while sweeps < MAX_SWEEPS {
        sweeps += 1;
        let mut moved: f64 = 0.0;
        for j in 0..p {
            let (Some(row), Some(gj)) = (a.get(j), g.get(j)) else {
                continue;
            };
            let ajj = row.get(j).copied().unwrap_or(0.0);
            let old = w.get(j).copied().unwrap_or(0.0);
            let new = if ajj > 0.0 {
                let mut r = *gj;
                for (k, (akj, wk)) in row.iter().zip(&w).enumerate() {
                    if k != j {
                        r -= akj * wk;
                    }
                }
                (r / ajj).max(0.0)
            } else {
                0.0
            };
            moved = moved.max((new - old).abs());
            if let Some(slot) = w.get_mut(j) {
                *slot = new;
            }
        }
        if moved <= TOLERANCE {
            break;
        }
    }
    let intercept = if opts.intercept {
        ym - xm.iter().zip(&w).map(|(m, wj)| m * wj).sum::<f64>()
    } else {
        0.0
    };
    Fit {
        weights: w,
        intercept,
        sweeps,
    }
}

/// The same problem as [`fit`], solved by projected gradient descent on candle tensors (CPU,
/// f64). Step `1/L` with `L` the Gershgorin bound of `A`; stops when no weight moves by more
/// than `1e-13` or after 200 000 steps.
#[cfg(feature = "candle")]
pub fn fit_candle(x: &[Vec<f64>], y: &[f64], idx: &[usize], opts: &LearnOptions) -> Result<Fit> {
    use candle_core::{Device, Tensor};
    let p = x.first().map_or(0, Vec::len);
    let (a, g, xm, ym) = normal_equations(x, y, idx, p, opts);
    let err = |e: candle_core::Error| Error::Internal(format!("candle: {e}"));
    let dev = Device::Cpu;
    let flat: Vec<f64> = a.iter().flatten().copied().collect();
    let at = Tensor::from_vec(flat, (p, p), &dev).map_err(err)?;
    let gt = Tensor::from_vec(g, (p, 1), &dev).map_err(err)?;
    let l = a
        .iter()
        .map(|r| r.iter().map(|v| v.abs()).sum::<f64>())
        .fold(0.0_f64, f64::max);
    let step = if l > 0.0 { 1.0 / l } else { 0.0 };
    let mut w = Tensor::zeros((p, 1), candle_core::DType::F64, &dev).map_err(err)?;
    let mut steps = 0;
    while steps < 200_000 {
        steps += 1;
        let grad = at.matmul(&w).map_err(err)?.sub(&gt).map_err(err)?;
        let next = w
            .sub(&(grad * step).map_err(err)?)
            .map_err(err)?
            .relu()
            .map_err(err)?;
        let moved = next
            .sub(&w)
            .map_err(err)?
            .abs()
            .map_err(err)?
            .max_keepdim(0)
            .map_err(err)?
            .flatten_all()
            .map_err(err)?
            .to_vec1::<f64>()
            .map_err(err)?
            .first()
            .copied()
            .unwrap_or(0.0);
        w = next;
        if moved <= 1e-13 {
            break;
        }
    }
    let weights: Vec<f64> = w.flatten_all().map_err(err)?.to_vec1().map_err(err)?;
    let intercept = if opts.intercept {
        ym - xm.iter().zip(&weights).map(|(m, wj)| m * wj).sum::<f64>()
    } else {
        0.0
    };
    Ok(Fit {
        weights,
        intercept,
        sweeps: steps,
    })
}

/// SplitMix64: a tiny, fixed, portable generator for the fold shuffle.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Fold of each row: a seeded Fisher–Yates shuffle dealt round-robin into `k` folds.
pub fn fold_assignment(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64(seed);
    for i in (1..n).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut fold = vec![0; n];
    for (pos, &row) in order.iter().enumerate() {
        if let Some(f) = fold.get_mut(row) {
            *f = pos % k.max(1);
        }
    }
    fold
}

/// `(rmse, r2)`; r2 is `None` when the ratings do not vary.
fn metrics(pairs: &[(f64, f64)]) -> (f64, Option<f64>) {
    let n = pairs.len().max(1) as f64;
    let mean = pairs.iter().map(|p| p.0).sum::<f64>() / n;
    let sse: f64 = pairs.iter().map(|(y, p)| (y - p).powi(2)).sum();
    let sst: f64 = pairs.iter().map(|(y, _)| (y - mean).powi(2)).sum();
    let rmse = (sse / n).sqrt();
    let r2 = (sst > 1e-12).then(|| 1.0 - sse / sst);
    (rmse, r2)
}

/// The learning result.
#[derive(Debug, Clone, PartialEq)]
pub struct Learned {
    /// Column names.
    pub modalities: Vec<String>,
    /// The fit on all rows.
    pub fit: Fit,
    /// Train RMSE and R².
    pub train: (f64, Option<f64>),
    /// Per fold: rows, RMSE, R².
    pub folds: Vec<(usize, f64, Option<f64>)>,
    /// Pooled held-out RMSE and R².
    pub held_out: (f64, Option<f64>),
    /// Folds used.
    pub k: usize,
}

/// Fits on all rows and validates with k folds.
pub fn learn(modalities: Vec<String>, x: &[Vec<f64>], y: &[f64], opts: &LearnOptions) -> Learned {
    let n = y.len();
    let all: Vec<usize> = (0..n).collect();
    let full = fit(x, y, &all, opts);
    let train_pairs: Vec<(f64, f64)> = all
        .iter()
        .filter_map(|&i| Some((*y.get(i)?, full.predict(x.get(i)?))))
        .collect();
    let k = opts.folds.min(n).max(2);
    let fold = fold_assignment(n, k, opts.seed);
    let mut folds = Vec::new();
    let mut pooled = Vec::with_capacity(n);
    for f in 0..k {
        let train: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| fold.get(i) != Some(&f))
            .collect();
        let test: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| fold.get(i) == Some(&f))
            .collect();
        let m = fit(x, y, &train, opts);
        let pairs: Vec<(f64, f64)> = test
            .iter()
            .filter_map(|&i| Some((*y.get(i)?, m.predict(x.get(i)?))))
            .collect();
        let (rmse, r2) = metrics(&pairs);
        folds.push((pairs.len(), rmse, r2));
        pooled.extend(pairs);
    }
    Learned {
        modalities,
        train: metrics(&train_pairs),
        held_out: metrics(&pooled),
        folds,
        fit: full,
        k,
    }
}

fn num(v: &Value, path: &str) -> Result<f64> {
    v.as_f64()
        .filter(|x| x.is_finite())
        .ok_or_else(|| invalid(path, "a finite number"))
}

/// `fusion_learn`: `{"rows": [{"rating", "scores": {MODALITY: score}}], "modalities"?,
/// "lambda"?, "folds"?, "intercept"?, "seed"?}` → `{"modalities", "weights", "intercept",
/// "fusion_weights", "clamped", "lambda", "n", "train", "validation", "solver"}` (see
/// `docs/fusion.md`). Deterministic: same request, same bytes.
pub fn fusion_learn_value(request: &Value) -> Result<Value> {
    let req = object(request, "request")?;
    no_unknown(
        req,
        &["rows", "modalities", "lambda", "folds", "intercept", "seed"],
        "",
    )?;
    let rows = array(
        req.get("rows")
            .ok_or_else(|| invalid("rows", "an array of {rating, scores}"))?,
        "rows",
    )?;
    if rows.len() > MAX_ROWS {
        return Err(Error::LimitExceeded {
            what: "rows (number of rows)".into(),
            limit: MAX_ROWS as u64,
            actual: rows.len() as u64,
        });
    }
    let mut opts = LearnOptions::default();
    if let Some(l) = req.get("lambda").filter(|v| !v.is_null()) {
        let l = num(l, "lambda")?;
        if !(0.0..=1e6).contains(&l) {
            return Err(invalid("lambda", "a ridge penalty from 0 to 1e6"));
        }
        opts.lambda = l;
    }
    if let Some(f) = req.get("folds").filter(|v| !v.is_null()) {
        let f = f
            .as_u64()
            .filter(|f| (2..=100).contains(f))
            .ok_or_else(|| invalid("folds", "an integer from 2 to 100"))?;
        opts.folds = f as usize;
    }
    if let Some(i) = req.get("intercept").filter(|v| !v.is_null()) {
        opts.intercept = i
            .as_bool()
            .ok_or_else(|| invalid("intercept", "true or false"))?;
    }
    if let Some(s) = req.get("seed").filter(|v| !v.is_null()) {
        opts.seed = s
            .as_u64()
            .ok_or_else(|| invalid("seed", "a non-negative integer"))?;
    }
    let modalities: Vec<String> = match req.get("modalities").filter(|v| !v.is_null()) {
        Some(m) => {
            let items = array(m, "modalities")?;
            let mut out = Vec::new();
            for (i, x) in items.iter().enumerate() {
                let p = format!("modalities[{i}]");
                let s = x.as_str().ok_or_else(|| invalid(&p, "a modality name"))?;
                if s.is_empty() || s.len() > 64 || out.iter().any(|o: &String| o == s) {
                    return Err(invalid(&p, "a distinct modality name of 1–64 bytes"));
                }
                out.push(s.to_string());
            }
            out
        }
        None => {
            let mut names = BTreeSet::new();
            for r in rows {
                if let Some(o) = r.get("scores").and_then(Value::as_object) {
                    names.extend(o.keys().cloned());
                }
            }
            names.into_iter().collect()
        }
    };
    if modalities.is_empty() || modalities.len() > MAX_MODALITIES {
        return Err(invalid(
            "modalities",
            format!("1–{MAX_MODALITIES} modality names (from the rows' scores)"),
        ));
    }
    if rows.len() < 3 {
        return Err(invalid(
            "rows",
            "at least 3 rows (2 folds need training rows)",
        ));
    }
    let mut x = Vec::with_capacity(rows.len());
    let mut y = Vec::with_capacity(rows.len());
    for (i, r) in rows.iter().enumerate() {
        let p = format!("rows[{i}]");
        let o = object(r, &p)?;
        no_unknown(o, &["rating", "scores", "id"], &p)?;
        y.push(num(
            o.get("rating")
                .ok_or_else(|| invalid(&format!("{p}.rating"), "a number"))?,
            &format!("{p}.rating"),
        )?);
        let sp = format!("{p}.scores");
        let so = object(
            o.get("scores")
                .ok_or_else(|| invalid(&sp, "an object {modality: score}"))?,
            &sp,
        )?;
        if let Some(k) = so.keys().find(|k| !modalities.contains(k)) {
            return Err(invalid(
                &format!("{sp}.{k}"),
                format!("one of the modalities: {}", modalities.join(", ")),
            ));
        }
        let mut row = Vec::with_capacity(modalities.len());
        for m in &modalities {
            let mp = format!("{sp}.{m}");
            row.push(num(
                so.get(m)
                    .ok_or_else(|| invalid(&mp, "a score (every row needs every modality)"))?,
                &mp,
            )?);
        }
        x.push(row);
    }
    let learned = learn(modalities, &x, &y, &opts);
    let finite = learned.fit.intercept.is_finite()
        && learned.fit.weights.iter().all(|w| w.is_finite())
        && learned.held_out.0.is_finite();
    if !finite {
        return Err(invalid(
            "rows",
            "ratings and scores of moderate size (the fit overflowed)",
        ));
    }
    Ok(learned_value(&learned, &opts, y.len()))
}

fn opt(x: Option<f64>) -> Value {
    x.map_or(Value::Null, |v| json!(round6(v)))
}

fn learned_value(l: &Learned, opts: &LearnOptions, n: usize) -> Value {
    let mut weights = Map::new();
    let mut clamped = Vec::new();
    let total: f64 = l.fit.weights.iter().sum();
    let mut fusion = Map::new();
    for (m, w) in l.modalities.iter().zip(&l.fit.weights) {
        weights.insert(m.clone(), json!(round6(*w)));
        if *w == 0.0 {
            clamped.push(m.clone());
        }
        if ["content", "voice", "visual"].contains(&m.as_str()) {
            fusion.insert(
                m.clone(),
                if total > 0.0 {
                    json!(round6(w / total))
                } else {
                    json!(0.0)
                },
            );
        }
    }
    let folds: Vec<Value> = l
        .folds
        .iter()
        .map(|(n, rmse, r2)| json!({"n": n, "rmse": round6(*rmse), "r2": opt(*r2)}))
        .collect();
    json!({
        "modalities": l.modalities,
        "weights": weights,
        "intercept": round6(l.fit.intercept),
        "fusion_weights": fusion,
        "clamped": clamped,
        "lambda": opts.lambda,
        "intercept_fitted": opts.intercept,
        "n": n,
        "train": {"rmse": round6(l.train.0), "r2": opt(l.train.1)},
        "validation": {
            "method": "k_fold",
            "folds": l.k,
            "seed": opts.seed,
            "per_fold": folds,
            "rmse": round6(l.held_out.0),
            "r2": opt(l.held_out.1),
        },
        "solver": {"method": "projected_coordinate_descent", "sweeps": l.fit.sweeps},
    })
}
