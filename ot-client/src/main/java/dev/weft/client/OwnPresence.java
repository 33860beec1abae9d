package dev.weft.client;

import java.time.Duration;

/**
 * This user's presence in one document: the status, whether the user has shared anything yet,
 * and the throttled sending. Runs holding the client's lock.
 */
final class OwnPresence {

    /** Sends status and selection if the document is live. */
    interface Sender {
        /** @return whether the selection sent was approximate, so an exact one should follow */
        boolean send(PresenceStatus status);
    }

    private final SelectionThrottle throttle;
    private PresenceStatus status = PresenceStatus.ONLINE;
    private boolean shared;
    private boolean approximate;

    OwnPresence(Scheduler scheduler, Duration interval, Sender sender) {
        this.throttle = new SelectionThrottle(scheduler, interval, () -> approximate = sender.send(status));
    }

    /** The user moved the selection. */
    void selected() {
        shared = true;
        throttle.request();
    }

    void setStatus(PresenceStatus newStatus) {
        if (newStatus == null || newStatus == PresenceStatus.OFFLINE) {
            throw new IllegalArgumentException(
                    "status must be ONLINE or AWAY (the server reports OFFLINE), was " + newStatus);
        }
        status = newStatus;
        shared = true;
        throttle.request();
    }

    /** The document is live again: the others need this user's presence anew. */
    void onLive() {
        if (shared) {
            throttle.request();
        }
    }

    /** Nothing is pending any more: an approximate selection can be made exact. */
    void onSettled() {
        if (approximate) {
            throttle.request();
        }
    }

    void cancel() {
        throttle.cancel();
    }
}
