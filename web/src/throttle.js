import { systemTimers } from './timers.js';

/**
 * Leading-and-trailing throttle: the first call after a quiet interval runs at once; calls within
 * the interval are folded into one run at its end, with the latest arguments. `cancel()` drops a
 * pending run and its timer. Used for cursor, presence and typing updates.
 */
export function throttle(fn, intervalMs, timers = systemTimers) {
  let lastRun = -Infinity;
  let timer = null;
  let pendingArgs = null;

  const run = (args) => {
    lastRun = timers.now();
    fn(...args);
  };

  const throttled = (...args) => {
    const now = timers.now();
    if (timer === null && now - lastRun >= intervalMs) {
      run(args);
      return;
    }
    pendingArgs = args;
    if (timer === null) {
      timer = timers.setTimeout(() => {
        timer = null;
        const next = pendingArgs;
        pendingArgs = null;
        if (next) {
          run(next);
        }
      }, Math.max(0, intervalMs - (now - lastRun)));
    }
  };
  throttled.cancel = () => {
    if (timer !== null) {
      timers.clearTimeout(timer);
      timer = null;
    }
    pendingArgs = null;
  };
  throttled.pending = () => timer !== null;
  return throttled;
}
