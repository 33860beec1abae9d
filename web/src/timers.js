/**
 * The clock and timers the library uses, passed in so that tests can run them by hand. Every
 * timer the library starts goes through one of these objects, which is how `close()` is shown to
 * leave none behind.
 */
export const systemTimers = Object.freeze({
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle),
});
