#!/usr/bin/env python3
"""Writes the requests of the voice golden vectors (tests/vectors/voice.json uses them).

Synthetic audio only (the speech case reuses tests/fixtures/voice/espeak_en_p30.wav), so the
expected pitch is known by construction. Run from the repository root:

    python3 tests/vectors/voice/make.py

The expected results in voice.json were checked against the construction (tone frequencies,
pause lengths, filler counts) and then recorded from the core; every face must reproduce them.
"""

import base64
import io
import json
import math
import os
import struct
import wave

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))


def tone(freq, seconds, rate, amp=0.3):
    n = int(round(seconds * rate))
    return [amp * math.sin(2 * math.pi * freq * i / rate) for i in range(n)]


def silence(seconds, rate):
    return [0.0] * int(round(seconds * rate))


def wav_bytes(samples, rate, width=2):
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(width)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(round(max(-1.0, min(1.0, s)) * 32767))) for s in samples))
    return buf.getvalue()


def write(name, request):
    with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
        json.dump(request, f, ensure_ascii=False, separators=(",", ":"))
        f.write("\n")


def main():
    rate = 8000
    # 200 Hz for 1 s, 0.6 s of silence, 150 Hz for 1 s: one pause, median between the two tones.
    audio = tone(200, 1.0, rate) + silence(0.6, rate) + tone(150, 1.0, rate)
    write("tones_pause.request.json", {
        "wav_base64": base64.b64encode(wav_bytes(audio, rate)).decode(),
        "transcript": "嗯，我觉得，那个，我们可以先做，um, like, a prototype.",
    })
    # 16 kHz float samples inline, with timed words: the word-timing speech rate.
    rate16 = 16000
    inline = [round(s, 4) for s in tone(220, 0.3, rate16) + silence(0.3, rate16) + tone(220, 0.3, rate16)]
    write("inline_words.request.json", {
        "samples": inline,
        "sample_rate": rate16,
        "words": [
            {"text": "hello", "start": 0.0, "end": 0.3},
            {"text": "there", "start": 0.6, "end": 0.9},
        ],
    })
    with open(os.path.join(ROOT, "tests/fixtures/voice/espeak_en_p30.wav"), "rb") as f:
        speech = f.read()
    write("espeak_en.request.json", {
        "wav_base64": base64.b64encode(speech).decode(),
        "transcript": "We will meet again tomorrow, I think.",
    })
    # Silence: the documented neutral result (no pitch, no voicing), not an error.
    write("silence.request.json", {"wav_base64": base64.b64encode(wav_bytes(silence(1.0, rate), rate)).decode()})
    # A WAV whose data chunk declares more bytes than the file holds: analysed, with a warning.
    full = wav_bytes(tone(180, 0.5, rate), rate)
    write("truncated.request.json", {"wav_base64": base64.b64encode(full[: len(full) // 2]).decode()})


if __name__ == "__main__":
    main()
