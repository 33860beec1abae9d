/**
 * UTF-16 offsets (what JavaScript strings, textareas and selections use) against code points
 * (what the protocol and ot-text-unicode use). Text without surrogates, the common case, takes
 * a fast path where both are the same.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

export function hasSurrogates(text) {
  return SURROGATE.test(text);
}

function isHigh(code) {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code) {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * The code-point offset of UTF-16 offset `offset` in `text`. An offset inside a surrogate pair
 * (which editors never produce) counts as the start of the pair.
 */
export function toCodePoints(text, offset) {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
    throw new RangeError(`UTF-16 offset ${offset} is outside a text of ${text.length} units`);
  }
  if (!hasSurrogates(text)) {
    return offset;
  }
  let points = 0;
  for (let i = 0; i < offset; i++) {
    if (isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      if (i + 1 === offset) {
        break;
      }
      i++;
    }
    points++;
  }
  return points;
}

/** The UTF-16 offset of code-point offset `points` in `text`. */
export function toUtf16(text, points) {
  if (!Number.isInteger(points) || points < 0) {
    throw new RangeError(`code-point offset ${points} must be a non-negative integer`);
  }
  if (!hasSurrogates(text)) {
    if (points > text.length) {
      throw new RangeError(`code-point offset ${points} is past the end of a ${text.length}-character text`);
    }
    return points;
  }
  let offset = 0;
  for (let left = points; left > 0; left--) {
    if (offset >= text.length) {
      throw new RangeError(`code-point offset ${points} is past the end of the text`);
    }
    const pair = isHigh(text.charCodeAt(offset)) && isLow(text.charCodeAt(offset + 1));
    offset += pair ? 2 : 1;
  }
  return offset;
}

/** The number of code points in `text`. */
export function codePointLength(text) {
  return hasSurrogates(text) ? toCodePoints(text, text.length) : text.length;
}

/**
 * The operation that replaces UTF-16 range [from, to) of `text` with `insert`, in code points
 * and ot-text-unicode's normal form (the delete carries no text).
 */
export function replaceOp(text, from, to, insert) {
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from <= to && to <= text.length)) {
    throw new RangeError(`range [${from}, ${to}) is not inside a text of ${text.length} UTF-16 units`);
  }
  const start = toCodePoints(text, from);
  const deleted = toCodePoints(text, to) - start;
  const op = [];
  if (start > 0 && (deleted > 0 || insert.length > 0)) {
    op.push(start);
  }
  // The replacement's text goes where the deleted text began, before the delete.
  if (insert.length > 0) {
    op.push(insert);
  }
  if (deleted > 0) {
    op.push({ d: deleted });
  }
  return op;
}

/**
 * The operation that turns `before` into `after`, keeping their common prefix and suffix. A
 * caret at UTF-16 offset `caret` in `after` (where typing left it) places an ambiguous change
 * where it was made: typing "a" into "aa" at the start is an insert at 0, not at 2.
 */
export function diffOp(before, after, caret = after.length) {
  const limit = Math.min(before.length, after.length);
  let suffix = 0;
  const suffixLimit = Math.min(limit, Math.max(0, after.length - caret));
  while (suffix < suffixLimit
      && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) {
    suffix++;
  }
  let prefix = 0;
  while (prefix < limit - suffix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) {
    prefix++;
  }
  // Never cut a surrogate pair in two.
  if (prefix > 0 && isHigh(before.charCodeAt(prefix - 1))) {
    prefix--;
  }
  if (suffix > 0 && isLow(before.charCodeAt(before.length - suffix))) {
    suffix--;
  }
  return replaceOp(before, prefix, before.length - suffix, after.slice(prefix, after.length - suffix));
}
