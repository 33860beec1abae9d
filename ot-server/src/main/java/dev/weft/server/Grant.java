package dev.weft.server;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one verified token allows: who the user is and which documents it may read and write.
 * A pattern is a document id, or a prefix followed by {@code *} ({@code team-*}; {@code *} alone
 * is every document). Writing implies reading.
 *
 * @param userId the token's {@code sub}; null for {@link #ANYONE}
 * @param name the token's {@code name}, or {@code sub} when it has none
 * @param read the patterns of the documents the user may open and read
 * @param write the patterns of the documents the user may also change and chat in
 * @param expiresAt the token's {@code exp}; null for {@link #ANYONE}
 */
record Grant(String userId, String name, List<String> read, List<String> write, Instant expiresAt) {
    /** A server without auth: everyone may do everything, and nothing expires. */
    static final Grant ANYONE = new Grant(null, null, List.of("*"), List.of("*"), null);
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._~-]{0,128}\\*?");

    /** Whether the user may open, read and follow {@code doc}. */
    boolean canRead(String doc) {
        return canWrite(doc) || matchesAny(read, doc);
    }

    /** Whether the user may submit to {@code doc} and chat in it. */
    boolean canWrite(String doc) {
        return matchesAny(write, doc);
    }

    /** Whether the token has expired at {@code now}. */
    boolean expired(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }

    /** Whether this grant comes from a token; {@link #ANYONE} does not. */
    boolean authenticated() {
        return userId != null;
    }

    static void checkPattern(String pattern) {
        if (pattern.isEmpty() || !PATTERN.matcher(pattern).matches()) {
            throw new ProtocolError(ErrorCode.AUTH_FAILED, "\"" + ClientMessage.abbreviate(pattern)
                    + "\" is not a document id or a prefix ending in *");
        }
    }

    private static boolean matchesAny(List<String> patterns, String doc) {
        for (String pattern : patterns) {
            if (pattern.endsWith("*") ? doc.startsWith(pattern.substring(0, pattern.length() - 1)) : doc.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
