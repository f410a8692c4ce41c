"""Voice features: pitch, voicing, pauses, speech rate, loudness variation, filler words.

The measurements describe how the speech sounds, never what the speaker feels (no emotion or
affect is inferred). Voice is biometric-adjacent data: run the features through
:func:`interviewkit.policy_check` (category ``voice``) before using them in a decision.

Whole recordings go to :func:`interviewkit.voice_features_wav` (WAV bytes) or
:func:`interviewkit.voice_features` (a JSON request). Live audio goes to a
:class:`VoiceStream`, which accepts chunks as they arrive:

>>> import math, interviewkit
>>> stream = interviewkit.VoiceStream(16000)
>>> for start in range(0, 16000, 1600):
...     stream.push([0.3 * math.sin(2 * math.pi * 220 * i / 16000) for i in range(start, start + 1600)])
>>> features = stream.finish({"transcript": "Um, hello there."})
>>> round(features["f0"]["median_hz"])
220
>>> features["fillers"]["count"]
1
"""

from __future__ import annotations

import array
import sys
from typing import Any, Dict, Iterable, Optional, Union

from ._native import _VoiceStream

__all__ = ["VoiceStream"]

_LITTLE = sys.byteorder == "little"


def _le(buf: "array.array[Any]") -> bytes:
    if not _LITTLE:
        buf = array.array(buf.typecode, buf)
        buf.byteswap()
    return buf.tobytes()


class VoiceStream:
    """A streaming voice analysis of mono audio at ``sample_rate`` Hz (8000–192000).

    ``options`` may hold ``{"config": {...}}`` (see ``docs/voice.md``). Push chunks with
    :meth:`push` (floats on a ±1 scale: lists, ``array('f')``/``array('d')``, numpy float
    arrays) or :meth:`push_i16` (16-bit integers: lists, ``array('h')``, numpy int16 arrays);
    numpy int16 arrays given to :meth:`push` go to :meth:`push_i16`. :meth:`finish` ends the
    stream and returns the features; the GIL is released while a chunk is analysed.
    """

    def __init__(self, sample_rate: int, options: Optional[Dict[str, Any]] = None) -> None:
        self._native = _VoiceStream(sample_rate, options)

    @property
    def samples_received(self) -> int:
        """Samples received so far."""
        return self._native.samples_received

    def push(self, samples: Union[Iterable[float], Any]) -> None:
        """Pushes float samples (full scale ±1); a NaN raises ``InvalidArgument`` naming ``samples[i]``."""
        dtype = getattr(samples, "dtype", None)
        if dtype is not None:  # numpy without importing it
            if str(dtype) == "int16":
                self._native.push_i16_le(samples.astype("<i2", copy=False).tobytes())
            else:
                self._native.push_f32_le(samples.astype("<f4", copy=False).tobytes())
            return
        if isinstance(samples, array.array) and samples.typecode == "h":
            self._native.push_i16_le(_le(samples))
            return
        if isinstance(samples, array.array) and samples.typecode == "f":
            self._native.push_f32_le(_le(samples))
            return
        self._native.push_f32_le(_le(array.array("f", samples)))

    def push_i16(self, samples: Union[Iterable[int], Any]) -> None:
        """Pushes 16-bit integer samples."""
        if getattr(samples, "dtype", None) is not None:
            self._native.push_i16_le(samples.astype("<i2", copy=False).tobytes())
            return
        buf = samples if isinstance(samples, array.array) and samples.typecode == "h" else array.array("h", samples)
        self._native.push_i16_le(_le(buf))

    def finish(self, options: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        """Ends the stream; ``options`` may hold ``transcript`` and timed ``words``. Returns the features."""
        return self._native.finish(options)
