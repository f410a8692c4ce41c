#!/usr/bin/env python3
"""Compares InterviewKit's F0 (YIN, core::voice) with Praat's (parselmouth) on synthetic tones
and on espeak-ng speech.

Usage (from the repository root):

    python3 -m venv /root/.cache/interviewkit/venv-bench   # once
    /root/.cache/interviewkit/venv-bench/bin/pip install praat-parselmouth numpy
    /root/.cache/interviewkit/venv-bench/bin/python bench/voice/compare.py [--keep DIR]

It writes the test audio to a temporary directory (16-bit WAV), runs the Rust example
`core/examples/voice_f0.rs` (release build) on every file, runs Praat's autocorrelation pitch
(`Sound.to_pitch`, 10 ms step, floor 60 Hz, ceiling 500 Hz) on the same files, and prints per
file: both medians, the frame-level median absolute error in Hz over frames both call voiced,
the gross error rate (frames both call voiced where the two differ by more than 20 %) and the
voicing agreement. espeak-ng files are skipped, with a message, when espeak-ng is not installed.
"""

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import wave

import numpy as np

try:
    import parselmouth
except ImportError:  # pragma: no cover - told to the user
    sys.exit("parselmouth is missing: pip install praat-parselmouth (into the bench venv)")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
F0_MIN, F0_MAX = 60.0, 500.0


def write_wav(path, samples, rate):
    pcm = np.clip(np.round(samples * 32767.0), -32768, 32767).astype("<i2")
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(pcm.tobytes())


def tone(f0, rate, seconds=1.0, harmonics=1, amp=0.5):
    t = np.arange(int(rate * seconds)) / rate
    v = sum(np.sin(2 * math.pi * f0 * k * t) / k for k in range(1, harmonics + 1))
    return amp * v / sum(1.0 / k for k in range(1, harmonics + 1))


def make_files(out_dir):
    """(path, kind, expected median or None) for every test file."""
    files = []
    for rate in (8000, 16000, 22050, 44100, 48000):
        for f0 in (100, 150, 220, 300):
            for harmonics in (1, 8):
                path = os.path.join(out_dir, f"tone_{f0}Hz_{harmonics}h_{rate}.wav")
                write_wav(path, tone(f0, rate, harmonics=harmonics), rate)
                files.append((path, "tone", float(f0)))
    # A glide 120 -> 240 Hz over 2 s, and a 220 Hz tone in white noise at 10 dB SNR.
    rate = 16000
    t = np.arange(2 * rate) / rate
    phase = 2 * math.pi * (120 * t + 30 * t * t)
    path = os.path.join(out_dir, "glide_120_240_16000.wav")
    write_wav(path, 0.4 * (np.sin(phase) + 0.5 * np.sin(2 * phase)), rate)
    files.append((path, "glide", 180.0))
    clean = tone(220, rate, seconds=2.0, harmonics=4)
    rng = np.random.default_rng(42)
    noise = rng.uniform(-1, 1, clean.size)
    noise *= math.sqrt(np.mean(clean**2) / 10.0 / np.mean(noise**2))
    path = os.path.join(out_dir, "tone_220Hz_snr10_16000.wav")
    write_wav(path, clean + noise, rate)
    files.append((path, "noisy", 220.0))

    if shutil.which("espeak-ng") is None:
        print("espeak-ng not installed: speech files skipped")
        return files
    speech = [
        ("en", 20, "The quick brown fox jumps over the lazy dog. We will meet again tomorrow."),
        ("en", 50, "The quick brown fox jumps over the lazy dog. We will meet again tomorrow."),
        ("en", 80, "The quick brown fox jumps over the lazy dog. We will meet again tomorrow."),
        ("en-us", 40, "I think, um, the main challenge was scaling the data pipeline."),
        ("cmn", 30, "我们今天讨论一下这个项目的进度，然后决定下一步。"),
        ("cmn", 70, "我觉得这个方案还可以，就是测试还不够。"),
    ]
    for voice, pitch, text in speech:
        path = os.path.join(out_dir, f"espeak_{voice}_p{pitch}.wav")
        subprocess.run(
            ["espeak-ng", "-v", voice, "-p", str(pitch), "-s", "150", "-w", path, text],
            check=True,
        )
        files.append((path, "speech", None))
    return files


def ours(paths):
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "interviewkit-core",
           "--example", "voice_f0", "--"] + paths
    out = subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, text=True).stdout
    return {item["file"]: item for item in json.loads(out)}


def praat(path):
    snd = parselmouth.Sound(path)
    pitch = snd.to_pitch(time_step=0.01, pitch_floor=F0_MIN, pitch_ceiling=F0_MAX)
    times = pitch.xs()
    values = pitch.selected_array["frequency"]  # 0 where unvoiced
    return times, values


def compare(path, mine):
    p_times, p_f0 = praat(path)
    track = mine["track"]
    o_times = np.array([t for t, _ in track]) if track else np.array([])
    o_f0 = np.array([f if f is not None else 0.0 for _, f in track]) if track else np.array([])
    both, either, errors, gross = 0, 0, [], 0
    for t, pf in zip(p_times, p_f0):
        if o_times.size == 0:
            break
        i = int(np.argmin(np.abs(o_times - t)))
        if abs(o_times[i] - t) > 0.006:
            continue
        of = o_f0[i]
        if pf > 0 or of > 0:
            either += 1
        if pf > 0 and of > 0:
            both += 1
            errors.append(abs(of - pf))
            if abs(of - pf) / pf > 0.2:
                gross += 1
    p_voiced = p_f0[p_f0 > 0]
    return {
        "praat_median": float(np.median(p_voiced)) if p_voiced.size else None,
        "ours_median": mine["features"]["f0"]["median_hz"],
        "frame_mae": float(np.median(errors)) if errors else None,
        "ger": gross / both if both else None,
        "voicing_agreement": both / either if either else None,
        "frames_both": both,
    }


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--keep", help="write the audio files here and keep them")
    args = ap.parse_args()
    out_dir = args.keep or tempfile.mkdtemp(prefix="ik-voice-bench-")
    os.makedirs(out_dir, exist_ok=True)
    files = make_files(out_dir)
    mine = ours([p for p, _, _ in files])

    print(f"{'file':34} {'expect':>7} {'praat':>8} {'ours':>8} {'|d| Hz':>7} "
          f"{'frameMAE':>8} {'GER%':>6} {'vAgree':>6}")
    by_kind = {}
    for path, kind, expected in files:
        item = mine[path]
        if "error" in item:
            print(f"{os.path.basename(path):34} error: {item['error']}")
            continue
        r = compare(path, item)
        d = (abs(r["ours_median"] - r["praat_median"])
             if r["ours_median"] is not None and r["praat_median"] is not None else None)
        print(f"{os.path.basename(path):34} {fmt(expected, '7.1f')} {fmt(r['praat_median'], '8.2f')} "
              f"{fmt(r['ours_median'], '8.2f')} {fmt(d, '7.2f')} {fmt(r['frame_mae'], '8.2f')} "
              f"{fmt(r['ger'] and 100 * r['ger'], '6.2f')} {fmt(r['voicing_agreement'], '6.2f')}")
        agg = by_kind.setdefault(kind, {"d": [], "mae": [], "ger": [], "va": [], "exp": []})
        if d is not None:
            agg["d"].append(d)
        if r["frame_mae"] is not None:
            agg["mae"].append(r["frame_mae"])
        if r["ger"] is not None:
            agg["ger"].append(r["ger"])
        if r["voicing_agreement"] is not None:
            agg["va"].append(r["voicing_agreement"])
        if expected is not None and r["ours_median"] is not None:
            agg["exp"].append(abs(r["ours_median"] - expected) / expected)

    print("\nsummary by kind (median over files):")
    for kind, agg in by_kind.items():
        med = lambda v: float(np.median(v)) if v else None  # noqa: E731
        worst = max(agg["exp"]) * 100 if agg["exp"] else None
        print(f"  {kind:7} files={len(agg['va']):2}  |median diff vs Praat| {fmt(med(agg['d']), '.2f')} Hz"
              f"  frame MAE {fmt(med(agg['mae']), '.2f')} Hz  GER {fmt(med(agg['ger']) and 100 * med(agg['ger']), '.2f')} %"
              f"  voicing agreement {fmt(med(agg['va']), '.2f')}"
              + (f"  worst error vs true F0 {worst:.2f} %" if worst is not None else ""))
    if not args.keep:
        shutil.rmtree(out_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
