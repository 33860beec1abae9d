package dev.weft.server;

import java.time.Instant;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

/**
 * Who may do what on one running server: the token check (absent when auth is off), the origin
 * allow-list, the per-address limits and the client-id bindings. docs/security.md is the
 * operator's view of the same rules.
 */
final class Access {
    private static final String BEARER = "Bearer ";

    private final TokenAuth auth;
    private final OriginPolicy origins;
    private final AddressLimits addresses;
    private final ClientIdOwners clientIds = new ClientIdOwners();

    Access(ServerConfig config) {
        this.auth = config.tokenAuth();
        this.origins = new OriginPolicy(config.allowedOrigins());
        this.addresses = new AddressLimits(config.maxConnectionsPerAddress(), config.messagesPerSecondPerAddress());
    }

    boolean enabled() {
        return auth != null;
    }

    AddressLimits addresses() {
        return addresses;
    }

    Instant now() {
        return auth == null ? Instant.now() : auth.clock().instant();
    }

    /**
     * The grant of a token; without auth, {@link Grant#ANYONE} whatever the token.
     *
     * @throws ProtocolError {@code AUTH_REQUIRED} without a token, {@code AUTH_FAILED} or
     *     {@code TOKEN_EXPIRED} for a token that does not verify
     */
    Grant verify(String token) {
        if (auth == null) {
            return Grant.ANYONE;
        }
        if (token == null || token.isEmpty()) {
            throw new ProtocolError(ErrorCode.AUTH_REQUIRED, "this server requires a token: send it in hello's"
                    + " token field, or in the " + TokenAuth.COOKIE + " cookie");
        }
        return auth.verify(token);
    }

    /** Binds the client id to the grant's user; nothing to bind without auth. */
    void claimClientId(String clientId, Grant grant) {
        if (grant.authenticated()) {
            clientIds.claim(clientId, grant.userId());
        }
    }

    /**
     * Checks an HTTP request (a WebSocket upgrade or an API call) before anything else reads it:
     * no token in the URL, an allowed origin.
     *
     * @throws ProtocolError {@code BAD_MESSAGE} for a token in the query, {@code FORBIDDEN} for
     *     a refused origin
     */
    void checkRequest(Request request) {
        Fields query;
        try {
            query = Request.extractQueryParameters(request);
        } catch (RuntimeException e) {
            // Jetty refuses bad percent-encoding and the like with an unchecked exception of its own.
            throw ProtocolError.badMessage("the query string is malformed: " + e.getMessage());
        }
        if (query.get("token") != null || query.get("access_token") != null) {
            throw ProtocolError.badMessage("a token in the URL is refused (URLs end up in logs and"
                    + " histories): send it in the Authorization header, a cookie or the hello message");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (!origins.allows(origin, request.getHeaders().get(HttpHeader.HOST))) {
            throw new ProtocolError(ErrorCode.FORBIDDEN, "origin " + ClientMessage.abbreviate(origin)
                    + " is not allowed to use this server");
        }
    }

    /** The token of an HTTP request: the {@code Authorization: Bearer} header, else the cookie; null if none. */
    static String requestToken(Request request) {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return authorization.substring(BEARER.length()).trim();
        }
        return cookieToken(request);
    }

    /** The token in the {@link TokenAuth#COOKIE} cookie; null if none. */
    static String cookieToken(Request request) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(TokenAuth.COOKIE)) {
                return cookie.getValue();
            }
        }
        return null;
    }
}
