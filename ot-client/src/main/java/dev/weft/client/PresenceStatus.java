package dev.weft.client;

/** A participant's status in a document, as the protocol's {@code presence.status} names it. */
public enum PresenceStatus {
    /** Has the document open and is active. */
    ONLINE("online"),
    /** Has the document open but is not active (an application sets this, e.g. on blur). */
    AWAY("away"),
    /** Closed the document, disconnected or missed its heartbeats: reported by the server only. */
    OFFLINE("offline");

    private final String wire;

    PresenceStatus(String wire) {
        this.wire = wire;
    }

    /** The protocol's name for this status. */
    String wire() {
        return wire;
    }

    /** The status the protocol names {@code wire}; unknown names read as {@link #ONLINE}, to allow later additions. */
    static PresenceStatus fromWire(String wire) {
        for (PresenceStatus status : values()) {
            if (status.wire.equals(wire)) {
                return status;
            }
        }
        return ONLINE;
    }
}
