package dev.weft.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The collaborative editor in the browser: the page at {@code /d/{doc}} ({@code /} redirects to
 * {@code /d/notes}), its hashed assets under {@code /assets/}, its service worker
 * {@code /sw.js}, and the client library {@code /weft-client.js}. The files are built from
 * {@code web/} by esbuild into this class's package ({@code editor/}, listed by
 * {@code editor/manifest.json}) and read into memory once. Paths it does not know go to the
 * next handler; unknown {@code /assets/} paths are 404.
 *
 * <p>Caching: assets carry a content hash in their names and are cached for a year; everything
 * else is revalidated each time ({@code no-cache}) against a strong ETag.
 */
final class EditorPage extends Handler.Abstract {
    static final String DEFAULT_DOCUMENT = "notes";
    private static final String BASE = "editor/";
    private static final Pattern DOCUMENT_PATH = Pattern.compile("/d/[A-Za-z0-9._~-]{1,128}");
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";
    private static final String REVALIDATE = "no-cache";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "map", "application/json; charset=utf-8",
            "json", "application/json; charset=utf-8");

    /** One file, ready to send. */
    private record Asset(ByteBuffer body, String contentType, String cacheControl, String etag) {}

    private final Asset shell;
    private final Map<String, Asset> byPath;

    private EditorPage(Asset shell, Map<String, Asset> byPath) {
        this.shell = shell;
        this.byPath = byPath;
    }

    /**
     * The page as built into the classpath, or empty if this build has no editor (no
     * {@code editor/manifest.json} beside this class).
     *
     * @throws UncheckedIOException if the manifest names a file that is missing or unreadable
     */
    static Optional<EditorPage> fromClasspath() {
        byte[] manifest = read("manifest.json", false);
        if (manifest == null) {
            return Optional.empty();
        }
        JsonNode files;
        try {
            files = Json.parse(new String(manifest, StandardCharsets.UTF_8)).path("files");
        } catch (IOException e) {
            throw new UncheckedIOException("the editor's manifest.json is not JSON", e);
        }
        Map<String, Asset> byPath = new HashMap<>();
        Asset shell = null;
        for (JsonNode file : files) {
            String name = file.asText();
            Asset asset = asset(name, read(name, true));
            if (name.equals("index.html")) {
                shell = asset;
            } else {
                byPath.put("/" + name, asset);
            }
        }
        if (shell == null) {
            throw new UncheckedIOException(new IOException("the editor's manifest does not list index.html"));
        }
        return Optional.of(new EditorPage(shell, Map.copyOf(byPath)));
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return false;
        }
        String path = Request.getPathInContext(request);
        if (path.equals("/")) {
            response.setStatus(HttpStatus.FOUND_302);
            response.getHeaders().put(HttpHeader.LOCATION, "/d/" + DEFAULT_DOCUMENT);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, REVALIDATE);
            callback.succeeded();
            return true;
        }
        Asset asset = DOCUMENT_PATH.matcher(path).matches() ? shell : byPath.get(path);
        if (asset == null) {
            if (path.startsWith("/assets/") || path.startsWith("/d/")) {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404,
                        path.startsWith("/d/") ? "a document id is 1 to 128 of [A-Za-z0-9._~-]" : "no such asset");
                return true;
            }
            return false;
        }
        send(request, response, callback, asset, method.equals("HEAD"));
        return true;
    }

    private static void send(Request request, Response response, Callback callback, Asset asset, boolean head) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, asset.cacheControl());
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        String ifNoneMatch = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(asset.etag()) || ifNoneMatch.trim().equals("*"))) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.body().remaining());
        if (head) {
            callback.succeeded();
        } else {
            response.write(true, asset.body().slice(), callback);
        }
    }

    private static Asset asset(String name, byte[] body) {
        String extension = name.substring(name.lastIndexOf('.') + 1);
        String contentType = CONTENT_TYPES.get(extension);
        if (contentType == null) {
            throw new UncheckedIOException(new IOException("the editor's manifest lists " + name
                    + ", of a type the server does not serve (." + extension + ")"));
        }
        String cacheControl = name.startsWith("assets/") ? IMMUTABLE : REVALIDATE;
        return new Asset(ByteBuffer.wrap(body).asReadOnlyBuffer(), contentType, cacheControl, etag(body));
    }

    private static byte[] read(String name, boolean required) {
        try (InputStream in = EditorPage.class.getResourceAsStream(BASE + name)) {
            if (in == null) {
                if (required) {
                    throw new IOException("the editor's manifest lists " + name + ", which is not on the classpath");
                }
                return null;
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
