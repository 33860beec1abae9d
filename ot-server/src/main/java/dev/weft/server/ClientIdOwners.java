package dev.weft.server;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Binds each client id to the user that first used it, so that no other user can submit under it:
 * operations are recognized by {@code (clientId, seq)}, and a user who could speak as another's
 * client id could have that client's next edits refused as duplicates or stale. Applies with
 * token auth only; the binding lives as long as the server process (docs/security.md).
 */
final class ClientIdOwners {
    private final ConcurrentMap<String, String> owners = new ConcurrentHashMap<>();

    /**
     * Binds {@code clientId} to {@code userId} unless another user holds it.
     *
     * @throws ProtocolError {@code FORBIDDEN} if another user holds the client id
     */
    void claim(String clientId, String userId) {
        String owner = owners.putIfAbsent(clientId, userId);
        if (owner != null && !owner.equals(userId)) {
            throw new ProtocolError(ErrorCode.FORBIDDEN, "client id \"" + clientId
                    + "\" belongs to another user; use a client id of your own");
        }
    }
}
