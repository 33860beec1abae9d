package dev.weft.server.store;

import java.time.Instant;

/**
 * One line of {@link DocumentStore#list}, as {@code weft inspect} shows it.
 *
 * @param id the document's id
 * @param version the latest committed version
 * @param length the document's length at {@code version}, in code points
 * @param lastChange when the latest operation was committed (when the document was created, if
 *     it has none)
 */
public record DocumentSummary(String id, long version, long length, Instant lastChange) {
    /** Checks the values up front. */
    public DocumentSummary {
        Checks.documentId(id);
        Checks.version("version", version);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative, was " + length);
        }
        if (lastChange == null) {
            throw new IllegalArgumentException("last change time must not be null");
        }
    }
}
