package dev.weft.server.store;

import dev.weft.ot.CommittedOp;

/** The argument checks every store shares, so that each fails with the same message. */
final class Checks {
    private Checks() {}

    static String documentId(String documentId) {
        if (documentId == null || documentId.isEmpty()) {
            throw new IllegalArgumentException("document id must not be empty");
        }
        return documentId;
    }

    static long version(String what, long version) {
        if (version < 0) {
            throw new IllegalArgumentException(what + " must not be negative, was " + version);
        }
        return version;
    }

    static void range(long fromVersion, long toVersion) {
        version("from version", fromVersion);
        version("to version", toVersion);
        if (toVersion < fromVersion) {
            throw new IllegalArgumentException(
                    "to version " + toVersion + " is below from version " + fromVersion);
        }
    }

    static void author(String clientId, long seq) {
        clientId(clientId);
        if (seq < 1) {
            throw new IllegalArgumentException("seq must be at least 1, was " + seq);
        }
    }

    static void clientId(String clientId) {
        if (clientId == null || clientId.isEmpty()) {
            throw new IllegalArgumentException("client id must not be empty");
        }
    }

    static void entry(CommittedOp entry) {
        if (entry == null) {
            throw new IllegalArgumentException("committed op must not be null");
        }
    }

    static void snapshotText(String text) {
        if (text == null) {
            throw new IllegalArgumentException("snapshot text must not be null");
        }
    }

    static void chat(ChatMessage message) {
        if (message == null) {
            throw new IllegalArgumentException("chat message must not be null");
        }
    }

    static void limit(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
    }

    static int positive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, was " + value);
        }
        return value;
    }

    static void oldest(long version, long oldestVersion) {
        if (version < oldestVersion) {
            throw new IllegalArgumentException("version " + version
                    + " is older than " + oldestVersion + ", the oldest version whose operations are kept");
        }
    }
}
