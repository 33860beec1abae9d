package dev.weft.server;

/**
 * A document as {@code GET /api/docs/{id}} shows it.
 *
 * @param version the latest committed version
 * @param text the document at that version
 */
record DocumentState(long version, String text) {}
