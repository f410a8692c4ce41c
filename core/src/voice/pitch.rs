//! The 8 kHz frame engine: DC blocking, 10 ms block energies and YIN pitch per frame.
//!
//! YIN (de Cheveigné & Kawahara 2002): the difference function
//! `d(τ) = Σ_{j=t}^{t+W−1} (y_j − y_{j+τ})²` over a W = 30 ms window, its cumulative mean
//! normalisation `d'(τ) = d(τ)·τ / Σ_{k=1}^{τ} d(k)`, the first `τ` in range where `d'` falls below
//! the absolute threshold (then down to that dip's bottom; if none, the global minimum), and
//! parabolic interpolation of `d` around it. `d'` at the chosen lag is the frame's
//! *aperiodicity* (0 for a perfectly periodic frame, about 1 for noise).
//!
//! Speed: the window is three 10 ms blocks, so `d` is the sum of three per-block partial sums
//! `B_b(τ) = Σ_{j∈b} (y_j − y_{j+τ})²`, and each sample's squared differences are computed once
//! instead of three times. The inner loop runs over `τ` (independent accumulators), which the
//! compiler vectorises without reordering any addition: results are identical on every target.

use super::resample::ANALYSIS_RATE;

/// Hop and block length: 10 ms at 8 kHz.
pub(crate) const HOP: usize = 80;
/// Blocks per YIN window.
pub(crate) const BLOCKS_PER_FRAME: usize = 3;
/// YIN window: 30 ms at 8 kHz.
pub(crate) const WINDOW: usize = HOP * BLOCKS_PER_FRAME;
/// DC blocker pole (−3 dB near 6 Hz at 8 kHz).
const DC_POLE: f64 = 0.995;

/// What the engine keeps per 10 ms frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct FrameData {
    /// YIN F0 estimate in Hz, 0 when the frame was not evaluated.
    pub f0: f64,
    /// `d'` at the chosen lag: 0 periodic … ~1 aperiodic (1 when not evaluated).
    pub aperiodicity: f64,
    /// Mean square over the 30 ms window.
    pub mean_square: f64,
}

/// The streaming frame engine.
#[derive(Debug, Clone)]
pub(crate) struct FrameEngine {
    tau_min: usize,
    /// Highest lag searched.
    tau_hi: usize,
    /// Highest lag computed (`tau_hi + 1`, for the interpolation neighbour).
    tau_max: usize,
    yin_threshold: f64,
    y: Vec<f32>,
    y_start: u64,
    n_y: u64,
    dc_x1: f64,
    dc_y1: f64,
    next_block: u64,
    ring: [Vec<f32>; BLOCKS_PER_FRAME],
    /// Mean square of every complete 10 ms block.
    pub(crate) block_ms: Vec<f64>,
    /// One entry per frame (a frame starts at every block with two complete blocks after it).
    pub(crate) frames: Vec<FrameData>,
    /// Samples with real data (set by `finish`; frames reaching past it are not evaluated).
    real_end: u64,
    d: Vec<f64>,
    dn: Vec<f64>,
}

impl FrameEngine {
    /// An engine for F0 in `[f0_min, f0_max]` Hz (validated by the caller: 30 ≤ min < max ≤ 1000).
    pub(crate) fn new(f0_min: f64, f0_max: f64, yin_threshold: f64) -> FrameEngine {
        let rate = f64::from(ANALYSIS_RATE);
        let tau_min = ((rate / f0_max).floor() as usize).max(2);
        let tau_hi = ((rate / f0_min).ceil() as usize).max(tau_min + 1);
        let tau_max = tau_hi + 1;
        FrameEngine {
            tau_min,
            tau_hi,
            tau_max,
            yin_threshold,
            y: Vec::new(),
            y_start: 0,
            n_y: 0,
            dc_x1: 0.0,
            dc_y1: 0.0,
            next_block: 0,
            ring: std::array::from_fn(|_| vec![0.0; tau_max + 1]),
            block_ms: Vec::new(),
            frames: Vec::new(),
            real_end: u64::MAX,
            d: vec![0.0; tau_max + 1],
            dn: vec![0.0; tau_max + 1],
        }
    }

    /// Feeds 8 kHz samples.
    pub(crate) fn push(&mut self, x: &[f32]) {
        self.y.reserve(x.len());
        for &v in x {
            let v = f64::from(v);
            let out = v - self.dc_x1 + DC_POLE * self.dc_y1;
            self.dc_x1 = v;
            self.dc_y1 = out;
            self.y.push(out as f32);
        }
        self.n_y += x.len() as u64;
        self.process(self.n_y);
    }

    /// Processes every block whose lags are available below `available`.
    fn process(&mut self, available: u64) {
        let hop = HOP as u64;
        while (self.next_block + 1) * hop + self.tau_max as u64 <= available {
            self.block(self.next_block);
            self.next_block += 1;
        }
        let keep_from = (self.next_block * hop).saturating_sub(self.y_start) as usize;
        if keep_from > 8192 {
            self.y.drain(..keep_from.min(self.y.len()));
            self.y_start += keep_from as u64;
        }
    }

    fn block(&mut self, b: u64) {
        let start = (b * HOP as u64 - self.y_start) as usize;
        let span = self.tau_max + 1;
        let slot = (b % BLOCKS_PER_FRAME as u64) as usize;
        let acc = &mut self.ring[slot];
        acc.iter_mut().for_each(|a| *a = 0.0);
        let mut energy = 0.0f64;
        // Four samples per pass over the accumulators; each accumulator still adds its terms in
        // sample order, so the sums equal the one-sample-at-a-time loop bit for bit.
        // Samples `start .. start + HOP − 1 + span`: the last sample of the block plus its
        // largest lag (`process` only calls this once they are all there).
        let Some(y) = self.y.get(start..start + HOP - 1 + span) else {
            return;
        };
        for q in (0..HOP).step_by(4) {
            let (c0, c1, c2, c3) = (y[q], y[q + 1], y[q + 2], y[q + 3]);
            energy += f64::from(c0) * f64::from(c0);
            energy += f64::from(c1) * f64::from(c1);
            energy += f64::from(c2) * f64::from(c2);
            energy += f64::from(c3) * f64::from(c3);
            let s0 = &y[q..q + span];
            let s1 = &y[q + 1..q + 1 + span];
            let s2 = &y[q + 2..q + 2 + span];
            let s3 = &y[q + 3..q + 3 + span];
            for ((((a, v0), v1), v2), v3) in acc.iter_mut().zip(s0).zip(s1).zip(s2).zip(s3) {
                let d0 = c0 - v0;
                let d1 = c1 - v1;
                let d2 = c2 - v2;
                let d3 = c3 - v3;
                *a = (((*a + d0 * d0) + d1 * d1) + d2 * d2) + d3 * d3;
            }
        }
        self.block_ms.push(energy / HOP as f64);
        if b + 1 >= BLOCKS_PER_FRAME as u64 {
            let t = b + 1 - BLOCKS_PER_FRAME as u64;
            let frame = self.frame(t);
            self.frames.push(frame);
        }
    }

    fn frame(&mut self, t: u64) -> FrameData {
        let hop = HOP as u64;
        let n = BLOCKS_PER_FRAME as u64;
        let mean_square = (t..t + n)
            .filter_map(|b| self.block_ms.get(b as usize))
            .sum::<f64>()
            / n as f64;
        if t * hop + WINDOW as u64 + self.tau_max as u64 > self.real_end {
            return FrameData {
                f0: 0.0,
                aperiodicity: 1.0,
                mean_square,
            };
        }
        for (i, d) in self.d.iter_mut().enumerate() {
            *d = (t..t + n)
                .map(|b| f64::from(self.ring[(b % n) as usize][i]))
                .sum();
        }
        let (f0, aperiodicity) = yin(
            &self.d,
            &mut self.dn,
            self.tau_min,
            self.tau_hi,
            self.yin_threshold,
        );
        FrameData {
            f0,
            aperiodicity,
            mean_square,
        }
    }

    /// Ends the stream: blocks still waiting for lag samples are processed with zeros after the
    /// end; frames whose lags would reach past the end are marked not evaluated.
    pub(crate) fn finish(&mut self) {
        self.real_end = self.n_y;
        let pad = self.tau_max + HOP;
        self.y.extend(std::iter::repeat_n(0.0, pad));
        let complete_blocks = self.n_y / HOP as u64;
        let hop = HOP as u64;
        while self.next_block < complete_blocks
            && (self.next_block + 1) * hop + self.tau_max as u64 <= self.n_y + pad as u64
        {
            self.block(self.next_block);
            self.next_block += 1;
        }
    }
}

/// YIN on one difference function `d[0..=tau_hi+1]`; returns (F0 Hz, aperiodicity).
fn yin(d: &[f64], dn: &mut [f64], tau_min: usize, tau_hi: usize, threshold: f64) -> (f64, f64) {
    let mut cum = 0.0;
    if let Some(first) = dn.first_mut() {
        *first = 1.0;
    }
    for tau in 1..dn.len().min(d.len()) {
        cum += d[tau];
        dn[tau] = if cum > 0.0 {
            d[tau] * tau as f64 / cum
        } else {
            1.0
        };
    }
    let mut best = None;
    let mut tau = tau_min;
    while tau <= tau_hi {
        if dn[tau] < threshold {
            while tau < tau_hi && dn[tau + 1] < dn[tau] {
                tau += 1;
            }
            best = Some(tau);
            break;
        }
        tau += 1;
    }
    let tau = match best {
        Some(t) => t,
        None => {
            let mut arg = tau_min;
            for t in tau_min..=tau_hi {
                if dn[t] < dn[arg] {
                    arg = t;
                }
            }
            arg
        }
    };
    let aperiodicity = dn[tau];
    let (a, b, c) = (d[tau - 1], d[tau], d[tau + 1]);
    let denom = a - 2.0 * b + c;
    let shift = if denom > 0.0 {
        (0.5 * (a - c) / denom).clamp(-0.5, 0.5)
    } else {
        0.0
    };
    (
        f64::from(ANALYSIS_RATE) / (tau as f64 + shift),
        aperiodicity,
    )
}
