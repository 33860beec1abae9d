/**
 * What a document does when the server answers its in-flight edit with an error: the decision
 * tables of docs/client.md ("When the server cannot catch the client up"), as the Java client's
 * ErrorRecovery. Answers: `retry` (send the same submission after a delay), `reopen` (reopen from
 * the known version), `landed` (the edit is in the server's text, or refused for good: resync
 * onto the server's text) and `not-landed` (never committed: move it onto the server's text and
 * send it again).
 */

/** The recovery from an error answering the in-flight edit while the document is live. */
export function recoveryWhileLive(code) {
  switch (code) {
    case 'HISTORY_UNAVAILABLE':
    case 'FUTURE_VERSION':
    case 'DOC_NOT_OPEN':
    case 'HELLO_REQUIRED':
      return 'reopen';
    // STALE_SEQ: committed, and its record is gone. The others: refused for good.
    case 'INVALID_OP':
    case 'TOO_LARGE':
    case 'BAD_MESSAGE':
    case 'STALE_SEQ':
      return 'landed';
    // RATE_LIMITED, INTERNAL, and codes of later protocol versions: not committed.
    default:
      return 'retry';
  }
}

/** The recovery from an error answering the probe after a snapshot with `rebase: true`. */
export function recoveryWhileProbing(code) {
  switch (code) {
    // The server looked the seq up, found no record, then refused the base version: never committed.
    case 'HISTORY_UNAVAILABLE':
    case 'FUTURE_VERSION':
      return 'not-landed';
    case 'STALE_SEQ':
    case 'INVALID_OP':
    case 'TOO_LARGE':
    case 'BAD_MESSAGE':
      return 'landed';
    // RATE_LIMITED, INTERNAL, DOC_NOT_OPEN and later codes: nothing was decided.
    default:
      return 'retry';
  }
}
