package dev.weft.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.server.store.InMemoryDocumentStore;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The token checks at {@code hello}, over a real socket, against a server that accepts HS256 and
 * RS256 from issuer {@code test-app} for audience {@code weft}: each kind of bad token is refused
 * with its code, and the connection stays without a client id until a good hello.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenVerificationTest {
    private static final KeyPair RSA = Tokens.rsaKeys();
    private static final List<String> ALL = List.of("*");

    private InMemoryDocumentStore store;
    private WeftServer server;
    private final Instant now = Instant.now();

    @BeforeEach
    void start() {
        store = new InMemoryDocumentStore();
        TokenAuth auth = Tokens.hs256Auth().rsaPublicKey((RSAPublicKey) RSA.getPublic())
                .issuer(Tokens.ISSUER).audience(Tokens.AUDIENCE).build();
        server = new WeftServer(ServerConfig.builder().port(0).store(store).tokenAuth(auth).build()).start();
    }

    @AfterEach
    void stop() {
        server.stop();
        store.close();
    }

    @Test
    void hs256Token_welcomedAsItsUser() throws Exception {
        JsonNode welcome = hello(Tokens.hs256("ada", now, ALL, ALL), "welcome");
        assertEquals("ada", welcome.path("userId").asText());
        assertEquals(now.plusSeconds(3600).getEpochSecond() * 1000, welcome.path("expiresAt").asLong());
    }

    @Test
    void rs256Token_welcomedAsItsUser() throws Exception {
        JsonNode welcome = hello(Tokens.rs256(RSA, "grace", now, ALL, ALL), "welcome");
        assertEquals("grace", welcome.path("userId").asText());
    }

    @Test
    void noToken_authRequired() throws Exception {
        try (WireClient client = WireClient.connect(server.port())) {
            client.send("type", "hello", "protocol", 1, "clientId", "c1");
            client.expectError("AUTH_REQUIRED");
            assertNoSession(client);
        }
    }

    @Test
    void badSignature_authFailed() throws Exception {
        hello(Tokens.hs256(Tokens.OTHER_SECRET, "ada", now, ALL, ALL, b -> b), "AUTH_FAILED");
        RSAPublicKey otherKey = (RSAPublicKey) Tokens.rsaKeys().getPublic();
        KeyPair otherPair = new KeyPair(otherKey, Tokens.rsaKeys().getPrivate());
        hello(Tokens.rs256(otherPair, "ada", now, ALL, ALL), "AUTH_FAILED");
    }

    @Test
    void tamperedPayload_authFailed() throws Exception {
        String token = Tokens.hs256("ada", now, List.of("notes"), List.of());
        String[] parts = token.split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1]), java.nio.charset.StandardCharsets.UTF_8)
                        .replace("\"notes\"", "\"*\"").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        hello(parts[0] + "." + forged + "." + parts[2], "AUTH_FAILED");
    }

    @Test
    void expiredToken_tokenExpired() throws Exception {
        hello(Tokens.hs256("ada", now.minusSeconds(7200), ALL, ALL), "TOKEN_EXPIRED");
    }

    @Test
    void notYetValid_authFailed() throws Exception {
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withNotBefore(now.plusSeconds(600))), "AUTH_FAILED");
    }

    @Test
    void algNone_authFailed() throws Exception {
        JsonNode error = hello(Tokens.unsigned("ada", now, ALL, ALL), "AUTH_FAILED");
        assertTrue(error.path("message").asText().contains("none"), error::toString);
    }

    @Test
    void hs256SignedWithThePublicKey_authFailed() throws Exception {
        // The classic algorithm confusion: the RSA public key is public, so it must not work as an HMAC secret.
        String confused = Tokens.hs256(RSA.getPublic().getEncoded(), "ada", now, ALL, ALL, b -> b);
        hello(confused, "AUTH_FAILED");
        String rs384 = com.auth0.jwt.JWT.create().withSubject("ada").withIssuer(Tokens.ISSUER)
                .withAudience(Tokens.AUDIENCE).withExpiresAt(now.plusSeconds(60))
                .sign(Algorithm.RSA384(null, (java.security.interfaces.RSAPrivateKey) RSA.getPrivate()));
        hello(rs384, "AUTH_FAILED");
    }

    @Test
    void wrongIssuer_authFailed() throws Exception {
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withIssuer("someone-else")), "AUTH_FAILED");
    }

    @Test
    void wrongAudience_authFailed() throws Exception {
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withAudience("another-service")), "AUTH_FAILED");
    }

    @Test
    void tokenWithoutExpiry_authFailed() throws Exception {
        String forever = com.auth0.jwt.JWT.create().withSubject("ada").withIssuer(Tokens.ISSUER)
                .withAudience(Tokens.AUDIENCE).withClaim(TokenAuth.RIGHTS_CLAIM, java.util.Map.of("read", ALL, "write", ALL))
                .sign(Algorithm.HMAC256(Tokens.SECRET));
        hello(forever, "AUTH_FAILED");
    }

    @Test
    void subjectEmptyOrTooLong_authFailed() throws Exception {
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withSubject("")), "AUTH_FAILED");
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withSubject("a".repeat(65))), "AUTH_FAILED");
    }

    @Test
    void nameTooLongOrNotAString_authFailed() throws Exception {
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withClaim("name", "A".repeat(65))), "AUTH_FAILED");
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withClaim("name", 42)), "AUTH_FAILED");
    }

    @Test
    void rightsOfTheWrongShape_authFailed() throws Exception {
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL,
                b -> b.withClaim(TokenAuth.RIGHTS_CLAIM, java.util.Map.of("read", "notes"))), "AUTH_FAILED");
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL, b -> b.withClaim(TokenAuth.RIGHTS_CLAIM, "all")), "AUTH_FAILED");
        hello(Tokens.hs256(Tokens.SECRET, "ada", now, ALL, ALL,
                b -> b.withClaim(TokenAuth.RIGHTS_CLAIM, java.util.Map.of("read", List.of("../notes")))), "AUTH_FAILED");
    }

    @Test
    void malformedToken_authFailed() throws Exception {
        hello("not-a-jwt", "AUTH_FAILED");
    }

    @Test
    void refusedHello_thenGoodHello_welcomed() throws Exception {
        try (WireClient client = WireClient.connect(server.port())) {
            client.send("type", "hello", "protocol", 1, "clientId", "c1", "token", "not-a-jwt");
            client.expectError("AUTH_FAILED");
            client.send("type", "hello", "protocol", 1, "clientId", "c1", "token", Tokens.hs256("ada", now, ALL, ALL));
            assertEquals("c1", client.expect("welcome").path("clientId").asText());
        }
    }

    /** Says hello with {@code token}; returns the welcome, or the error whose code is {@code expected}. */
    private JsonNode hello(String token, String expected) throws Exception {
        try (WireClient client = WireClient.connect(server.port())) {
            client.send("type", "hello", "protocol", 1, "clientId", "c1", "token", token);
            if (expected.equals("welcome")) {
                return client.expect("welcome");
            }
            JsonNode error = client.expectError(expected);
            assertNoSession(client);
            return error;
        }
    }

    /** A refused hello leaves the connection without a client id: nothing else is served. */
    private static void assertNoSession(WireClient client) throws Exception {
        client.send("type", "open", "doc", "notes");
        client.expectError("HELLO_REQUIRED");
    }
}
