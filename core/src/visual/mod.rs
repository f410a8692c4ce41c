//! Visual behaviour summaries (issue #6, item 3) from the host's own vision pipeline: per-frame
//! face blendshape scores named as MediaPipe FaceLandmarker names them, optional head pose
//! (yaw/pitch/roll or the 4×4 facial transformation matrix), optional hand-gesture labels, or
//! plain event lists → smile episodes, gaze-at-camera ratio, head-movement speed, gesture rate.
//!
//! Owns: reading and checking frames and events, the smile hysteresis, the gaze rule, the
//! rotation angle between head poses and the JSON entry point [`visual_summary_value`]. Must not
//! touch: face detection (the SDK does none; the host runs MediaPipe or similar), the policy gate
//! (hosts — or [`crate::fusion`] — pass these summaries through [`crate::policy`] as `visual`
//! signals), scoring or fusion.
//!
//! **Behaviour, not emotion.** These are counts, durations, ratios and speeds of observable
//! movements. No emotion, affect, mood or personality is inferred or reported: a "smile episode"
//! is a stretch of time when the `mouthSmile*` blendshapes were high, not a judgement that the
//! person was happy. Note that the policy gate treats any signal *named* after smiles as affect
//! (see [`crate::policy::is_affect_name`]): under the `eu` profile, leave smiles out
//! (`"config": {"smiles": false}`) before fusing.
//!
//! Request → response:
//!
//! ```
//! use serde_json::json;
//!
//! // 10 frames at 10 fps: a smile from 0.2 s to 0.6 s, eyes on the camera except frame 9.
//! let frames: Vec<_> = (0..10).map(|i| json!({
//!     "t": i as f64 / 10.0,
//!     "blendshapes": {
//!         "mouthSmileLeft": if (2..6).contains(&i) { 0.8 } else { 0.1 },
//!         "mouthSmileRight": if (2..6).contains(&i) { 0.8 } else { 0.1 },
//!         "eyeLookOutLeft": if i == 9 { 0.9 } else { 0.05 },
//!     },
//! })).collect();
//! let out = interviewkit_core::visual::visual_summary_value(&json!({
//!     "frames": frames, "config": {"min_smile_s": 0.0},
//! })).unwrap();
//! assert_eq!(out["smile"]["episodes"], 1);
//! assert_eq!(out["smile"]["total_s"], 0.4);
//! assert_eq!(out["gaze"]["at_camera_ratio"], 0.9);
//! assert!(out.get("emotion").is_none());
//! ```
//!
//! See `docs/visual.md` for every field, the defaults and the limits.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::error::{Error, Result};
use crate::policy::util::{array, field, invalid, no_unknown, object};

/// The `category` every result carries (the policy gate's category for these signals).
pub const CATEGORY: &str = "visual";
/// The note every result carries.
pub const NOTE: &str = "Summaries of observable face, head and hand movement (durations, \
ratios, speeds, counts) from the host's vision pipeline. No emotion, affect, mood or personality \
is inferred: a smile episode is a span of high mouthSmile blendshape scores, not a judgement of \
how the person felt. Face and gesture data is biometric-adjacent: check the policy gate \
(consent) before using these signals.";
/// Most frames one request may carry.
pub const MAX_FRAMES: usize = 1_000_000;
/// Most events one request may carry.
pub const MAX_EVENTS: usize = 100_000;

/// The 52 blendshape names MediaPipe FaceLandmarker emits (ARKit-style, plus `_neutral`).
pub const BLENDSHAPE_NAMES: [&str; 52] = [
    "_neutral",
    "browDownLeft",
    "browDownRight",
    "browInnerUp",
    "browOuterUpLeft",
    "browOuterUpRight",
    "cheekPuff",
    "cheekSquintLeft",
    "cheekSquintRight",
    "eyeBlinkLeft",
    "eyeBlinkRight",
    "eyeLookDownLeft",
    "eyeLookDownRight",
    "eyeLookInLeft",
    "eyeLookInRight",
    "eyeLookOutLeft",
    "eyeLookOutRight",
    "eyeLookUpLeft",
    "eyeLookUpRight",
    "eyeSquintLeft",
    "eyeSquintRight",
    "eyeWideLeft",
    "eyeWideRight",
    "jawForward",
    "jawLeft",
    "jawOpen",
    "jawRight",
    "mouthClose",
    "mouthDimpleLeft",
    "mouthDimpleRight",
    "mouthFrownLeft",
    "mouthFrownRight",
    "mouthFunnel",
    "mouthLeft",
    "mouthLowerDownLeft",
    "mouthLowerDownRight",
    "mouthPressLeft",
    "mouthPressRight",
    "mouthPucker",
    "mouthRight",
    "mouthRollLower",
    "mouthRollUpper",
    "mouthShrugLower",
    "mouthShrugUpper",
    "mouthSmileLeft",
    "mouthSmileRight",
    "mouthStretchLeft",
    "mouthStretchRight",
    "mouthUpperUpLeft",
    "mouthUpperUpRight",
    "noseSneerLeft",
    "noseSneerRight",
];

/// The blendshapes whose mean is the smile score.
pub const SMILE_BLENDSHAPES: [&str; 2] = ["mouthSmileLeft", "mouthSmileRight"];
/// The blendshapes whose maximum is the gaze deviation (eyes turned in, out, up or down).
pub const GAZE_BLENDSHAPES: [&str; 8] = [
    "eyeLookInLeft",
    "eyeLookInRight",
    "eyeLookOutLeft",
    "eyeLookOutRight",
    "eyeLookUpLeft",
    "eyeLookUpRight",
    "eyeLookDownLeft",
    "eyeLookDownRight",
];

fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn num(x: Option<f64>) -> Value {
    match x {
        Some(v) if v.is_finite() => json!(round4(v)),
        _ => Value::Null,
    }
}

// ---------------------------------------------------------------------------------------------
// Configuration
// ---------------------------------------------------------------------------------------------

/// Summary settings; [`Default`] gives the documented defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct VisualConfig {
    /// A smile episode starts when the smile score rises to at least this (default 0.5).
    pub smile_on: f64,
    /// … and ends when it falls below this (default 0.3; at most `smile_on`).
    pub smile_off: f64,
    /// Shorter episodes are not counted, s (default 0.25).
    pub min_smile_s: f64,
    /// Summarise smiles at all (default true; false reports `"smile": null`).
    pub smiles: bool,
    /// Eyes are on the camera when every `eyeLook*` score is below this (default 0.4).
    pub gaze_threshold: f64,
    /// … and, with a head pose, |yaw| is at most this, degrees (default 20).
    pub max_yaw_deg: f64,
    /// … and |pitch| is at most this, degrees (default 15).
    pub max_pitch_deg: f64,
    /// A frame lasts until the next one, but at most this long, s (default 0.5); longer gaps
    /// end smile episodes and give no head speed.
    pub max_gap_s: f64,
}

impl Default for VisualConfig {
    fn default() -> Self {
        VisualConfig {
            smile_on: 0.5,
            smile_off: 0.3,
            min_smile_s: 0.25,
            smiles: true,
            gaze_threshold: 0.4,
            max_yaw_deg: 20.0,
            max_pitch_deg: 15.0,
            max_gap_s: 0.5,
        }
    }
}

impl VisualConfig {
    /// Checks ranges; errors name `config.FIELD`.
    pub fn validate(&self) -> Result<()> {
        let unit = |x: f64, name: &str| -> Result<()> {
            if x.is_finite() && (0.0..=1.0).contains(&x) {
                Ok(())
            } else {
                Err(invalid(&format!("config.{name}"), "a number from 0 to 1"))
            }
        };
        unit(self.smile_on, "smile_on")?;
        unit(self.smile_off, "smile_off")?;
        unit(self.gaze_threshold, "gaze_threshold")?;
        if self.smile_off > self.smile_on {
            return Err(invalid(
                "config.smile_off",
                format!("at most smile_on ({})", self.smile_on),
            ));
        }
        if !(self.min_smile_s.is_finite() && (0.0..=3600.0).contains(&self.min_smile_s)) {
            return Err(invalid("config.min_smile_s", "seconds from 0 to 3600"));
        }
        for (x, name) in [
            (self.max_yaw_deg, "max_yaw_deg"),
            (self.max_pitch_deg, "max_pitch_deg"),
        ] {
            if !(x.is_finite() && (0.0..=180.0).contains(&x)) {
                return Err(invalid(&format!("config.{name}"), "degrees from 0 to 180"));
            }
        }
        if !(self.max_gap_s.is_finite() && self.max_gap_s > 0.0 && self.max_gap_s <= 60.0) {
            return Err(invalid("config.max_gap_s", "seconds above 0, at most 60"));
        }
        Ok(())
    }

    /// Reads `{"smile_on"?, …}` over the defaults; unknown keys are errors.
    pub fn from_value(v: &Value, path: &str) -> Result<VisualConfig> {
        let o = object(v, path)?;
        no_unknown(o, &CONFIG_KEYS, path)?;
        let mut c = VisualConfig::default();
        for (k, x) in o {
            let p = format!("{path}.{k}");
            if k == "smiles" {
                c.smiles = x.as_bool().ok_or_else(|| invalid(&p, "true or false"))?;
                continue;
            }
            let f = x.as_f64().ok_or_else(|| invalid(&p, "a number"))?;
            match k.as_str() {
                "smile_on" => c.smile_on = f,
                "smile_off" => c.smile_off = f,
                "min_smile_s" => c.min_smile_s = f,
                "gaze_threshold" => c.gaze_threshold = f,
                "max_yaw_deg" => c.max_yaw_deg = f,
                "max_pitch_deg" => c.max_pitch_deg = f,
                "max_gap_s" => c.max_gap_s = f,
                _ => {}
            }
        }
        c.validate()?;
        Ok(c)
    }

    /// The JSON form, keys in a fixed order.
    pub fn to_value(&self) -> Value {
        json!({
            "smile_on": self.smile_on,
            "smile_off": self.smile_off,
            "min_smile_s": self.min_smile_s,
            "smiles": self.smiles,
            "gaze_threshold": self.gaze_threshold,
            "max_yaw_deg": self.max_yaw_deg,
            "max_pitch_deg": self.max_pitch_deg,
            "max_gap_s": self.max_gap_s,
        })
    }
}

const CONFIG_KEYS: [&str; 8] = [
    "smile_on",
    "smile_off",
    "min_smile_s",
    "smiles",
    "gaze_threshold",
    "max_yaw_deg",
    "max_pitch_deg",
    "max_gap_s",
];

// ---------------------------------------------------------------------------------------------
// Input
// ---------------------------------------------------------------------------------------------

/// A head pose as the host's pipeline reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum HeadPose {
    /// Degrees; yaw turns left/right, pitch nods, roll tilts (each −180 to 180). The rotation
    /// is `R = Ry(yaw) · Rx(pitch) · Rz(roll)`.
    Euler {
        /// Degrees about the vertical axis.
        yaw: f64,
        /// Degrees about the horizontal axis.
        pitch: f64,
        /// Degrees about the viewing axis.
        roll: f64,
    },
    /// MediaPipe's facial transformation matrix, 16 numbers row by row (column-major input
    /// gives the same angles: only relative rotation angles are used). Translation and uniform
    /// scale are ignored.
    Matrix([f64; 16]),
}

/// One video frame's summary from the host's pipeline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Frame {
    /// Seconds from the start; strictly increasing over frames.
    pub t: f64,
    /// False when the pipeline found no face in this frame (it counts as dropped).
    pub face: bool,
    /// Blendshape scores 0–1 by MediaPipe name; unknown names are ignored and counted.
    pub blendshapes: Vec<(String, f64)>,
    /// Head pose, if the pipeline gives one.
    pub head_pose: Option<HeadPose>,
    /// Hand-gesture labels recognised in this frame (MediaPipe GestureRecognizer categories
    /// such as `Open_Palm`; `None` is ignored). A label counts once when it appears.
    pub gestures: Vec<String>,
}

/// What an [`Event`] marks.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A hand gesture at one instant.
    Gesture {
        /// When, s.
        t: f64,
    },
    /// A smile from `start` to `end`, s.
    Smile {
        /// Start, s.
        start: f64,
        /// End, s (≥ start).
        end: f64,
    },
    /// Eyes on the camera from `start` to `end`, s.
    GazeAtCamera {
        /// Start, s.
        start: f64,
        /// End, s (≥ start).
        end: f64,
    },
}

/// An event from a host pipeline that reports events instead of frames.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// What and when.
    pub kind: EventKind,
    /// The host's label (`Thumb_Up`), kept for the host; not interpreted.
    pub label: Option<String>,
}

impl Event {
    fn start(&self) -> f64 {
        match self.kind {
            EventKind::Gesture { t } => t,
            EventKind::Smile { start, .. } | EventKind::GazeAtCamera { start, .. } => start,
        }
    }
    fn end(&self) -> f64 {
        match self.kind {
            EventKind::Gesture { t } => t,
            EventKind::Smile { end, .. } | EventKind::GazeAtCamera { end, .. } => end,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/// Smile episodes (mouthSmile blendshapes above the hysteresis thresholds). Not an emotion.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SmileStats {
    /// Episodes at least `min_smile_s` long.
    pub episodes: u64,
    /// Their total duration, s.
    pub total_s: f64,
    /// Mean episode duration, s (`None` without episodes).
    pub mean_s: Option<f64>,
    /// Longest episode, s.
    pub max_s: Option<f64>,
    /// Episodes per minute of `duration_s`.
    pub per_minute: Option<f64>,
    /// Frames (or events) that carried smile data.
    pub frames: u64,
}

/// Gaze at the camera.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GazeStats {
    /// Time with eyes on the camera / time with gaze data (`None` without gaze data).
    pub at_camera_ratio: Option<f64>,
    /// Frames with gaze data.
    pub frames: u64,
}

/// Head movement: angular speed between consecutive posed frames.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HeadStats {
    /// Mean angular speed, degrees per second.
    pub mean_deg_s: Option<f64>,
    /// 90th percentile (linear interpolation), degrees per second.
    pub p90_deg_s: Option<f64>,
    /// Highest, degrees per second.
    pub max_deg_s: Option<f64>,
    /// Frame pairs measured.
    pub samples: u64,
}

/// Hand gestures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GestureStats {
    /// Gesture onsets (frame labels appearing, plus gesture events).
    pub count: u64,
    /// Per minute of `duration_s` (`None` when the duration is 0).
    pub per_minute: Option<f64>,
}

/// A warning about the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// Stable code (`empty_input`, `no_face`, `no_smile_data`, `no_gaze_data`).
    pub code: &'static str,
    /// For people.
    pub message: String,
}

/// Everything summarised; floats are rounded to 4 decimals in [`VisualSummary::to_value`].
#[derive(Debug, Clone, PartialEq)]
pub struct VisualSummary {
    /// Seconds covered.
    pub duration_s: f64,
    /// Frames given.
    pub frames_total: u64,
    /// Frames with a face.
    pub frames_used: u64,
    /// Frames without a face.
    pub frames_dropped: u64,
    /// Frames with a head pose.
    pub frames_with_pose: u64,
    /// Events given.
    pub events: u64,
    /// Smiles (`None` when `config.smiles` is false).
    pub smile: Option<SmileStats>,
    /// Gaze.
    pub gaze: GazeStats,
    /// Head movement.
    pub head_movement: HeadStats,
    /// Gestures.
    pub gestures: GestureStats,
    /// Blendshape values with names outside [`BLENDSHAPE_NAMES`] (ignored).
    pub unknown_blendshapes: u64,
    /// Those names, sorted, at most 20.
    pub unknown_names: Vec<String>,
    /// Warnings.
    pub warnings: Vec<Warning>,
    /// The configuration used.
    pub config: VisualConfig,
}

impl VisualSummary {
    /// The JSON form (see `docs/visual.md`).
    pub fn to_value(&self) -> Value {
        let smile = match &self.smile {
            None => Value::Null,
            Some(s) => json!({
                "episodes": s.episodes,
                "total_s": num(Some(s.total_s)),
                "mean_s": num(s.mean_s),
                "max_s": num(s.max_s),
                "per_minute": num(s.per_minute),
                "frames": s.frames,
            }),
        };
        let warnings: Vec<Value> = self
            .warnings
            .iter()
            .map(|w| json!({"code": w.code, "message": w.message}))
            .collect();
        json!({
            "category": CATEGORY,
            "note": NOTE,
            "duration_s": num(Some(self.duration_s)),
            "frames": {
                "total": self.frames_total,
                "used": self.frames_used,
                "dropped": self.frames_dropped,
                "with_pose": self.frames_with_pose,
            },
            "events": self.events,
            "smile": smile,
            "gaze": {
                "at_camera_ratio": num(self.gaze.at_camera_ratio),
                "frames": self.gaze.frames,
            },
            "head_movement": {
                "mean_deg_s": num(self.head_movement.mean_deg_s),
                "p90_deg_s": num(self.head_movement.p90_deg_s),
                "max_deg_s": num(self.head_movement.max_deg_s),
                "samples": self.head_movement.samples,
            },
            "gestures": {
                "count": self.gestures.count,
                "per_minute": num(self.gestures.per_minute),
            },
            "unknown_blendshapes": {
                "count": self.unknown_blendshapes,
                "names": self.unknown_names,
            },
            "warnings": warnings,
            "config": self.config.to_value(),
        })
    }

    /// The numeric measures a fusion or policy check uses, by name (`gaze.at_camera_ratio`,
    /// `head_movement.mean_deg_s`, `head_movement.p90_deg_s`, `gestures.per_minute`,
    /// `smile.per_minute`, `smile.mean_s`), rounded, leaving out those without a value.
    pub fn measures(&self) -> Vec<(&'static str, f64)> {
        let mut out = Vec::new();
        let mut push = |name: &'static str, v: Option<f64>| {
            if let Some(x) = v.filter(|x| x.is_finite()) {
                out.push((name, round4(x)));
            }
        };
        push("gaze.at_camera_ratio", self.gaze.at_camera_ratio);
        push("head_movement.mean_deg_s", self.head_movement.mean_deg_s);
        push("head_movement.p90_deg_s", self.head_movement.p90_deg_s);
        push("gestures.per_minute", self.gestures.per_minute);
        if let Some(s) = &self.smile {
            push("smile.per_minute", s.per_minute);
            push("smile.mean_s", s.mean_s);
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Summary
// ---------------------------------------------------------------------------------------------

type Mat3 = [[f64; 3]; 3];

fn mat_mul(a: &Mat3, b: &Mat3) -> Mat3 {
    let mut m = [[0.0; 3]; 3];
    for (i, row) in m.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = a[i][0] * b[0][j] + a[i][1] * b[1][j] + a[i][2] * b[2][j];
        }
    }
    m
}

fn transpose(a: &Mat3) -> Mat3 {
    let mut m = [[0.0; 3]; 3];
    for (i, row) in a.iter().enumerate() {
        for (j, x) in row.iter().enumerate() {
            m[j][i] = *x;
        }
    }
    m
}

fn rotation(pose: &HeadPose, path: &str) -> Result<Mat3> {
    match *pose {
        HeadPose::Euler { yaw, pitch, roll } => {
            for (x, name) in [(yaw, "yaw"), (pitch, "pitch"), (roll, "roll")] {
                if !(x.is_finite() && (-180.0..=180.0).contains(&x)) {
                    return Err(invalid(
                        &format!("{path}.head_pose.{name}"),
                        format!("degrees from -180 to 180; got {x}"),
                    ));
                }
            }
            let (sy, cy) = yaw.to_radians().sin_cos();
            let (sp, cp) = pitch.to_radians().sin_cos();
            let (sr, cr) = roll.to_radians().sin_cos();
            let ry = [[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]];
            let rx = [[1.0, 0.0, 0.0], [0.0, cp, -sp], [0.0, sp, cp]];
            let rz = [[cr, -sr, 0.0], [sr, cr, 0.0], [0.0, 0.0, 1.0]];
            Ok(mat_mul(&mat_mul(&ry, &rx), &rz))
        }
        HeadPose::Matrix(m) => {
            if let Some(i) = m.iter().position(|x| !x.is_finite()) {
                return Err(invalid(
                    &format!("{path}.transform[{i}]"),
                    "a finite number",
                ));
            }
            let mut r = [[0.0; 3]; 3];
            for j in 0..3 {
                let col = [m[j], m[4 + j], m[8 + j]];
                let norm = (col[0] * col[0] + col[1] * col[1] + col[2] * col[2]).sqrt();
                if norm < 1e-9 {
                    return Err(invalid(
                        &format!("{path}.transform"),
                        "a 4x4 transformation whose 3x3 rotation part has non-zero columns",
                    ));
                }
                for (i, row) in r.iter_mut().enumerate() {
                    row[j] = col[i] / norm;
                }
            }
            Ok(r)
        }
    }
}

/// Rotation angle between two rotations, degrees (robust for small angles).
fn angle_between(a: &Mat3, b: &Mat3) -> f64 {
    let m = mat_mul(&transpose(a), b);
    let cos = (m[0][0] + m[1][1] + m[2][2] - 1.0) / 2.0;
    let sx = (m[2][1] - m[1][2]) / 2.0;
    let sy = (m[0][2] - m[2][0]) / 2.0;
    let sz = (m[1][0] - m[0][1]) / 2.0;
    let sin = (sx * sx + sy * sy + sz * sz).sqrt();
    sin.atan2(cos).to_degrees()
}

/// Linear-interpolation percentile (`q` in 0–1) of sorted values.
fn percentile(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let pos = q * (n - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let a = *sorted.get(lo)?;
    let b = *sorted.get(hi)?;
    Some(a + (b - a) * (pos - lo as f64))
}

struct FrameData {
    t: f64,
    face: bool,
    smile: Option<f64>,
    gaze_dev: Option<f64>,
    yaw_pitch: Option<(f64, f64)>,
    rot: Option<Mat3>,
}

/// Summarises frames and events. `duration_s` overrides the duration the frames span (needed
/// for rates when only events are given).
///
/// Errors ([`Error::InvalidArgument`]): a blendshape score outside 0–1 or not finite
/// (`frames[7].blendshapes.mouthSmileLeft`), a bad head pose (`frames[3].head_pose.yaw`),
/// timestamps not strictly increasing (`frames[5].t`) or events not in time order
/// (`events[2].start`), an event ending before it starts, smile (or gaze) events together with
/// frames carrying smile (or gaze) blendshapes; [`Error::LimitExceeded`] past [`MAX_FRAMES`]
/// or [`MAX_EVENTS`]. No frames and no events is not an error: a neutral summary with the
/// warning `empty_input`.
pub fn summarize(
    frames: &[Frame],
    events: &[Event],
    duration_s: Option<f64>,
    config: &VisualConfig,
) -> Result<VisualSummary> {
    config.validate()?;
    if frames.len() > MAX_FRAMES {
        return Err(Error::LimitExceeded {
            what: "frames (number of frames)".into(),
            limit: MAX_FRAMES as u64,
            actual: frames.len() as u64,
        });
    }
    if events.len() > MAX_EVENTS {
        return Err(Error::LimitExceeded {
            what: "events (number of events)".into(),
            limit: MAX_EVENTS as u64,
            actual: events.len() as u64,
        });
    }
    if let Some(d) = duration_s {
        if !(d.is_finite() && (0.0..=86_400.0).contains(&d)) {
            return Err(invalid("duration_s", "seconds from 0 to 86400"));
        }
    }

    // 1. Check and reduce every frame.
    let mut data: Vec<FrameData> = Vec::with_capacity(frames.len());
    let mut unknown_count = 0u64;
    let mut unknown_names: BTreeMap<String, ()> = BTreeMap::new();
    let mut gesture_onsets = 0u64;
    let mut prev_gestures: &[String] = &[];
    for (i, f) in frames.iter().enumerate() {
        let path = format!("frames[{i}]");
        if !(f.t.is_finite() && f.t >= 0.0) {
            return Err(invalid(
                &format!("{path}.t"),
                "seconds from the start (a finite number ≥ 0)",
            ));
        }
        if let Some(prev) = data.last() {
            if f.t <= prev.t {
                return Err(invalid(
                    &format!("{path}.t"),
                    format!(
                        "timestamps strictly increasing: {} s is not after frames[{}].t = {} s",
                        f.t,
                        i - 1,
                        prev.t
                    ),
                ));
            }
        }
        let mut smile_sum = 0.0;
        let mut smile_n = 0u32;
        let mut gaze: Option<f64> = None;
        for (name, v) in &f.blendshapes {
            if !(v.is_finite() && (0.0..=1.0).contains(v)) {
                return Err(invalid(
                    &format!("{path}.blendshapes.{name}"),
                    format!("a score from 0 to 1; got {v}"),
                ));
            }
            if !BLENDSHAPE_NAMES.contains(&name.as_str()) {
                unknown_count += 1;
                if unknown_names.len() < 20 {
                    unknown_names.insert(name.clone(), ());
                }
                continue;
            }
            if SMILE_BLENDSHAPES.contains(&name.as_str()) {
                smile_sum += v;
                smile_n += 1;
            } else if GAZE_BLENDSHAPES.contains(&name.as_str()) {
                gaze = Some(gaze.map_or(*v, |g: f64| g.max(*v)));
            }
        }
        let (rot, yaw_pitch) = match &f.head_pose {
            None => (None, None),
            Some(p) => {
                let r = rotation(p, &path)?;
                let yp = match *p {
                    HeadPose::Euler { yaw, pitch, .. } => Some((yaw, pitch)),
                    HeadPose::Matrix(_) => None,
                };
                (Some(r), yp)
            }
        };
        let face = f.face;
        if face {
            let current: &[String] = &f.gestures;
            for g in current {
                if g != "None" && !g.is_empty() && !prev_gestures.contains(g) {
                    gesture_onsets += 1;
                }
            }
            prev_gestures = current;
        } else {
            prev_gestures = &[];
        }
        data.push(FrameData {
            t: f.t,
            face,
            smile: (face && smile_n > 0).then(|| smile_sum / f64::from(smile_n)),
            gaze_dev: gaze.filter(|_| face),
            yaw_pitch: yaw_pitch.filter(|_| face),
            rot: rot.filter(|_| face),
        });
    }

    // 2. Events: time order, well-formed.
    let mut last_start = f64::NEG_INFINITY;
    for (i, e) in events.iter().enumerate() {
        let (s, en) = (e.start(), e.end());
        let key = match e.kind {
            EventKind::Gesture { .. } => "t",
            _ => "start",
        };
        if !(s.is_finite() && s >= 0.0) {
            return Err(invalid(
                &format!("events[{i}].{key}"),
                "seconds from the start (a finite number ≥ 0)",
            ));
        }
        if !(en.is_finite() && en >= s) {
            return Err(invalid(
                &format!("events[{i}].end"),
                format!("seconds at or after start ({s})"),
            ));
        }
        if s < last_start {
            return Err(invalid(
                &format!("events[{i}].{key}"),
                format!(
                    "events in time order: {s} s is before the previous event's {last_start} s"
                ),
            ));
        }
        last_start = s;
    }
    let smile_frames = data.iter().filter(|d| d.smile.is_some()).count() as u64;
    let gaze_frames = data.iter().filter(|d| d.gaze_dev.is_some()).count() as u64;
    for (i, e) in events.iter().enumerate() {
        let clash = match e.kind {
            EventKind::Smile { .. } => smile_frames > 0,
            EventKind::GazeAtCamera { .. } => gaze_frames > 0,
            EventKind::Gesture { .. } => false,
        };
        if clash {
            return Err(invalid(
                &format!("events[{i}].type"),
                "smile and gaze_at_camera events only when no frame carries the matching blendshapes (send one or the other)",
            ));
        }
    }

    // 3. Frame durations: until the next frame, capped; the last one the median interval.
    let n = data.len();
    let mut dur = vec![0.0; n];
    let mut intervals: Vec<f64> = Vec::with_capacity(n.saturating_sub(1));
    for i in 1..n {
        if let (Some(a), Some(b)) = (data.get(i - 1), data.get(i)) {
            intervals.push(b.t - a.t);
        }
    }
    for (i, d) in dur.iter_mut().enumerate() {
        let raw = match intervals.get(i) {
            Some(x) => *x,
            None => {
                let mut s = intervals.clone();
                s.sort_by(f64::total_cmp);
                percentile(&s, 0.5).unwrap_or(0.0)
            }
        };
        *d = raw.min(config.max_gap_s);
    }
    let span = match (data.first(), data.last(), dur.last()) {
        (Some(a), Some(b), Some(d)) => b.t + d - a.t,
        _ => 0.0,
    };
    let event_end = events.iter().map(Event::end).fold(0.0_f64, f64::max);
    let duration = duration_s.unwrap_or(if n > 0 { span } else { event_end });

    // 4. Smiles: hysteresis over consecutive frames with smile data.
    let mut episodes: Vec<f64> = Vec::new();
    if config.smiles {
        let mut on = false;
        let mut cur = 0.0;
        for (i, d) in data.iter().enumerate() {
            let gap_before = i > 0 && intervals.get(i - 1).is_some_and(|g| *g > config.max_gap_s);
            if gap_before && on {
                episodes.push(cur);
                on = false;
                cur = 0.0;
            }
            match d.smile {
                None => {
                    if on {
                        episodes.push(cur);
                        on = false;
                        cur = 0.0;
                    }
                }
                Some(s) => {
                    if on && s < config.smile_off {
                        episodes.push(cur);
                        on = false;
                        cur = 0.0;
                    } else if !on && s >= config.smile_on {
                        on = true;
                    }
                    if on {
                        cur += dur.get(i).copied().unwrap_or(0.0);
                    }
                }
            }
        }
        if on {
            episodes.push(cur);
        }
        for e in events {
            if let EventKind::Smile { start, end } = e.kind {
                episodes.push(end - start);
            }
        }
        episodes.retain(|e| *e + 1e-9 >= config.min_smile_s);
    }
    let per_minute = |count: f64| (duration > 0.0).then(|| count * 60.0 / duration);
    let smile = config.smiles.then(|| {
        let total: f64 = episodes.iter().sum();
        SmileStats {
            episodes: episodes.len() as u64,
            total_s: total,
            mean_s: (!episodes.is_empty()).then(|| total / episodes.len() as f64),
            max_s: episodes.iter().copied().reduce(f64::max),
            per_minute: per_minute(episodes.len() as f64),
            frames: smile_frames
                + events
                    .iter()
                    .filter(|e| matches!(e.kind, EventKind::Smile { .. }))
                    .count() as u64,
        }
    });

    // 5. Gaze: time-weighted share of gaze frames with eyes (and head) on the camera.
    let mut gaze_time = 0.0;
    let mut at_time = 0.0;
    let mut at_frames = 0u64;
    for (i, d) in data.iter().enumerate() {
        let Some(dev) = d.gaze_dev else { continue };
        let w = dur.get(i).copied().unwrap_or(0.0);
        let head_ok = d
            .yaw_pitch
            .is_none_or(|(y, p)| y.abs() <= config.max_yaw_deg && p.abs() <= config.max_pitch_deg);
        let at = dev < config.gaze_threshold && head_ok;
        gaze_time += w;
        if at {
            at_time += w;
            at_frames += 1;
        }
    }
    let gaze_events: Vec<(f64, f64)> = events
        .iter()
        .filter_map(|e| match e.kind {
            EventKind::GazeAtCamera { start, end } => Some((start, end)),
            _ => None,
        })
        .collect();
    let at_camera_ratio = if gaze_frames > 0 {
        if gaze_time > 0.0 {
            Some(at_time / gaze_time)
        } else {
            Some(at_frames as f64 / gaze_frames as f64)
        }
    } else if !gaze_events.is_empty() && duration > 0.0 {
        let covered: f64 = gaze_events.iter().map(|(s, e)| e - s).sum();
        Some((covered / duration).min(1.0))
    } else {
        None
    };

    // 6. Head movement: angular speed between adjacent posed frames.
    let mut speeds: Vec<f64> = Vec::new();
    for i in 1..n {
        let (Some(a), Some(b)) = (data.get(i - 1), data.get(i)) else {
            continue;
        };
        let dt = b.t - a.t;
        if dt > config.max_gap_s {
            continue;
        }
        if let (Some(ra), Some(rb)) = (&a.rot, &b.rot) {
            speeds.push(angle_between(ra, rb) / dt);
        }
    }
    let mut sorted = speeds.clone();
    sorted.sort_by(f64::total_cmp);
    let head_movement = HeadStats {
        mean_deg_s: (!speeds.is_empty()).then(|| speeds.iter().sum::<f64>() / speeds.len() as f64),
        p90_deg_s: percentile(&sorted, 0.9),
        max_deg_s: sorted.last().copied(),
        samples: speeds.len() as u64,
    };

    // 7. Gestures.
    let gesture_count = gesture_onsets
        + events
            .iter()
            .filter(|e| matches!(e.kind, EventKind::Gesture { .. }))
            .count() as u64;
    let gestures = GestureStats {
        count: gesture_count,
        per_minute: per_minute(gesture_count as f64),
    };

    let used = data.iter().filter(|d| d.face).count() as u64;
    let mut warnings = Vec::new();
    if frames.is_empty() && events.is_empty() {
        warnings.push(Warning {
            code: "empty_input",
            message:
                "No frames and no events: a neutral summary (no episodes, no ratios, no speeds)."
                    .into(),
        });
    } else if !frames.is_empty() && used == 0 {
        warnings.push(Warning {
            code: "no_face",
            message: "No frame carried a face: only events (if any) were summarised.".into(),
        });
    }
    if used > 0 && config.smiles && smile_frames == 0 {
        warnings.push(Warning {
            code: "no_smile_data",
            message: "No frame carried mouthSmileLeft or mouthSmileRight.".into(),
        });
    }
    if used > 0 && gaze_frames == 0 {
        warnings.push(Warning {
            code: "no_gaze_data",
            message: "No frame carried eyeLook* blendshapes: no gaze-at-camera ratio.".into(),
        });
    }
    Ok(VisualSummary {
        duration_s: duration,
        frames_total: n as u64,
        frames_used: used,
        frames_dropped: n as u64 - used,
        frames_with_pose: data.iter().filter(|d| d.rot.is_some()).count() as u64,
        events: events.len() as u64,
        smile,
        gaze: GazeStats {
            at_camera_ratio,
            frames: gaze_frames,
        },
        head_movement,
        gestures,
        unknown_blendshapes: unknown_count,
        unknown_names: unknown_names.into_keys().collect(),
        warnings,
        config: config.clone(),
    })
}

// ---------------------------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------------------------

fn number(v: &Value, path: &str, what: &str) -> Result<f64> {
    v.as_f64().ok_or_else(|| invalid(path, what.to_string()))
}

fn label(v: &Value, path: &str) -> Result<String> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Object(o) => o
            .get("categoryName")
            .or_else(|| o.get("category_name"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .ok_or_else(|| invalid(path, "a label string or {\"categoryName\": LABEL}")),
        _ => Err(invalid(path, "a label string or {\"categoryName\": LABEL}")),
    }
}

fn parse_frame(v: &Value, path: &str) -> Result<Frame> {
    let o = object(v, path)?;
    no_unknown(
        o,
        &[
            "t",
            "timestamp_ms",
            "face",
            "blendshapes",
            "head_pose",
            "transform",
            "gestures",
        ],
        path,
    )?;
    let t = match (o.get("t"), o.get("timestamp_ms")) {
        (Some(t), None) => number(t, &format!("{path}.t"), "seconds (a number)")?,
        (None, Some(ms)) => {
            number(
                ms,
                &format!("{path}.timestamp_ms"),
                "milliseconds (a number)",
            )? / 1000.0
        }
        _ => {
            return Err(invalid(
                &format!("{path}.t"),
                "exactly one of t (seconds) or timestamp_ms",
            ))
        }
    };
    let mut blendshapes = Vec::new();
    match o.get("blendshapes") {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (k, x) in m {
                let p = format!("{path}.blendshapes.{k}");
                blendshapes.push((k.clone(), number(x, &p, "a score from 0 to 1")?));
            }
        }
        Some(Value::Array(items)) => {
            for (j, item) in items.iter().enumerate() {
                let p = format!("{path}.blendshapes[{j}]");
                let io = object(item, &p)?;
                let name = io
                    .get("categoryName")
                    .or_else(|| io.get("category_name"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(&format!("{p}.categoryName"), "a blendshape name"))?;
                let score = number(
                    field(io, "score", &p)?,
                    &format!("{path}.blendshapes.{name}"),
                    "a score from 0 to 1",
                )?;
                blendshapes.push((name.to_string(), score));
            }
        }
        Some(_) => {
            return Err(invalid(
                &format!("{path}.blendshapes"),
                "an object {name: score} or MediaPipe's list [{categoryName, score}]",
            ))
        }
    }
    let pose_euler = match o.get("head_pose") {
        None | Some(Value::Null) => None,
        Some(hp) => {
            let hpp = format!("{path}.head_pose");
            let ho = object(hp, &hpp)?;
            no_unknown(ho, &["yaw", "pitch", "roll"], &hpp)?;
            let get = |k: &str| -> Result<f64> {
                match ho.get(k) {
                    None | Some(Value::Null) => Ok(0.0),
                    Some(x) => number(x, &format!("{hpp}.{k}"), "degrees from -180 to 180"),
                }
            };
            Some(HeadPose::Euler {
                yaw: get("yaw")?,
                pitch: get("pitch")?,
                roll: get("roll")?,
            })
        }
    };
    let pose_matrix = match o.get("transform") {
        None | Some(Value::Null) => None,
        Some(m) => {
            let mp = format!("{path}.transform");
            let rows = array(m, &mp)?;
            let mut flat: Vec<f64> = Vec::with_capacity(16);
            if rows.len() == 4 && rows.iter().all(Value::is_array) {
                for (r, row) in rows.iter().enumerate() {
                    let cells = array(row, &format!("{mp}[{r}]"))?;
                    if cells.len() != 4 {
                        return Err(invalid(&format!("{mp}[{r}]"), "4 numbers"));
                    }
                    for (c, x) in cells.iter().enumerate() {
                        flat.push(number(x, &format!("{mp}[{r}][{c}]"), "a number")?);
                    }
                }
            } else if rows.len() == 16 {
                for (k, x) in rows.iter().enumerate() {
                    flat.push(number(x, &format!("{mp}[{k}]"), "a number")?);
                }
            } else {
                return Err(invalid(
                    &mp,
                    "a 4x4 matrix: 4 rows of 4 numbers, or 16 numbers row by row",
                ));
            }
            let mut arr = [0.0; 16];
            for (dst, src) in arr.iter_mut().zip(flat) {
                *dst = src;
            }
            Some(HeadPose::Matrix(arr))
        }
    };
    if pose_euler.is_some() && pose_matrix.is_some() {
        return Err(invalid(
            &format!("{path}.transform"),
            "head_pose or transform, not both",
        ));
    }
    let head_pose = pose_euler.or(pose_matrix);
    let gestures = match o.get("gestures") {
        None | Some(Value::Null) => Vec::new(),
        Some(g) => {
            let gp = format!("{path}.gestures");
            array(g, &gp)?
                .iter()
                .enumerate()
                .map(|(j, x)| label(x, &format!("{gp}[{j}]")))
                .collect::<Result<Vec<_>>>()?
        }
    };
    let face = match o.get("face") {
        None | Some(Value::Null) => !blendshapes.is_empty() || head_pose.is_some(),
        Some(x) => x
            .as_bool()
            .ok_or_else(|| invalid(&format!("{path}.face"), "true or false"))?,
    };
    Ok(Frame {
        t,
        face,
        blendshapes,
        head_pose,
        gestures,
    })
}

fn parse_event(v: &Value, path: &str) -> Result<Event> {
    let o = object(v, path)?;
    let tp = format!("{path}.type");
    let kind = crate::policy::util::string(field(o, "type", path)?, &tp)?;
    let label = match o.get("label") {
        None | Some(Value::Null) => None,
        Some(l) => Some(label(l, &format!("{path}.label"))?),
    };
    let get = |k: &str| -> Result<f64> {
        number(
            field(o, k, path)?,
            &format!("{path}.{k}"),
            "seconds (a number)",
        )
    };
    let kind = match kind {
        "gesture" => {
            no_unknown(o, &["type", "t", "label"], path)?;
            EventKind::Gesture { t: get("t")? }
        }
        "smile" => {
            no_unknown(o, &["type", "start", "end", "label"], path)?;
            EventKind::Smile {
                start: get("start")?,
                end: get("end")?,
            }
        }
        "gaze_at_camera" => {
            no_unknown(o, &["type", "start", "end", "label"], path)?;
            EventKind::GazeAtCamera {
                start: get("start")?,
                end: get("end")?,
            }
        }
        other => {
            return Err(invalid(
                &tp,
                format!("one of gesture, smile, gaze_at_camera; got {other:?}"),
            ))
        }
    };
    Ok(Event { kind, label })
}

/// A parsed `visual_summary` request.
#[derive(Debug, Clone, PartialEq)]
pub struct VisualRequest {
    /// Frames.
    pub frames: Vec<Frame>,
    /// Events.
    pub events: Vec<Event>,
    /// Duration override, s.
    pub duration_s: Option<f64>,
    /// Settings.
    pub config: VisualConfig,
}

/// Reads a `visual_summary` request: `{"frames"?, "events"?, "duration_s"?, "config"?}`.
pub fn parse_request(request: &Value) -> Result<VisualRequest> {
    let req = object(request, "request")?;
    no_unknown(req, &["frames", "events", "duration_s", "config"], "")?;
    let frames = match req.get("frames") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => {
            let items = array(v, "frames")?;
            if items.len() > MAX_FRAMES {
                return Err(Error::LimitExceeded {
                    what: "frames (number of frames)".into(),
                    limit: MAX_FRAMES as u64,
                    actual: items.len() as u64,
                });
            }
            items
                .iter()
                .enumerate()
                .map(|(i, f)| parse_frame(f, &format!("frames[{i}]")))
                .collect::<Result<Vec<_>>>()?
        }
    };
    let events = match req.get("events") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => {
            let items = array(v, "events")?;
            if items.len() > MAX_EVENTS {
                return Err(Error::LimitExceeded {
                    what: "events (number of events)".into(),
                    limit: MAX_EVENTS as u64,
                    actual: items.len() as u64,
                });
            }
            items
                .iter()
                .enumerate()
                .map(|(i, e)| parse_event(e, &format!("events[{i}]")))
                .collect::<Result<Vec<_>>>()?
        }
    };
    let duration = match req.get("duration_s") {
        None | Some(Value::Null) => None,
        Some(d) => Some(number(d, "duration_s", "seconds (a number)")?),
    };
    let config = match req.get("config") {
        None | Some(Value::Null) => VisualConfig::default(),
        Some(c) => VisualConfig::from_value(c, "config")?,
    };
    Ok(VisualRequest {
        frames,
        events,
        duration_s: duration,
        config,
    })
}

/// `visual_summary`: `{"frames"?: [FRAME], "events"?: [EVENT], "duration_s"?, "config"?}` →
/// `{"category": "visual", "note", "duration_s", "frames", "events", "smile", "gaze",
/// "head_movement", "gestures", "unknown_blendshapes", "warnings", "config"}` (see
/// `docs/visual.md`). Never reports an emotion.
pub fn visual_summary_value(request: &Value) -> Result<Value> {
    let r = parse_request(request)?;
    Ok(summarize(&r.frames, &r.events, r.duration_s, &r.config)?.to_value())
}
