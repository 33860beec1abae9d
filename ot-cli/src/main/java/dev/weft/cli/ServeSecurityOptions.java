package dev.weft.cli;

import dev.weft.server.ServerConfig;
import dev.weft.server.TokenAuth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of {@code weft serve} for auth, origins, TLS and limits (docs/security.md). Every
 * option also reads an environment variable; secrets come only from files or the environment,
 * never from the command line, where other users of the machine could read them.
 */
final class ServeSecurityOptions {
    static final String SECRET_ENV = "WEFT_TOKEN_SECRET";
    static final String TLS_PASSWORD_ENV = "WEFT_TLS_PASSWORD";

    @Option(names = "--token-secret-file", paramLabel = "FILE", defaultValue = "${env:WEFT_TOKEN_SECRET_FILE}",
            description = "accept HS256 tokens signed with the secret in FILE (its bytes, a final newline"
                    + " removed; at least 32 bytes). Env: WEFT_TOKEN_SECRET_FILE, or the secret itself in " + SECRET_ENV)
    private Path secretFile;

    @Option(names = "--token-public-key", paramLabel = "FILE", defaultValue = "${env:WEFT_TOKEN_PUBLIC_KEY_FILE}",
            description = "accept RS256 tokens verified with the RSA public key in FILE (PEM, as"
                    + " `openssl rsa -pubout` writes it). Env: WEFT_TOKEN_PUBLIC_KEY_FILE")
    private Path publicKeyFile;

    @Option(names = "--token-issuer", paramLabel = "ISS", defaultValue = "${env:WEFT_TOKEN_ISSUER}",
            description = "require tokens' iss to be ISS. Env: WEFT_TOKEN_ISSUER")
    private String issuer;

    @Option(names = "--token-audience", paramLabel = "AUD", defaultValue = "${env:WEFT_TOKEN_AUDIENCE}",
            description = "require tokens' aud to name AUD. Env: WEFT_TOKEN_AUDIENCE")
    private String audience;

    @Option(names = "--allowed-origin", paramLabel = "ORIGIN", split = ",", defaultValue = "${env:WEFT_ALLOWED_ORIGINS}",
            description = "a browser origin allowed to connect (scheme://host[:port], or *); repeat or separate"
                    + " with commas. Default: the server's own origin and loopback pages. Env: WEFT_ALLOWED_ORIGINS")
    private List<String> allowedOrigins;

    @Option(names = "--insecure", defaultValue = "${env:WEFT_INSECURE:-false}",
            description = "allow listening on a non-loopback address without token auth: anyone who can"
                    + " reach the port may read and change every document. Env: WEFT_INSECURE=true")
    private boolean insecure;

    @Option(names = "--tls-keystore", paramLabel = "FILE", defaultValue = "${env:WEFT_TLS_KEYSTORE}",
            description = "serve TLS (wss://, https://) with the certificate and key in FILE (PKCS#12 or JKS)."
                    + " Env: WEFT_TLS_KEYSTORE")
    private Path keyStore;

    @Option(names = "--tls-password-file", paramLabel = "FILE", defaultValue = "${env:WEFT_TLS_PASSWORD_FILE}",
            description = "the key store's password, in FILE (a final newline removed). Env:"
                    + " WEFT_TLS_PASSWORD_FILE, or the password itself in " + TLS_PASSWORD_ENV)
    private Path keyStorePasswordFile;

    @Option(names = "--max-message-bytes", paramLabel = "N", defaultValue = "${env:WEFT_MAX_MESSAGE_BYTES:-1048576}",
            description = "the largest WebSocket message or HTTP body, in bytes (default: ${DEFAULT-VALUE})")
    private int maxMessageBytes;

    @Option(names = "--max-op-components", paramLabel = "N", defaultValue = "${env:WEFT_MAX_OP_COMPONENTS:-10000}",
            description = "the most components one operation may have (default: ${DEFAULT-VALUE})")
    private int maxOpComponents;

    @Option(names = "--max-document-length", paramLabel = "N", defaultValue = "${env:WEFT_MAX_DOCUMENT_LENGTH:-10000000}",
            description = "the longest a document may become, in code points (default: ${DEFAULT-VALUE})")
    private int maxDocumentLength;

    @Option(names = "--messages-per-second", paramLabel = "N", defaultValue = "${env:WEFT_MESSAGES_PER_SECOND:-200}",
            description = "messages one connection may send per second (default: ${DEFAULT-VALUE})")
    private int messagesPerSecond;

    @Option(names = "--messages-per-second-per-address", paramLabel = "N",
            defaultValue = "${env:WEFT_MESSAGES_PER_SECOND_PER_ADDRESS:-1000}",
            description = "messages and HTTP requests per second from one address, all its connections"
                    + " together (default: ${DEFAULT-VALUE})")
    private int messagesPerSecondPerAddress;

    @Option(names = "--max-connections-per-address", paramLabel = "N",
            defaultValue = "${env:WEFT_MAX_CONNECTIONS_PER_ADDRESS:-64}",
            description = "WebSockets and event streams one address may hold open (default: ${DEFAULT-VALUE})")
    private int maxConnectionsPerAddress;

    @Option(names = "--max-open-documents", paramLabel = "N", defaultValue = "${env:WEFT_MAX_OPEN_DOCUMENTS:-256}",
            description = "documents one connection may have open at once (default: ${DEFAULT-VALUE})")
    private int maxOpenDocuments;

    @Option(names = "--max-queued-bytes", paramLabel = "N", defaultValue = "${env:WEFT_MAX_QUEUED_BYTES:-16777216}",
            description = "bytes waiting to be sent to one client before it is dropped as not reading"
                    + " (default: ${DEFAULT-VALUE})")
    private long maxQueuedBytes;

    /** Where the secrets come from when no file is named; tests replace it. */
    Map<String, String> environment = System.getenv();

    boolean tlsEnabled() {
        return keyStore != null;
    }

    /**
     * Applies the options to {@code config}.
     *
     * @throws BadInputException naming the file or value at fault
     */
    ServerConfig.Builder applyTo(ServerConfig.Builder config) {
        config.tokenAuth(tokenAuth()).insecure(insecure)
                .allowedOrigins(allowedOrigins == null ? List.of() : allowedOrigins.stream().map(String::trim)
                        .filter(origin -> !origin.isEmpty()).toList())
                .maxMessageBytes(maxMessageBytes).maxOpComponents(maxOpComponents).maxDocumentLength(maxDocumentLength)
                .messagesPerSecond(messagesPerSecond).messagesPerSecondPerAddress(messagesPerSecondPerAddress)
                .maxConnectionsPerAddress(maxConnectionsPerAddress).maxOpenDocuments(maxOpenDocuments)
                .maxQueuedBytes(maxQueuedBytes);
        if (keyStore != null) {
            String password = keyStorePasswordFile != null
                    ? new String(secret(keyStorePasswordFile, "key store password"), StandardCharsets.UTF_8)
                    : environment.get(TLS_PASSWORD_ENV);
            if (password == null) {
                throw new BadInputException("--tls-keystore needs its password: --tls-password-file FILE or "
                        + TLS_PASSWORD_ENV);
            }
            if (!Files.isReadable(keyStore)) {
                throw new BadInputException("cannot read the key store " + keyStore);
            }
            config.tls(keyStore, password);
        }
        return config;
    }

    private TokenAuth tokenAuth() {
        byte[] secret = secretFile != null ? secret(secretFile, "token secret")
                : environment.get(SECRET_ENV) != null ? environment.get(SECRET_ENV).getBytes(StandardCharsets.UTF_8) : null;
        if (secret == null && publicKeyFile == null) {
            if (issuer != null || audience != null) {
                throw new BadInputException("--token-issuer and --token-audience need a key:"
                        + " --token-secret-file or --token-public-key");
            }
            return null;
        }
        try {
            TokenAuth.Builder auth = TokenAuth.builder().issuer(issuer).audience(audience);
            if (secret != null) {
                auth.hmacSecret(secret);
                Arrays.fill(secret, (byte) 0);
            }
            if (publicKeyFile != null) {
                auth.rsaPublicKey(TokenAuth.readPublicKey(publicKeyFile));
            }
            return auth.build();
        } catch (IOException e) {
            throw new BadInputException("cannot read the public key " + publicKeyFile + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private static byte[] secret(Path file, String what) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            int length = bytes.length;
            while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r')) {
                length--;
            }
            return Arrays.copyOf(bytes, length);
        } catch (IOException e) {
            throw new BadInputException("cannot read the " + what + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
