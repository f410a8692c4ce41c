//! Streaming resampler from any rate in 8–192 kHz down to the 8 kHz analysis rate.
//!
//! A Kaiser-windowed sinc (β = 5, about 53 dB stop-band) with its −6 dB point at 3.8 kHz and a
//! half-length of 10 output periods, evaluated directly at each output instant (polyphase: only
//! output samples are computed). Output `n` sits at input position `n·R/8000`; its fractional
//! part selects one of `P = 8000/gcd(R, 8000)` precomputed phases (80 for 44.1 kHz, 1 for 16 or
//! 48 kHz). Rates needing more than [`MAX_PHASES`] phases use the nearest of 1024 (a timing error
//! below 1/2048 input sample). Each phase's taps are normalised to unit DC gain.
//!
//! The output does not depend on how the input is split into chunks: every output sample is
//! the same fixed-order dot product over the same input samples. Taps are computed with
//! the crate's own `+ − × ÷` sine and Bessel functions so they are bit-identical on every target.

use super::detmath::{bessel_i0, sinc};

/// The analysis rate every input is brought to.
pub(crate) const ANALYSIS_RATE: u32 = 8000;
/// The −6 dB point of the anti-alias low-pass, Hz.
const CUTOFF_HZ: f64 = 3800.0;
/// Kaiser window β.
const KAISER_BETA: f64 = 5.0;
/// Half-length of the kernel in output periods.
const HALF_PERIODS: u64 = 10;
/// The most phases precomputed; rates needing more are quantised to this many.
pub(crate) const MAX_PHASES: u64 = 1024;

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

/// Fixed-order dot product with eight lanes (the compiler maps the lanes to SIMD registers
/// without reordering any addition, so the result is the same on every target).
#[inline]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut lo = [0.0f32; 4];
    let mut hi = [0.0f32; 4];
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for i in 0..4 {
            lo[i] += x[i] * y[i];
            hi[i] += x[i + 4] * y[i + 4];
        }
    }
    let mut tail = 0.0f32;
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        tail += x * y;
    }
    // The usual SIMD reduction order: halves, then pairs.
    let s = [lo[0] + hi[0], lo[1] + hi[1], lo[2] + hi[2], lo[3] + hi[3]];
    ((s[0] + s[2]) + (s[1] + s[3])) + tail
}

/// The streaming resampler.
#[derive(Debug, Clone)]
pub(crate) struct Resampler {
    rate: u64,
    passthrough: bool,
    /// Kernel half-length in input samples.
    half: usize,
    /// Number of phases in `table`.
    phases: u64,
    /// True when `phases` covers every fractional position exactly.
    exact: bool,
    /// `phases × 2·half` taps.
    table: Vec<f32>,
    /// Buffered input; `buf[0]` is input index `buf_start` (negative at the start: zeros).
    buf: Vec<f32>,
    buf_start: i64,
    /// Input samples received.
    n_in: u64,
    /// Next output index.
    next_out: u64,
    /// `locate(next_out)`, kept up to date by [`Resampler::advance`] without dividing.
    cur_base: u64,
    cur_phase: u64,
    /// Per output step: whole input samples and phases (exact tables only).
    step_base: u64,
    step_phase: u64,
}

impl Resampler {
    /// A resampler from `rate` (already validated to 8000..=192000) to 8 kHz.
    pub(crate) fn new(rate: u32) -> Resampler {
        let rate = u64::from(rate);
        let out = u64::from(ANALYSIS_RATE);
        if rate == out {
            return Resampler {
                rate,
                passthrough: true,
                half: 0,
                phases: 1,
                exact: true,
                table: Vec::new(),
                buf: Vec::new(),
                buf_start: 0,
                n_in: 0,
                next_out: 0,
                cur_base: 0,
                cur_phase: 0,
                step_base: 0,
                step_phase: 0,
            };
        }
        let half = (HALF_PERIODS * rate).div_ceil(out) as usize;
        let exact_phases = out / gcd(rate, out);
        let (phases, exact) = if exact_phases <= MAX_PHASES {
            (exact_phases, true)
        } else {
            (MAX_PHASES, false)
        };
        let taps = 2 * half;
        let mut table = Vec::with_capacity(phases as usize * taps);
        let norm_cut = 2.0 * CUTOFF_HZ / rate as f64; // cycles per input sample × 2
        let i0_beta = bessel_i0(KAISER_BETA);
        let mut row = vec![0.0f64; taps];
        for phase in 0..phases {
            let frac = phase as f64 / phases as f64;
            let mut sum = 0.0;
            for (i, tap) in row.iter_mut().enumerate() {
                // Distance from the output instant to input sample `base − half + 1 + i`.
                let t = frac + half as f64 - 1.0 - i as f64;
                let u = t / half as f64;
                let w = if u.abs() >= 1.0 {
                    0.0
                } else {
                    bessel_i0(KAISER_BETA * (1.0 - u * u).sqrt()) / i0_beta
                };
                *tap = norm_cut * sinc(norm_cut * t) * w;
                sum += *tap;
            }
            for tap in &row {
                table.push((tap / sum) as f32);
            }
        }
        Resampler {
            rate,
            passthrough: false,
            half,
            phases,
            exact,
            table,
            buf: vec![0.0; half],
            buf_start: -(half as i64),
            n_in: 0,
            next_out: 0,
            cur_base: 0,
            cur_phase: 0,
            step_base: rate / out,
            step_phase: (rate % out) * phases / out,
        }
    }

    /// Moves to the next output: the same (base, phase) as `locate(next_out + 1)`.
    fn advance(&mut self) {
        self.next_out += 1;
        if self.exact {
            self.cur_base += self.step_base;
            self.cur_phase += self.step_phase;
            if self.cur_phase >= self.phases {
                self.cur_phase -= self.phases;
                self.cur_base += 1;
            }
        } else {
            let (base, phase) = self.locate(self.next_out);
            self.cur_base = base;
            self.cur_phase = phase as u64;
        }
    }

    /// Input index of the last sample output `n` needs, and its phase.
    fn locate(&self, n: u64) -> (u64, usize) {
        let out = u64::from(ANALYSIS_RATE);
        let pos = n * self.rate;
        let mut base = pos / out;
        let rem = pos % out;
        let phase = if self.exact {
            rem * self.phases / out
        } else {
            // Nearest of `phases`, rounding half up.
            let p = (2 * rem * self.phases + out) / (2 * out);
            if p == self.phases {
                base += 1;
                0
            } else {
                p
            }
        };
        (base, phase as usize)
    }

    /// Feeds input samples; appends every output sample now computable to `out`.
    pub(crate) fn push(&mut self, input: &[f32], out: &mut Vec<f32>) {
        self.n_in += input.len() as u64;
        if self.passthrough {
            out.extend_from_slice(input);
            return;
        }
        self.buf.extend_from_slice(input);
        self.produce(self.n_in, out);
    }

    /// Emits outputs whose last needed input index is below `available`.
    fn produce(&mut self, available: u64, out: &mut Vec<f32>) {
        let taps = 2 * self.half;
        let half = self.half as u64;
        while self.cur_base + half < available {
            let first = self.cur_base as i64 - self.half as i64 + 1 - self.buf_start;
            let first = first.max(0) as usize;
            let phase = self.cur_phase as usize;
            let (Some(x), Some(h)) = (
                self.buf.get(first..first + taps),
                self.table.get(phase * taps..(phase + 1) * taps),
            ) else {
                break;
            };
            out.push(dot(x, h));
            self.advance();
        }
        // Drop input no future output needs.
        let keep_from = self.cur_base as i64 - self.half as i64 + 1 - self.buf_start;
        if keep_from > 8192 {
            let k = keep_from as usize;
            self.buf.drain(..k.min(self.buf.len()));
            self.buf_start += k as i64;
        }
    }

    /// Flushes: pads the end with zeros and emits the outputs up to `ceil(n_in·8000/R)`.
    pub(crate) fn finish(&mut self, out: &mut Vec<f32>) {
        if self.passthrough {
            return;
        }
        let out_rate = u64::from(ANALYSIS_RATE);
        let total_out = (self.n_in * out_rate).div_ceil(self.rate);
        self.buf.extend(std::iter::repeat_n(0.0, 2 * self.half + 2));
        let padded = self.n_in + 2 * self.half as u64 + 2;
        while self.next_out < total_out {
            let before = self.next_out;
            self.produce(padded, out);
            if self.next_out == before {
                break;
            }
        }
        let excess = self.next_out.saturating_sub(total_out) as usize;
        out.truncate(out.len().saturating_sub(excess));
        self.next_out = self.next_out.min(total_out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rate: u32, x: &[f32], chunk: usize) -> Vec<f32> {
        let mut r = Resampler::new(rate);
        let mut out = Vec::new();
        for c in x.chunks(chunk.max(1)) {
            r.push(c, &mut out);
        }
        r.finish(&mut out);
        out
    }

    #[test]
    fn stepping_matches_direct_positions() {
        for &rate in &[
            11025u32, 16000, 22050, 44100, 48000, 44056, 96000, 192_000, 176_399,
        ] {
            let mut r = Resampler::new(rate);
            for n in 0..20_000u64 {
                let (base, phase) = r.locate(n);
                assert_eq!(
                    (r.cur_base, r.cur_phase),
                    (base, phase as u64),
                    "rate {rate}, n {n}"
                );
                r.advance();
            }
        }
    }

    #[test]
    fn length_dc_and_chunking() {
        for &rate in &[8000u32, 11025, 16000, 22050, 44100, 48000, 44056, 192_000] {
            let n = rate as usize / 2 + 17;
            let x = vec![0.5f32; n];
            let y = run(rate, &x, 4096);
            let expected = (n as u64 * 8000).div_ceil(u64::from(rate)) as usize;
            assert_eq!(y.len(), expected, "rate {rate}");
            // DC passes with unit gain away from the edges.
            let mid = y.len() / 2;
            assert!((y[mid] - 0.5).abs() < 1e-5, "rate {rate}: {}", y[mid]);
            assert_eq!(run(rate, &x, 1), y, "rate {rate} chunk 1");
            assert_eq!(run(rate, &x, 37), y, "rate {rate} chunk 37");
        }
    }

    #[test]
    fn passes_low_tones_and_stops_high_ones() {
        for &rate in &[16000u32, 44100, 48000] {
            let tone = |f: f64| -> Vec<f32> {
                (0..rate as usize)
                    .map(|i| (2.0 * std::f64::consts::PI * f * i as f64 / rate as f64).sin() as f32)
                    .collect()
            };
            let rms = |v: &[f32]| {
                let s = &v[400..v.len() - 400];
                (s.iter().map(|x| (*x as f64).powi(2)).sum::<f64>() / s.len() as f64).sqrt()
            };
            let low = rms(&run(rate, &tone(300.0), 1000));
            assert!(
                (low - std::f64::consts::FRAC_1_SQRT_2).abs() < 0.01,
                "rate {rate}: pass-band rms {low}"
            );
            let high = rms(&run(rate, &tone(6000.0), 1000));
            assert!(high < 0.01, "rate {rate}: stop-band rms {high}");
        }
    }
}
