package dev.weft.server;

import java.util.Objects;

/**
 * What one connection's token allows, checked on each of its messages (docs/security.md): set at
 * {@code hello}, replaced by {@code auth}, and asked before every document action. Without token
 * auth the grant is {@link Grant#ANYONE}.
 */
final class ConnectionGrant {
    private final Access access;
    private final String cookieToken;
    private volatile Grant grant;

    /** @param cookieToken the upgrade request's cookie token, used when hello carries none; null if none */
    ConnectionGrant(Access access, String cookieToken) {
        this.access = access;
        this.cookieToken = cookieToken;
    }

    /**
     * Verifies the hello's token (or else the cookie's) and binds the client id to its user.
     *
     * @throws ProtocolError {@code AUTH_REQUIRED}, {@code AUTH_FAILED}, {@code TOKEN_EXPIRED}, or
     *     {@code FORBIDDEN} for another user's client id
     */
    Grant authenticate(String helloToken, String clientId) {
        Grant verified = access.verify(helloToken != null ? helloToken : cookieToken);
        access.claimClientId(clientId, verified);
        grant = verified;
        return verified;
    }

    /**
     * Replaces the grant with a fresh token's, which must name the same user.
     *
     * @throws ProtocolError as {@link #authenticate}, or {@code FORBIDDEN} for another user's token
     */
    Grant renew(String token) {
        Grant renewed = access.verify(token);
        if (!Objects.equals(renewed.userId(), grant.userId())) {
            throw new ProtocolError(ErrorCode.FORBIDDEN, "the token is another user's; a connection keeps its user"
                    + " (reconnect to change user)");
        }
        grant = renewed;
        return renewed;
    }

    /** @throws ProtocolError {@code TOKEN_EXPIRED} once the token has expired */
    void requireUnexpired() {
        if (grant.expired(access.now())) {
            throw new ProtocolError(ErrorCode.TOKEN_EXPIRED, "the token expired at " + grant.expiresAt()
                    + "; send an auth message with a fresh token");
        }
    }

    /** Whether the token expired more than {@code graceMillis} ago; false before hello. */
    boolean expiredLongAgo(long graceMillis) {
        Grant current = grant;
        return current != null && current.expired(access.now().minusMillis(graceMillis));
    }

    /** @throws ProtocolError {@code FORBIDDEN} without the read right */
    void requireRead(String doc) {
        if (!grant.canRead(doc)) {
            throw new ProtocolError(ErrorCode.FORBIDDEN, "the token gives no access to document \"" + doc + "\"");
        }
    }

    /** @throws ProtocolError {@code FORBIDDEN} without the write right; {@code action} completes "may not ..." */
    void requireWrite(String doc, String action) {
        if (!grant.canWrite(doc)) {
            throw new ProtocolError(ErrorCode.FORBIDDEN, "the token does not let this user " + action
                    + " document \"" + doc + "\" (read only)");
        }
    }
}
