//! Visual behaviour summaries: synthetic frame sequences with known smile episodes, gaze ratio,
//! head speed and gesture counts; MediaPipe-shaped input; bad frames; empty input.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests: a failed unwrap is a failed test

use interviewkit_core::visual::{summarize, visual_summary_value, Frame, HeadPose, VisualConfig};
use interviewkit_core::Error;
use serde_json::{json, Value};

fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/visual")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn invalid_name(e: Error) -> String {
    match e {
        Error::InvalidArgument { name, .. } => name,
        other => panic!("expected InvalidArgument, got {other:?}"),
    }
}

/// 60 frames at 10 fps (6 s). Smile score per frame: episodes over frames 5–14 (1.0 s, with a
/// dip to 0.4 at frame 9 that the hysteresis rides over) and 30–34 (0.5 s); a one-frame blip at
/// frame 50 (0.1 s, below `min_smile_s`); 0.45 at frame 20 (below `smile_on`, no episode).
/// Eyes off the camera (eyeLookOutLeft 0.8) on frames 40–54 (15 of 60 → 0.75). Yaw turns 0.5° per
/// frame over frames 0–30 (5 °/s), then stays.
fn synthetic() -> Vec<Value> {
    (0..60)
        .map(|i| {
            let smile = match i {
                9 => 0.4,
                5..=14 | 30..=34 | 50 => 0.8,
                20 => 0.45,
                _ => 0.1,
            };
            let look_out = if (40..55).contains(&i) { 0.8 } else { 0.05 };
            let yaw = 0.5 * f64::from(i.min(30));
            json!({
                "t": f64::from(i) / 10.0,
                "blendshapes": {
                    "mouthSmileLeft": smile, "mouthSmileRight": smile,
                    "eyeLookOutLeft": look_out, "eyeLookInRight": 0.05,
                    "eyeBlinkLeft": 0.1, "jawOpen": 0.2,
                },
                "head_pose": {"yaw": yaw, "pitch": 2.0, "roll": 0.0},
                "gestures": match i { 10..=12 => json!(["Open_Palm"]), 40 => json!(["Thumb_Up"]), 41 => json!(["None"]), _ => json!([]) },
            })
        })
        .collect()
}

#[test]
fn synthetic_sequence_exact_summary() {
    let out = visual_summary_value(&json!({"frames": synthetic()})).unwrap();
    assert_eq!(out["category"], "visual");
    assert_eq!(out["duration_s"], 6.0);
    assert_eq!(
        out["frames"],
        json!({"total": 60, "used": 60, "dropped": 0, "with_pose": 60})
    );
    // Two episodes (1.0 s and 0.5 s); the 0.1 s blip is shorter than min_smile_s (0.25).
    assert_eq!(
        out["smile"],
        json!({"episodes": 2, "total_s": 1.5, "mean_s": 0.75, "max_s": 1.0,
               "per_minute": 20.0, "frames": 60})
    );
    assert_eq!(out["gaze"], json!({"at_camera_ratio": 0.75, "frames": 60}));
    // 30 pairs at 5 °/s and 29 at 0: mean 150/59, p90 5.
    assert_eq!(out["head_movement"]["samples"], 59);
    assert_eq!(out["head_movement"]["mean_deg_s"], 2.5424);
    assert_eq!(out["head_movement"]["p90_deg_s"], 5.0);
    assert_eq!(out["head_movement"]["max_deg_s"], 5.0);
    // Open_Palm (held 3 frames: one onset) and Thumb_Up; "None" is not a gesture.
    assert_eq!(out["gestures"], json!({"count": 2, "per_minute": 20.0}));
    assert_eq!(out["unknown_blendshapes"]["count"], 0);
    assert_eq!(out["warnings"], json!([]));
}

#[test]
fn hysteresis_and_min_duration_are_configurable() {
    let out = visual_summary_value(&json!({
        "frames": synthetic(),
        "config": {"min_smile_s": 0.0, "smile_on": 0.45},
    }))
    .unwrap();
    // Now the blip (0.1 s) and the 0.45 frame (0.1 s) count as well.
    assert_eq!(out["smile"]["episodes"], 4);
    assert_eq!(out["smile"]["total_s"], 1.7);
    // Without hysteresis (off = on), the dip at frame 9 splits the first episode.
    let out = visual_summary_value(&json!({
        "frames": synthetic(),
        "config": {"min_smile_s": 0.0, "smile_on": 0.5, "smile_off": 0.5},
    }))
    .unwrap();
    assert_eq!(out["smile"]["episodes"], 4);
    assert_eq!(out["smile"]["total_s"], 1.5);
}

#[test]
fn smiles_can_be_left_out() {
    let out =
        visual_summary_value(&json!({"frames": synthetic(), "config": {"smiles": false}})).unwrap();
    assert!(out["smile"].is_null());
    assert_eq!(out["gaze"]["at_camera_ratio"], 0.75);
}

#[test]
fn head_beyond_yaw_limit_is_not_at_camera() {
    let frames: Vec<Value> = (0..10)
        .map(|i| {
            json!({"t": f64::from(i) * 0.1, "blendshapes": {"eyeLookUpLeft": 0.1},
                   "head_pose": {"yaw": if i < 4 { 30.0 } else { 0.0 }}})
        })
        .collect();
    let out = visual_summary_value(&json!({"frames": frames})).unwrap();
    assert_eq!(out["gaze"]["at_camera_ratio"], 0.6);
    // One 30° turn in 0.1 s among 9 pairs.
    assert_eq!(out["head_movement"]["max_deg_s"], 300.0);
    assert_eq!(out["head_movement"]["mean_deg_s"], 33.3333);
    // No smile blendshapes at all: a warning, not an error.
    assert_eq!(out["warnings"][0]["code"], "no_smile_data");
    assert_eq!(out["smile"]["episodes"], 0);
}

#[test]
fn mediapipe_shaped_frames() {
    let fx = fixture("mediapipe_frames.json");
    let out = visual_summary_value(&json!({
        "frames": fx["frames"], "config": {"min_smile_s": 0.1},
    }))
    .unwrap();
    assert_eq!(out["duration_s"], 0.5);
    assert_eq!(
        out["frames"],
        json!({"total": 5, "used": 4, "dropped": 1, "with_pose": 4})
    );
    // 0.60 → on, 0.40 stays on (above 0.3), 0.20 ends it: one 0.2 s episode.
    assert_eq!(out["smile"]["episodes"], 1);
    assert_eq!(out["smile"]["total_s"], 0.2);
    assert_eq!(out["smile"]["per_minute"], 120.0);
    assert_eq!(out["gaze"]["at_camera_ratio"], 0.75);
    // 10° yaw steps every 100 ms through scaled, translated matrices; none across the drop.
    assert_eq!(out["head_movement"]["samples"], 2);
    assert_eq!(out["head_movement"]["mean_deg_s"], 100.0);
    assert_eq!(out["gestures"]["count"], 2);
    assert_eq!(out["gestures"]["per_minute"], 240.0);
    assert_eq!(
        out["unknown_blendshapes"],
        json!({"count": 1, "names": ["tongueOut"]})
    );
}

#[test]
fn dropped_frames_end_episodes() {
    let frames: Vec<Value> = (0..10)
        .map(|i| {
            if i == 4 {
                json!({"t": 0.4, "face": false})
            } else {
                json!({"t": f64::from(i) / 10.0,
                       "blendshapes": {"mouthSmileLeft": 0.9, "mouthSmileRight": 0.9}})
            }
        })
        .collect();
    let out = visual_summary_value(&json!({"frames": frames})).unwrap();
    assert_eq!(out["frames"]["dropped"], 1);
    assert_eq!(out["smile"]["episodes"], 2);
    assert_eq!(out["smile"]["total_s"], 0.9);
    assert_eq!(out["smile"]["max_s"], 0.5);
}

#[test]
fn events_only() {
    let out = visual_summary_value(&json!({
        "events": [
            {"type": "gaze_at_camera", "start": 0.0, "end": 45.0},
            {"type": "smile", "start": 10.0, "end": 11.5},
            {"type": "gesture", "t": 12.0, "label": "Open_Palm"},
            {"type": "gesture", "t": 30.0},
            {"type": "smile", "start": 40.0, "end": 40.1},
        ],
        "duration_s": 60.0,
    }))
    .unwrap();
    assert_eq!(out["events"], 5);
    assert_eq!(out["smile"]["episodes"], 1);
    assert_eq!(out["smile"]["total_s"], 1.5);
    assert_eq!(out["gaze"]["at_camera_ratio"], 0.75);
    assert_eq!(out["gestures"], json!({"count": 2, "per_minute": 2.0}));
}

#[test]
fn empty_input_is_neutral_with_a_warning() {
    let out = visual_summary_value(&json!({})).unwrap();
    assert_eq!(out["frames"]["total"], 0);
    assert_eq!(out["smile"]["episodes"], 0);
    assert!(out["smile"]["mean_s"].is_null());
    assert!(out["gaze"]["at_camera_ratio"].is_null());
    assert!(out["head_movement"]["mean_deg_s"].is_null());
    assert_eq!(out["gestures"]["count"], 0);
    assert!(out["gestures"]["per_minute"].is_null());
    assert_eq!(out["warnings"][0]["code"], "empty_input");
    let all_dropped = visual_summary_value(&json!({"frames": [{"t": 0, "face": false}]})).unwrap();
    assert_eq!(all_dropped["warnings"][0]["code"], "no_face");
}

#[test]
fn bad_frames_name_frame_and_field() {
    let mut frames = synthetic();
    frames[3]["blendshapes"]["mouthSmileLeft"] = json!(1.5);
    let e = visual_summary_value(&json!({"frames": frames})).unwrap_err();
    assert_eq!(invalid_name(e), "frames[3].blendshapes.mouthSmileLeft");

    let mut frames = synthetic();
    frames[7]["blendshapes"]["eyeLookOutLeft"] = json!("high");
    let e = visual_summary_value(&json!({"frames": frames})).unwrap_err();
    assert_eq!(invalid_name(e), "frames[7].blendshapes.eyeLookOutLeft");

    let mut frames = synthetic();
    frames[5]["t"] = json!(0.3);
    let e = visual_summary_value(&json!({"frames": frames})).unwrap_err();
    assert_eq!(invalid_name(e), "frames[5].t");

    let mut frames = synthetic();
    frames[2]["t"] = json!(0.1); // equal to frame 1: not strictly increasing
    let e = visual_summary_value(&json!({"frames": frames})).unwrap_err();
    assert_eq!(invalid_name(e), "frames[2].t");

    let mut frames = synthetic();
    frames[1]["head_pose"]["yaw"] = json!(200.0);
    let e = visual_summary_value(&json!({"frames": frames})).unwrap_err();
    assert_eq!(invalid_name(e), "frames[1].head_pose.yaw");

    let e = visual_summary_value(&json!({"frames": [{"t": 0, "emotion": "happy"}]})).unwrap_err();
    assert_eq!(invalid_name(e), "frames[0].emotion");
    let e = visual_summary_value(&json!({"frames": [], "fps": 30})).unwrap_err();
    assert_eq!(invalid_name(e), "fps");
    let e =
        visual_summary_value(&json!({"frames": [{"t": 0, "transform": [1, 2, 3]}]})).unwrap_err();
    assert_eq!(invalid_name(e), "frames[0].transform");
    let e = visual_summary_value(&json!({"events": [
        {"type": "gesture", "t": 5.0}, {"type": "gesture", "t": 1.0}]}))
    .unwrap_err();
    assert_eq!(invalid_name(e), "events[1].t");
    let e = visual_summary_value(&json!({"events": [{"type": "smile", "start": 5.0, "end": 1.0}]}))
        .unwrap_err();
    assert_eq!(invalid_name(e), "events[0].end");
    let e = visual_summary_value(&json!({"frames": synthetic(),
        "events": [{"type": "smile", "start": 1.0, "end": 2.0}]}))
    .unwrap_err();
    assert_eq!(invalid_name(e), "events[0].type");
    let e =
        visual_summary_value(&json!({"config": {"smile_on": 0.2, "smile_off": 0.4}})).unwrap_err();
    assert_eq!(invalid_name(e), "config.smile_off");
}

#[test]
fn nan_through_the_rust_api_names_the_field() {
    let mut frames = vec![Frame {
        t: 0.0,
        face: true,
        blendshapes: vec![("mouthSmileLeft".into(), 0.2)],
        head_pose: None,
        gestures: vec![],
    }];
    frames.push(Frame {
        t: 0.1,
        face: true,
        blendshapes: vec![("eyeLookUpLeft".into(), f64::NAN)],
        head_pose: None,
        gestures: vec![],
    });
    let e = summarize(&frames, &[], None, &VisualConfig::default()).unwrap_err();
    assert_eq!(invalid_name(e), "frames[1].blendshapes.eyeLookUpLeft");
    frames[1].blendshapes.clear();
    frames[1].head_pose = Some(HeadPose::Euler {
        yaw: f64::INFINITY,
        pitch: 0.0,
        roll: 0.0,
    });
    let e = summarize(&frames, &[], None, &VisualConfig::default()).unwrap_err();
    assert_eq!(invalid_name(e), "frames[1].head_pose.yaw");
    frames[1].head_pose = Some(HeadPose::Matrix([f64::NAN; 16]));
    let e = summarize(&frames, &[], None, &VisualConfig::default()).unwrap_err();
    assert_eq!(invalid_name(e), "frames[1].transform[0]");
    frames[1].head_pose = None;
    frames[1].t = f64::NAN;
    let e = summarize(&frames, &[], None, &VisualConfig::default()).unwrap_err();
    assert_eq!(invalid_name(e), "frames[1].t");
}

#[test]
fn unknown_blendshapes_are_ignored_but_counted() {
    let frames: Vec<Value> = (0..3)
        .map(|i| {
            json!({"t": f64::from(i), "blendshapes": {
                "mouthSmileLeft": 0.1, "cheekPuff": 0.0, "tongueOut": 0.3, "Smile": 0.9}})
        })
        .collect();
    let out = visual_summary_value(&json!({"frames": frames})).unwrap();
    assert_eq!(
        out["unknown_blendshapes"],
        json!({"count": 6, "names": ["Smile", "tongueOut"]})
    );
    assert_eq!(out["smile"]["episodes"], 0);
}

fn keys(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                out.push(k.clone());
                keys(x, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
        _ => {}
    }
}

#[test]
fn no_emotion_is_ever_reported_and_output_is_deterministic() {
    let req = json!({"frames": synthetic()});
    let a = visual_summary_value(&req).unwrap();
    let b = visual_summary_value(&req).unwrap();
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let mut ks = Vec::new();
    keys(&a, &mut ks);
    for k in ks {
        for word in [
            "emotion",
            "affect",
            "happy",
            "happiness",
            "valence",
            "arousal",
            "mood",
        ] {
            assert!(!k.to_lowercase().contains(word), "key {k} names an emotion");
        }
    }
    assert!(a["note"].as_str().unwrap().contains("No emotion"));
}
