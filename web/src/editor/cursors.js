/**
 * Draws the others' selections and carets in their colours: a mirror of the textarea behind it
 * (the textarea is transparent), laid out with the same font, padding and wrapping, whose text
 * is invisible and whose selected ranges are tinted. Carets carry their owner's name.
 */
export function createCursorOverlay(textarea, mirror, content) {
  let people = [];

  const layout = () => {
    mirror.style.width = `${textarea.clientWidth}px`;
    mirror.style.height = `${textarea.clientHeight}px`;
    content.style.transform = `translateY(${-textarea.scrollTop}px)`;
  };

  const render = () => {
    const text = textarea.value;
    // Every position where something starts or ends, in order.
    const marks = [];
    for (const person of people) {
      const { anchor, focus } = person.selection;
      const from = Math.min(anchor, focus, text.length);
      const to = Math.min(Math.max(anchor, focus), text.length);
      if (from < to) {
        marks.push({ at: from, kind: 'open', person }, { at: to, kind: 'close', person });
      }
      marks.push({ at: Math.min(focus, text.length), kind: 'caret', person });
    }
    marks.sort((a, b) => a.at - b.at || order(a) - order(b));
    const fragment = document.createDocumentFragment();
    const open = new Set();
    let position = 0;
    const flush = (to) => {
      if (to > position) {
        fragment.append(segment(text.slice(position, to), open));
        position = to;
      }
    };
    for (const mark of marks) {
      flush(mark.at);
      if (mark.kind === 'open') {
        open.add(mark.person);
      } else if (mark.kind === 'close') {
        open.delete(mark.person);
      } else {
        fragment.append(caret(mark.person));
      }
    }
    flush(text.length);
    // A trailing newline needs something after it to take up its line.
    fragment.append('\u200b');
    content.replaceChildren(fragment);
    layout();
  };

  const observer = new ResizeObserver(layout);
  observer.observe(textarea);
  textarea.addEventListener('scroll', layout);

  return {
    /** Shows these people (each {clientId, name, color, selection: {anchor, focus}}). */
    update(next) {
      people = next.filter((person) => person.selection);
      render();
    },
    render,
    destroy() {
      observer.disconnect();
      textarea.removeEventListener('scroll', layout);
      content.replaceChildren();
    },
  };
}

function order(mark) {
  return mark.kind === 'close' ? 0 : mark.kind === 'caret' ? 1 : 2;
}

function segment(text, open) {
  if (open.size === 0) {
    return document.createTextNode(text);
  }
  const span = document.createElement('span');
  span.className = 'remote-selection';
  const [first] = open;
  span.style.background = tint(first.color);
  span.textContent = text;
  return span;
}

function caret(person) {
  const span = document.createElement('span');
  span.className = 'remote-caret';
  span.dataset.clientId = person.clientId;
  span.style.setProperty('--caret', person.color);
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = person.name;
  span.append(label);
  return span;
}

/** The colour at a quarter strength, for a selection's background. */
function tint(color) {
  return `color-mix(in srgb, ${color} 28%, transparent)`;
}
