// Voice features in the package: computed on the device from WAV bytes or streamed chunks, the
// same numbers as natively (the golden vectors pin them), bad input as clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, loadPackage, thrown } from './helpers.mjs';

const ik = await loadPackage();
const RATE = 8000;
const tone = (freq, seconds) =>
  Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => 0.3 * Math.sin((2 * Math.PI * freq * i) / RATE));

test('a stream fed Float32Array, Int16Array and plain arrays equals the one-shot analysis', () => {
  const a = tone(200, 1);
  const gap = new Int16Array(RATE / 2);
  const b = Array.from(tone(150, 1));
  const stream = new ik.VoiceStream(RATE);
  stream.push(a);
  stream.push(gap);
  stream.push(b);
  assert.equal(stream.samplesReceived, a.length + gap.length + b.length);
  const streamed = stream.finish({ transcript: '嗯，我想，um, 可以。' });
  stream.free();
  const whole = ik.voiceFeatures({ samples: [...a, ...gap, ...b], sample_rate: RATE, transcript: '嗯，我想，um, 可以。' });
  assert.equal(streamed.pauses.count, 1);
  assert.ok(Math.abs(streamed.pauses.total_s - 0.5) < 0.02);
  assert.ok(Math.abs(streamed.f0.p95_hz - 200) < 1 && Math.abs(streamed.f0.p5_hz - 150) < 1);
  assert.deepEqual(streamed.fillers, whole.fillers);
  assert.equal(streamed.fillers.count, 2);
  assert.ok(Math.abs(streamed.f0.median_hz - whole.f0.median_hz) < 0.01);
});

test('WAV bytes from a file give the same result as the JSON request', () => {
  const wav = new Uint8Array(readFileSync(join(ROOT, 'tests/fixtures/voice/espeak_en_p30.wav')));
  const direct = ik.voiceFeaturesWav(wav, { transcript: 'We will meet again tomorrow, I think.' });
  const viaRequest = ik.voiceFeatures({ wav_base64: Buffer.from(wav).toString('base64'), transcript: 'We will meet again tomorrow, I think.' });
  assert.deepEqual(direct, viaRequest);
  assert.equal(direct.category, 'voice');
  // espeak-ng at pitch 30; Praat finds 79.44 Hz on this file (tests/fixtures/voice/reference.json).
  assert.ok(Math.abs(direct.f0.median_hz - 79.44) < 2.5, String(direct.f0.median_hz));
});

test('bad audio, rates, options and used-up streams are clear errors', () => {
  assert.match(thrown(() => new ik.VoiceStream(4000)).message, /sample_rate/);
  assert.match(thrown(() => new ik.VoiceStream(8000.5)).message, /sample_rate/);
  const s = new ik.VoiceStream(RATE);
  s.push(new Float32Array([0, 0.1]));
  const nan = thrown(() => s.push(new Float32Array([0, NaN])));
  assert.equal(nan.name, 'InvalidArgument');
  assert.match(nan.message, /samples\[3\]/);
  assert.match(thrown(() => s.push('loud')).message, /samples/);
  assert.match(thrown(() => s.finish({ transcrpt: 'x' })).message, /transcrpt/);
  s.finish();
  assert.match(thrown(() => s.finish()).message, /stream/);
  s.free();
  assert.match(thrown(() => s.push(new Float32Array(1))).message, /freed/);
  assert.match(thrown(() => ik.voiceFeaturesWav(new Uint8Array([0x52, 0x49, 0x46, 0x46]))).message, /wav/);
  assert.match(thrown(() => ik.voiceFeaturesWav('RIFF')).message, /bytes/);
  // The module is still healthy after all of that.
  assert.equal(ik.voiceFeatures({ samples: Array.from(tone(200, 0.3)), sample_rate: RATE }).f0.voiced_frames > 0, true);
});
