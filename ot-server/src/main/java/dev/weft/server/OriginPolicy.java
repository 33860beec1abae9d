package dev.weft.server;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Which web pages may open a WebSocket to the server or call its HTTP API from a browser, by the
 * {@code Origin} header browsers send. A request without {@code Origin} is not from a browser page
 * (a native client, curl) and passes: the check exists because a browser attaches the user's
 * cookies to a cross-site WebSocket (cross-site WebSocket hijacking), and non-browser clients
 * carry no one else's cookies.
 *
 * <p>With no configured origins, a page from the server's own host and port, or from a loopback
 * address ({@code localhost}, {@code 127.0.0.1}, {@code [::1]}, any port), passes. Configured
 * origins replace that default: each is an exact origin such as {@code https://app.example.com}
 * (scheme, host and port compared), or {@code *} for every origin.
 */
final class OriginPolicy {
    private final List<String> allowed;

    /** @param allowed exact origins, or {@code *}; empty for the default */
    OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).toList();
    }

    /**
     * Whether a request with this {@code Origin} header to this {@code Host} header is allowed.
     *
     * @param origin the {@code Origin} header, or null
     * @param host the {@code Host} header (the authority the browser connected to), or null
     */
    boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin);
        if (!allowed.isEmpty()) {
            return allowed.contains("*") || allowed.contains(normalized);
        }
        URI uri = parse(normalized);
        if (uri == null || uri.getHost() == null) {
            return false;
        }
        String originHost = uri.getHost();
        if (originHost.equals("localhost") || originHost.equals("127.0.0.1") || originHost.equals("[::1]")) {
            return true;
        }
        String authority = uri.getPort() < 0 ? originHost : originHost + ":" + uri.getPort();
        return host != null && (authority.equalsIgnoreCase(host) || authority.equalsIgnoreCase(withDefaultPort(uri, host)));
    }

    /** A Host header without a port means the scheme's default port, which an Origin leaves out. */
    private static String withDefaultPort(URI origin, String host) {
        int defaultPort = "https".equals(origin.getScheme()) ? 443 : "http".equals(origin.getScheme()) ? 80 : -1;
        String suffix = ":" + defaultPort;
        return host.endsWith(suffix) ? host.substring(0, host.length() - suffix.length()) : host;
    }

    private static String normalize(String origin) {
        String trimmed = origin.trim().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    private static URI parse(String origin) {
        try {
            return new URI(origin);
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
