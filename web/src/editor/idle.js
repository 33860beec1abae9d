/**
 * Marks this user `away` after `awayMs` without input (keys, pointer, focus) and `online` again
 * at the next input. Returns the function that stops watching.
 */
export function watchIdle(doc, awayMs, onChange = () => {}) {
  const events = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'focus', 'input'];
  let away = false;
  let timer = null;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      away = true;
      doc.setStatus('away');
      onChange('away');
    }, awayMs);
  };
  const active = () => {
    if (away) {
      away = false;
      doc.setStatus('online');
      onChange('online');
    }
    arm();
  };
  events.forEach((event) => window.addEventListener(event, active, { capture: true, passive: true }));
  arm();
  return () => {
    clearTimeout(timer);
    events.forEach((event) => window.removeEventListener(event, active, { capture: true }));
  };
}
