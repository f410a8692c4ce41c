// Errors that cross the WebAssembly boundary. The Rust side (wasm/src/lib.rs) imports this
// module verbatim (`raw_module = "../errors.js"`), so the class it constructs is the very class
// index.js re-exports and `instanceof InterviewKitError` holds.

/**
 * Every error InterviewKit throws: a real `Error` whose `name` is the core's `ErrorCode` name
 * (`"InvalidJson"`) and whose `code` is its number (4). `issues` lists every validation problem
 * for `InvalidDocument` and is empty otherwise.
 */
export class InterviewKitError extends Error {
  /**
   * @param {string} name ErrorCode name, from the core.
   * @param {number} code ErrorCode number, from the core.
   * @param {string} message English message naming the field and what was expected.
   * @param {string | Array<object>} [issues] issue list, or its JSON text (from Rust).
   * @param {{cause?: unknown}} [options]
   */
  constructor(name, code, message, issues = [], options = undefined) {
    super(message, options);
    Object.defineProperty(this, 'name', { value: name, enumerable: false, writable: true, configurable: true });
    this.code = code;
    this.issues = typeof issues === 'string' ? JSON.parse(issues) : issues;
  }
}

let lastPanic = null;

/** Called by the Rust panic hook just before the trap; see index.js `guard`. */
export function recordPanic(message) {
  lastPanic = String(message);
}

/** The message of the panic that caused the latest trap, once. */
export function takePanicMessage() {
  const message = lastPanic;
  lastPanic = null;
  return message;
}
