//! Dates and date ranges as resumes write them, and years of experience from the union of
//! intervals.
//!
//! Accepted forms (after normalisation, so full-width digits and every dash are already plain):
//! `2019.03`, `2019/03`, `2019-03`, `2019年3月`, `2019.03.15`, `03/2019`, `Mar 2019`,
//! `March 2019`, `Sept. 2019`, `2019`, `2019年`; ranges join two of them with `-`, `--`, `~`,
//! `至`, `到`, `to`, `until`, `till` or `through`, and the end may be "until now": `至今`, `迄今`,
//! `现在`, `目前`, `今`, `Present`, `Current`, `Currently`, `Now`, `Today`, `Ongoing`.

use std::sync::OnceLock;

use regex::{Captures, Regex};

use crate::error::{Error, Result};
use crate::schema::PartialDate;

/// A year with an optional month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct YearMonth {
    /// Four-digit year.
    pub year: i32,
    /// 1–12, when written.
    pub month: Option<u32>,
}

impl YearMonth {
    /// `2019` or `2019-03`.
    pub fn to_partial(self) -> PartialDate {
        match self.month {
            Some(m) => PartialDate(format!("{:04}-{:02}", self.year, m)),
            None => PartialDate(format!("{:04}", self.year)),
        }
    }

    /// Months since year 0 of the first month this date covers.
    pub fn first_month(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month.unwrap_or(1)) - 1
    }
}

/// The end of a range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    /// A date.
    Date(YearMonth),
    /// "Until now" (`至今`, `Present`).
    Present,
}

/// A date range found in a line; byte offsets relative to the searched text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateRange {
    /// Start date.
    pub start: YearMonth,
    /// End date or present.
    pub end: End,
    /// Where the start date was written.
    pub start_at: (usize, usize),
    /// Where the end was written.
    pub end_at: (usize, usize),
    /// The whole range.
    pub whole: (usize, usize),
}

struct Patterns {
    /// A range, without capture groups (the fast path).
    range: Regex,
    /// A range with named groups (the slow path, when the fast one cannot split a match).
    range_groups: Regex,
    /// One date, without capture groups.
    single: Regex,
}

const MONTHS: &str = r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";

fn date_pattern(tag: &str) -> String {
    format!(
        r"(?:(?P<y{tag}>(?:19|20)[0-9]{{2}})(?:[ ]*(?:[./\-]|年)[ ]*(?P<m{tag}>1[0-2]|0?[1-9])(?:[ ]*月)?(?:[ ]*[./\-][ ]*(?:3[01]|[12][0-9]|0?[1-9])(?:[ ]*日)?)?|[ ]*年)?|(?P<mm{tag}>1[0-2]|0?[1-9])[ ]*/[ ]*(?P<yy{tag}>(?:19|20)[0-9]{{2}})|(?P<mn{tag}>{MONTHS})\.?[ ]*,?[ ]*(?P<ym{tag}>(?:19|20)[0-9]{{2}}))"
    )
}

const PRESENT: &str =
    r"(?P<present>至今|迄今|现在|目前|今|present|current(?:ly)?|now|today|ongoing)";

fn patterns() -> Result<&'static Patterns> {
    static CELL: OnceLock<std::result::Result<Patterns, String>> = OnceLock::new();
    CELL.get_or_init(|| {
        let range_groups = format!(
            r"(?i)(?-u:\b)(?P<s>{})[ \t]*(?:-{{1,2}}|~|至|到|(?-u:\b)(?:to|until|till|through)(?-u:\b))[ \t]*(?:(?P<e>{})|{PRESENT})",
            date_pattern("s"),
            date_pattern("e")
        );
        // The same patterns without capture groups: searching needs no capture engine.
        let plain = |p: &str| {
            let mut out = String::with_capacity(p.len());
            let mut rest = p;
            while let Some(i) = rest.find("(?P<") {
                out.push_str(rest.get(..i).unwrap_or(""));
                out.push_str("(?:");
                let after = rest.get(i + 4..).unwrap_or("");
                rest = after.get(after.find('>').map_or(0, |j| j + 1)..).unwrap_or("");
            }
            out.push_str(rest);
            out
        };
        let single = format!(r"(?i)(?-u:\b){}", plain(&date_pattern("s")));
        let re = |p: &str| Regex::new(p).map_err(|e| e.to_string());
        Ok(Patterns {
            range: re(&plain(&range_groups))?,
            range_groups: re(&range_groups)?,
            single: re(&single)?,
        })
    })
    .as_ref()
    .map_err(|e| Error::Internal(format!("date patterns do not compile: {e}")))
}

fn month_number(name: &str) -> Option<u32> {
    let lower = name.get(..3)?.to_ascii_lowercase();
    let m = match lower.as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn date_from(c: &Captures<'_>, tag: &str) -> Option<YearMonth> {
    let get = |k: &str| c.name(&format!("{k}{tag}")).map(|m| m.as_str());
    let num = |s: &str| s.parse::<u32>().ok();
    if let Some(y) = get("y") {
        let year = y.parse().ok()?;
        let month = get("m").and_then(num);
        return Some(YearMonth { year, month });
    }
    if let (Some(m), Some(y)) = (get("mm"), get("yy")) {
        return Some(YearMonth {
            year: y.parse().ok()?,
            month: num(m),
        });
    }
    if let (Some(m), Some(y)) = (get("mn"), get("ym")) {
        return Some(YearMonth {
            year: y.parse().ok()?,
            month: month_number(m),
        });
    }
    None
}

/// A date as written (one token the single-date pattern matched).
fn parse_token(token: &str) -> Option<YearMonth> {
    let t = token.trim();
    let mut groups = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|g| !g.is_empty());
    if t.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let month = month_number(t)?;
        let year = groups.find(|g| g.len() == 4)?.parse().ok()?;
        return Some(YearMonth {
            year,
            month: Some(month),
        });
    }
    let first = groups.next()?;
    let second = groups.next();
    let month_of = |m: &str| m.parse::<u32>().ok().filter(|m| (1..=12).contains(m));
    if first.len() == 4 {
        let month = match second {
            Some(m) => Some(month_of(m)?),
            None => None,
        };
        return Some(YearMonth {
            year: first.parse().ok()?,
            month,
        });
    }
    let year = second.filter(|y| y.len() == 4)?;
    Some(YearMonth {
        year: year.parse().ok()?,
        month: Some(month_of(first)?),
    })
}

/// A date token as written, in full: `2019`, `2019年`, `2019.03`, `2019-3`, `2019年3月`,
/// `2019.03.15`, `2019年3月15日`, `03/2019`, `Mar 2019`, `March, 2019`, `Sept. 2019`.
fn parse_strict(t: &str) -> Option<YearMonth> {
    let t = t.trim();
    if t.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let letters: &str = t.get(..t.bytes().take_while(u8::is_ascii_alphabetic).count())?;
        let month = month_number(letters)?;
        if !is_month_name(letters) {
            return None;
        }
        let rest = t.get(letters.len()..)?.trim_start_matches(['.', ',', ' ']);
        if rest.len() != 4 || !rest.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        return Some(YearMonth {
            year: rest.parse().ok()?,
            month: Some(month),
        });
    }
    // Digit groups and what separates them.
    let mut groups: Vec<&str> = Vec::with_capacity(3);
    let mut seps: Vec<&str> = Vec::with_capacity(3);
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        groups.push(rest.get(..digits)?);
        rest = rest.get(digits..)?;
        let sep_len = rest
            .char_indices()
            .find(|&(_, c)| c.is_ascii_digit())
            .map_or(rest.len(), |(i, _)| i);
        seps.push(rest.get(..sep_len)?.trim());
        rest = rest.get(sep_len..)?;
    }
    let year_ok = |g: &str| g.len() == 4 && (g.starts_with("19") || g.starts_with("20"));
    let month_of = |m: &str| {
        (m.len() <= 2)
            .then(|| m.parse::<u32>().ok())
            .flatten()
            .filter(|m| (1..=12).contains(m))
    };
    let sep_ok = |s: &str| matches!(s, "." | "/" | "-" | "年");
    match (groups.as_slice(), seps.as_slice()) {
        ([y], [end]) if year_ok(y) && matches!(*end, "" | "年") => Some(YearMonth {
            year: y.parse().ok()?,
            month: None,
        }),
        ([y, m], [s1, end]) if year_ok(y) && sep_ok(s1) && matches!(*end, "" | "月") => {
            Some(YearMonth {
                year: y.parse().ok()?,
                month: Some(month_of(m)?),
            })
        }
        ([y, m, d], [s1, s2, end])
            if year_ok(y)
                && sep_ok(s1)
                && (matches!(*s2, "." | "/" | "-" | "月"))
                && matches!(*end, "" | "日")
                && d.len() <= 2 =>
        {
            Some(YearMonth {
                year: y.parse().ok()?,
                month: Some(month_of(m)?),
            })
        }
        ([m, y], ["/", ""]) if year_ok(y) => Some(YearMonth {
            year: y.parse().ok()?,
            month: Some(month_of(m)?),
        }),
        _ => None,
    }
}

fn is_month_name(w: &str) -> bool {
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = w.to_ascii_lowercase();
    lower.len() >= 3 && (NAMES.iter().any(|n| n.starts_with(lower.as_str())) || lower == "sept")
}

const PRESENT_WORDS: [&str; 11] = [
    "至今",
    "迄今",
    "现在",
    "目前",
    "今",
    "present",
    "current",
    "currently",
    "now",
    "today",
    "ongoing",
];

/// Splits a range match into start and end by hand: at the first separator where the left side
/// is a whole date and the right side a whole date or "present". `None` when no split works.
fn split_range(w: &str) -> Option<(YearMonth, Range, End, Range)> {
    let lower = w.to_ascii_lowercase();
    let mut candidates: Vec<(usize, usize)> = Vec::new();
    for (i, c) in w.char_indices() {
        match c {
            '-' => {
                let len = if w.get(i + 1..).is_some_and(|r| r.starts_with('-')) {
                    2
                } else {
                    1
                };
                candidates.push((i, len));
            }
            '~' | '至' | '到' => candidates.push((i, c.len_utf8())),
            _ => {}
        }
    }
    for word in [" to ", " until ", " till ", " through "] {
        let mut from = 0;
        while let Some(off) = lower.get(from..).and_then(|r| r.find(word)) {
            candidates.push((from + off + 1, word.len() - 2));
            from += off + word.len();
        }
    }
    candidates.sort_unstable();
    for (at, len) in candidates {
        let left = w.get(..at)?;
        let right_start = at + len;
        let right = w.get(right_start..)?;
        let Some(start) = parse_strict(left) else {
            continue;
        };
        let ls = left.len() - left.trim_start().len();
        let le = left.trim_end().len();
        let rs = right_start + (right.len() - right.trim_start().len());
        let re = right_start + right.trim_end().len();
        let r = right.trim();
        if PRESENT_WORDS.iter().any(|p| r.eq_ignore_ascii_case(p)) {
            return Some((start, (ls, le), End::Present, (rs, re)));
        }
        if let Some(end) = parse_strict(r) {
            return Some((start, (ls, le), End::Date(end), (rs, re)));
        }
    }
    None
}

type Range = (usize, usize);

fn split_range_slow(p: &Patterns, w: &str) -> Option<(YearMonth, Range, End, Range)> {
    let c = p.range_groups.captures(w)?;
    let s = c.name("s")?;
    let start = date_from(&c, "s")?;
    if let Some(e) = c.name("e") {
        return Some((
            start,
            (s.start(), s.end()),
            End::Date(date_from(&c, "e")?),
            (e.start(), e.end()),
        ));
    }
    let pr = c.name("present")?;
    if !super::text::ascii_isolated(w, pr.start(), pr.end()) {
        return None;
    }
    Some((
        start,
        (s.start(), s.end()),
        End::Present,
        (pr.start(), pr.end()),
    ))
}

/// The first date range in `text` whose dates are not glued to other digits.
pub(crate) fn find_range(text: &str) -> Result<Option<DateRange>> {
    if !super::text::has_year(text) {
        return Ok(None);
    }
    let p = patterns()?;
    for whole in p.range.find_iter(text) {
        if !super::text::digit_isolated(text, whole.start(), whole.end()) {
            continue;
        }
        let w = whole.as_str();
        let Some((start, sa, end, ea)) = split_range(w).or_else(|| split_range_slow(p, w)) else {
            continue;
        };
        let base = whole.start();
        // `now`, `today` … glued to letters (`nowhere`) are not "present".
        if end == End::Present && !super::text::ascii_isolated(text, base + ea.0, base + ea.1) {
            continue;
        }
        return Ok(Some(DateRange {
            start,
            end,
            start_at: (base + sa.0, base + sa.1),
            end_at: (base + ea.0, base + ea.1),
            whole: (whole.start(), whole.end()),
        }));
    }
    Ok(None)
}

/// Every single date in `text` (not glued to other digits), with byte offsets.
pub(crate) fn find_dates(text: &str) -> Result<Vec<(YearMonth, (usize, usize))>> {
    let mut out = Vec::new();
    if !super::text::has_year(text) {
        return Ok(out);
    }
    let p = patterns()?;
    for m in p.single.find_iter(text) {
        if !super::text::digit_isolated(text, m.start(), m.end()) {
            continue;
        }
        if let Some(d) = parse_strict(m.as_str()).or_else(|| parse_token(m.as_str())) {
            out.push((d, (m.start(), m.end())));
        }
    }
    Ok(out)
}

/// A reference date `YYYY-MM-DD` as (year, month, day), checked.
pub(crate) fn parse_reference_date(s: &str, field: &str) -> Result<(i32, u32, u32)> {
    let bad = || Error::InvalidArgument {
        name: field.to_string(),
        expected: format!("a calendar date YYYY-MM-DD (e.g. 2026-11-01); got {s:?}"),
    };
    let b = s.as_bytes();
    if b.len() != 10 || b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return Err(bad());
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        if !part.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        part.parse().ok()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return Err(bad());
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if d == 0 || d > days || y == 0 {
        return Err(bad());
    }
    Ok((y as i32, m, d))
}

/// A month interval `[start, end)` in months since year 0, for the union of intervals.
///
/// Conventions (documented in docs/resume-parsing.md): a month-precision start covers its month;
/// a month-precision end covers its month (Mar 2019 – Jun 2021 is 28 months); a year-only start
/// is January; a year-only end is January of that year, exclusive (2019 – 2021 is 24 months),
/// except in a single-year range (2019 – 2019), which counts 12 months; "present" is the
/// reference month, inclusive. Ends after the reference month are cut there; intervals that start
/// after it are dropped. `None` when present has no reference date, or the interval is empty.
pub(crate) fn interval(
    start: YearMonth,
    end: End,
    reference: Option<(i32, u32, u32)>,
) -> Option<(i64, i64)> {
    let s = start.first_month();
    let reference_end = reference.map(|(y, m, _)| i64::from(y) * 12 + i64::from(m));
    let mut e = match end {
        End::Present => reference_end?,
        End::Date(d) => match d.month {
            Some(_) => d.first_month() + 1,
            None => {
                let jan = d.first_month();
                if jan <= s {
                    i64::from(d.year) * 12 + 12
                } else {
                    jan
                }
            }
        },
    };
    if let Some(r) = reference_end {
        e = e.min(r);
    }
    (e > s).then_some((s, e))
}

/// Months covered by the union of the intervals (overlaps counted once).
pub(crate) fn union_months(intervals: &mut [(i64, i64)]) -> i64 {
    intervals.sort_unstable();
    let mut total = 0i64;
    let mut current: Option<(i64, i64)> = None;
    for &(s, e) in intervals.iter() {
        current = match current {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                total += ce - cs;
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = current {
        total += ce - cs;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(text: &str) -> (String, String) {
        let text = crate::resume::text::normalise(text);
        let r = find_range(&text).unwrap().expect(&text);
        let end = match r.end {
            End::Date(d) => d.to_partial().0,
            End::Present => "present".into(),
        };
        (r.start.to_partial().0, end)
    }

    #[test]
    fn every_range_format() {
        let p = |s: &str, e: &str| (s.to_string(), e.to_string());
        assert_eq!(range("2019.03-至今"), p("2019-03", "present"));
        assert_eq!(range("2019/03 - 2021/06"), p("2019-03", "2021-06"));
        assert_eq!(range("2019年3月-2021年6月"), p("2019-03", "2021-06"));
        assert_eq!(range("2019-03 ~ 2021-06"), p("2019-03", "2021-06"));
        assert_eq!(range("Mar 2019 - Present"), p("2019-03", "present"));
        assert_eq!(range("March 2019 to June 2021"), p("2019-03", "2021-06"));
        assert_eq!(range("03/2019-06/2021"), p("2019-03", "2021-06"));
        assert_eq!(range("2019 - 2021"), p("2019", "2021"));
        assert_eq!(range("2019.9-2023.6 北京大学"), p("2019-09", "2023-06"));
        assert_eq!(range("Sept. 2019 – Current"), p("2019-09", "present"));
        assert_eq!(range("2018.07.01-2019.12.31"), p("2018-07", "2019-12"));
        assert_eq!(range("2016年9月至2020年6月"), p("2016-09", "2020-06"));
        assert_eq!(range("2016年-2020年"), p("2016", "2020"));
        assert!(find_range("tel 13800138000").unwrap().is_none());
        assert!(find_range("2019 - nowhere").unwrap().is_none());
    }

    #[test]
    fn union_counts_overlaps_once() {
        let ym = |y, m| YearMonth {
            year: y,
            month: Some(m),
        };
        let a = interval(ym(2019, 3), End::Date(ym(2021, 6)), None).unwrap();
        assert_eq!(a.1 - a.0, 28);
        let b = interval(ym(2020, 1), End::Date(ym(2022, 12)), None).unwrap();
        assert_eq!(union_months(&mut [a, b]), 46);
        assert!(interval(ym(2020, 1), End::Present, None).is_none());
        let r = interval(ym(2020, 1), End::Present, Some((2020, 12, 31))).unwrap();
        assert_eq!(r.1 - r.0, 12);
        let y = |y| YearMonth {
            year: y,
            month: None,
        };
        let c = interval(y(2019), End::Date(y(2021)), None).unwrap();
        assert_eq!(c.1 - c.0, 24);
        let d = interval(y(2019), End::Date(y(2019)), None).unwrap();
        assert_eq!(d.1 - d.0, 12);
    }
}
