// Shared by the package's node tests: paths, loading, and the vector pattern rules of
// tests/vectors/README.md.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import * as ik from '../index.js';

/** The repository root (wasm/tests/ is two levels down). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The package, initialised. */
export async function loadPackage() {
  await ik.init();
  return ik;
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Where `actual` fails `pattern` (README "Pattern matching"), as a JSON pointer plus reason,
 * or null when it matches. Objects: every pattern key must match (extra keys allowed); arrays:
 * same length, pairwise; numbers: |a - e| <= 1e-9 * max(1, |e|); other values: equality.
 */
export function mismatch(actual, pattern, pointer = '') {
  if (Array.isArray(pattern)) {
    if (!Array.isArray(actual)) return `${pointer || '/'}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== pattern.length) {
      return `${pointer || '/'}: expected ${pattern.length} elements, got ${actual.length}: ${JSON.stringify(actual)}`;
    }
    for (let i = 0; i < pattern.length; i++) {
      const m = mismatch(actual[i], pattern[i], `${pointer}/${i}`);
      if (m) return m;
    }
    return null;
  }
  if (isObject(pattern)) {
    if (!isObject(actual)) return `${pointer || '/'}: expected an object, got ${JSON.stringify(actual)}`;
    for (const [key, sub] of Object.entries(pattern)) {
      const at = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
      if (!Object.hasOwn(actual, key)) return `${at}: missing`;
      const m = mismatch(actual[key], sub, at);
      if (m) return m;
    }
    return null;
  }
  if (typeof pattern === 'number') {
    if (typeof actual !== 'number') return `${pointer || '/'}: expected number ${pattern}, got ${JSON.stringify(actual)}`;
    return Math.abs(actual - pattern) <= 1e-9 * Math.max(1, Math.abs(pattern))
      ? null
      : `${pointer || '/'}: expected ${pattern}, got ${actual}`;
  }
  return actual === pattern ? null : `${pointer || '/'}: expected ${JSON.stringify(pattern)}, got ${JSON.stringify(actual)}`;
}

/** The error `fn` throws; fails the test when it throws nothing. */
export function thrown(fn) {
  try {
    fn();
  } catch (err) {
    return err;
  }
  assert.fail('expected an error');
}
