//! Linear-chain CRF training: L2-regularised negative log-likelihood minimised with L-BFGS,
//! forward–backward over the legal BMES transitions only.
//!
//! Weights exist for the (feature, label) pairs seen in the training data, plus all
//! transitions. `exp` and `ln` are computed here with `+ − × ÷` only ([`exp`], [`ln`]), so the
//! trained model is bit-identical on every target, wasm32 included.

use super::features::PER_POSITION;
use super::model::Labels;

/// `e^x` from basic arithmetic: `x = k ln 2 + r`, `|r| ≤ ln 2 / 2`, Taylor series of `e^r` to
/// degree 13 (relative error below 1e-15), times `2^k`.
pub(crate) fn exp(x: f64) -> f64 {
    if x.is_nan() {
        return x;
    }
    if x < -745.0 {
        return 0.0;
    }
    if x > 709.0 {
        return f64::INFINITY;
    }
    let k = floor(x * std::f64::consts::LOG2_E + 0.5);
    let r = (x - k * LN2_HI) - k * LN2_LO;
    // 1/13, 1/12, …, 1/1: constants, so only multiplications run here.
    const INV: [f64; 13] = [
        1.0 / 13.0,
        1.0 / 12.0,
        1.0 / 11.0,
        1.0 / 10.0,
        1.0 / 9.0,
        1.0 / 8.0,
        1.0 / 7.0,
        1.0 / 6.0,
        1.0 / 5.0,
        1.0 / 4.0,
        1.0 / 3.0,
        1.0 / 2.0,
        1.0,
    ];
    let mut p = 1.0;
    for c in INV {
        p = 1.0 + p * r * c;
    }
    scale2(p, k as i64)
}

/// High and low parts of ln 2 (fdlibm): `k · LN2_HI` is exact for the `k` used here.
const LN2_HI: f64 = f64::from_bits(0x3FE6_2E42_FEE0_0000);
const LN2_LO: f64 = f64::from_bits(0x3DEA_39EF_3579_3C76);

/// `⌊x⌋` for `|x| < 2^62` without a library call.
fn floor(x: f64) -> f64 {
    let t = x as i64 as f64;
    if t > x {
        t - 1.0
    } else {
        t
    }
}

/// `p · 2^k`, in two factors so that results near the subnormal range stay exact.
fn scale2(p: f64, k: i64) -> f64 {
    let half = k / 2;
    pow2(half) * pow2(k - half) * p
}

/// A faster `e^x` for the forward–backward pass: `x = (64q + j) ln2/64 + r`, `|r| ≤ ln2/128`,
/// `e^x = 2^q · 2^(j/64) · e^r` with a table of `2^(j/64)` (built with [`exp`]) and a degree-5
/// series (relative error about 1e-16).
pub(crate) struct FastExp {
    table: [f64; 64],
}

impl FastExp {
    pub(crate) fn new() -> FastExp {
        let mut table = [1.0; 64];
        for (j, t) in table.iter_mut().enumerate() {
            *t = exp(j as f64 * (std::f64::consts::LN_2 / 64.0));
        }
        FastExp { table }
    }

    #[inline]
    pub(crate) fn exp(&self, x: f64) -> f64 {
        if !(-745.0..=709.0).contains(&x) {
            return exp(x);
        }
        let k = floor(x * (64.0 * std::f64::consts::LOG2_E) + 0.5);
        let r = (x - k * (LN2_HI / 64.0)) - k * (LN2_LO / 64.0);
        let p =
            1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0)))));
        let k = k as i64;
        let t = self.table.get((k & 63) as usize).copied().unwrap_or(1.0);
        scale2(t * p, k >> 6)
    }
}

fn pow2(k: i64) -> f64 {
    f64::from_bits(((k + 1023).clamp(0, 2046) as u64) << 52)
}

/// Natural logarithm from basic arithmetic: `x = m 2^e` with `m` in `[√½, √2)`, `ln m = 2
/// atanh((m − 1)/(m + 1))` by its series.
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
    let (mut x, mut e) = (x, 0i64);
    if x < f64::MIN_POSITIVE {
        x *= 18_014_398_509_481_984.0; // 2^54
        e -= 54;
    }
    let bits = x.to_bits();
    e += ((bits >> 52) & 0x7FF) as i64 - 1023;
    let mut m = f64::from_bits((bits & 0x000F_FFFF_FFFF_FFFF) | 0x3FF0_0000_0000_0000);
    if m > std::f64::consts::SQRT_2 {
        m *= 0.5;
        e += 1;
    }
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    let mut sum = 0.0;
    let mut k = 23.0;
    while k >= 1.0 {
        sum = 1.0 / k + s2 * sum;
        k -= 2.0;
    }
    e as f64 * std::f64::consts::LN_2 + 2.0 * s * sum
}

/// The training problem: features, labels and the parameter layout.
pub(crate) struct Problem<'a> {
    pub(crate) labels: &'a Labels,
    /// Per sentence: `PER_POSITION` feature ids per character (`u32::MAX`: none).
    pub(crate) feats: &'a [Vec<u32>],
    /// Per sentence: gold labels.
    pub(crate) gold: &'a [Vec<u8>],
    /// Feature `f` has parameters `param_off[f]..param_off[f + 1]` for labels `param_lab[..]`.
    pub(crate) param_off: &'a [u32],
    pub(crate) param_lab: &'a [u8],
    pub(crate) l2: f64,
}

impl Problem<'_> {
    fn n_state(&self) -> usize {
        self.param_lab.len()
    }

    /// Number of parameters: state weights, then `(L + 1) × L` transitions.
    pub(crate) fn dim(&self) -> usize {
        let l = self.labels.len();
        self.n_state() + (l + 1) * l
    }

    /// Objective and gradient at `x`.
    pub(crate) fn eval(&self, x: &[f64], grad: &mut [f64], ws: &mut Work) -> f64 {
        let ns = self.n_state();
        grad.iter_mut().for_each(|g| *g = 0.0);
        ws.et.build(self.labels, x.get(ns..).unwrap_or_default());
        ws.gt = Trans::zeros(self.labels);
        let mut nll = 0.0;
        for (feats, gold) in self.feats.iter().zip(self.gold) {
            nll += self.sentence(x, feats, gold, grad, ws);
        }
        ws.gt
            .scatter_into(self.labels, grad.get_mut(ns..).unwrap_or_default());
        let mut reg = 0.0;
        for (g, &v) in grad.iter_mut().zip(x) {
            reg += v * v;
            *g += 2.0 * self.l2 * v;
        }
        nll + self.l2 * reg
    }

    /// Negative log-likelihood of one sentence; adds its gradient.
    fn sentence(
        &self,
        x: &[f64],
        feats: &[u32],
        gold: &[u8],
        grad: &mut [f64],
        ws: &mut Work,
    ) -> f64 {
        let l = self.labels.len();
        let n = gold.len();
        if n == 0 {
            return 0.0;
        }
        let ns = self.n_state();
        let entries = |f: u32| -> (usize, usize) {
            let f = f as usize;
            match (self.param_off.get(f), self.param_off.get(f + 1)) {
                (Some(&a), Some(&b)) => (a as usize, b as usize),
                _ => (0, 0),
            }
        };
        // Emission scores and the gold path's score.
        ws.em.clear();
        ws.em.resize(n * l, 0.0);
        for (row, fs) in ws
            .em
            .chunks_exact_mut(l)
            .zip(feats.chunks_exact(PER_POSITION))
        {
            for &f in fs.iter().filter(|&&f| f != u32::MAX) {
                let (a, b) = entries(f);
                for (k, &y) in (a..b).zip(self.param_lab.get(a..b).unwrap_or_default()) {
                    if let Some(r) = row.get_mut(usize::from(y)) {
                        *r += x.get(k).copied().unwrap_or(0.0);
                    }
                }
            }
        }
        let trans = x.get(ns..).unwrap_or_default();
        let mut gold_score = 0.0;
        let mut prev = l;
        for (i, &g) in gold.iter().enumerate() {
            let g = usize::from(g);
            gold_score += ws.em.get(i * l + g).copied().unwrap_or(0.0)
                + trans.get(prev * l + g).copied().unwrap_or(0.0);
            prev = g;
        }
        // exp of emissions, shifted by each row's maximum.
        let mut log_z = 0.0;
        ws.xe.clear();
        ws.xe.resize(n * l, 0.0);
        for (xr, er) in ws.xe.chunks_exact_mut(l).zip(ws.em.chunks_exact(l)) {
            let m = er.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            log_z += m;
            for (xv, &ev) in xr.iter_mut().zip(er) {
                *xv = ws.fexp.exp(ev - m);
            }
        }
        // Forward, scaled so that each row sums to 1.
        ws.alpha.clear();
        ws.alpha.resize(n * l, 0.0);
        ws.scale.clear();
        ws.scale.resize(n, 1.0);
        let et = &ws.et;
        for i in 0..n {
            let xr = ws.xe.get(i * l..(i + 1) * l).unwrap_or_default();
            let (done, rest) = ws.alpha.split_at_mut(i * l);
            let cur = rest.get_mut(..l).unwrap_or_default();
            if i == 0 {
                for ((c, &e), &xv) in cur.iter_mut().zip(&et.start).zip(xr) {
                    *c = e * xv;
                }
            } else {
                let prev = done.get((i - 1) * l..).unwrap_or_default();
                et.forward(self.labels, prev, cur);
                for (c, &xv) in cur.iter_mut().zip(xr) {
                    *c *= xv;
                }
            }
            let s: f64 = cur.iter().sum();
            if s <= 0.0 || !s.is_finite() {
                return 0.0;
            }
            let inv = 1.0 / s;
            for c in cur.iter_mut() {
                *c *= inv;
            }
            log_z += ln(s);
            if let Some(sc) = ws.scale.get_mut(i) {
                *sc = s;
            }
        }
        let last = ws.alpha.get((n - 1) * l..).unwrap_or_default();
        let z_hat: f64 = last
            .iter()
            .enumerate()
            .filter(|&(y, _)| self.labels.closes(y))
            .map(|(_, &a)| a)
            .sum();
        if z_hat <= 0.0 {
            return 0.0;
        }
        log_z += ln(z_hat);
        // Backward with the same scales.
        ws.beta.clear();
        ws.beta.resize(n * l, 0.0);
        for (y, b) in ws
            .beta
            .get_mut((n - 1) * l..)
            .unwrap_or_default()
            .iter_mut()
            .enumerate()
        {
            *b = if self.labels.closes(y) { 1.0 } else { 0.0 };
        }
        for i in (0..n - 1).rev() {
            let inv = 1.0 / ws.scale.get(i + 1).copied().unwrap_or(1.0);
            let xr = ws.xe.get((i + 1) * l..(i + 2) * l).unwrap_or_default();
            ws.tmp.clear();
            ws.tmp.extend(
                ws.beta
                    .get((i + 1) * l..(i + 2) * l)
                    .unwrap_or_default()
                    .iter()
                    .zip(xr)
                    .map(|(&b, &xv)| b * xv * inv),
            );
            let cur = ws.beta.get_mut(i * l..(i + 1) * l).unwrap_or_default();
            et.backward(self.labels, &ws.tmp, cur);
        }
        // State marginals → feature gradients.
        let inv_z = 1.0 / z_hat;
        for i in 0..n {
            let a = ws.alpha.get(i * l..(i + 1) * l).unwrap_or_default();
            let b = ws.beta.get(i * l..(i + 1) * l).unwrap_or_default();
            ws.tmp.clear();
            ws.tmp.extend(a.iter().zip(b).map(|(&a, &b)| a * b * inv_z));
            let g = usize::from(gold.get(i).copied().unwrap_or(0));
            for &f in feats
                .get(i * PER_POSITION..(i + 1) * PER_POSITION)
                .unwrap_or_default()
                .iter()
                .filter(|&&f| f != u32::MAX)
            {
                let (a, b) = entries(f);
                for (k, &y) in (a..b).zip(self.param_lab.get(a..b).unwrap_or_default()) {
                    let y = usize::from(y);
                    let mut d = ws.tmp.get(y).copied().unwrap_or(0.0);
                    if y == g {
                        d -= 1.0;
                    }
                    if let Some(gk) = grad.get_mut(k) {
                        *gk += d;
                    }
                }
            }
            // Start transitions.
            if i == 0 {
                for (y, &p) in ws.tmp.iter().enumerate() {
                    if let Some(gk) = grad.get_mut(ns + l * l + y) {
                        *gk += p;
                    }
                }
                if let Some(gk) = grad.get_mut(ns + l * l + g) {
                    *gk -= 1.0;
                }
            }
        }
        // Edge marginals → transition gradients (the gold path's counts go straight into
        // `grad`; the expected counts are gathered in `ws.gt` and added at the end).
        let gt = grad.get_mut(ns..).unwrap_or_default();
        for i in 1..n {
            let inv = 1.0 / (ws.scale.get(i).copied().unwrap_or(1.0) * z_hat);
            let a = ws.alpha.get((i - 1) * l..i * l).unwrap_or_default();
            let xr = ws.xe.get(i * l..(i + 1) * l).unwrap_or_default();
            let b = ws.beta.get(i * l..(i + 1) * l).unwrap_or_default();
            ws.tmp.clear();
            ws.tmp
                .extend(xr.iter().zip(b).map(|(&xv, &bv)| xv * bv * inv));
            ws.gt.add_edges(self.labels, a, &ws.tmp, et);
            let (pg, g) = (
                usize::from(gold.get(i - 1).copied().unwrap_or(0)),
                usize::from(gold.get(i).copied().unwrap_or(0)),
            );
            if let Some(gk) = gt.get_mut(pg * l + g) {
                *gk -= 1.0;
            }
        }
        log_z - gold_score
    }
}

/// Reusable buffers of [`Problem::eval`].
pub(crate) struct Work {
    fexp: FastExp,
    et: Trans,
    gt: Trans,
    em: Vec<f64>,
    xe: Vec<f64>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    scale: Vec<f64>,
    tmp: Vec<f64>,
}

impl Default for Work {
    fn default() -> Work {
        Work {
            fexp: FastExp::new(),
            et: Trans::default(),
            gt: Trans::default(),
            em: Vec::new(),
            xe: Vec::new(),
            alpha: Vec::new(),
            beta: Vec::new(),
            scale: Vec::new(),
            tmp: Vec::new(),
        }
    }
}

/// Values on the legal transitions in a compact layout: `block[c · no + o]` for the closed label
/// `closed[c]` → open label `open[o]`, `inner[t]` = `[B→M, B→E, M→M, M→E]` of type `t`, and
/// `start[y]` for the sentence start.
#[derive(Default)]
pub(crate) struct Trans {
    block: Vec<f64>,
    inner: Vec<[f64; 4]>,
    start: Vec<f64>,
}

impl Trans {
    fn zeros(labels: &Labels) -> Trans {
        Trans {
            block: vec![0.0; labels.closed.len() * labels.open.len()],
            inner: vec![[0.0; 4]; labels.types.len()],
            start: vec![0.0; labels.len()],
        }
    }

    /// `exp` of the transition weights `w` (`(L + 1) × L`); illegal transitions are 0.
    fn build(&mut self, labels: &Labels, w: &[f64]) {
        let l = labels.len();
        let e = |p: usize, y: usize| exp(w.get(p * l + y).copied().unwrap_or(0.0));
        self.block.clear();
        for &p in &labels.closed {
            for &y in &labels.open {
                self.block.push(e(p, y));
            }
        }
        self.inner.clear();
        for t in 0..labels.types.len() {
            let (b, m) = (1 + 4 * t, 2 + 4 * t);
            self.inner
                .push([e(b, m), e(b, m + 1), e(m, m), e(m, m + 1)]);
        }
        self.start.clear();
        self.start
            .extend((0..l).map(|y| if labels.allowed(l, y) { e(l, y) } else { 0.0 }));
    }

    /// `cur[y] = Σ_p prev[p] · T[p → y]`.
    fn forward(&self, labels: &Labels, prev: &[f64], cur: &mut [f64]) {
        let no = labels.open.len();
        let mut acc = [0.0f64; 1 + 2 * super::model::MAX_TYPES];
        let acc = acc.get_mut(..no).unwrap_or_default();
        for (&p, row) in labels.closed.iter().zip(self.block.chunks_exact(no)) {
            let pv = prev.get(p).copied().unwrap_or(0.0);
            for (a, &t) in acc.iter_mut().zip(row) {
                *a += pv * t;
            }
        }
        for (&y, &a) in labels.open.iter().zip(acc.iter()) {
            if let Some(c) = cur.get_mut(y) {
                *c = a;
            }
        }
        for (t, e) in self.inner.iter().enumerate() {
            let (b, m) = (1 + 4 * t, 2 + 4 * t);
            let (pb, pm) = (
                prev.get(b).copied().unwrap_or(0.0),
                prev.get(m).copied().unwrap_or(0.0),
            );
            if let Some(c) = cur.get_mut(m) {
                *c = pb * e[0] + pm * e[2];
            }
            if let Some(c) = cur.get_mut(m + 1) {
                *c = pb * e[1] + pm * e[3];
            }
        }
    }

    /// `cur[p] = Σ_y T[p → y] · next[y]`.
    fn backward(&self, labels: &Labels, next: &[f64], cur: &mut [f64]) {
        let no = labels.open.len();
        let mut nx = [0.0f64; 1 + 2 * super::model::MAX_TYPES];
        let nx = nx.get_mut(..no).unwrap_or_default();
        for (v, &y) in nx.iter_mut().zip(&labels.open) {
            *v = next.get(y).copied().unwrap_or(0.0);
        }
        for (&p, row) in labels.closed.iter().zip(self.block.chunks_exact(no)) {
            let v: f64 = row.iter().zip(nx.iter()).map(|(&t, &n)| t * n).sum();
            if let Some(c) = cur.get_mut(p) {
                *c = v;
            }
        }
        for (t, e) in self.inner.iter().enumerate() {
            let (b, m) = (1 + 4 * t, 2 + 4 * t);
            let (nm, ne) = (
                next.get(m).copied().unwrap_or(0.0),
                next.get(m + 1).copied().unwrap_or(0.0),
            );
            if let Some(c) = cur.get_mut(b) {
                *c = e[0] * nm + e[1] * ne;
            }
            if let Some(c) = cur.get_mut(m) {
                *c = e[2] * nm + e[3] * ne;
            }
        }
    }

    /// `self[p → y] += prev[p] · T[p → y] · next[y]` (edge marginals).
    fn add_edges(&mut self, labels: &Labels, prev: &[f64], next: &[f64], t: &Trans) {
        let no = labels.open.len();
        let mut nx = [0.0f64; 1 + 2 * super::model::MAX_TYPES];
        let nx = nx.get_mut(..no).unwrap_or_default();
        for (v, &y) in nx.iter_mut().zip(&labels.open) {
            *v = next.get(y).copied().unwrap_or(0.0);
        }
        for ((&p, g), e) in labels
            .closed
            .iter()
            .zip(self.block.chunks_exact_mut(no))
            .zip(t.block.chunks_exact(no))
        {
            let pv = prev.get(p).copied().unwrap_or(0.0);
            for ((gv, &ev), &n) in g.iter_mut().zip(e).zip(nx.iter()) {
                *gv += pv * ev * n;
            }
        }
        for (k, (g, e)) in self.inner.iter_mut().zip(&t.inner).enumerate() {
            let (b, m) = (1 + 4 * k, 2 + 4 * k);
            let (pb, pm) = (
                prev.get(b).copied().unwrap_or(0.0),
                prev.get(m).copied().unwrap_or(0.0),
            );
            let (nm, ne) = (
                next.get(m).copied().unwrap_or(0.0),
                next.get(m + 1).copied().unwrap_or(0.0),
            );
            g[0] += pb * e[0] * nm;
            g[1] += pb * e[1] * ne;
            g[2] += pm * e[2] * nm;
            g[3] += pm * e[3] * ne;
        }
    }

    /// Adds these values into a full `(L + 1) × L` transition gradient.
    fn scatter_into(&self, labels: &Labels, g: &mut [f64]) {
        let l = labels.len();
        let no = labels.open.len();
        for (&p, row) in labels.closed.iter().zip(self.block.chunks_exact(no)) {
            for (&y, &v) in labels.open.iter().zip(row) {
                if let Some(gk) = g.get_mut(p * l + y) {
                    *gk += v;
                }
            }
        }
        for (t, v) in self.inner.iter().enumerate() {
            let (b, m) = (1 + 4 * t, 2 + 4 * t);
            for (k, (p, y)) in [(b, m), (b, m + 1), (m, m), (m, m + 1)]
                .into_iter()
                .enumerate()
            {
                if let Some(gk) = g.get_mut(p * l + y) {
                    *gk += v.get(k).copied().unwrap_or(0.0);
                }
            }
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// What L-BFGS did.
pub(crate) struct LbfgsResult {
    pub(crate) iterations: usize,
    pub(crate) evaluations: usize,
    pub(crate) loss: f64,
}

/// Minimises `problem` from `x` (updated in place) with L-BFGS (memory 6) and a backtracking
/// Armijo line search. Stops after `max_iter` iterations, or when the objective improved by
/// less than `epsilon` (relative) over the last 10 iterations. `checkpoint` is called every
/// `every` iterations with the iteration number and the current point.
pub(crate) fn lbfgs(
    problem: &Problem<'_>,
    x: &mut [f64],
    max_iter: usize,
    epsilon: f64,
    every: usize,
    checkpoint: &mut dyn FnMut(usize, &[f64]),
) -> LbfgsResult {
    const M: usize = 6;
    let dim = x.len();
    let mut ws = Work::default();
    let mut g = vec![0.0; dim];
    let mut f = problem.eval(x, &mut g, &mut ws);
    let mut evaluations = 1;
    let mut hist: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let mut past: Vec<f64> = vec![f];
    let mut d: Vec<f64> = g.iter().map(|v| -v).collect();
    let mut xn = vec![0.0; dim];
    let mut gn = vec![0.0; dim];
    let mut iterations = 0;
    let mut step = {
        let norm = dot(&d, &d).sqrt();
        if norm > 0.0 {
            1.0 / norm
        } else {
            return LbfgsResult {
                iterations,
                evaluations,
                loss: f,
            };
        }
    };
    while iterations < max_iter {
        let slope = dot(&g, &d);
        if slope >= 0.0 {
            // Not a descent direction: restart from the gradient.
            hist.clear();
            d = g.iter().map(|v| -v).collect();
            continue;
        }
        let mut fnew;
        let mut tries = 0;
        loop {
            for ((n, &xi), &di) in xn.iter_mut().zip(x.iter()).zip(&d) {
                *n = xi + step * di;
            }
            fnew = problem.eval(&xn, &mut gn, &mut ws);
            evaluations += 1;
            if fnew <= f + 1e-4 * step * slope || tries >= 30 {
                break;
            }
            step *= 0.5;
            tries += 1;
        }
        if fnew.is_nan() || fnew > f {
            break;
        }
        iterations += 1;
        let s: Vec<f64> = xn.iter().zip(x.iter()).map(|(a, b)| a - b).collect();
        let y: Vec<f64> = gn.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&s, &y);
        x.copy_from_slice(&xn);
        g.copy_from_slice(&gn);
        f = fnew;
        if every > 0 && iterations % every == 0 {
            checkpoint(iterations, x);
        }
        past.push(f);
        if past.len() > 10 {
            let old = past.get(past.len() - 11).copied().unwrap_or(f);
            if (old - f) / f.abs().max(1e-12) < epsilon {
                break;
            }
        }
        if sy > 1e-10 {
            if hist.len() == M {
                hist.remove(0);
            }
            hist.push((s, y, 1.0 / sy));
        }
        // Two-loop recursion.
        let mut q: Vec<f64> = g.clone();
        let mut alphas = vec![0.0; hist.len()];
        for ((s, y, rho), a) in hist.iter().zip(alphas.iter_mut()).rev() {
            *a = rho * dot(s, &q);
            for (qi, yi) in q.iter_mut().zip(y) {
                *qi -= *a * yi;
            }
        }
        if let Some((_, y, rho)) = hist.last() {
            let gamma = 1.0 / (rho * dot(y, y));
            q.iter_mut().for_each(|v| *v *= gamma);
        }
        for ((s, y, rho), a) in hist.iter().zip(&alphas) {
            let b = rho * dot(y, &q);
            for (qi, si) in q.iter_mut().zip(s) {
                *qi += (a - b) * si;
            }
        }
        d = q.iter().map(|v| -v).collect();
        step = 1.0;
    }
    LbfgsResult {
        iterations,
        evaluations,
        loss: f,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_ln_match_the_standard_library_closely() {
        for i in -2000..=2000 {
            let x = f64::from(i) * 0.173;
            let (a, b) = (exp(x), x.exp());
            assert!(
                (a - b).abs() <= 4.0 * f64::EPSILON * b,
                "exp({x}): {a} vs {b}"
            );
        }
        for i in 1..=4000 {
            let x = f64::from(i) * 0.0371 + 1e-3;
            let (a, b) = (ln(x), x.ln());
            assert!(
                (a - b).abs() <= 4.0 * f64::EPSILON * b.abs().max(1.0),
                "ln({x}): {a} vs {b}"
            );
        }
        let fe = FastExp::new();
        for i in -19000..=19000 {
            let x = f64::from(i) * 0.0371;
            let (a, b) = (fe.exp(x), x.exp());
            assert!(
                (a - b).abs() <= 8.0 * f64::EPSILON * b,
                "fast exp({x}): {a} vs {b}"
            );
        }
        assert_eq!(exp(-800.0), 0.0);
        assert_eq!(ln(1.0), 0.0);
        assert!((ln(1e-310) - 1e-310f64.ln()).abs() < 1e-12);
    }
}
