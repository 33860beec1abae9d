import { throttle } from '../throttle.js';

/**
 * Keeps a textarea and a WeftDocument in step: typing becomes edits (a diff of the old and new
 * value, placed by the caret), remote changes update the value without moving the user's
 * selection or scroll, the selection is shared (throttled by the document), and the undo keys
 * and the browser's own undo (Edit menu) take back this user's edits only.
 *
 * @returns a function that undoes the binding
 */
export function bindTextarea(textarea, doc, { onActivity = () => {} } = {}) {
  const cleanups = [];
  const listen = (target, event, handler) => {
    target.addEventListener(event, handler);
    cleanups.push(() => target.removeEventListener(event, handler));
  };

  textarea.value = doc.text;
  textarea.disabled = false;
  textarea.placeholder = 'Type here. Everyone in this document sees it as you type.';

  const shareSelection = () => {
    const backward = textarea.selectionDirection === 'backward';
    const { selectionStart: start, selectionEnd: end } = textarea;
    doc.select(backward ? end : start, backward ? start : end);
  };

  listen(textarea, 'input', () => {
    if (textarea.value !== doc.text) {
      doc.setText(textarea.value, textarea.selectionEnd);
      doc.typed();
    }
    shareSelection();
    onActivity();
  });
  const selectionChanged = throttle(shareSelection, 50);
  cleanups.push(() => selectionChanged.cancel());
  listen(document, 'selectionchange', () => {
    if (document.activeElement === textarea) {
      selectionChanged();
    }
  });
  listen(textarea, 'keydown', (event) => {
    const mod = event.ctrlKey || event.metaKey;
    const key = event.key.toLowerCase();
    if (mod && !event.altKey && key === 'z') {
      event.preventDefault();
      event.shiftKey ? doc.redo() : doc.undo();
    } else if (mod && !event.altKey && !event.shiftKey && key === 'y') {
      event.preventDefault();
      doc.redo();
    }
  });
  // The browser's own history (Edit menu, context menu) would undo others' edits too.
  listen(textarea, 'beforeinput', (event) => {
    if (event.inputType === 'historyUndo' || event.inputType === 'historyRedo') {
      event.preventDefault();
      event.inputType === 'historyUndo' ? doc.undo() : doc.redo();
    }
  });

  cleanups.push(doc.on('change', (change) => {
    const { scrollTop } = textarea;
    const focused = document.activeElement === textarea;
    let start;
    let end;
    if (change.caret !== null) {
      start = end = change.caret;
    } else {
      start = change.mapPosition(textarea.selectionStart);
      end = change.mapPosition(textarea.selectionEnd);
    }
    const direction = textarea.selectionDirection;
    textarea.value = change.text;
    if (focused || change.caret !== null) {
      textarea.setSelectionRange(start, end, direction);
    }
    textarea.scrollTop = scrollTop;
    if (change.caret !== null) {
      shareSelection();
    }
  }));

  return () => cleanups.forEach((cleanup) => cleanup());
}
