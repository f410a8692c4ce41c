"""Voice features through the Python face: WAV bytes, the JSON request, the streaming class."""

from __future__ import annotations

import array
import io
import math
import struct
import wave

import pytest

import interviewkit


def tone(freq: float, seconds: float, rate: int, amp: float = 0.3) -> list:
    return [amp * math.sin(2 * math.pi * freq * i / rate) for i in range(int(seconds * rate))]


def wav(samples: list, rate: int) -> bytes:
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(b"".join(struct.pack("<h", int(round(s * 32767))) for s in samples))
    return buf.getvalue()


AUDIO = tone(200, 1.0, 8000) + [0.0] * 4800 + tone(150, 1.0, 8000)


def test_wav_bytes_give_pitch_pauses_and_fillers() -> None:
    out = interviewkit.voice_features_wav(wav(AUDIO, 8000), {"transcript": "嗯，那个，we can, um, start."})
    assert out["category"] == "voice"
    assert abs(out["f0"]["p5_hz"] - 150) < 1 and abs(out["f0"]["p95_hz"] - 200) < 1
    assert out["pauses"]["count"] == 1 and abs(out["pauses"]["total_s"] - 0.6) < 0.02
    assert out["fillers"]["by_form"] == {"嗯": 1, "那个": 1, "um": 1}
    # The same audio through the JSON request gives the same answer.
    import base64

    request = {"wav_base64": base64.b64encode(wav(AUDIO, 8000)).decode(), "transcript": "嗯，那个，we can, um, start."}
    assert interviewkit.voice_features(request) == out


def test_stream_accepts_lists_arrays_and_int16_and_equals_one_shot() -> None:
    one_shot = interviewkit.voice_features({"samples": AUDIO, "sample_rate": 8000})
    stream = interviewkit.VoiceStream(8000)
    third = len(AUDIO) // 3
    stream.push(AUDIO[:third])  # a list of floats
    stream.push(array.array("f", AUDIO[third : 2 * third]))  # float32 array
    stream.push(array.array("d", AUDIO[2 * third :]))  # float64 array, converted
    assert stream.samples_received == len(AUDIO)
    streamed = stream.finish()
    assert abs(streamed["f0"]["median_hz"] - one_shot["f0"]["median_hz"]) < 0.01
    assert streamed["pauses"] == one_shot["pauses"]

    ints = interviewkit.VoiceStream(8000)
    ints.push_i16([int(s * 32767) for s in AUDIO])
    assert abs(ints.finish()["f0"]["p95_hz"] - 200) < 1


def test_stream_errors_name_the_field_and_never_crash() -> None:
    with pytest.raises(interviewkit.InvalidArgument, match="sample_rate"):
        interviewkit.VoiceStream(4000)
    with pytest.raises(interviewkit.InvalidArgument, match="sample_rate"):
        interviewkit.VoiceStream(-1)
    with pytest.raises(interviewkit.InvalidArgument, match="config.f0_min"):
        interviewkit.VoiceStream(8000, {"config": {"f0_min": 10}})
    stream = interviewkit.VoiceStream(8000)
    stream.push([0.0, 0.1])
    with pytest.raises(interviewkit.InvalidArgument, match=r"samples\[3\]"):
        stream.push([0.0, float("nan")])
    with pytest.raises(interviewkit.InvalidArgument, match="transcrpt"):
        stream.finish({"transcrpt": "typo"})
    stream.finish({"transcript": "ok"})  # still usable after the typo
    with pytest.raises(interviewkit.InvalidArgument, match="stream"):
        stream.finish()
    with pytest.raises(interviewkit.InvalidArgument, match="data"):
        interviewkit.voice_features_wav("not bytes")  # type: ignore[arg-type]
    with pytest.raises(interviewkit.InvalidArgument, match="wav"):
        interviewkit.voice_features_wav(b"RIFF\x24\x00\x00\x00WAVEfmt ")
