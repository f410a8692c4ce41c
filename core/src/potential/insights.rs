//! Insight mining: for every feature band (a category, a missing value, a numeric threshold),
//! how often the label is 1 inside the band compared with the whole table — "employees whose
//! previous_year_rating ≥ 4 are promoted 2.1× as often" — with a Wilson 95% interval.
//!
//! Definitions: `rate` = positives / support inside the band; `base_rate` = positives / rows
//! overall; `lift` = rate / base_rate (its interval is the rate's Wilson interval divided by
//! the base rate, which is treated as known); `lift_vs_rest` = rate / rate outside the band.

use serde::{Deserialize, Serialize};

use super::metrics::wilson;
use super::table::{parse_number, Table, MISSING};
use crate::error::{Error, Result};

/// One band and its statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Insight {
    /// The column.
    pub feature: String,
    /// The band, readable (`previous_year_rating ≥ 4`, `department = Technology`,
    /// `education is missing`).
    pub band: String,
    /// Rows in the band.
    pub support: u64,
    /// Positive rows in the band.
    pub positives: u64,
    /// positives / support.
    pub rate: f64,
    /// The overall positive rate.
    pub base_rate: f64,
    /// rate / base_rate.
    pub lift: f64,
    /// Wilson 95% interval of `rate`, low end.
    pub ci_low: f64,
    /// Wilson 95% interval of `rate`, high end.
    pub ci_high: f64,
    /// ci_low / base_rate.
    pub lift_ci_low: f64,
    /// ci_high / base_rate.
    pub lift_ci_high: f64,
    /// The positive rate outside the band.
    pub rate_outside: f64,
    /// rate / rate_outside (`null` when nobody outside the band is positive).
    pub lift_vs_rest: Option<f64>,
    /// The whole interval of `rate` lies above or below the base rate.
    pub significant: bool,
    /// A sentence for people.
    pub text: String,
}

/// Formats a number without trailing zeros (`4`, `61.5`).
pub(crate) fn format_number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

/// Mines the bands of every column except the label and `exclude`.
pub(crate) fn mine(
    table: &Table,
    label: &str,
    exclude: &[String],
    min_support: u64,
    limit: usize,
) -> Result<(Vec<Insight>, u64, u64)> {
    let labels = table.labels(label, "label")?;
    let n = labels.len() as u64;
    let positives = labels.iter().filter(|&&y| y == 1).count() as u64;
    if n == 0 {
        return Err(Error::InvalidArgument {
            name: "csv".into(),
            expected: "at least one row".into(),
        });
    }
    let base_rate = positives as f64 / n as f64;
    let mut out = Vec::new();
    for column in &table.columns {
        if column.name == label || exclude.contains(&column.name) {
            continue;
        }
        // Per code: support and positives.
        let mut support = vec![0u64; column.dict.len()];
        let mut pos = vec![0u64; column.dict.len()];
        let (mut miss_n, mut miss_pos) = (0u64, 0u64);
        for (&code, &y) in column.codes.iter().zip(&labels) {
            if code == MISSING {
                miss_n += 1;
                miss_pos += u64::from(y);
            } else if let (Some(s), Some(p)) =
                (support.get_mut(code as usize), pos.get_mut(code as usize))
            {
                *s += 1;
                *p += u64::from(y);
            }
        }
        let mut bands: Vec<(String, u64, u64)> = Vec::new();
        let numbers: Vec<Option<f64>> = column.dict.iter().map(|t| parse_number(t)).collect();
        if !column.dict.is_empty() && numbers.iter().all(Option::is_some) {
            let mut values: Vec<(f64, u64, u64)> = numbers
                .iter()
                .zip(support.iter().zip(&pos))
                .filter_map(|(v, (&s, &p))| v.map(|v| (v, s, p)))
                .collect();
            values.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut merged: Vec<(f64, u64, u64)> = Vec::new();
            for v in values {
                match merged.last_mut() {
                    Some(last) if last.0 == v.0 => {
                        last.1 += v.1;
                        last.2 += v.2;
                    }
                    _ => merged.push(v),
                }
            }
            let cuts: Vec<f64> = if merged.len() <= 10 {
                for &(v, s, p) in &merged {
                    bands.push((format!("{} = {}", column.name, format_number(v)), s, p));
                }
                merged.iter().skip(1).map(|m| m.0).collect()
            } else {
                // Quintile cut points: the first observed value at or above each 20% of the
                // rows, so every band reads as an observed value ("score ≥ 87"), never an
                // interpolated one ("score ≥ 87.20000000000002").
                let total: u64 = merged.iter().map(|m| m.1).sum();
                let mut c: Vec<f64> = [1u64, 2, 3, 4]
                    .iter()
                    .filter_map(|&k| {
                        let rank = total * k / 5;
                        let mut seen = 0u64;
                        merged.iter().find_map(|&(v, s, _)| {
                            seen += s;
                            (seen > rank).then_some(v)
                        })
                    })
                    .collect();
                c.dedup();
                c
            };
            for cut in cuts {
                let (mut s_ge, mut p_ge) = (0, 0);
                for &(v, s, p) in &merged {
                    if v >= cut {
                        s_ge += s;
                        p_ge += p;
                    }
                }
                let present: u64 = merged.iter().map(|m| m.1).sum();
                let present_pos: u64 = merged.iter().map(|m| m.2).sum();
                let c = format_number(cut);
                bands.push((format!("{} ≥ {c}", column.name), s_ge, p_ge));
                if merged.len() > 10 {
                    bands.push((
                        format!("{} < {c}", column.name),
                        present - s_ge,
                        present_pos - p_ge,
                    ));
                }
            }
        } else {
            let mut cats: Vec<(&String, u64, u64)> = column
                .dict
                .iter()
                .zip(support.iter().zip(&pos))
                .map(|(t, (&s, &p))| (t, s, p))
                .collect();
            cats.sort_by(|a, b| a.0.cmp(b.0));
            for (t, s, p) in cats {
                bands.push((format!("{} = {t}", column.name), s, p));
            }
        }
        if miss_n > 0 {
            bands.push((format!("{} is missing", column.name), miss_n, miss_pos));
        }
        for (band, s, p) in bands {
            if s < min_support.max(1) || s >= n {
                continue;
            }
            out.push(make_insight(
                &column.name,
                band,
                s,
                p,
                n,
                positives,
                base_rate,
            ));
        }
    }
    out.sort_by(|a, b| {
        b.lift
            .total_cmp(&a.lift)
            .then(b.support.cmp(&a.support))
            .then(a.band.cmp(&b.band))
    });
    out.truncate(limit);
    Ok((out, n, positives))
}

fn make_insight(
    feature: &str,
    band: String,
    s: u64,
    p: u64,
    n: u64,
    positives: u64,
    base_rate: f64,
) -> Insight {
    let rate = p as f64 / s as f64;
    let (ci_low, ci_high) = wilson(p as f64, s as f64);
    let outside_n = n - s;
    let outside_p = positives - p;
    let rate_outside = if outside_n > 0 {
        outside_p as f64 / outside_n as f64
    } else {
        0.0
    };
    let lift = if base_rate > 0.0 {
        rate / base_rate
    } else {
        0.0
    };
    let (lift_ci_low, lift_ci_high) = if base_rate > 0.0 {
        (ci_low / base_rate, ci_high / base_rate)
    } else {
        (0.0, 0.0)
    };
    let significant = ci_low > base_rate || ci_high < base_rate;
    let comparison = if lift >= 1.0 {
        format!("{} more often", percent(lift - 1.0))
    } else {
        format!("{} less often", percent(1.0 - lift))
    };
    let text = format!(
        "rows with {band}: positive {} of the time ({p} of {s}) vs {} overall, {comparison} (lift {:.2}, 95% CI {:.2}–{:.2})",
        percent(rate),
        percent(base_rate),
        lift,
        lift_ci_low,
        lift_ci_high
    );
    Insight {
        feature: feature.to_string(),
        band,
        support: s,
        positives: p,
        rate,
        base_rate,
        lift,
        ci_low,
        ci_high,
        lift_ci_low,
        lift_ci_high,
        rate_outside,
        lift_vs_rest: if rate_outside > 0.0 {
            Some(rate / rate_outside)
        } else {
            None
        },
        significant,
        text,
    }
}
