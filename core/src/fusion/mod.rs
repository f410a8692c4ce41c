//! Score fusion (issue #6, items 4 and 6): the interview engine's content score per competency,
//! combined with the behaviour signals the policy permits (voice features, visual summaries),
//! reliability-weighted, with a confidence interval and every contribution reported; the result
//! filled into the archive [`Scorecard`] (fused scores, evidence kept, the permitted behaviour
//! summary, divergence flags against interviewer ratings, annotations kept). Weights can be
//! learnt from historical ratings ([`learn`]).
//!
//! Owns: the signal → competency mapping, the weighting, the interval, the scorecard filling and
//! the JSON entry points [`fuse_value`] and [`fusion_learn_value`]. Must not touch: the policy
//! rules (the gate in [`crate::policy`] decides, first, what may be used; fusion takes its
//! decision as is), signal extraction ([`crate::voice`], [`crate::visual`]), content scoring
//! ([`crate::interview`]) or the divergence formula ([`crate::calibration::divergence`]).
//!
//! **Method.** For competency `c` and each available modality `m` (content, voice, visual) with
//! value `x_m` on the scorecard's scale, weight `w_m` and reliability `r_m` (0–1): effective
//! weight `e_m = w_m · r_m`, normalised `ŵ_m = e_m / Σ e` over the *available* modalities, points
//! `p_m = ŵ_m · x_m`, fused score `f = Σ p_m`. Content is required: signals adjust a content score,
//! they never score a competency alone. A signal modality's value for `c` comes from its mapped
//! features: each feature is put on 0–1 through a piecewise-linear curve, averaged with the
//! term weights, and stretched onto the scale. Interval: `σ² = Σ ŵ_m² σ_m² + Σ ŵ_m (x_m − f)²`
//! (propagated uncertainty plus disagreement between modalities), with
//! `σ_content = range · (0.05 + 0.20 · (1 − confidence))` from the content score's own confidence
//! and `σ_m = range · (0.05 + 0.20 · (1 − r_m))` for signals; `f ± z·σ` clamped to the scale.
//!
//! ```
//! use serde_json::json;
//!
//! let card = json!({"schema_version": 1, "kind": "scorecard", "id": "sc-1",
//!     "competencies": [{"competency": "communication", "ai_score": 4.0, "confidence": 0.8}]});
//! // The default policy is content-only: voice features are dropped, the content score stays.
//! let out = interviewkit_core::fusion::fuse_value(&json!({
//!     "policy": "default", "scorecard": card,
//!     "signals": {"voice": {"pauses.ratio": 0.1}},
//! })).unwrap();
//! assert_eq!(out["scorecard"]["competencies"][0]["fused_score"], 4.0);
//! assert_eq!(out["dropped"][0]["rule"], "default.content_only");
//! ```
//!
//! See `docs/fusion.md`.

pub mod learn;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, OnceLock};

use serde_json::{json, Map, Value};
use statrs::distribution::{ContinuousCDF, Normal};

use crate::error::{Error, Result};
use crate::policy::util::{array, invalid, no_unknown, object, string, timestamp};
use crate::policy::{
    check, BiasAudit, Category, CheckRequest, Medium, NoticeRecord, OnMissing, Profile, SignalRef,
    BUILTIN_IDS,
};
use crate::schema::types::{ConsentRecord, Provenance, Scorecard, Timestamp};

pub use learn::fusion_learn_value;

/// Most mapped features per competency and modality.
pub const MAX_TERMS: usize = 32;
/// Most competencies a mapping may name.
pub const MAX_MAPPED_COMPETENCIES: usize = 256;
/// Most points in one mapping curve.
pub const MAX_CURVE_POINTS: usize = 16;
/// Most features per signal modality.
pub const MAX_FEATURES: usize = 256;
/// Time used for the policy check when the request gives no `at` and carries no consents,
/// notices or bias audit (then the time cannot change the decision).
pub const NO_TIME: &str = "1970-01-01T00:00:00Z";
/// The note carried by the behaviour summary in the scorecard.
pub const SUMMARY_NOTE: &str = "Behaviour summaries the policy permitted (voice and visual \
measurements). They describe how something was said or shown, not what the candidate felt: no \
emotion or affect is inferred.";

fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/// A source of a competency score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Modality {
    /// The interview engine's content score.
    Content,
    /// Voice features.
    Voice,
    /// Visual summaries.
    Visual,
}

impl Modality {
    /// The three, in output order.
    pub const ALL: [Modality; 3] = [Modality::Content, Modality::Voice, Modality::Visual];

    /// The JSON name.
    pub fn name(self) -> &'static str {
        match self {
            Modality::Content => "content",
            Modality::Voice => "voice",
            Modality::Visual => "visual",
        }
    }

    fn parse(s: &str, path: &str) -> Result<Modality> {
        Modality::ALL
            .iter()
            .copied()
            .find(|m| m.name() == s)
            .ok_or_else(|| invalid(path, format!("one of content, voice, visual; got {s:?}")))
    }

    fn category(self) -> Category {
        match self {
            Modality::Content => Category::Content,
            Modality::Voice => Category::Voice,
            Modality::Visual => Category::Visual,
        }
    }

    fn index(self) -> usize {
        match self {
            Modality::Content => 0,
            Modality::Voice => 1,
            Modality::Visual => 2,
        }
    }
}

/// One mapped feature: a raw measure put on 0–1 through a piecewise-linear curve.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// Feature name (`pauses.ratio`, `gaze.at_camera_ratio`).
    pub feature: String,
    /// `(x, u)` points, x strictly increasing, u in 0–1; flat outside the first and last x.
    pub points: Vec<(f64, f64)>,
    /// Weight within the modality (> 0).
    pub weight: f64,
}

impl Term {
    /// `u` for a raw value.
    pub fn map(&self, x: f64) -> f64 {
        let (Some(first), Some(last)) = (self.points.first(), self.points.last()) else {
            return 0.5;
        };
        if x <= first.0 {
            return first.1;
        }
        if x >= last.0 {
            return last.1;
        }
        for w in self.points.windows(2) {
            if let [a, b] = w {
                if x <= b.0 {
                    return a.1 + (b.1 - a.1) * (x - a.0) / (b.0 - a.0);
                }
            }
        }
        last.1
    }
}

/// Which features feed which competency, per signal modality.
pub type Mapping = BTreeMap<String, BTreeMap<Modality, Vec<Term>>>;

/// Fusion settings; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct FusionConfig {
    /// Weight per modality, ≥ 0 (default content 1.0, voice 0.15, visual 0.15).
    pub weights: [f64; 3],
    /// Reliability per modality, 0–1 (default content 1.0, voice 0.5, visual 0.5).
    pub reliability: [f64; 3],
    /// Signal features per competency ([`default_mapping`]).
    pub mapping: Mapping,
    /// Interval level, 0.5–0.999 (default 0.95).
    pub ci_level: f64,
    /// Divergence threshold as a fraction of the scale (default 0.2).
    pub divergence_threshold: f64,
}

impl Default for FusionConfig {
    fn default() -> Self {
        FusionConfig {
            weights: [1.0, 0.15, 0.15],
            reliability: [1.0, 0.5, 0.5],
            mapping: default_mapping(),
            ci_level: 0.95,
            divergence_threshold: crate::calibration::DEFAULT_THRESHOLD,
        }
    }
}

fn term(feature: &str, points: &[(f64, f64)]) -> Term {
    Term {
        feature: feature.to_string(),
        points: points.to_vec(),
        weight: 1.0,
    }
}

/// The default mapping: only `communication` takes signals.
///
/// Voice: `pauses.ratio` (0.10 or less → 1, 0.40 or more → 0), `fillers.per_100_words`
/// (1 or less → 1, 8 or more → 0), `speech_rate.syllables_per_second` (a band: 2 → 0, 3–5 → 1,
/// 6.5 → 0). Visual: `gaze.at_camera_ratio` (0.2 → 0, 0.7 or more → 1),
/// `gestures.per_minute` (0 → 0.5, 2–12 → 1, 30 → 0.5). Smiles are not mapped.
pub fn default_mapping() -> Mapping {
    let voice = vec![
        term("pauses.ratio", &[(0.10, 1.0), (0.40, 0.0)]),
        term("fillers.per_100_words", &[(1.0, 1.0), (8.0, 0.0)]),
        term(
            "speech_rate.syllables_per_second",
            &[(2.0, 0.0), (3.0, 1.0), (5.0, 1.0), (6.5, 0.0)],
        ),
    ];
    let visual = vec![
        term("gaze.at_camera_ratio", &[(0.2, 0.0), (0.7, 1.0)]),
        term(
            "gestures.per_minute",
            &[(0.0, 0.5), (2.0, 1.0), (12.0, 1.0), (30.0, 0.5)],
        ),
    ];
    let mut m = BTreeMap::new();
    m.insert(Modality::Voice, voice);
    m.insert(Modality::Visual, visual);
    let mut out = BTreeMap::new();
    out.insert("communication".to_string(), m);
    out
}

fn mapping_value(mapping: &Mapping) -> Value {
    let mut out = Map::new();
    for (c, mods) in mapping {
        let mut mo = Map::new();
        for (m, terms) in mods {
            let ts: Vec<Value> = terms
                .iter()
                .map(|t| {
                    json!({
                        "feature": t.feature,
                        "points": t.points.iter().map(|(x, u)| json!([x, u])).collect::<Vec<_>>(),
                        "weight": t.weight,
                    })
                })
                .collect();
            mo.insert(m.name().into(), Value::Array(ts));
        }
        out.insert(c.clone(), Value::Object(mo));
    }
    Value::Object(out)
}

fn finite(v: &Value, path: &str, what: &str) -> Result<f64> {
    v.as_f64()
        .filter(|x| x.is_finite())
        .ok_or_else(|| invalid(path, what.to_string()))
}

fn parse_mapping(v: &Value, path: &str) -> Result<Mapping> {
    let o = object(v, path)?;
    if o.len() > MAX_MAPPED_COMPETENCIES {
        return Err(Error::LimitExceeded {
            what: format!("{path} (number of competencies)"),
            limit: MAX_MAPPED_COMPETENCIES as u64,
            actual: o.len() as u64,
        });
    }
    let mut out = BTreeMap::new();
    for (c, mods) in o {
        let cp = format!("{path}.{c}");
        if c.is_empty() {
            return Err(invalid(&cp, "a competency id"));
        }
        let mo = object(mods, &cp)?;
        no_unknown(mo, &["voice", "visual"], &cp)?;
        let mut per = BTreeMap::new();
        for (m, terms) in mo {
            let mp = format!("{cp}.{m}");
            let modality = Modality::parse(m, &mp)?;
            let items = array(terms, &mp)?;
            if items.len() > MAX_TERMS {
                return Err(Error::LimitExceeded {
                    what: format!("{mp} (number of features)"),
                    limit: MAX_TERMS as u64,
                    actual: items.len() as u64,
                });
            }
            let mut ts = Vec::new();
            for (i, t) in items.iter().enumerate() {
                let tp = format!("{mp}[{i}]");
                let to = object(t, &tp)?;
                no_unknown(to, &["feature", "points", "weight"], &tp)?;
                let fp = format!("{tp}.feature");
                let feature = string(
                    to.get("feature")
                        .ok_or_else(|| invalid(&fp, "a feature name"))?,
                    &fp,
                )?;
                if feature.is_empty() || feature.len() > 128 {
                    return Err(invalid(&fp, "a feature name of 1–128 bytes"));
                }
                let pp = format!("{tp}.points");
                let pts = array(
                    to.get("points")
                        .ok_or_else(|| invalid(&pp, "[[x, u], ...] points"))?,
                    &pp,
                )?;
                if pts.is_empty() || pts.len() > MAX_CURVE_POINTS {
                    return Err(invalid(&pp, format!("1–{MAX_CURVE_POINTS} points [x, u]")));
                }
                let mut points = Vec::new();
                for (j, p) in pts.iter().enumerate() {
                    let pj = format!("{pp}[{j}]");
                    let pair = array(p, &pj)?;
                    let [x, u] = pair.as_slice() else {
                        return Err(invalid(&pj, "a pair [x, u]"));
                    };
                    let x = finite(x, &format!("{pj}[0]"), "a finite number")?;
                    let u = finite(u, &format!("{pj}[1]"), "a number from 0 to 1")?;
                    if !(0.0..=1.0).contains(&u) {
                        return Err(invalid(&format!("{pj}[1]"), "a number from 0 to 1"));
                    }
                    if let Some((px, _)) = points.last() {
                        if x <= *px || !(x - *px).is_finite() {
                            return Err(invalid(
                                &format!("{pj}[0]"),
                                "x strictly increasing along the curve, by finite steps",
                            ));
                        }
                    }
                    points.push((x, u));
                }
                let weight = match to.get("weight") {
                    None | Some(Value::Null) => 1.0,
                    Some(w) => {
                        let w = finite(w, &format!("{tp}.weight"), "a number above 0")?;
                        if w <= 0.0 {
                            return Err(invalid(&format!("{tp}.weight"), "a number above 0"));
                        }
                        w
                    }
                };
                ts.push(Term {
                    feature: feature.to_string(),
                    points,
                    weight,
                });
            }
            per.insert(modality, ts);
        }
        out.insert(c.clone(), per);
    }
    Ok(out)
}

fn parse_per_modality(v: &Value, path: &str, base: [f64; 3], max: Option<f64>) -> Result<[f64; 3]> {
    let o = object(v, path)?;
    no_unknown(o, &["content", "voice", "visual"], path)?;
    let mut out = base;
    for (k, x) in o {
        let p = format!("{path}.{k}");
        let m = Modality::parse(k, &p)?;
        let expected = match max {
            Some(m) => format!("a number from 0 to {m}"),
            None => "a number ≥ 0".to_string(),
        };
        let f = finite(x, &p, &expected)?;
        if f < 0.0 || max.is_some_and(|m| f > m) {
            return Err(invalid(&p, expected));
        }
        if let Some(slot) = out.get_mut(m.index()) {
            *slot = f;
        }
    }
    Ok(out)
}

impl FusionConfig {
    /// Checks ranges (errors name the request field).
    pub fn validate(&self) -> Result<()> {
        for m in Modality::ALL {
            let w = self.weights.get(m.index()).copied().unwrap_or(0.0);
            if !(w.is_finite() && w >= 0.0) {
                return Err(invalid(&format!("weights.{}", m.name()), "a number ≥ 0"));
            }
            let r = self.reliability.get(m.index()).copied().unwrap_or(0.0);
            if !(r.is_finite() && (0.0..=1.0).contains(&r)) {
                return Err(invalid(
                    &format!("reliability.{}", m.name()),
                    "a number from 0 to 1",
                ));
            }
        }
        if self.weights[0] * self.reliability[0] <= 0.0 {
            return Err(invalid(
                "weights.content",
                "a content weight and reliability above 0 (content is required; signals only adjust it)",
            ));
        }
        if !(self.ci_level.is_finite() && (0.5..=0.999).contains(&self.ci_level)) {
            return Err(invalid("ci_level", "a level from 0.5 to 0.999"));
        }
        if !(self.divergence_threshold.is_finite()
            && (0.0..=1.0).contains(&self.divergence_threshold))
        {
            return Err(invalid("threshold", "a fraction of the scale from 0 to 1"));
        }
        Ok(())
    }

    /// The configuration as JSON (hashed into the scorecard's provenance).
    pub fn to_value(&self) -> Value {
        let per = |a: &[f64; 3]| json!({"content": a[0], "voice": a[1], "visual": a[2]});
        json!({
            "weights": per(&self.weights),
            "reliability": per(&self.reliability),
            "mapping": mapping_value(&self.mapping),
            "ci_level": self.ci_level,
            "threshold": self.divergence_threshold,
        })
    }
}

// ---------------------------------------------------------------------------------------------
// Profiles, built once
// ---------------------------------------------------------------------------------------------

fn builtin_profiles() -> &'static std::result::Result<BTreeMap<&'static str, Arc<Profile>>, String>
{
    static CACHE: OnceLock<std::result::Result<BTreeMap<&'static str, Arc<Profile>>, String>> =
        OnceLock::new();
    CACHE.get_or_init(|| {
        let mut m = BTreeMap::new();
        for id in BUILTIN_IDS {
            let p = Profile::builtin(id, "policy").map_err(|e| e.to_string())?;
            m.insert(id, Arc::new(p));
        }
        Ok(m)
    })
}

/// A built-in profile (parsed once per process) or a custom one (parsed now).
pub fn resolve_profile(v: &Value, path: &str) -> Result<Arc<Profile>> {
    if let Value::String(id) = v {
        let cache = builtin_profiles()
            .as_ref()
            .map_err(|e| Error::Internal(format!("built-in policy profiles: {e}")))?;
        if let Some(p) = cache.get(id.as_str()) {
            return Ok(Arc::clone(p));
        }
    }
    Profile::resolve(v, path).map(Arc::new)
}

// ---------------------------------------------------------------------------------------------
// Input and output
// ---------------------------------------------------------------------------------------------

/// A signal sent as is (`signals.list`); `affect` signals go through the gate but are never
/// fused or reported.
#[derive(Debug, Clone, PartialEq)]
pub struct ListedSignal {
    /// Category.
    pub category: Category,
    /// Name.
    pub name: String,
    /// Value.
    pub value: f64,
}

/// What to fuse.
#[derive(Debug, Clone, PartialEq)]
pub struct FusionInput {
    /// The content scorecard from the interview engine (interviewer ratings and annotations
    /// may already be on it).
    pub scorecard: Scorecard,
    /// Voice features by name (`pauses.ratio`), see [`voice_measures`].
    pub voice: Vec<(String, f64)>,
    /// Visual measures by name (`gaze.at_camera_ratio`), see [`crate::visual::VisualSummary::measures`].
    pub visual: Vec<(String, f64)>,
    /// Further signals, as the host names them.
    pub listed: Vec<ListedSignal>,
    /// The candidate's consent records.
    pub consents: Vec<ConsentRecord>,
    /// Notices given.
    pub notices: Vec<NoticeRecord>,
    /// The tool's bias audit.
    pub bias_audit: Option<BiasAudit>,
    /// When the signals are used (consents are judged then); see [`NO_TIME`].
    pub at: Option<Timestamp>,
    /// The interview medium, if the host knows it.
    pub medium: Option<Medium>,
    /// Refuse (default) or drop signals whose consent is missing.
    pub on_missing: OnMissing,
}

/// One modality's share of a fused score.
#[derive(Debug, Clone, PartialEq)]
pub struct Contribution {
    /// Modality.
    pub modality: Modality,
    /// Configured weight.
    pub weight: f64,
    /// Configured reliability.
    pub reliability: f64,
    /// `weight × reliability`.
    pub effective_weight: f64,
    /// Effective weight over the available modalities' sum.
    pub normalised_weight: f64,
    /// The modality's value on the scale.
    pub value: f64,
    /// `normalised_weight × value`.
    pub points: f64,
    /// For signals: `(feature, raw value, u on 0–1, term weight)`.
    pub features: Vec<(String, f64, f64, f64)>,
}

/// A modality left out of one competency, and why (`no_content_score`, `not_provided`,
/// `dropped_by_policy`, `not_mapped`, `zero_weight`).
#[derive(Debug, Clone, PartialEq)]
pub struct Missing {
    /// Modality.
    pub modality: Modality,
    /// Why.
    pub reason: &'static str,
}

/// The fusion of one competency.
#[derive(Debug, Clone, PartialEq)]
pub struct CompetencyFusion {
    /// Competency id.
    pub competency: String,
    /// The fused score (`None` without a content score).
    pub fused: Option<f64>,
    /// Contributions, in modality order.
    pub contributions: Vec<Contribution>,
    /// Modalities not used.
    pub missing: Vec<Missing>,
    /// Interval `(low, high, sd)`.
    pub interval: Option<(f64, f64, f64)>,
    /// The content score's own confidence used for its σ (the scorecard's `confidence` before
    /// fusion overwrote it; kept so that fusing a fused card again gives the same result).
    pub content_confidence: Option<f64>,
}

/// A modality available for one competency: modality, value on the scale, σ, feature detail.
type Available = (Modality, f64, f64, Vec<(String, f64, f64, f64)>);

// ---------------------------------------------------------------------------------------------
// The fuser
// ---------------------------------------------------------------------------------------------

/// A policy and a configuration, checked once, for fusing many scorecards (`Send + Sync`).
#[derive(Debug, Clone)]
pub struct Fuser {
    profile: Arc<Profile>,
    config: FusionConfig,
    z: f64,
    config_hash: String,
}

/// The outcome of [`Fuser::fuse`].
#[derive(Debug, Clone, PartialEq)]
pub struct FusionOutput {
    /// The filled scorecard.
    pub scorecard: Scorecard,
    /// Per competency, in scorecard order.
    pub competencies: Vec<CompetencyFusion>,
    /// The gate's drops, as JSON (`index` into the gate's signal list, `signal`, `category`,
    /// `reason`, `rule`, `message`).
    pub dropped: Vec<Value>,
    /// Signals that passed the gate but were not used (affect signals, unmapped features).
    pub unused: Vec<Value>,
    /// The gate's requirement statuses.
    pub requirements: Vec<Value>,
    /// Divergence against interviewer ratings, per competency that has them (`competency`,
    /// `ai_score` (the fused score, else the content score), `interviewer_mean`, `delta`,
    /// `flagged`).
    pub divergence: Vec<Value>,
}

/// The configuration's content hash; the default configuration's is computed once per process.
fn config_hash(config: &FusionConfig) -> String {
    static DEFAULT: OnceLock<(FusionConfig, String)> = OnceLock::new();
    let (default, hash) = DEFAULT.get_or_init(|| {
        let d = FusionConfig::default();
        let h = crate::trail::content_hash(&d.to_value());
        (d, h)
    });
    if config == default {
        hash.clone()
    } else {
        crate::trail::content_hash(&config.to_value())
    }
}

fn scale_check(card: &Scorecard) -> Result<(f64, f64)> {
    let (min, max) = (card.scale.min, card.scale.max);
    if !(min.is_finite() && max.is_finite() && max > min) {
        return Err(invalid(
            "scorecard.scale",
            "finite min and max with max above min",
        ));
    }
    let in_scale = |x: f64| x.is_finite() && x >= min && x <= max;
    let mut seen = BTreeSet::new();
    for (i, c) in card.competencies.iter().enumerate() {
        let p = format!("scorecard.competencies[{i}]");
        if c.competency.is_empty() {
            return Err(invalid(&format!("{p}.competency"), "a competency id"));
        }
        if !seen.insert(c.competency.as_str()) {
            return Err(invalid(
                &format!("{p}.competency"),
                format!("each competency once; {:?} repeats", c.competency),
            ));
        }
        if let Some(a) = c.ai_score {
            if !in_scale(a) {
                return Err(invalid(
                    &format!("{p}.ai_score"),
                    format!("a score on the scorecard's scale {min}–{max}; got {a}"),
                ));
            }
        }
        if let Some(conf) = c.confidence {
            if !(conf.is_finite() && (0.0..=1.0).contains(&conf)) {
                return Err(invalid(&format!("{p}.confidence"), "a number from 0 to 1"));
            }
        }
        for (j, s) in c.interviewer_scores.iter().enumerate() {
            if !in_scale(s.score) {
                return Err(invalid(
                    &format!("{p}.interviewer_scores[{j}].score"),
                    format!(
                        "a score on the scorecard's scale {min}–{max}; got {}",
                        s.score
                    ),
                ));
            }
        }
    }
    Ok((min, max))
}

fn check_features(list: &[(String, f64)], path: &str) -> Result<()> {
    if list.len() > MAX_FEATURES {
        return Err(Error::LimitExceeded {
            what: format!("{path} (number of features)"),
            limit: MAX_FEATURES as u64,
            actual: list.len() as u64,
        });
    }
    let mut seen = BTreeSet::new();
    for (name, v) in list {
        let p = format!("{path}.{name}");
        if name.is_empty() || name.chars().count() > 128 {
            return Err(invalid(&p, "a feature name of 1–128 characters"));
        }
        if !v.is_finite() {
            return Err(invalid(&p, "a finite number"));
        }
        if !seen.insert(name.as_str()) {
            return Err(invalid(&p, "each feature once"));
        }
    }
    Ok(())
}

impl Fuser {
    /// Checks the configuration and computes what every call shares.
    pub fn new(profile: Arc<Profile>, config: FusionConfig) -> Result<Fuser> {
        config.validate()?;
        let normal =
            Normal::new(0.0, 1.0).map_err(|e| Error::Internal(format!("standard normal: {e}")))?;
        let z = normal.inverse_cdf(0.5 + config.ci_level / 2.0);
        let config_hash = config_hash(&config);
        Ok(Fuser {
            profile,
            config,
            z,
            config_hash,
        })
    }

    /// The policy profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    /// The configuration.
    pub fn config(&self) -> &FusionConfig {
        &self.config
    }

    /// Gate first, then fuse and fill the scorecard.
    ///
    /// Errors: [`Error::PolicyViolation`] from the gate (prohibited category, missing consent
    /// with `OnMissing::Refuse`); [`Error::InvalidArgument`] for scores off the scale, duplicate
    /// competencies or features, non-finite values.
    pub fn fuse(&self, input: &FusionInput) -> Result<FusionOutput> {
        let (min, max) = scale_check(&input.scorecard)?;
        let range = max - min;
        check_features(&input.voice, "signals.voice")?;
        check_features(&input.visual, "signals.visual")?;
        for (i, s) in input.listed.iter().enumerate() {
            if !s.value.is_finite() {
                return Err(invalid(
                    &format!("signals.list[{i}].value"),
                    "a finite number",
                ));
            }
        }

        // 1. The policy gate, first. Signal order: content, voice, visual, listed.
        let has_content = input
            .scorecard
            .competencies
            .iter()
            .any(|c| c.ai_score.is_some());
        let mut refs: Vec<SignalRef> = Vec::new();
        // (modality or None for listed affect, feature name, value)
        let mut origin: Vec<(Option<Modality>, String, f64)> = Vec::new();
        if has_content {
            refs.push(SignalRef {
                category: Category::Content,
                name: "content_score".into(),
            });
            origin.push((Some(Modality::Content), "content_score".into(), 0.0));
        }
        for (m, list) in [
            (Modality::Voice, &input.voice),
            (Modality::Visual, &input.visual),
        ] {
            for (name, v) in list {
                refs.push(SignalRef {
                    category: m.category(),
                    name: name.clone(),
                });
                origin.push((Some(m), name.clone(), *v));
            }
        }
        for s in &input.listed {
            let m = match s.category {
                Category::Content => Some(Modality::Content),
                Category::Voice => Some(Modality::Voice),
                Category::Visual => Some(Modality::Visual),
                Category::Affect => None,
            };
            if let Some(mm @ (Modality::Voice | Modality::Visual)) = m {
                let list = if mm == Modality::Voice {
                    &input.voice
                } else {
                    &input.visual
                };
                if list.iter().any(|(n, _)| *n == s.name) {
                    return Err(invalid(
                        &format!("signals.list.{}", s.name),
                        format!("a feature not also given in signals.{}", mm.name()),
                    ));
                }
            }
            refs.push(SignalRef {
                category: s.category,
                name: s.name.clone(),
            });
            origin.push((m, s.name.clone(), s.value));
        }
        let needs_time =
            !input.consents.is_empty() || !input.notices.is_empty() || input.bias_audit.is_some();
        let at = match (&input.at, needs_time) {
            (Some(t), _) => t.clone(),
            (None, false) => Timestamp(NO_TIME.into()),
            (None, true) => {
                return Err(invalid(
                    "at",
                    "the time the signals are used (RFC 3339), needed to judge consents, notices and audits",
                ))
            }
        };
        let request = CheckRequest {
            signals: refs,
            consents: input.consents.clone(),
            notices: input.notices.clone(),
            bias_audit: input.bias_audit.clone(),
            at,
            medium: input.medium,
            on_missing: input.on_missing,
        };
        let decision = check(&self.profile, &request)?;
        let allowed: BTreeSet<usize> = decision.allowed.iter().copied().collect();
        let dropped_json: Vec<Value> = decision
            .dropped
            .iter()
            .map(|d| {
                json!({
                    "index": d.index,
                    "signal": d.name,
                    "category": d.category.name(),
                    "categories": d.categories.iter().map(|c| c.name()).collect::<Vec<_>>(),
                    "reason": d.reason.name(),
                    "rule": d.rule,
                    "message": {"zh": d.message.zh, "en": d.message.en},
                })
            })
            .collect();
        let requirements: Vec<Value> = decision
            .requirements
            .iter()
            .filter_map(|st| {
                let r = self.profile.requirements.get(st.requirement)?;
                Some(json!({
                    "rule": r.rule,
                    "kind": r.kind.name(),
                    "categories": st.categories.iter().map(|c| c.name()).collect::<Vec<_>>(),
                    "enforced": r.enforce,
                    "satisfied": st.satisfied,
                    "evidence": st.evidence,
                    "missing": st.missing,
                }))
            })
            .collect();

        // Allowed features per modality; which modalities had something dropped.
        let content_allowed = has_content && allowed.contains(&0);
        let mut features: [BTreeMap<&str, f64>; 3] = Default::default();
        let mut dropped_any = [false; 3];
        let mut provided_any = [false; 3];
        let mut affect_allowed: Vec<&str> = Vec::new();
        for (i, (m, name, v)) in origin.iter().enumerate() {
            match m {
                Some(Modality::Content) => {}
                Some(m) => {
                    if let Some(p) = provided_any.get_mut(m.index()) {
                        *p = true;
                    }
                    if allowed.contains(&i) {
                        if let Some(f) = features.get_mut(m.index()) {
                            f.insert(name.as_str(), *v);
                        }
                    } else if let Some(d) = dropped_any.get_mut(m.index()) {
                        *d = true;
                    }
                }
                None => {
                    if allowed.contains(&i) {
                        affect_allowed.push(name.as_str());
                    }
                }
            }
        }

        // 2. Fuse each competency.
        let mut card = input.scorecard.clone();
        let mut results = Vec::with_capacity(card.competencies.len());
        let mut used_features: [BTreeSet<&str>; 3] = Default::default();
        for cs in &mut card.competencies {
            let mapping = self.config.mapping.get(&cs.competency);
            let mut available: Vec<Available> = Vec::new();
            let mut missing = Vec::new();
            // A card fused before keeps the content confidence under `fusion`.
            let content_confidence = cs
                .extra
                .get("fusion")
                .and_then(|f| f.get("content_confidence"))
                .and_then(Value::as_f64)
                .filter(|c| (0.0..=1.0).contains(c))
                .or(cs.confidence);
            match (cs.ai_score, content_allowed) {
                (Some(a), true) => {
                    let conf = content_confidence.unwrap_or(0.5);
                    let sigma = range * (0.05 + 0.20 * (1.0 - conf));
                    available.push((Modality::Content, a, sigma, Vec::new()));
                }
                (Some(_), false) => missing.push(Missing {
                    modality: Modality::Content,
                    reason: "dropped_by_policy",
                }),
                (None, _) => missing.push(Missing {
                    modality: Modality::Content,
                    reason: "no_content_score",
                }),
            }
            for m in [Modality::Voice, Modality::Visual] {
                let k = m.index();
                let terms = mapping.and_then(|mm| mm.get(&m));
                let feats = features.get(k);
                let mut sum_w = 0.0;
                let mut sum_u = 0.0;
                let mut detail = Vec::new();
                if let (Some(terms), Some(feats)) = (terms, feats) {
                    for t in terms {
                        if let Some(&x) = feats.get(t.feature.as_str()) {
                            let u = t.map(x);
                            sum_w += t.weight;
                            sum_u += t.weight * u;
                            detail.push((t.feature.clone(), x, round4(u), t.weight));
                            if let Some(set) = used_features.get_mut(k) {
                                if let Some((key, _)) = feats.get_key_value(t.feature.as_str()) {
                                    set.insert(key);
                                }
                            }
                        }
                    }
                }
                let weight = self.config.weights.get(k).copied().unwrap_or(0.0);
                let rel = self.config.reliability.get(k).copied().unwrap_or(0.0);
                if sum_w > 0.0 && weight * rel > 0.0 {
                    let value = min + range * (sum_u / sum_w);
                    let sigma = range * (0.05 + 0.20 * (1.0 - rel));
                    available.push((m, value, sigma, detail));
                } else {
                    let provided = provided_any.get(k).copied().unwrap_or(false);
                    let dropped = dropped_any.get(k).copied().unwrap_or(false);
                    let reason = if sum_w > 0.0 {
                        "zero_weight"
                    } else if !provided {
                        "not_provided"
                    } else if terms.is_none_or(|t| t.is_empty()) {
                        "not_mapped"
                    } else if dropped {
                        "dropped_by_policy"
                    } else {
                        "not_provided"
                    };
                    missing.push(Missing {
                        modality: m,
                        reason,
                    });
                }
            }
            let has_content_here = available.iter().any(|a| a.0 == Modality::Content);
            if !has_content_here {
                // Signals never score a competency alone.
                for a in &available {
                    missing.push(Missing {
                        modality: a.0,
                        reason: "no_content_score",
                    });
                }
                missing.sort_by_key(|m| m.modality);
                cs.fused_score = None;
                results.push(CompetencyFusion {
                    competency: cs.competency.clone(),
                    fused: None,
                    contributions: Vec::new(),
                    missing,
                    interval: None,
                    content_confidence,
                });
                continue;
            }
            let total_e: f64 = available
                .iter()
                .map(|a| {
                    let k = a.0.index();
                    self.config.weights.get(k).copied().unwrap_or(0.0)
                        * self.config.reliability.get(k).copied().unwrap_or(0.0)
                })
                .sum();
            let mut contributions = Vec::new();
            let mut fused_raw = 0.0;
            let mut var_prop = 0.0;
            for (m, value, sigma, detail) in &available {
                let k = m.index();
                let w = self.config.weights.get(k).copied().unwrap_or(0.0);
                let r = self.config.reliability.get(k).copied().unwrap_or(0.0);
                let e = w * r;
                let nw = e / total_e;
                fused_raw += nw * value;
                var_prop += nw * nw * sigma * sigma;
                contributions.push(Contribution {
                    modality: *m,
                    weight: w,
                    reliability: r,
                    effective_weight: e,
                    normalised_weight: nw,
                    value: *value,
                    points: nw * value,
                    features: detail.clone(),
                });
            }
            let disagreement: f64 = contributions
                .iter()
                .map(|c| c.normalised_weight * (c.value - fused_raw).powi(2))
                .sum();
            let sd = (var_prop + disagreement).sqrt();
            if !(fused_raw.is_finite() && sd.is_finite()) {
                return Err(invalid(
                    &format!("mapping.{}", cs.competency),
                    "curves whose points give finite values (x values of moderate size)",
                ));
            }
            let fused = round4(fused_raw.clamp(min, max));
            let low = round4((fused_raw - self.z * sd).clamp(min, max));
            let high = round4((fused_raw + self.z * sd).clamp(min, max));
            cs.fused_score = Some(fused);
            cs.confidence = Some(round4((1.0 - (high - low) / range).clamp(0.0, 1.0)));
            missing.sort_by_key(|m| m.modality);
            results.push(CompetencyFusion {
                competency: cs.competency.clone(),
                fused: Some(fused),
                contributions,
                missing,
                interval: Some((low, high, round4(sd))),
                content_confidence,
            });
        }

        // 3. Fill the scorecard: per-competency fusion detail, divergence, summary, provenance.
        let mut divergence_rows = Vec::new();
        for (cs, r) in card.competencies.iter_mut().zip(&results) {
            cs.extra
                .insert("fusion".into(), competency_value(r, self.config.ci_level));
            let ai = cs.fused_score.or(cs.ai_score);
            if let (Some(ai), false) = (ai, cs.interviewer_scores.is_empty()) {
                let mean = cs.interviewer_scores.iter().map(|s| s.score).sum::<f64>()
                    / cs.interviewer_scores.len() as f64;
                let d = crate::calibration::divergence(
                    ai,
                    mean,
                    &card.scale,
                    self.config.divergence_threshold,
                );
                divergence_rows.push(json!({
                    "competency": cs.competency,
                    "ai_score": ai,
                    "interviewer_mean": round4(mean),
                    "delta": d.delta,
                    "flagged": d.flagged,
                }));
                cs.divergence = Some(d);
            }
        }
        let fused: Vec<f64> = results.iter().filter_map(|r| r.fused).collect();
        if !fused.is_empty() {
            card.extra.insert(
                "fused_overall".into(),
                json!(round4(fused.iter().sum::<f64>() / fused.len() as f64)),
            );
        }
        let mut summary = Map::new();
        summary.insert("note".into(), json!(SUMMARY_NOTE));
        summary.insert("policy".into(), json!(self.profile.id));
        for m in [Modality::Voice, Modality::Visual] {
            if let Some(f) = features.get(m.index()) {
                if !f.is_empty() {
                    let o: Map<String, Value> = f
                        .iter()
                        .map(|(k, v)| ((*k).to_string(), json!(v)))
                        .collect();
                    summary.insert(m.name().into(), Value::Object(o));
                }
            }
        }
        card.extra
            .insert("behaviour_summary".into(), Value::Object(summary));
        let prov = card.provenance.get_or_insert_with(|| Provenance {
            engine_version: crate::ENGINE_VERSION.to_string(),
            rubric_hash: None,
            model_hash: None,
            taxonomy_hash: None,
            input_hash: None,
            computed_at: None,
            extra: Map::new(),
        });
        prov.extra.insert(
            "fusion".into(),
            json!({
                "engine_version": crate::ENGINE_VERSION,
                "policy": {"id": self.profile.id, "version": self.profile.version, "hash": self.profile.hash},
                "config_hash": self.config_hash,
                "at": input.at.as_ref().map(|t| t.0.clone()),
            }),
        );

        let mut unused = Vec::new();
        for name in affect_allowed {
            unused
                .push(json!({"signal": name, "category": "affect", "reason": "affect_not_fused"}));
        }
        for m in [Modality::Voice, Modality::Visual] {
            if let (Some(f), Some(used)) = (features.get(m.index()), used_features.get(m.index())) {
                for name in f.keys() {
                    if !used.contains(name) {
                        unused.push(
                            json!({"signal": name, "category": m.name(), "reason": "not_mapped"}),
                        );
                    }
                }
            }
        }
        Ok(FusionOutput {
            scorecard: card,
            competencies: results,
            divergence: divergence_rows,
            dropped: dropped_json,
            unused,
            requirements,
        })
    }
}

fn competency_value(r: &CompetencyFusion, level: f64) -> Value {
    let contributions: Vec<Value> = r
        .contributions
        .iter()
        .map(|c| {
            let features: Vec<Value> = c
                .features
                .iter()
                .map(|(f, x, u, w)| json!({"feature": f, "value": x, "u": u, "weight": w}))
                .collect();
            let mut o = json!({
                "modality": c.modality.name(),
                "weight": c.weight,
                "reliability": c.reliability,
                "effective_weight": round4(c.effective_weight),
                "normalised_weight": round4(c.normalised_weight),
                "value": round4(c.value),
                "points": round4(c.points),
            });
            if !features.is_empty() {
                if let Value::Object(m) = &mut o {
                    m.insert("features".into(), Value::Array(features));
                }
            }
            o
        })
        .collect();
    let missing: Vec<Value> = r
        .missing
        .iter()
        .map(|m| json!({"modality": m.modality.name(), "reason": m.reason}))
        .collect();
    let interval = match r.interval {
        Some((low, high, sd)) => json!({"low": low, "high": high, "sd": sd, "level": level}),
        None => Value::Null,
    };
    json!({
        "fused_score": r.fused,
        "contributions": contributions,
        "missing": missing,
        "interval": interval,
        "content_confidence": r.content_confidence,
    })
}

// ---------------------------------------------------------------------------------------------
// Features from the voice and visual outputs
// ---------------------------------------------------------------------------------------------

/// The voice measures fusion reads from a `voice_features` result, by name.
pub const VOICE_MEASURES: [&str; 9] = [
    "voiced_ratio",
    "pauses.ratio",
    "pauses.mean_s",
    "speech_rate.syllables_per_second",
    "speech_rate.words_per_minute",
    "f0.stdev_semitones",
    "loudness.stdev_db",
    "fillers.per_100_words",
    "fillers.per_minute",
];

/// The visual measures fusion reads from a `visual_summary` result, by name.
pub const VISUAL_MEASURES: [&str; 6] = [
    "gaze.at_camera_ratio",
    "head_movement.mean_deg_s",
    "head_movement.p90_deg_s",
    "gestures.per_minute",
    "smile.per_minute",
    "smile.mean_s",
];

fn dotted(v: &Value, name: &str) -> Option<f64> {
    let mut cur = v;
    for part in name.split('.') {
        cur = cur.get(part)?;
    }
    cur.as_f64()
}

/// The numeric measures of a `voice_features` result (nulls left out).
pub fn voice_measures(result: &Value) -> Vec<(String, f64)> {
    VOICE_MEASURES
        .iter()
        .filter_map(|n| dotted(result, n).map(|x| ((*n).to_string(), x)))
        .collect()
}

/// Flat `{name: number}` features, sorted by name: JSON objects are unordered, and faces whose
/// JSON libraries reorder members must get the same gate decisions and `dropped` list.
fn flat_features(o: &Map<String, Value>, path: &str) -> Result<Vec<(String, f64)>> {
    let mut out = o
        .iter()
        .map(|(k, v)| {
            Ok((
                k.clone(),
                finite(v, &format!("{path}.{k}"), "a finite number")?,
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn parse_voice(v: &Value) -> Result<Vec<(String, f64)>> {
    let o = object(v, "signals.voice")?;
    if o.get("category").and_then(Value::as_str) == Some(crate::voice::CATEGORY) {
        Ok(voice_measures(v))
    } else {
        flat_features(o, "signals.voice")
    }
}

fn parse_visual(v: &Value) -> Result<Vec<(String, f64)>> {
    let o = object(v, "signals.visual")?;
    if o.get("category").and_then(Value::as_str) == Some(crate::visual::CATEGORY) {
        Ok(VISUAL_MEASURES
            .iter()
            .filter_map(|n| dotted(v, n).map(|x| ((*n).to_string(), x)))
            .collect())
    } else if o.contains_key("frames") || o.contains_key("events") {
        let r = crate::visual::parse_request(v).map_err(|e| prefix(e, "signals.visual"))?;
        let s = crate::visual::summarize(&r.frames, &r.events, r.duration_s, &r.config)
            .map_err(|e| prefix(e, "signals.visual"))?;
        Ok(s.measures()
            .into_iter()
            .map(|(k, x)| (k.to_string(), x))
            .collect())
    } else {
        flat_features(o, "signals.visual")
    }
}

fn prefix(e: Error, p: &str) -> Error {
    match e {
        Error::InvalidArgument { name, expected } => Error::InvalidArgument {
            name: format!("{p}.{name}"),
            expected,
        },
        other => other,
    }
}

fn parse_listed(v: &Value) -> Result<Vec<ListedSignal>> {
    let items = array(v, "signals.list")?;
    let mut out = Vec::new();
    for (i, s) in items.iter().enumerate() {
        let p = format!("signals.list[{i}]");
        let o = object(s, &p)?;
        no_unknown(o, &["category", "name", "value", "unit"], &p)?;
        let cp = format!("{p}.category");
        let category = Category::parse(
            string(
                o.get("category")
                    .ok_or_else(|| invalid(&cp, "a category"))?,
                &cp,
            )?,
            &cp,
        )?;
        let np = format!("{p}.name");
        let name = string(o.get("name").ok_or_else(|| invalid(&np, "a name"))?, &np)?;
        if name.trim().is_empty() || name.chars().count() > 128 {
            return Err(invalid(&np, "a signal name of 1–128 characters"));
        }
        let vp = format!("{p}.value");
        let value = finite(
            o.get("value").ok_or_else(|| invalid(&vp, "a number"))?,
            &vp,
            "a finite number",
        )?;
        out.push(ListedSignal {
            category,
            name: name.to_string(),
            value,
        });
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// JSON entry point
// ---------------------------------------------------------------------------------------------

/// Reads the configuration keys of a `fuse` request (`weights`, `reliability`, `mapping`,
/// `ci_level`, `threshold`) over the defaults.
pub fn config_from_request(req: &Map<String, Value>) -> Result<FusionConfig> {
    let mut c = FusionConfig::default();
    if let Some(w) = req.get("weights").filter(|v| !v.is_null()) {
        // Accept a `fusion_learn` result's `fusion_weights` object as well.
        let w = w.get("fusion_weights").unwrap_or(w);
        c.weights = parse_per_modality(w, "weights", c.weights, None)?;
    }
    if let Some(r) = req.get("reliability").filter(|v| !v.is_null()) {
        c.reliability = parse_per_modality(r, "reliability", c.reliability, Some(1.0))?;
    }
    if let Some(m) = req.get("mapping").filter(|v| !v.is_null()) {
        c.mapping = parse_mapping(m, "mapping")?;
    }
    if let Some(l) = req.get("ci_level").filter(|v| !v.is_null()) {
        c.ci_level = finite(l, "ci_level", "a level from 0.5 to 0.999")?;
    }
    if let Some(t) = req.get("threshold").filter(|v| !v.is_null()) {
        c.divergence_threshold = finite(t, "threshold", "a fraction from 0 to 1")?;
    }
    c.validate()?;
    Ok(c)
}

fn parse_consents(v: &Value) -> Result<Vec<ConsentRecord>> {
    let items = array(v, "consents")?;
    items
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let p = format!("consents[{i}]");
            let o = object(c, &p)?;
            for key in ["purpose", "jurisdiction", "granted_at"] {
                if !o.contains_key(key) {
                    return Err(invalid(
                        &format!("{p}.{key}"),
                        "a value (the field is missing)",
                    ));
                }
            }
            serde_json::from_value::<ConsentRecord>(c.clone()).map_err(|e| {
                invalid(
                    &p,
                    format!(
                        "an archive consent record (purpose, jurisdiction, granted_at, …): {e}"
                    ),
                )
            })
        })
        .collect()
}

fn parse_notices(v: &Value) -> Result<Vec<NoticeRecord>> {
    let items = array(v, "notices")?;
    items
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let p = format!("notices[{i}]");
            let o = object(n, &p)?;
            no_unknown(o, &["notice", "given_at", "version"], &p)?;
            let notice = string(
                o.get("notice")
                    .ok_or_else(|| invalid(&format!("{p}.notice"), "a notice id"))?,
                &format!("{p}.notice"),
            )?;
            let gp = format!("{p}.given_at");
            let given = string(
                o.get("given_at")
                    .ok_or_else(|| invalid(&gp, "a timestamp"))?,
                &gp,
            )?;
            timestamp(given, &gp)?;
            let version = match o.get("version") {
                None | Some(Value::Null) => None,
                Some(x) => Some(string(x, &format!("{p}.version"))?.to_string()),
            };
            Ok(NoticeRecord {
                notice: notice.to_string(),
                given_at: Timestamp(given.to_string()),
                version,
            })
        })
        .collect()
}

/// Reads a `fuse` request into its policy, configuration and input.
pub fn parse_fuse_request(request: &Value) -> Result<(Arc<Profile>, FusionConfig, FusionInput)> {
    let req = object(request, "request")?;
    no_unknown(
        req,
        &[
            "policy",
            "scorecard",
            "signals",
            "consents",
            "notices",
            "bias_audit",
            "at",
            "medium",
            "missing_consent",
            "weights",
            "reliability",
            "mapping",
            "ci_level",
            "threshold",
        ],
        "",
    )?;
    let profile = resolve_profile(
        req.get("policy")
            .ok_or_else(|| invalid("policy", "a built-in profile id or a custom profile"))?,
        "policy",
    )?;
    let config = config_from_request(req)?;
    let sc = req
        .get("scorecard")
        .ok_or_else(|| invalid("scorecard", "an archive scorecard"))?;
    let so = object(sc, "scorecard")?;
    if so.get("kind").and_then(Value::as_str) != Some("scorecard") {
        return Err(invalid("scorecard.kind", "\"scorecard\""));
    }
    let scorecard: Scorecard = serde_json::from_value(sc.clone())
        .map_err(|e| invalid("scorecard", format!("an archive scorecard: {e}")))?;
    let (mut voice, mut visual, mut listed) = (Vec::new(), Vec::new(), Vec::new());
    if let Some(s) = req.get("signals").filter(|v| !v.is_null()) {
        let o = object(s, "signals")?;
        no_unknown(o, &["voice", "visual", "list"], "signals")?;
        if let Some(v) = o.get("voice").filter(|v| !v.is_null()) {
            voice = parse_voice(v)?;
        }
        if let Some(v) = o.get("visual").filter(|v| !v.is_null()) {
            visual = parse_visual(v)?;
        }
        if let Some(v) = o.get("list").filter(|v| !v.is_null()) {
            listed = parse_listed(v)?;
        }
    }
    let consents = match req.get("consents").filter(|v| !v.is_null()) {
        Some(v) => parse_consents(v)?,
        None => Vec::new(),
    };
    let notices = match req.get("notices").filter(|v| !v.is_null()) {
        Some(v) => parse_notices(v)?,
        None => Vec::new(),
    };
    let bias_audit = match req.get("bias_audit").filter(|v| !v.is_null()) {
        Some(v) => {
            let o = object(v, "bias_audit")?;
            no_unknown(o, &["reference", "date"], "bias_audit")?;
            let reference = string(
                o.get("reference")
                    .ok_or_else(|| invalid("bias_audit.reference", "a string"))?,
                "bias_audit.reference",
            )?;
            let date = string(
                o.get("date")
                    .ok_or_else(|| invalid("bias_audit.date", "a date"))?,
                "bias_audit.date",
            )?;
            Some(BiasAudit {
                reference: reference.to_string(),
                date: date.to_string(),
            })
        }
        None => None,
    };
    let at = match req.get("at").filter(|v| !v.is_null()) {
        Some(v) => {
            let s = string(v, "at")?;
            timestamp(s, "at")?;
            Some(Timestamp(s.to_string()))
        }
        None => None,
    };
    let medium = match req.get("medium").filter(|v| !v.is_null()) {
        Some(v) => Some(Medium::parse(string(v, "medium")?, "medium")?),
        None => None,
    };
    let on_missing = match req.get("missing_consent").filter(|v| !v.is_null()) {
        Some(v) => match string(v, "missing_consent")? {
            "refuse" => OnMissing::Refuse,
            "drop" => OnMissing::Drop,
            other => {
                return Err(invalid(
                    "missing_consent",
                    format!("refuse or drop; got {other:?}"),
                ))
            }
        },
        None => OnMissing::Refuse,
    };
    Ok((
        profile,
        config,
        FusionInput {
            scorecard,
            voice,
            visual,
            listed,
            consents,
            notices,
            bias_audit,
            at,
            medium,
            on_missing,
        },
    ))
}

/// `fuse`: `{"policy", "scorecard", "signals"?: {"voice"?, "visual"?, "list"?}, "consents"?,
/// "notices"?, "bias_audit"?, "at"?, "medium"?, "missing_consent"?, "weights"?, "reliability"?,
/// "mapping"?, "ci_level"?, "threshold"?}` → `{"scorecard", "contributions", "dropped",
/// "unused", "requirements", "policy"}` (see `docs/fusion.md`). Policy refusals are
/// [`Error::PolicyViolation`] naming the rule.
pub fn fuse_value(request: &Value) -> Result<Value> {
    let (profile, config, input) = parse_fuse_request(request)?;
    let fuser = Fuser::new(profile, config)?;
    let out = fuser.fuse(&input)?;
    output_value(&fuser, &out)
}

/// The JSON form of a [`FusionOutput`].
pub fn output_value(fuser: &Fuser, out: &FusionOutput) -> Result<Value> {
    let scorecard = serde_json::to_value(&out.scorecard)
        .map_err(|e| Error::Internal(format!("scorecard to JSON: {e}")))?;
    let contributions: Vec<Value> = out
        .competencies
        .iter()
        .map(|r| {
            let mut m = Map::new();
            m.insert("competency".into(), json!(r.competency));
            if let Value::Object(rest) = competency_value(r, fuser.config.ci_level) {
                m.extend(rest);
            }
            Value::Object(m)
        })
        .collect();
    let p = fuser.profile();
    Ok(json!({
        "scorecard": scorecard,
        "contributions": contributions,
        "dropped": out.dropped,
        "unused": out.unused,
        "requirements": out.requirements,
        "divergence": out.divergence,
        "policy": {"id": p.id, "version": p.version, "hash": p.hash},
    }))
}
